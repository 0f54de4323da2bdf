use glas_shared::Receipt;

use crate::helpers::{TestDatabase, complaint, free_port, spawn_app, start_glas_logging};

#[tokio::test]
async fn the_tracking_link_shows_status_but_never_the_text() {
    let app = spawn_app().await;
    let submission = complaint();
    let receipt: Receipt = app.post_submission(&submission).await.json().await.unwrap();

    let path = receipt
        .tracking_url
        .strip_prefix(&app.address)
        .expect("a link to this server");
    let response = app.get(path).await;

    assert_eq!(response.status().as_u16(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains(&receipt.reference));
    assert!(
        html.contains("Регистрирана"),
        "status in the submission's language (bg)"
    );
    assert!(html.contains("lang=\"bg\""));
    assert!(
        html.contains("Състояние") && html.contains("Срок за отговор"),
        "the page's own words, from the server's catalogue"
    );
    assert!(!html.contains(&submission.text), "the text is not shown");
    assert!(!html.contains("Мария"), "personal data is not shown");

    let english = app
        .get(&format!("{path}?lang=en"))
        .await
        .text()
        .await
        .unwrap();
    assert!(english.contains("Registered") && english.contains("Complaint"));
    assert!(english.contains(&format!("Feedback {}", receipt.reference)));
}

#[tokio::test]
async fn an_unknown_token_finds_nothing() {
    let app = spawn_app().await;
    app.post_submission(&complaint()).await;
    let response = app.get("/track/not-a-real-token").await;
    assert_eq!(response.status().as_u16(), 404);
    let english = app.get("/track/not-a-real-token?lang=en").await;
    assert_eq!(english.status().as_u16(), 404);
    assert!(
        english
            .text()
            .await
            .unwrap()
            .contains("No feedback matches this link.")
    );
}

#[tokio::test]
async fn a_hostile_token_or_language_is_not_echoed_into_the_page() {
    let app = spawn_app().await;
    let response = app
        .get("/track/%3Cscript%3E%22'&?lang=%3Cscript%3E%22'%26")
        .await;
    assert_eq!(response.status().as_u16(), 404);
    let html = response.text().await.unwrap();
    assert!(!html.contains("<script"), "{html}");
    assert!(
        html.contains("lang=\"bg\""),
        "an unknown language falls back: {html}"
    );
}

#[tokio::test]
async fn the_request_log_names_the_tracking_route_never_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new(dir.path()).await;
    let log_path = dir.path().join("glas.log");
    let server = start_glas_logging(
        &database.url,
        free_port(),
        std::fs::File::create(&log_path).unwrap(),
    )
    .await;
    let client = reqwest::Client::new();
    let receipt: Receipt = client
        .post(format!("{}/api/v1/submissions", server.address))
        .json(&complaint())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = receipt.tracking_url.rsplit('/').next().unwrap().to_owned();
    for path in [
        format!("/track/{token}?lang=en"),
        format!("/track/{token}/qr.svg"),
    ] {
        let response = client
            .get(format!("{}{path}", server.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
    }
    drop(server);

    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(log.contains("/track/{token}"), "the route is logged: {log}");
    assert!(log.contains("/track/{token}/qr.svg"), "{log}");
    assert!(!log.contains(&token), "the token is never logged: {log}");
}

#[tokio::test]
async fn a_citizen_stops_their_link_and_the_submission_stays() {
    let app = spawn_app().await;
    let receipt: Receipt = app
        .post_submission(&complaint())
        .await
        .json()
        .await
        .unwrap();
    let path = receipt
        .tracking_url
        .strip_prefix(&app.address)
        .expect("a link to this server")
        .to_owned();
    let page = app
        .get(&format!("{path}?lang=en"))
        .await
        .text()
        .await
        .unwrap();
    let action = format!("action=\"{path}/revoke?lang=en\"");
    assert!(
        page.contains(&action),
        "the page offers to stop the link: {page}"
    );

    let stop = || {
        app.client
            .post(app.url(&format!("{path}/revoke?lang=en")))
            .send()
    };
    let stopped = stop().await.unwrap();
    assert_eq!(stopped.status().as_u16(), 200);
    let said = stopped.text().await.unwrap();
    assert!(said.contains("This link has been stopped"), "{said}");
    assert!(said.contains(&receipt.reference), "{said}");

    // The old link opens nothing, stopping it again finds nothing, and the
    // submission is still registered, under its number.
    assert_eq!(app.get(&path).await.status().as_u16(), 404);
    assert_eq!(stop().await.unwrap().status().as_u16(), 404);
    let stored = app.stored().await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].reference, receipt.reference);
    assert_eq!(stored[0].status, "registered");
}
