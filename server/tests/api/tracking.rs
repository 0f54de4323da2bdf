use glas_shared::Receipt;

use crate::helpers::{complaint, spawn_app};

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
