//! `GET /metrics`: the metrics (`crate::metrics`) in the Prometheus text format,
//! for a scraper that sends the metrics token as `Authorization: Bearer …`.
//! Without a token set, metrics are off and the route is not found, as any
//! unknown path is; with a wrong token or none, `401`.

use axum::extract::State;
use axum::http::header::{CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::app::AppState;
use crate::error::ApiError;
use crate::extract::RequestLocale;
use crate::metrics::CONTENT_TYPE as PROMETHEUS_TEXT;

pub async fn metrics(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some(metrics) = &state.metrics else {
        return Err(ApiError::NotFound(locale));
    };
    if !metrics.admits(&headers) {
        return Ok((
            StatusCode::UNAUTHORIZED,
            [(WWW_AUTHENTICATE, "Bearer")],
            "the metrics need their token: Authorization: Bearer …\n",
        )
            .into_response());
    }
    let text = metrics
        .render(&state.store, &state.profile, state.clock.now())
        .await?;
    Ok(([(CONTENT_TYPE, PROMETHEUS_TEXT)], text).into_response())
}
