//! `/assets/*.css`: the stylesheets of the server's own pages, compiled into the
//! binary, so that no page needs an inline style (and a CSP can say `style-src 'self'`).
//! They are small and have no hash in their names: cached briefly, like the profile.

use axum::http::header;
use axum::response::IntoResponse;

/// The frame of Glas's own pages (`html.rs`).
pub const PAGE_CSS: &str = "/assets/page.css";
/// The demo page's municipal look (`routes/demo.rs`).
pub const DEMO_CSS: &str = "/assets/demo.css";

pub async fn page_css() -> impl IntoResponse {
    css(include_str!("../../assets/page.css"))
}

pub async fn demo_css() -> impl IntoResponse {
    css(include_str!("../../assets/demo.css"))
}

fn css(body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
}
