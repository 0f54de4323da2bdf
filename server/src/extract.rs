//! Request extractors that answer in the API's own error format.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use glas_shared::Locale;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The language to answer request-level errors in, from `Accept-Language`.
#[derive(Debug, Clone, Copy)]
pub struct RequestLocale(pub Locale);

impl RequestLocale {
    pub fn from_headers(headers: &HeaderMap) -> RequestLocale {
        RequestLocale(
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
                .unwrap_or_default(),
        )
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestLocale {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestLocale::from_headers(&parts.headers))
    }
}

/// A JSON body: `415` for another content type, `413` past the body limit, `400`
/// for broken JSON, `422` (naming the field) for JSON of the wrong shape.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

fn is_json(headers: &HeaderMap) -> bool {
    let Some(content_type) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let RequestLocale(locale) = RequestLocale::from_headers(req.headers());
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType(locale));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge(locale)
            } else {
                ApiError::MalformedJson(locale)
            }
        })?;
        parse_json(&bytes, locale).map(ApiJson)
    }
}

/// Deserialises `bytes`, telling broken JSON (`400`) from JSON of the wrong shape
/// (`422`). A body that is JSON is answered in its own `locale` when it names one
/// (a submission's language), else in `locale` (from `Accept-Language`).
/// JSON nested deeper than this is refused as malformed (`400`): a batch of
/// submissions is three levels deep (`{"submissions": [{"author": {…}}]}`), and
/// no Glas request is deeper. (The parser itself stops at 128.)
pub const MAX_JSON_DEPTH: usize = 8;

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8], locale: Locale) -> Result<T, ApiError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|_| ApiError::MalformedJson(locale))?;
    if depth(&value) > MAX_JSON_DEPTH {
        return Err(ApiError::MalformedJson(locale));
    }
    let locale = body_locale(&value).unwrap_or(locale);
    from_value(value, locale)
}

/// How many arrays and objects deep `value` goes.
fn depth(value: &serde_json::Value) -> usize {
    use serde_json::Value;
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(fields) => 1 + fields.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// The language a JSON body names for itself (`"locale": "en"`), if it names one
/// Glas speaks.
pub fn body_locale(value: &serde_json::Value) -> Option<Locale> {
    value
        .get("locale")
        .and_then(|v| v.as_str())
        .and_then(|l| Locale::parse(l).ok())
}

/// Like [`parse_json`], for a value already parsed as JSON.
pub fn from_value<T: DeserializeOwned>(
    value: serde_json::Value,
    locale: Locale,
) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| shape_error(e, locale))
}

fn shape_error(e: serde_path_to_error::Error<serde_json::Error>, locale: Locale) -> ApiError {
    use serde_json::error::Category;
    match e.inner().classify() {
        Category::Data => {
            let path = e.path().to_string();
            let field = if path == "." { "body".to_owned() } else { path };
            ApiError::Invalid(vec![glas_shared::FieldError {
                field,
                code: glas_shared::Problem::InvalidShape.code().to_owned(),
                message: glas_shared::Problem::InvalidShape.message(locale),
            }])
        }
        Category::Syntax | Category::Eof | Category::Io => ApiError::MalformedJson(locale),
    }
}
