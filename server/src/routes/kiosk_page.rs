//! The kiosk's own screen, which Glas serves itself so that everything the kiosk
//! calls is on its own origin: the page at `/kiosk` (and at `/kiosk/enrol`, where
//! a kiosk is enrolled; the code is in the link's fragment, which never reaches
//! a server), its service worker, and the QR code of a citizen's tracking link,
//! which the screen shows after a submission so the citizen can follow it on
//! their phone.
//!
//! The page and the worker are files `cargo xtask widget` writes next to the
//! widget's ([`PAGE`], [`WORKER`]). They are read on each request (they are
//! small, and a release replaces them) and revalidated on every use; the files
//! they link have hashes in their names and are served from `/widget/`.

use axum::extract::{Path, State};
use axum::http::{HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Response};
use glas_shared::Locale;
use maud::html;

use crate::app::AppState;
use crate::error::ApiError;
use crate::extract::RequestLocale;
use crate::intake::tracking_url;
use crate::kiosk::qr_svg;

/// The kiosk's page, in the widget's directory.
pub const PAGE: &str = "kiosk.html";
/// The kiosk's service worker, in the widget's directory.
pub const WORKER: &str = "kiosk-sw.js";
/// What the service worker may control: the page at `/kiosk` itself, and every
/// path under it. Without `Service-Worker-Allowed`, a worker at `/kiosk/sw.js`
/// could control only `/kiosk/…`, not the page.
pub const SCOPE: &str = "/kiosk";

/// The page's own headers, whether it is built or not; the security headers are
/// its route group's (`security::Readers::Kiosk`).
const PAGE_HEADERS: [(HeaderName, &str); 2] = [
    (header::CONTENT_TYPE, "text/html; charset=utf-8"),
    (header::CACHE_CONTROL, "no-cache"),
];

/// `GET /kiosk` and `GET /kiosk/enrol`: the kiosk's page, one document for every
/// language. `503` while it is not built.
pub async fn page(State(state): State<AppState>) -> Response {
    let path = state.widget_dir.join(PAGE);
    match tokio::fs::read(&path).await {
        Ok(html) => (PAGE_HEADERS, html).into_response(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            tracing::warn!(path = %path.display(), "the kiosk's screen is not built here; run `cargo xtask widget`");
            let title = "The kiosk screen is not built";
            let body = crate::html::page(
                Locale::En,
                title,
                html! {
                    h1 { (title) }
                    p { "This server has no kiosk page yet. Build it with " code { "cargo xtask widget" } "." }
                },
            );
            (StatusCode::SERVICE_UNAVAILABLE, PAGE_HEADERS, body).into_response()
        }
        Err(error) => {
            tracing::error!(%error, path = %path.display(), "cannot read the kiosk's page");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `GET /kiosk/sw.js`: the kiosk's service worker, allowed the scope [`SCOPE`].
/// `404` while it is not built.
pub async fn worker(State(state): State<AppState>) -> Response {
    let path = state.widget_dir.join(WORKER);
    match tokio::fs::read(&path).await {
        Ok(script) => (
            [
                (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
                (HeaderName::from_static("service-worker-allowed"), SCOPE),
            ],
            script,
        )
            .into_response(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            StatusCode::NOT_FOUND.into_response()
        }
        Err(error) => {
            tracing::error!(%error, path = %path.display(), "cannot read the kiosk's service worker");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `GET /track/{token}/qr.svg`: the tracking link the receipt gives for `token`,
/// as a QR code. Only for a submission that exists; never cached or sent on as
/// a referrer, since the link is all it takes to follow the submission (its route
/// group's headers: `security::Readers::Tracking`).
pub async fn tracking_qr(
    State(state): State<AppState>,
    Path(token): Path<String>,
    RequestLocale(locale): RequestLocale,
) -> Result<Response, ApiError> {
    if state.store.find_by_token(&token).await?.is_none() {
        return Err(ApiError::NotFound(locale));
    }
    Ok((
        [(header::CONTENT_TYPE, "image/svg+xml")],
        qr_svg(&tracking_url(&state, &token)),
    )
        .into_response())
}
