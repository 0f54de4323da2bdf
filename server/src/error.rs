//! Every error the API answers with, as JSON `{ "errors": [ { field, code, message } ] }`
//! in the citizen's language. A 500 hides its cause from the client and logs all of it.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use glas_shared::i18n::{pages, pages_key};
use glas_shared::{ErrorBody, Field, FieldError, Invalid, Locale, Problem};

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("invalid submission")]
    Invalid(Vec<FieldError>),
    #[error("malformed JSON")]
    MalformedJson(Locale),
    #[error("unsupported media type")]
    UnsupportedMediaType(Locale),
    #[error("payload too large")]
    PayloadTooLarge(Locale),
    #[error("batch too large")]
    BatchTooLarge(Locale),
    #[error("conflicting submission")]
    Conflict(Locale),
    #[error("not found")]
    NotFound(Locale),
    /// A kiosk's request without a working device token (`401`).
    #[error("kiosk not enrolled")]
    NotEnrolled(Locale),
    /// A kiosk's enrolment code that is wrong, used or expired (`422`).
    #[error("invalid enrolment code")]
    InvalidCode(Locale),
    /// A client over its rate limit (`429`; `rate_limit` adds `Retry-After`).
    #[error("too many requests")]
    RateLimited(Locale),
    /// The store cannot take it now (`503` with `Retry-After`), said in the
    /// request's language: a submission's own, where there is one.
    #[error("service unavailable")]
    Unavailable(Locale, #[source] StoreError),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::from_store(e, Locale::default())
    }
}

impl ApiError {
    /// A store's failure, answered in `locale` when it is worth trying again.
    pub fn from_store(e: StoreError, locale: Locale) -> ApiError {
        if e.is_transient() {
            ApiError::Unavailable(locale, e)
        } else {
            ApiError::Internal(e.into())
        }
    }
}

fn one(field: Field, problem: Problem, locale: Locale) -> Vec<FieldError> {
    vec![Invalid::new(field, problem).to_wire(locale)]
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Invalid(_) | ApiError::BatchTooLarge(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::MalformedJson(_) => StatusCode::BAD_REQUEST,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::NotEnrolled(_) => StatusCode::UNAUTHORIZED,
            ApiError::InvalidCode(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(..) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The errors as the client sees them.
    pub fn errors(&self) -> Vec<FieldError> {
        match self {
            ApiError::Invalid(errors) => errors.clone(),
            ApiError::MalformedJson(l) => one(Field::Body, Problem::MalformedJson, *l),
            ApiError::UnsupportedMediaType(l) => {
                one(Field::Body, Problem::UnsupportedMediaType, *l)
            }
            ApiError::PayloadTooLarge(l) => one(Field::Body, Problem::PayloadTooLarge, *l),
            ApiError::BatchTooLarge(l) => one(
                Field::Submissions,
                Problem::TooMany {
                    max: glas_shared::MAX_BATCH,
                },
                *l,
            ),
            ApiError::Conflict(l) => one(Field::Id, Problem::Conflict, *l),
            ApiError::NotFound(l) => one(Field::Request, Problem::NotFound, *l),
            // Staff read these, on a kiosk's screen or in its log: their words are
            // the server's (`pages`), so no citizen's widget carries them.
            ApiError::NotEnrolled(l) => vec![FieldError {
                field: Field::Request.as_str().to_owned(),
                code: "not_enrolled".to_owned(),
                message: pages().text(*l, pages_key::KIOSK_NOT_ENROLLED),
            }],
            ApiError::InvalidCode(l) => vec![FieldError {
                field: "code".to_owned(),
                code: "invalid_code".to_owned(),
                message: pages().text(*l, pages_key::KIOSK_CODE_INVALID),
            }],
            // The widget and the kiosk keep the item and try again later, saying
            // so in their own words: these are for whoever reads the answer.
            ApiError::RateLimited(l) => vec![FieldError {
                field: Field::Request.as_str().to_owned(),
                code: "rate_limited".to_owned(),
                message: pages().text(*l, pages_key::RATE_LIMITED),
            }],
            ApiError::Unavailable(l, _) => one(Field::Request, Problem::Unavailable, *l),
            ApiError::Internal(_) => one(Field::Request, Problem::Internal, Locale::default()),
        }
    }
}

/// What a request whose handler panicked is answered (`CatchPanicLayer` in
/// `router.rs`): the same 500 as any internal error, its cause logged, rather than
/// a connection dropped without an answer, which a widget or kiosk could not tell
/// from a network failure.
pub fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|m| (*m).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    ApiError::Internal(anyhow::anyhow!("the handler panicked: {message}")).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Internal(cause) => tracing::error!(error = ?cause, "request failed"),
            ApiError::Unavailable(_, cause) => {
                tracing::warn!(error = %cause, "database unavailable")
            }
            _ => {}
        }
        let mut response = (
            self.status(),
            Json(ErrorBody {
                errors: self.errors(),
            }),
        )
            .into_response();
        if matches!(self, ApiError::NotEnrolled(_)) {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        if matches!(self, ApiError::Unavailable(..)) {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("5"),
            );
        }
        response
    }
}
