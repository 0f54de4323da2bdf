//! Every page Glas renders carries its readers' security headers (`security.rs`):
//! the demo host page, the statistics, tracking pages, the desk and the kiosk's
//! screen, found or not; and the operators' health checks.

use glas_server::security::Readers;
use reqwest::header::HeaderMap;

use crate::helpers::{complaint, spawn_app};

fn assert_headers(path: &str, headers: &HeaderMap, readers: Readers) {
    assert_eq!(
        headers["content-security-policy"],
        readers.content_security_policy(),
        "{path}"
    );
    assert_eq!(
        headers["referrer-policy"],
        readers.referrer_policy(),
        "{path}"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
    assert_eq!(headers["x-frame-options"], "DENY", "{path}");
    assert!(headers.contains_key("cache-control"), "{path}");
}

#[tokio::test]
async fn every_page_carries_the_security_headers_of_its_readers() {
    let app = spawn_app().await;
    let receipt: glas_shared::Receipt = app
        .post_submission(&complaint())
        .await
        .json()
        .await
        .unwrap();
    let tracking = receipt
        .tracking_url
        .strip_prefix(&app.address)
        .expect("a link to this server")
        .to_owned();
    let year = time::OffsetDateTime::now_utc().year();
    let pages = [
        ("/".to_owned(), Readers::Public),
        ("/stats".to_owned(), Readers::Public),
        (format!("/stats/report/{year}"), Readers::Public),
        (tracking.clone(), Readers::Tracking),
        (format!("{tracking}/qr.svg"), Readers::Tracking),
        ("/track/not-a-real-token".to_owned(), Readers::Tracking),
        ("/desk/login".to_owned(), Readers::Staff),
        ("/kiosk".to_owned(), Readers::Kiosk),
        ("/kiosk/enrol".to_owned(), Readers::Kiosk),
        ("/healthz".to_owned(), Readers::Operators),
        ("/readyz".to_owned(), Readers::Operators),
    ];
    for (path, readers) in pages {
        let response = app.get(&path).await;
        assert!(
            matches!(response.status().as_u16(), 200 | 404),
            "{path}: {}",
            response.status()
        );
        assert_headers(&path, response.headers(), readers);
    }
}

#[tokio::test]
async fn a_tracking_page_is_never_kept_nor_named_to_another_site_and_runs_no_script() {
    let app = spawn_app().await;
    let receipt: glas_shared::Receipt = app
        .post_submission(&complaint())
        .await
        .json()
        .await
        .unwrap();
    for url in [
        receipt.tracking_url.clone(),
        format!("{}/qr.svg", receipt.tracking_url),
    ] {
        let response = app.client.get(&url).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{url}");
        let headers = response.headers();
        assert_eq!(headers["cache-control"], "no-store", "{url}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{url}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.starts_with("default-src 'none'"), "{url}: {csp}");
        assert!(!csp.contains("script-src"), "{url}: {csp}");
    }
}

#[tokio::test]
async fn public_pages_keep_their_own_caching_and_the_demo_page_may_run_the_widget() {
    let app = spawn_app().await;
    let css = app.get("/assets/page.css").await;
    assert_eq!(css.headers()["cache-control"], "public, max-age=300");
    let demo = app.get("/").await;
    assert_eq!(demo.headers()["cache-control"], "no-cache");
    let csp = demo.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "the widget's loader and Wasm: {csp}"
    );
    assert!(
        csp.contains("connect-src 'self'"),
        "the widget's calls: {csp}"
    );
}
