//! `/widget/*`: the loader and the files it fetches, built by `cargo xtask widget`.
//!
//! Any site may fetch them (they are public and carry no credentials), so they
//! answer `Access-Control-Allow-Origin: *`; the API itself answers only allowed origins.
//! The loader is revalidated on every use; the other files have content hashes in
//! their names and are cached for a year.
//!
//! The loader is this server's own: it carries the profile's contacts (in place of
//! `__GLAS_CONTACTS__`), so that a citizen whose widget cannot load — the network
//! gone between the page and the click — still reads how else to reach the
//! municipality. It is filled in, compressed as the build compresses the other
//! files, and kept in memory, again whenever the file on disk changes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use glas_shared::Profile;
use glas_shared::fields::Phone;
use sha2::{Digest, Sha256};
use tower_http::services::ServeDir;

pub const LOADER: &str = "glas.js";
/// What the built loader holds where this server's contacts go.
pub const CONTACTS_PLACEHOLDER: &str = "__GLAS_CONTACTS__";

pub fn service<S: Clone + Send + Sync + 'static>(dir: &Path, profile: &Profile) -> Router<S> {
    if !dir.join(LOADER).is_file() {
        tracing::warn!(dir = %dir.display(), "the widget is not built here; run `cargo xtask widget`");
    }
    let loader = Arc::new(Loader {
        path: dir.join(LOADER),
        contacts: contacts(profile),
        ready: RwLock::new(None),
    });
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    Router::new()
        .route(
            &format!("/{LOADER}"),
            get(move |headers: HeaderMap| serve_loader(loader, headers)),
        )
        .fallback_service(files)
        .layer(middleware::from_fn(asset_headers))
}

/// The profile's contacts as the loader takes them: by the names its messages give
/// them (`shared/locales/loader`), the text shown and the link. `cargo xtask widget`
/// measures the loader with the built-in profile's, made the same way.
fn contacts(profile: &Profile) -> String {
    let phone = &profile.contacts.feedback_phone;
    let email = &profile.contacts.email;
    let tel = Phone::parse(phone).map_or_else(
        |_| {
            phone
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect()
        },
        |phone| phone.as_ref().to_owned(),
    );
    serde_json::json!({
        "phone": [phone, format!("tel:{tel}")],
        "email": [email, format!("mailto:{email}")],
    })
    .to_string()
}

struct Loader {
    path: PathBuf,
    contacts: String,
    ready: RwLock<Option<Arc<Prepared>>>,
}

/// The loader as sent, in each encoding, for the file as it was at `modified`.
struct Prepared {
    modified: SystemTime,
    len: u64,
    etag: HeaderValue,
    identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
}

impl Loader {
    /// The loader for the file as it is now, prepared again if it changed.
    async fn prepared(self: &Arc<Self>) -> std::io::Result<Arc<Prepared>> {
        let metadata = tokio::fs::metadata(&self.path).await?;
        let (modified, len) = (metadata.modified()?, metadata.len());
        let current = self.ready.read().expect("not poisoned").clone();
        if let Some(prepared) = current.filter(|p| p.modified == modified && p.len == len) {
            return Ok(prepared);
        }
        let loader = Arc::clone(self);
        let prepared = tokio::task::spawn_blocking(move || loader.prepare(modified, len))
            .await
            .map_err(std::io::Error::other)??;
        *self.ready.write().expect("not poisoned") = Some(Arc::clone(&prepared));
        Ok(prepared)
    }

    fn prepare(&self, modified: SystemTime, len: u64) -> std::io::Result<Arc<Prepared>> {
        let text = std::fs::read_to_string(&self.path)?;
        // A loader built before it had a place for them is sent as it is.
        let filled = text.replace(CONTACTS_PLACEHOLDER, &self.contacts);
        let hash = Sha256::digest(filled.as_bytes());
        let short: String = hash.iter().take(8).map(|b| format!("{b:02x}")).collect();
        Ok(Arc::new(Prepared {
            modified,
            len,
            etag: HeaderValue::from_str(&format!("\"{short}\"")).expect("hex is a header value"),
            gzip: gzip(filled.as_bytes())?.into(),
            brotli: brotli(filled.as_bytes())?.into(),
            identity: filled.into(),
        }))
    }
}

async fn serve_loader(loader: Arc<Loader>, headers: HeaderMap) -> Response {
    let prepared = match loader.prepared().await {
        Ok(prepared) => prepared,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return StatusCode::NOT_FOUND.into_response();
        }
        Err(error) => {
            tracing::error!(%error, path = %loader.path.display(), "cannot read the widget's loader");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut response = if etag_matches(&headers, &prepared.etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let accepted = |coding: &str| accepts(&headers, coding);
        let (body, coding) = if accepted("br") {
            (prepared.brotli.clone(), Some("br"))
        } else if accepted("gzip") {
            (prepared.gzip.clone(), Some("gzip"))
        } else {
            (prepared.identity.clone(), None)
        };
        let mut response = Response::new(Body::from(body));
        if let Some(coding) = coding {
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/javascript; charset=utf-8"),
        );
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, prepared.etag.clone());
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Whether `If-None-Match` names this version (weak comparison, as for a GET).
fn etag_matches(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Ok(etag) = etag.to_str() else {
        return false;
    };
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == "*" || tag == etag)
}

/// Whether `Accept-Encoding` takes `coding` (named, with a quality above zero).
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            name.eq_ignore_ascii_case(coding) && !refused
        })
}

/// As `cargo xtask widget` compresses the other files (zopfli).
fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        bytes,
        &mut out,
    )?;
    Ok(out)
}

/// As `cargo xtask widget` compresses the other files (brotli quality 11, window 22).
fn brotli(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
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
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(name: header::HeaderName, value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn an_encoding_is_taken_unless_its_quality_is_zero() {
        let h = headers(header::ACCEPT_ENCODING, "gzip, deflate, br;q=0, zstd");
        assert!(accepts(&h, "gzip"));
        assert!(!accepts(&h, "br"));
        assert!(!accepts(&HeaderMap::new(), "gzip"));
        assert!(accepts(&headers(header::ACCEPT_ENCODING, "BR;q=0.5"), "br"));
    }

    #[test]
    fn a_weak_or_strong_match_or_a_star_is_not_modified() {
        let etag = HeaderValue::from_static("\"abc\"");
        assert!(etag_matches(
            &headers(header::IF_NONE_MATCH, "W/\"abc\""),
            &etag
        ));
        assert!(etag_matches(
            &headers(header::IF_NONE_MATCH, "\"x\", \"abc\""),
            &etag
        ));
        assert!(etag_matches(&headers(header::IF_NONE_MATCH, "*"), &etag));
        assert!(!etag_matches(
            &headers(header::IF_NONE_MATCH, "\"abd\""),
            &etag
        ));
    }

    #[test]
    fn the_contacts_are_json_with_their_links() {
        let profile = crate::profile::load(None).unwrap();
        let contacts: serde_json::Value = serde_json::from_str(&contacts(&profile)).unwrap();
        assert_eq!(
            contacts,
            serde_json::json!({
                "phone": ["038/603-320", "tel:+35938603320"],
                "email": ["kmet@haskovo.bg", "mailto:kmet@haskovo.bg"],
            })
        );
    }
}
