//! The kiosk's own screen: its page (also where a kiosk is enrolled), its service
//! worker, and the QR code of a citizen's tracking link.

use glas_shared::Receipt;
use reqwest::header::HeaderMap;

use crate::helpers::{TestApp, complaint, praise, spawn_app};

const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; \
     script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

fn assert_page_headers(headers: &HeaderMap) {
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(headers["cache-control"], "no-cache");
    assert_eq!(headers["content-security-policy"], CONTENT_SECURITY_POLICY);
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["x-frame-options"], "DENY");
}

#[tokio::test]
async fn the_kiosk_page_is_the_built_file_at_kiosk_and_at_kiosk_enrol() {
    let app = spawn_app().await;
    let on_disk = std::fs::read_to_string(app.widget_dir.join("kiosk.html")).unwrap();
    for path in ["/kiosk", "/kiosk/enrol"] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        assert_page_headers(response.headers());
        assert_eq!(response.text().await.unwrap(), on_disk, "{path}");
    }

    // A new build is served at once.
    let rebuilt = "<!doctype html><title>Glas kiosk, rebuilt</title>";
    std::fs::write(app.widget_dir.join("kiosk.html"), rebuilt).unwrap();
    assert_eq!(app.get("/kiosk").await.text().await.unwrap(), rebuilt);
}

#[tokio::test]
async fn the_service_worker_may_control_the_whole_kiosk_page_and_is_revalidated() {
    let app = spawn_app().await;
    let response = app.get("/kiosk/sw.js").await;
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers();
    assert_eq!(headers["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(headers["cache-control"], "no-cache");
    assert_eq!(headers["service-worker-allowed"], "/kiosk");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let on_disk = std::fs::read_to_string(app.widget_dir.join("kiosk-sw.js")).unwrap();
    assert_eq!(response.text().await.unwrap(), on_disk);
}

#[tokio::test]
async fn without_a_built_kiosk_screen_the_page_is_unavailable_and_says_how_to_build_it() {
    let app = spawn_app().await;
    std::fs::remove_file(app.widget_dir.join("kiosk.html")).unwrap();
    std::fs::remove_file(app.widget_dir.join("kiosk-sw.js")).unwrap();

    for path in ["/kiosk", "/kiosk/enrol"] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 503, "{path}");
        assert_page_headers(response.headers());
        let html = response.text().await.unwrap();
        assert!(html.contains("cargo xtask widget"), "{html}");
        assert!(
            !html.contains("style="),
            "the page's CSP allows no inline style"
        );
    }
    assert_eq!(app.get("/kiosk/sw.js").await.status().as_u16(), 404);
}

/// The path of the receipt's tracking link, on this server.
async fn tracking_path(app: &TestApp, submission: &glas_shared::NewSubmission) -> String {
    let receipt: Receipt = app.post_submission(submission).await.json().await.unwrap();
    receipt
        .tracking_url
        .strip_prefix(&app.address)
        .expect("a link to this server")
        .to_owned()
}

#[tokio::test]
async fn the_tracking_links_qr_code_is_an_svg_of_exactly_the_receipts_link() {
    let app = spawn_app().await;
    let path = tracking_path(&app, &complaint()).await;

    let response = app.get(&format!("{path}/qr.svg")).await;
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers();
    assert_eq!(headers["content-type"], "image/svg+xml");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let svg = response.text().await.unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(80)]);
    let root = &svg[..svg.find('>').unwrap()];
    assert!(
        root.contains(r#"xmlns="http://www.w3.org/2000/svg""#),
        "{root}"
    );
    assert!(root.contains("viewBox="), "CSS may size it: {root}");
    assert_eq!(
        svg,
        glas_server::kiosk::qr_svg(&app.url(&path)),
        "the QR code of the receipt's tracking link"
    );

    let other = tracking_path(&app, &praise()).await;
    assert_ne!(path, other);
    let other_svg = app
        .get(&format!("{other}/qr.svg"))
        .await
        .text()
        .await
        .unwrap();
    assert_ne!(svg, other_svg, "each submission its own code");
}

#[tokio::test]
async fn there_is_no_qr_code_for_a_token_that_finds_nothing() {
    let app = spawn_app().await;
    app.post_submission(&complaint()).await;
    let response = app.get("/track/not-a-real-token/qr.svg").await;
    assert_eq!(response.status().as_u16(), 404);
    assert_ne!(
        response.headers().get("content-type").unwrap(),
        "image/svg+xml"
    );
}
