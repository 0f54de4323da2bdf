//! `/widget/*`: the loader and the files it fetches, built by `cargo xtask widget`.
//!
//! Any site may fetch them (they are public and carry no credentials), so they
//! answer `Access-Control-Allow-Origin: *`; the API itself answers only allowed origins.
//! The loader is revalidated on every use; the other files have content hashes in
//! their names and are cached for a year.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::services::ServeDir;

pub const LOADER: &str = "glas.js";

pub fn service<S: Clone + Send + Sync + 'static>(dir: &Path) -> Router<S> {
    if !dir.join(LOADER).is_file() {
        tracing::warn!(dir = %dir.display(), "the widget is not built here; run `cargo xtask widget`");
    }
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(asset_headers))
}

async fn asset_headers(request: Request, next: Next) -> Response {
    let is_loader = request.uri().path().trim_start_matches('/') == LOADER;
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("cross-origin"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if response.status().is_success() {
        let cache = if is_loader {
            "no-cache"
        } else {
            "public, max-age=31536000, immutable"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    response
}
