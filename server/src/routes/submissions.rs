//! `POST /api/v1/submissions` and its batch form: the widget's and kiosks' way in.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use futures::future::join_all;
use glas_shared::{
    BatchItemResult, BatchRequest, BatchResponse, Channel, ErrorBody, MAX_BATCH, NewSubmission,
    Receipt,
};
use serde::Deserialize;

use crate::app::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, RequestLocale, body_locale, from_value};
use crate::intake::{self, Outcome};
use crate::openapi;
use crate::routes::kiosk::{Kiosk, MaybeKiosk};
use crate::screening::FormSignals;

/// Registers one submission.
///
/// `POST /api/v1/submissions`. Its `id` is the idempotency key: the same id with
/// the same content answers the first receipt, never a second row. A receipt is
/// sent only after the row is committed. Sent with a kiosk's token, it comes from
/// the channel `kiosk` and the kiosk's unit.
#[utoipa::path(
    post,
    path = "/api/v1/submissions",
    operation_id = "submit",
    tag = "submissions",
    request_body(content = NewSubmission, example = json!({
        "id": "0b9e7a52-4e2c-4d7e-9a51-6a7d2f0c9b11",
        "kind": "complaint",
        "text": "Чакахме 2 часа на гише 3 в Центъра за услуги.",
        "channel": "web",
        "unit": null,
        "author": { "name": "Мария Иванова", "email": "maria@example.com",
            "phone": "0888 123 456", "address": null },
        "health_or_safety": false,
        "created_at": "2026-11-24T09:15:00+02:00",
        "locale": "bg"
    })),
    params(openapi::AcceptLanguage),
    security((), ("kiosk_token" = [])),
    responses(
        (status = 201, description = "Registered now, committed to disk.", body = Receipt),
        (status = 200, description = "Registered before with the same content: the first receipt.",
            body = Receipt),
        (status = 409, description = "The id was registered with other content.", body = ErrorBody),
        openapi::BodyRefusals,
        openapi::KioskRefusal,
        openapi::Busy,
    )
)]
pub async fn create(
    State(state): State<AppState>,
    MaybeKiosk(kiosk): MaybeKiosk,
    RequestLocale(locale): RequestLocale,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Result<(StatusCode, Json<Receipt>), ApiError> {
    let signals = FormSignals::read(&body);
    let locale = body_locale(&body).unwrap_or(locale);
    let dto = from_kiosk(&state, kiosk.as_ref(), from_value(body, locale)?);
    let (status, receipt) = register(&state, &dto, &signals).await?;
    Ok((status, Json(receipt)))
}

#[derive(Debug, Deserialize)]
pub struct RawBatch {
    /// Kept as JSON so that one malformed item is answered on its own.
    submissions: Vec<serde_json::Value>,
}

/// Registers a batch of submissions, answering per item.
///
/// `POST /api/v1/submissions/batch`: the items are answered in order. A database
/// failure fails the whole request so the device retries it; items already
/// committed then come back as replays, so nothing is registered twice.
#[utoipa::path(
    post,
    path = "/api/v1/submissions/batch",
    operation_id = "submit_batch",
    tag = "submissions",
    request_body(content = BatchRequest, example = json!({ "submissions": [{
        "id": "5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f",
        "kind": "praise",
        "text": "Много любезно обслужване, благодаря!",
        "channel": "web",
        "created_at": "2026-11-24T09:20:00+02:00",
        "locale": "bg"
    }] })),
    params(openapi::AcceptLanguage),
    security((), ("kiosk_token" = [])),
    responses(
        (status = 200, description = "One result per item, in order, each with the status \
            it would have had alone (201, 200, 409, 413 or 422).", body = BatchResponse),
        openapi::BodyRefusals,
        openapi::KioskRefusal,
        openapi::Busy,
    )
)]
pub async fn create_batch(
    State(state): State<AppState>,
    MaybeKiosk(kiosk): MaybeKiosk,
    RequestLocale(locale): RequestLocale,
    ApiJson(batch): ApiJson<RawBatch>,
) -> Result<Json<BatchResponse>, ApiError> {
    if batch.submissions.len() > MAX_BATCH {
        return Err(ApiError::BatchTooLarge(locale));
    }
    // All items go to the group committer at once, so they share transactions.
    let outcomes = join_all(batch.submissions.into_iter().map(|item| {
        let state = &state;
        let kiosk = kiosk.as_ref();
        async move {
            let id = item.get("id").and_then(|v| v.as_str()).map(str::to_owned);
            let item_locale = body_locale(&item).unwrap_or(locale);
            let size = serde_json::to_vec(&item).map_or(usize::MAX, |b| b.len());
            let outcome = if size > state.max_body_bytes {
                Err(ApiError::PayloadTooLarge(item_locale))
            } else {
                let signals = FormSignals::read(&item);
                match from_value::<NewSubmission>(item, item_locale) {
                    Ok(dto) => register(state, &from_kiosk(state, kiosk, dto), &signals).await,
                    Err(e) => Err(e),
                }
            };
            (id, outcome)
        }
    }))
    .await;
    let mut results = Vec::with_capacity(outcomes.len());
    for (id, outcome) in outcomes {
        results.push(match outcome {
            Ok((status, receipt)) => BatchItemResult {
                id,
                status: status.as_u16(),
                receipt: Some(receipt),
                errors: Vec::new(),
            },
            Err(
                e @ (ApiError::Invalid(_) | ApiError::Conflict(_) | ApiError::PayloadTooLarge(_)),
            ) => BatchItemResult {
                id,
                status: e.status().as_u16(),
                receipt: None,
                errors: e.errors(),
            },
            // The database failed: the device retries the whole batch, and what was
            // committed comes back as replays.
            Err(e) => return Err(e),
        });
    }
    Ok(Json(BatchResponse { results }))
}

/// What a kiosk sends comes from the channel `kiosk` and the unit the kiosk is
/// enrolled for, whatever it says (a unit the profile no longer knows is left
/// out, as the widget leaves out one it cannot offer).
fn from_kiosk(state: &AppState, kiosk: Option<&Kiosk>, dto: NewSubmission) -> NewSubmission {
    let Some(kiosk) = kiosk else {
        return dto;
    };
    let known = state
        .profile
        .units
        .iter()
        .any(|u| u.id.as_ref() == kiosk.unit);
    NewSubmission {
        channel: Channel::Kiosk.as_str().to_owned(),
        unit: known.then(|| kiosk.unit.clone()),
        ..dto
    }
}

/// Parses one submission against the profile, registers it (kept aside when the
/// form's `signals` say a robot sent it) and answers: `201` when it was registered
/// just now, `200` when it is a replay of one registered before, `409` when its
/// id was registered with other content.
pub async fn register(
    state: &AppState,
    dto: &NewSubmission,
    signals: &FormSignals,
) -> Result<(StatusCode, Receipt), ApiError> {
    let locale = dto.message_locale();
    let submission = intake::parse(dto, &state.profile).map_err(|errors| {
        ApiError::Invalid(errors.into_iter().map(|e| e.to_wire(locale)).collect())
    })?;
    let set_aside = signals.judge(state.min_fill_time);
    if let Some(why) = set_aside {
        tracing::info!(
            why = why.as_str(),
            "a submission was kept aside as probably a robot's"
        );
    }
    let outcome = intake::register(state, submission, set_aside)
        .await
        .map_err(|e| ApiError::from_store(e, locale))?;
    match outcome {
        Outcome::Created(receipt) => Ok((StatusCode::CREATED, receipt)),
        Outcome::Replayed(receipt) => Ok((StatusCode::OK, receipt)),
        Outcome::Conflict => Err(ApiError::Conflict(locale)),
    }
}
