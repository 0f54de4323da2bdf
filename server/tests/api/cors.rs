use reqwest::Method;

use crate::helpers::{ALLOWED_ORIGIN, spawn_app};

async fn preflight(app: &crate::helpers::TestApp, origin: &str) -> reqwest::Response {
    app.client
        .request(Method::OPTIONS, app.url("/api/v1/submissions"))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn allowed_origins_may_call_the_api() {
    let app = spawn_app().await;
    let response = preflight(&app, ALLOWED_ORIGIN).await;
    assert!(response.status().is_success());
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        ALLOWED_ORIGIN
    );
    let methods = response.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap();
    assert!(methods.contains("POST"), "{methods}");
}

#[tokio::test]
async fn other_origins_get_no_cors_grant() {
    let app = spawn_app().await;
    let response = preflight(&app, "https://evil.example").await;
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );

    let post = app
        .client
        .post(app.url("/api/v1/submissions"))
        .header("origin", "https://evil.example")
        .json(&crate::helpers::praise())
        .send()
        .await
        .unwrap();
    assert!(post.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn an_origin_written_in_capitals_or_with_a_slash_still_matches() {
    // Browsers send the origin in lower case, without a trailing slash.
    let app = crate::helpers::spawn_app_configured(None, glas_server::clock::Clock::System, |s| {
        s.allowed_origins = vec!["https://Www.Haskovo.BG/".into()];
    })
    .await;
    let response = preflight(&app, ALLOWED_ORIGIN).await;
    assert!(response.status().is_success());
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        ALLOWED_ORIGIN
    );
}
