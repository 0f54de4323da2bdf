//! What the API takes in, and what it does not: values made of invisible
//! characters, bidirectional overrides, decomposed letters, text too long, JSON
//! nested too deep, headers too large and requests too slow. Each is refused with
//! a clear error (or cleaned) and stores nothing it should not.

use std::time::Duration;

use glas_server::auth::Role;
use glas_shared::{AuthorDto, ErrorBody, NewSubmission, Receipt};
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{TestApp, complaint, praise, spawn_app, spawn_app_configured};

async fn refused(app: &TestApp, submission: &NewSubmission) -> Vec<(String, String)> {
    let response = app.post_submission(submission).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: ErrorBody = response.json().await.unwrap();
    body.errors.into_iter().map(|e| (e.field, e.code)).collect()
}

/// The submission's page at the desk, as a supervisor reads it.
async fn desk_page(app: &TestApp, reference: &str) -> String {
    let (email, password) = app.add_staff(Role::Supervisor, &[], false).await;
    let desk = app.desk_client();
    assert_eq!(
        desk.login(&email, &password).await.status(),
        StatusCode::SEE_OTHER
    );
    let page = desk.get(&format!("/desk/submissions/{reference}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    page.text().await.unwrap()
}

#[tokio::test]
async fn a_name_of_zero_width_spaces_is_no_name_and_a_praise_of_them_no_text() {
    let app = spawn_app().await;
    let mut nameless = complaint();
    nameless.author.as_mut().unwrap().name = "\u{200B}\u{200B}".into();
    assert_eq!(
        refused(&app, &nameless).await,
        [("author.name".to_owned(), "required".to_owned())]
    );
    let blank = NewSubmission {
        text: "\u{200B}".repeat(5),
        ..praise()
    };
    assert_eq!(
        refused(&app, &blank).await,
        [("text".to_owned(), "required".to_owned())]
    );
    // An optional value that shows nothing was not given.
    let mut invisible_phone = complaint();
    invisible_phone.author.as_mut().unwrap().phone = Some("\u{2060}\u{FEFF}".into());
    let response = app.post_submission(&invisible_phone).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(app.stored().await.len(), 1, "only the last one is stored");
}

#[tokio::test]
async fn invisible_characters_and_overrides_never_reach_a_clerks_screen() {
    let app = spawn_app().await;
    let submission = NewSubmission {
        text: "Таксата за\u{202E}ьлибомтва\u{202C} е грешна \u{2067}500 лв.\u{2069}".into(),
        author: Some(AuthorDto {
            name: "Мария\u{202E}аволевИ".into(),
            email: Some("maria\u{200B}@example.com".into()),
            phone: None,
            address: None,
        }),
        ..complaint()
    };
    let response = app.post_submission(&submission).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: Receipt = response.json().await.unwrap();

    let stored = &app.stored().await[0];
    assert_eq!(stored.text, "Таксата заьлибомтва е грешна 500 лв.");
    let page = desk_page(&app, &receipt.reference).await;
    assert!(page.contains("МарияаволевИ"), "{page}");
    assert!(page.contains("maria@example.com"), "{page}");
    for hidden in ['\u{202E}', '\u{202C}', '\u{2067}', '\u{2069}', '\u{200B}'] {
        assert!(!page.contains(hidden), "{hidden:?} reached the desk");
    }
}

#[tokio::test]
async fn decomposed_letters_are_stored_composed_and_counted_as_one() {
    let app = spawn_app().await;
    // "Край" written with и and a combining breve (U+0306), as some keyboards do.
    let submission = NewSubmission {
        text: "Краи\u{306} на улицата".into(),
        ..praise()
    };
    let response = app.post_submission(&submission).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(app.stored().await[0].text, "Край на улицата");

    // 5,000 letters written decomposed are 10,000 characters, and within the limit.
    let long = NewSubmission {
        text: "и\u{306}".repeat(5000),
        ..praise()
    };
    assert_eq!(
        app.post_submission(&long).await.status(),
        StatusCode::CREATED
    );
    let too_long = NewSubmission {
        text: "й".repeat(5001),
        ..praise()
    };
    assert_eq!(
        refused(&app, &too_long).await,
        [("text".to_owned(), "too_long".to_owned())]
    );
}

#[tokio::test]
async fn json_nested_deeper_than_a_submission_can_be_is_refused() {
    let app = spawn_app().await;
    // Far deeper than any submission, in a field Glas would otherwise ignore.
    let nested = format!(
        r#"{{"extra": {}0{}, "kind": "praise"}}"#,
        "[".repeat(40),
        "]".repeat(40)
    );
    let response = app
        .post_raw("/api/v1/submissions", "application/json", nested)
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.errors[0].code, "malformed_json");

    // Deeper than the JSON parser itself goes: refused the same way, and the
    // server goes on.
    let abyss = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let response = app
        .post_raw("/api/v1/submissions/batch", "application/json", abyss)
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        app.post_submission(&praise()).await.status(),
        StatusCode::CREATED
    );
}

/// Sends `request` as raw bytes and reads what comes back until the server closes
/// the connection or 5 s pass.
async fn raw_exchange(app: &TestApp, request: &[u8]) -> String {
    let address = app.address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).await.unwrap();
    // The server may answer and close before it has read everything.
    let _ = stream.write_all(request).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn headers_too_large_are_refused_before_any_handler() {
    let app = spawn_app().await;
    let request = format!(
        "GET /api/v1/profile HTTP/1.1\r\nHost: glas\r\nCookie: {}\r\n\r\n",
        "a".repeat(100 * 1024)
    );
    let answer = raw_exchange(&app, request.as_bytes()).await;
    assert!(
        answer.starts_with("HTTP/1.1 431"),
        "answered: {}",
        answer.lines().next().unwrap_or("nothing")
    );
    // A request with ordinary headers is served.
    assert_eq!(app.get("/api/v1/profile").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_request_slower_than_the_limit_is_answered_408_and_stores_nothing() {
    let app = spawn_app_configured(None, glas_server::clock::Clock::System, |s| {
        s.request_timeout_secs = 1;
    })
    .await;
    let body = serde_json::to_string(&praise()).unwrap();
    let head = format!(
        "POST /api/v1/submissions HTTP/1.1\r\nHost: glas\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let address = app.address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    // Half the body, then nothing.
    stream
        .write_all(&body.as_bytes()[..body.len() / 2])
        .await
        .unwrap();
    let mut answer = vec![0; 1024];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer))
        .await
        .expect("answered within 5 s")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 408"), "answered: {answer}");
    assert!(app.stored().await.is_empty());
}
