use glas_shared::{ErrorBody, NewSubmission, Receipt, Reference, Status};
use reqwest::StatusCode;

use crate::helpers::{complaint, praise, spawn_app};

#[tokio::test]
async fn a_valid_submission_is_registered_and_receipted() {
    let app = spawn_app().await;
    let submission = complaint();

    let response = app.post_submission(&submission).await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: Receipt = response.json().await.unwrap();
    assert_eq!(receipt.id.to_string(), submission.id);
    assert_eq!(receipt.status, Status::Registered);
    let reference = Reference::parse(&receipt.reference).expect("a YYYY-NNNNNN reference");
    assert_eq!(reference.seq(), 1);
    assert!(receipt.due_on.is_some(), "a complaint is owed an answer");
    assert!(
        receipt.tracking_url.starts_with(&app.url("/track/")),
        "{}",
        receipt.tracking_url
    );

    let rows = app.stored().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, submission.id);
    assert_eq!(rows[0].reference, receipt.reference);
    assert_eq!(rows[0].text, submission.text);
    assert!(rows[0].has_author);
}

#[tokio::test]
async fn resubmitting_the_same_id_returns_the_first_receipt() {
    let app = spawn_app().await;
    let submission = complaint();
    let first: Receipt = app.post_submission(&submission).await.json().await.unwrap();

    let again = app.post_submission(&submission).await;

    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.json::<Receipt>().await.unwrap(), first);
    assert_eq!(app.stored().await.len(), 1);
}

#[tokio::test]
async fn the_same_submission_written_differently_is_a_replay_not_a_conflict() {
    let app = spawn_app().await;
    let submission = complaint();
    let first: Receipt = app.post_submission(&submission).await.json().await.unwrap();

    // A UUID's case and braces, a phone's spacing and an offset for the same
    // instant mean nothing: the fingerprint is taken over the parsed submission.
    let upper = NewSubmission {
        id: submission.id.to_uppercase(),
        ..submission.clone()
    };
    let braced = NewSubmission {
        id: format!("{{{}}}", submission.id),
        ..submission.clone()
    };
    let mut respelled = submission.clone();
    respelled.author.as_mut().unwrap().phone = Some("+359888123456".into());
    respelled.created_at = "2026-11-24T07:15:00Z".into();
    for again in [upper, braced, respelled] {
        let response = app.post_submission(&again).await;
        assert_eq!(response.status(), StatusCode::OK, "{again:?}");
        assert_eq!(response.json::<Receipt>().await.unwrap(), first);
    }
    assert_eq!(app.stored().await.len(), 1);
}

#[tokio::test]
async fn the_same_id_with_other_content_is_a_conflict() {
    let app = spawn_app().await;
    let submission = complaint();
    app.post_submission(&submission).await;

    let mut changed = submission.clone();
    changed.text = "Съвсем друг текст на жалбата.".into();
    changed.locale = "en".into();
    let response = app.post_submission(&changed).await;

    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.errors[0].code, "conflict");
    assert!(
        body.errors[0].message.starts_with("A different submission"),
        "{}",
        body.errors[0].message
    );
    let rows = app.stored().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].text, submission.text, "the first content stays");
}

#[tokio::test]
async fn concurrent_deliveries_of_one_id_make_one_row() {
    let app = spawn_app().await;
    let submission = complaint();

    let responses =
        futures::future::join_all((0..8).map(|_| app.post_submission(&submission))).await;

    let mut statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 200, 200, 200, 200, 200, 200, 201]);
    assert_eq!(app.stored().await.len(), 1);
}

#[tokio::test]
async fn references_are_sequential_within_the_year() {
    let app = spawn_app().await;
    let mut seqs = Vec::new();
    for _ in 0..3 {
        let receipt: Receipt = app.post_submission(&praise()).await.json().await.unwrap();
        seqs.push(Reference::parse(&receipt.reference).unwrap().seq());
    }
    assert_eq!(seqs, [1, 2, 3]);
}

#[tokio::test]
async fn praise_is_owed_no_answer() {
    let app = spawn_app().await;
    let receipt: Receipt = app.post_submission(&praise()).await.json().await.unwrap();
    assert_eq!(receipt.due_on, None);
}

#[tokio::test]
async fn invalid_submissions_are_refused_field_by_field_in_their_language() {
    let app = spawn_app().await;
    let cases = [
        ("en", "text", "", "required", "Please fill this in."),
        ("tr", "text", "", "required", "Lütfen bu alanı doldurun."),
        (
            "bg",
            "kind",
            "rant",
            "unknown_kind",
            "Моля, изберете вида на обратната връзка.",
        ),
        (
            "en",
            "id",
            "not-a-uuid",
            "invalid_id",
            "The submission has no valid identifier.",
        ),
        (
            "en",
            "created_at",
            "yesterday",
            "invalid_datetime",
            "The submission's time is not a valid date and time.",
        ),
    ];
    for (locale, field, value, code, message) in cases {
        let mut submission = complaint();
        submission.locale = locale.into();
        match field {
            "text" => submission.text = value.into(),
            "kind" => submission.kind = value.into(),
            "id" => submission.id = value.into(),
            "created_at" => submission.created_at = value.into(),
            _ => unreachable!(),
        }

        let response = app.post_submission(&submission).await;

        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={value:?}"
        );
        let body: ErrorBody = response.json().await.unwrap();
        assert_eq!(body.errors.len(), 1, "{body:?}");
        assert_eq!(
            (body.errors[0].field.as_str(), body.errors[0].code.as_str()),
            (field, code)
        );
        assert_eq!(body.errors[0].message, message);
    }
    let mut bad_contact = complaint();
    bad_contact.author.as_mut().unwrap().email = Some("maria@".into());
    bad_contact.author.as_mut().unwrap().phone = Some("12".into());
    let body: ErrorBody = app
        .post_submission(&bad_contact)
        .await
        .json()
        .await
        .unwrap();
    let fields: Vec<_> = body.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["author.email", "author.phone"]);
    assert!(app.stored().await.is_empty(), "nothing invalid is stored");
}

#[tokio::test]
async fn malformed_json_is_a_400_with_a_json_error() {
    let app = spawn_app().await;
    for body in ["{\"id\":", "not json", "{} trailing"] {
        let response = app
            .post_raw("/api/v1/submissions", "application/json", body)
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        let error: ErrorBody = response.json().await.unwrap();
        assert_eq!(error.errors[0].code, "malformed_json");
    }
    assert!(app.stored().await.is_empty());
}

#[tokio::test]
async fn json_of_the_wrong_shape_names_the_field() {
    let app = spawn_app().await;
    let mut value = serde_json::to_value(complaint()).unwrap();
    value["author"]["name"] = serde_json::json!(42);
    let response = app
        .post_raw("/api/v1/submissions", "application/json", value.to_string())
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: ErrorBody = response.json().await.unwrap();
    assert_eq!(
        (
            error.errors[0].field.as_str(),
            error.errors[0].code.as_str()
        ),
        ("author.name", "invalid_shape")
    );

    let missing = app
        .post_raw("/api/v1/submissions", "application/json", "{\"id\":\"x\"}")
        .await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn another_content_type_is_a_415() {
    let app = spawn_app().await;
    let body = serde_json::to_string(&complaint()).unwrap();
    let response = app
        .post_raw("/api/v1/submissions", "text/plain", body.clone())
        .await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        response.json::<ErrorBody>().await.unwrap().errors[0].code,
        "unsupported_media_type"
    );

    let with_charset = app
        .post_raw(
            "/api/v1/submissions",
            "application/json; charset=utf-8",
            body,
        )
        .await;
    assert_eq!(with_charset.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_and_stores_nothing() {
    let app = spawn_app().await;
    let mut submission = complaint();
    submission.text = "я".repeat(40_000); // 80 KB of UTF-8, over the 64 KiB limit
    let response = app.post_submission(&submission).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let error: ErrorBody = response.json().await.unwrap();
    assert_eq!(error.errors[0].code, "payload_too_large");
    assert!(
        error.errors[0].message.contains("голяма"),
        "Bulgarian by default: {}",
        error.errors[0].message
    );
    assert!(app.stored().await.is_empty());
}

#[tokio::test]
async fn request_level_errors_follow_accept_language() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/v1/submissions"))
        .header("content-type", "application/json")
        .header("accept-language", "tr-TR,tr;q=0.9")
        .body("{")
        .send()
        .await
        .unwrap();
    let error: ErrorBody = response.json().await.unwrap();
    assert_eq!(error.errors[0].message, "İstek geçerli bir JSON değil.");
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_is_answered_in_its_own_language() {
    let app = spawn_app().await;
    // `text` is a number: JSON, but not a submission. It says it is in English,
    // whatever the browser's Accept-Language.
    let mut body = serde_json::to_value(complaint()).unwrap();
    body["text"] = serde_json::json!(42);
    body["locale"] = serde_json::json!("en");
    let response = app
        .client
        .post(app.url("/api/v1/submissions"))
        .header("accept-language", "tr-TR,tr;q=0.9")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: ErrorBody = response.json().await.unwrap();
    assert_eq!(error.errors[0].field, "text");
    assert_eq!(
        error.errors[0].message,
        glas_shared::Problem::InvalidShape.message(glas_shared::Locale::En)
    );

    // A language Glas does not speak leaves the answer to Accept-Language.
    body["locale"] = serde_json::json!("xx");
    let response = app
        .client
        .post(app.url("/api/v1/submissions"))
        .header("accept-language", "tr-TR,tr;q=0.9")
        .json(&body)
        .send()
        .await
        .unwrap();
    let error: ErrorBody = response.json().await.unwrap();
    assert_eq!(
        error.errors[0].message,
        glas_shared::Problem::InvalidShape.message(glas_shared::Locale::Tr)
    );
}

#[tokio::test]
async fn unknown_paths_answer_json_404() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/nothing").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        response.json::<ErrorBody>().await.unwrap().errors[0].code,
        "not_found"
    );
}
