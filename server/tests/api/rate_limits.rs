//! Rate limits: past its limit a client is answered 429 with `Retry-After`, in its
//! language, and what it sent is not stored; a client is its address (the trusted
//! proxy's header only when one is configured), a kiosk its device token.

use glas_server::clock::Clock;
use glas_server::config::Settings;
use glas_shared::ErrorBody;
use reqwest::StatusCode;
use reqwest::header::RETRY_AFTER;
use serde_json::json;
use time::OffsetDateTime;

use crate::helpers::{TestApp, complaint, spawn_app_configured};

async fn app_limited(configure: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_configured(None, Clock::System, configure).await
}

async fn submit_from(app: &TestApp, address: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/api/v1/submissions"))
        .header("Accept-Language", "en")
        .json(&complaint());
    if let Some(address) = address {
        request = request.header("X-Real-IP", address);
    }
    request.send().await.expect("request sent")
}

/// `Retry-After` in whole seconds, at least one and at most a minute.
fn retry_after(response: &reqwest::Response) -> u64 {
    let seconds: u64 = response
        .headers()
        .get(RETRY_AFTER)
        .expect("a Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .expect("Retry-After in seconds");
    assert!((1..=60).contains(&seconds), "Retry-After: {seconds}");
    seconds
}

#[tokio::test]
async fn a_client_past_its_submissions_limit_is_told_when_to_come_back_and_nothing_is_stored() {
    let app = app_limited(|s| s.rate_limit_submissions = 2).await;
    for _ in 0..2 {
        assert_eq!(submit_from(&app, None).await.status(), StatusCode::CREATED);
    }
    let refused = submit_from(&app, None).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    // Two a minute: the next allowance is about 30 s away.
    assert!(retry_after(&refused) >= 20);
    let body: ErrorBody = refused.json().await.unwrap();
    assert_eq!(body.errors[0].code, "rate_limited");
    assert!(
        body.errors[0].message.starts_with("Too many requests"),
        "{body:?}"
    );
    assert_eq!(app.stored().await.len(), 2);

    // A batch counts against the same limit, and the profile (every page view) does not.
    let batch = app
        .client
        .post(app.url("/api/v1/submissions/batch"))
        .header("Accept-Language", "bg")
        .json(&json!({ "submissions": [complaint()] }))
        .send()
        .await
        .unwrap();
    assert_eq!(batch.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: ErrorBody = batch.json().await.unwrap();
    assert!(
        body.errors[0].message.starts_with("Твърде много"),
        "{body:?}"
    );
    assert_eq!(app.get("/api/v1/profile").await.status(), StatusCode::OK);
    assert_eq!(app.stored().await.len(), 2);
}

#[tokio::test]
async fn a_widget_on_another_site_can_read_when_to_come_back() {
    let app = app_limited(|s| s.rate_limit_submissions = 1).await;
    let send = || {
        app.client
            .post(app.url("/api/v1/submissions"))
            .header("Origin", crate::helpers::ALLOWED_ORIGIN)
            .json(&complaint())
            .send()
    };
    assert_eq!(send().await.unwrap().status(), StatusCode::CREATED);
    let refused = send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let exposed = refused
        .headers()
        .get("access-control-expose-headers")
        .expect("CORS headers on a refusal")
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(exposed.contains("retry-after"), "{exposed}");
}

#[tokio::test]
async fn the_proxys_header_names_the_client_only_when_it_is_trusted() {
    let trusting = app_limited(|s| {
        s.rate_limit_submissions = 1;
        s.trusted_proxy_header = Some("X-Real-IP".into());
    })
    .await;
    let first = submit_from(&trusting, Some("203.0.113.1")).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let again = submit_from(&trusting, Some("203.0.113.1")).await;
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    let neighbour = submit_from(&trusting, Some("203.0.113.2")).await;
    assert_eq!(neighbour.status(), StatusCode::CREATED);

    // Without a trusted proxy, a client cannot make itself new by writing the header.
    let wary = app_limited(|s| s.rate_limit_submissions = 1).await;
    let first = submit_from(&wary, Some("203.0.113.1")).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let disguised = submit_from(&wary, Some("203.0.113.2")).await;
    assert_eq!(disguised.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn each_kiosk_has_its_own_limit_though_kiosks_share_an_address() {
    let app = app_limited(|s| s.rate_limit_kiosks = 2).await;
    let now = OffsetDateTime::now_utc();
    let (_, first) = app.enrolled_kiosk("centre", now).await;
    let (_, second) = app.enrolled_kiosk("centre", now).await;
    let beat = |token: String| {
        app.client
            .post(app.url("/api/v1/kiosk/heartbeat"))
            .bearer_auth(token)
            .json(&json!({ "queue_length": 0, "app_version": "0.1.0" }))
            .send()
    };
    for _ in 0..2 {
        let response = beat(first.token.clone()).await.unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }
    let refused = beat(first.token.clone()).await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    retry_after(&refused);
    let other = beat(second.token.clone()).await.unwrap();
    assert_eq!(other.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn guessing_enrolment_codes_is_cut_short() {
    let app = app_limited(|s| s.rate_limit_enrolments = 3).await;
    let guess = || {
        app.client
            .post(app.url("/api/v1/kiosk/enrol"))
            .json(&json!({ "code": "AAAA-BBBB" }))
            .send()
    };
    for _ in 0..3 {
        let response = guess().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let refused = guess().await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    retry_after(&refused);
}

#[tokio::test]
async fn looking_up_tokens_one_after_another_is_cut_short_in_the_readers_language() {
    let app = app_limited(|s| s.rate_limit_tracking = 2).await;
    let look = |path: &'static str| {
        app.client
            .get(app.url(path))
            .header("Accept-Language", "tr")
            .send()
    };
    assert_eq!(
        look("/track/one").await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        look("/track/two/qr.svg").await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let refused = look("/track/three").await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    retry_after(&refused);
    let text = refused.text().await.unwrap();
    assert!(text.starts_with("Kısa sürede çok fazla istek"), "{text}");
    // The public pages are not held to the tracking limit.
    assert_eq!(app.get("/stats").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn sign_ins_past_the_limit_are_refused_even_with_the_right_password() {
    let app = app_limited(|s| s.rate_limit_logins = 2).await;
    let (email, password) = app
        .add_staff(glas_server::auth::Role::Clerk, &[], false)
        .await;
    let desk = app.desk_client();
    for _ in 0..2 {
        let wrong = desk.login(&email, "not the password").await;
        assert_ne!(wrong.status(), StatusCode::TOO_MANY_REQUESTS);
    }
    let right = desk.login(&email, &password).await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    retry_after(&right);
    // The form itself is still shown.
    assert_eq!(desk.get("/desk/login").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn second_factor_codes_count_against_the_same_limit_as_passwords() {
    let app = app_limited(|s| s.rate_limit_logins = 2).await;
    let desk = app.desk_client();
    for _ in 0..2 {
        let guess = desk
            .submit("/desk/login", "/desk/login/code", &[("code", "123456")])
            .await;
        assert_ne!(guess.status(), StatusCode::TOO_MANY_REQUESTS);
    }
    let (email, password) = app
        .add_staff(glas_server::auth::Role::Clerk, &[], false)
        .await;
    let refused = desk.login(&email, &password).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
}
