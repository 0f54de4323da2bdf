//! The desk's CSRF check: a synchronizer token kept in the session. Every request
//! but `GET` and `HEAD` must be an urlencoded form whose field `csrf` equals the
//! session's token; otherwise `403`. The body is read here and handed on as it was.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

use super::session;

/// The largest desk form (a long answer fits many times over).
pub const MAX_FORM_BYTES: usize = 1024 * 1024;

/// Middleware for the desk router, inside the session layer.
pub async fn require_token(session: Session, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let locale = session::locale(&session, None)
        .await
        .unwrap_or(glas_shared::Locale::Bg);
    let refuse = || session::refusal(locale, StatusCode::FORBIDDEN);
    let (parts, body) = request.into_parts();
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !is_form {
        return refuse();
    }
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return session::refusal(locale, StatusCode::PAYLOAD_TOO_LARGE);
    };
    let sent = form_urlencoded::parse(&bytes)
        .find(|(name, _)| name == "csrf")
        .map(|(_, value)| value.into_owned());
    let expected = match session::expected_csrf(&session).await {
        Ok(expected) => expected,
        Err(e) => return session::failed(e),
    };
    match (sent, expected) {
        (Some(sent), Some(expected)) if bool::from(sent.as_bytes().ct_eq(expected.as_bytes())) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => {
            tracing::warn!(path = %parts.uri.path(), "a desk form without its CSRF token was refused");
            refuse()
        }
    }
}
