//! The security headers of every page Glas renders, in one place, by who reads
//! it: `router.rs` puts each set on its group of routes, so a new page gets its
//! group's headers without asking for them.
//!
//! Every set forbids framing (`frame-ancestors 'none'`, `X-Frame-Options`),
//! `<base>` and MIME sniffing, and allows nothing inline. What differs is what a
//! page may load, where its forms go, who learns where a reader came from, and
//! whether it may be kept.

use axum::http::{HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// Who reads a group of pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readers {
    /// Anyone: the demo host page (which embeds the widget: its script and Wasm,
    /// calls to this server), the statistics and their yearly report.
    Public,
    /// A citizen following their case: the tracking link is the only key to it,
    /// so a tracking page is never kept or named to another site, and runs no script.
    Tracking,
    /// Staff at the desk: pages with personal data, no script at all, never kept.
    Staff,
    /// A kiosk's own screen: its bundle and its service worker, calls to this server.
    Kiosk,
    /// Operators' tools (health checks, metrics): no page at all, read by
    /// machines; the metrics are never kept by a cache on the way.
    Operators,
}

impl Readers {
    /// The Content-Security-Policy.
    pub fn content_security_policy(self) -> &'static str {
        match self {
            Readers::Public => {
                "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; \
                 style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; \
                 base-uri 'none'"
            }
            Readers::Tracking => {
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                 frame-ancestors 'none'; base-uri 'none'"
            }
            Readers::Staff => {
                "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; \
                 form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
            }
            Readers::Kiosk => {
                "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                 img-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
                 base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
            }
            Readers::Operators => "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
        }
    }

    /// The Referrer-Policy: a tracking link or a kiosk's address never leaves; the
    /// desk's pages name themselves only to the desk.
    pub fn referrer_policy(self) -> &'static str {
        match self {
            Readers::Public => "strict-origin-when-cross-origin",
            Readers::Tracking | Readers::Kiosk | Readers::Operators => "no-referrer",
            Readers::Staff => "same-origin",
        }
    }

    /// The Cache-Control, and whether it overrides what a handler set: pages with
    /// personal data or a tracking token, and the operators' answers (a health
    /// check or a scrape must see the server as it is now), are never stored; the others are
    /// revalidated unless their handler says otherwise (the stylesheets do).
    fn cache_control(self) -> (&'static str, bool) {
        match self {
            Readers::Tracking | Readers::Staff | Readers::Operators => ("no-store", true),
            Readers::Public | Readers::Kiosk => ("no-cache", false),
        }
    }
}

/// The layers that set `readers`' headers on every response of a group of routes.
pub fn headers(readers: Readers) -> [SetResponseHeaderLayer<HeaderValue>; 5] {
    let (cache, overriding) = readers.cache_control();
    let cache = HeaderValue::from_static(cache);
    [
        SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(readers.content_security_policy()),
        ),
        SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static(readers.referrer_policy()),
        ),
        SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ),
        if overriding {
            SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, cache)
        } else {
            SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, cache)
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_page_allows_anything_inline_or_framing() {
        for readers in [
            Readers::Public,
            Readers::Tracking,
            Readers::Staff,
            Readers::Kiosk,
            Readers::Operators,
        ] {
            let csp = readers.content_security_policy();
            assert!(csp.starts_with("default-src 'none';"), "{readers:?}");
            assert!(csp.contains("frame-ancestors 'none'"), "{readers:?}");
            assert!(csp.contains("base-uri 'none'"), "{readers:?}");
            assert!(!csp.contains("unsafe-inline"), "{readers:?}");
            assert!(
                !csp.contains(" 'unsafe-eval'"),
                "{readers:?}: only 'wasm-unsafe-eval'"
            );
        }
        assert!(
            !Readers::Tracking
                .content_security_policy()
                .contains("script-src")
        );
    }
}
