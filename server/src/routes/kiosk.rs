//! What kiosks call: enrolment, their ratings and their heartbeat. Every call
//! but enrolment carries the kiosk's device token (`Authorization: Bearer …`);
//! without a working one it is refused with `401`, and the kiosk keeps what it
//! sent, to send again once it is enrolled.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use glas_shared::rating::{
    Enrol, Enrolled, Heartbeat, Rating, RatingBatch, RatingResult, RatingResults,
};
use glas_shared::{Field, FieldError, Invalid, MAX_BATCH, Problem};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::app::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, RequestLocale};
use crate::kiosk::{code_digest, new_token, token_digest};
use crate::openapi;
use crate::store::kiosks::{Caller, Health, Rated};

/// The enrolled kiosk that sent the request.
#[derive(Debug, Clone)]
pub struct Kiosk {
    pub id: i64,
    pub unit: String,
}

impl FromRequestParts<AppState> for Kiosk {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let RequestLocale(locale) = RequestLocale::from_headers(&parts.headers);
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or(ApiError::NotEnrolled(locale))?;
        match state
            .store
            .kiosk_caller(&token_digest(token), state.clock.now())
            .await?
        {
            Caller::Kiosk { id, unit } => Ok(Kiosk { id, unit }),
            Caller::Revoked { id } => {
                tracing::warn!(kiosk = id, "a revoked kiosk's request was refused");
                Err(ApiError::NotEnrolled(locale))
            }
            Caller::Unknown => Err(ApiError::NotEnrolled(locale)),
        }
    }
}

/// The enrolled kiosk that sent the request, if it carries a device token; a
/// request with a token that does not work is refused, not taken as anonymous.
#[derive(Debug, Clone)]
pub struct MaybeKiosk(pub Option<Kiosk>);

impl FromRequestParts<AppState> for MaybeKiosk {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if parts.headers.contains_key(AUTHORIZATION) {
            Ok(MaybeKiosk(Some(
                Kiosk::from_request_parts(parts, state).await?,
            )))
        } else {
            Ok(MaybeKiosk(None))
        }
    }
}

/// Trades a kiosk's one-time code for a device token.
///
/// `POST /api/v1/kiosk/enrol`. The code is refused (`422`) when it is wrong,
/// used or expired.
#[utoipa::path(
    post,
    path = "/api/v1/kiosk/enrol",
    operation_id = "enrol_kiosk",
    tag = "kiosks",
    request_body(content = Enrol, example = json!({ "code": "AC3D-7KXQ" })),
    params(openapi::AcceptLanguage),
    responses(
        (status = 200, description = "Enrolled: the device token, to send as \
            `Authorization: Bearer` from now on, and the unit the kiosk serves.", body = Enrolled),
        openapi::BodyRefusals,
        openapi::Busy,
    )
)]
pub async fn enrol(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    ApiJson(enrol): ApiJson<Enrol>,
) -> Result<Json<Enrolled>, ApiError> {
    let token = new_token();
    let enrolled = state
        .store
        .redeem_kiosk_code(
            &code_digest(&enrol.code),
            &token_digest(&token),
            state.clock.now(),
        )
        .await?;
    match enrolled {
        Some((id, unit)) => {
            tracing::info!(kiosk = id, %unit, "kiosk enrolled");
            Ok(Json(Enrolled { token, unit }))
        }
        None => Err(ApiError::InvalidCode(locale)),
    }
}

/// Stores a kiosk's ratings, answering per item.
///
/// `POST /api/v1/ratings`: idempotent by each rating's `id`. They are given in
/// the unit the kiosk is enrolled for. A database failure fails the
/// whole request, so the kiosk sends it again; what was stored then comes back
/// as replays.
#[utoipa::path(
    post,
    path = "/api/v1/ratings",
    operation_id = "rate",
    tag = "kiosks",
    request_body(content = RatingBatch, example = json!({ "ratings": [{
        "id": "0b9f3a52-8d1c-4e55-9a77-2f4c6b1d0e11",
        "score": 3,
        "created_at": "2026-11-30T09:15:00+02:00",
        "repeat": false
    }] })),
    params(openapi::AcceptLanguage),
    security(("kiosk_token" = [])),
    responses(
        (status = 200, description = "One result per rating, in order, each with the status \
            it would have had alone (201, 200, 409 or 422).", body = RatingResults),
        openapi::BodyRefusals,
        openapi::KioskRefusal,
        openapi::Busy,
    )
)]
pub async fn ratings(
    State(state): State<AppState>,
    kiosk: Kiosk,
    RequestLocale(locale): RequestLocale,
    ApiJson(batch): ApiJson<RatingBatch>,
) -> Result<Json<RatingResults>, ApiError> {
    if batch.ratings.len() > MAX_BATCH {
        let too_many = Problem::TooMany { max: MAX_BATCH };
        return Err(ApiError::Invalid(vec![
            Invalid::new(Field::Ratings, too_many).to_wire(locale),
        ]));
    }
    let parsed: Vec<Result<Rating, Vec<Invalid>>> =
        batch.ratings.iter().map(Rating::parse).collect();
    let valid: Vec<Rating> = parsed
        .iter()
        .filter_map(|r| r.as_ref().ok().copied())
        .collect();
    let mut stored = state
        .store
        .add_ratings(kiosk.id, &kiosk.unit, &valid, state.clock.now())
        .await?
        .into_iter();
    let results = batch
        .ratings
        .iter()
        .zip(parsed)
        .map(|(dto, parsed)| {
            let id = Some(dto.id.clone());
            match parsed {
                Err(errors) => RatingResult {
                    id,
                    status: StatusCode::UNPROCESSABLE_ENTITY.as_u16(),
                    repeat: false,
                    errors: errors.into_iter().map(|e| e.to_wire(locale)).collect(),
                },
                Ok(_) => match stored.next() {
                    Some(Rated::Created { repeat }) => RatingResult {
                        id,
                        status: StatusCode::CREATED.as_u16(),
                        repeat,
                        errors: Vec::new(),
                    },
                    Some(Rated::Replayed { repeat }) => RatingResult {
                        id,
                        status: StatusCode::OK.as_u16(),
                        repeat,
                        errors: Vec::new(),
                    },
                    Some(Rated::Conflict) | None => RatingResult {
                        id,
                        status: StatusCode::CONFLICT.as_u16(),
                        repeat: false,
                        errors: vec![Invalid::new(Field::Id, Problem::Conflict).to_wire(locale)],
                    },
                },
            }
        })
        .collect();
    Ok(Json(RatingResults { results }))
}

/// A kiosk's heartbeat.
///
/// `POST /api/v1/kiosk/heartbeat`: the kiosk's queue and version, for the desk.
#[utoipa::path(
    post,
    path = "/api/v1/kiosk/heartbeat",
    operation_id = "kiosk_heartbeat",
    tag = "kiosks",
    request_body(content = Heartbeat, example = json!({
        "queue_length": 2,
        "oldest_unsent_at": "2026-11-30T09:15:00+02:00",
        "app_version": "0.1.0"
    })),
    params(openapi::AcceptLanguage),
    security(("kiosk_token" = [])),
    responses(
        (status = 204, description = "Noted for the desk."),
        openapi::BodyRefusals,
        openapi::KioskRefusal,
        openapi::Busy,
    )
)]
pub async fn heartbeat(
    State(state): State<AppState>,
    kiosk: Kiosk,
    RequestLocale(locale): RequestLocale,
    ApiJson(beat): ApiJson<Heartbeat>,
) -> Result<StatusCode, ApiError> {
    let oldest_unsent_at = match beat.oldest_unsent_at.as_deref() {
        None => None,
        Some(at) => Some(OffsetDateTime::parse(at, &Rfc3339).map_err(|_| {
            ApiError::Invalid(vec![FieldError {
                field: "oldest_unsent_at".to_owned(),
                code: Problem::InvalidDateTime.code().to_owned(),
                message: Problem::InvalidDateTime.message(locale),
            }])
        })?),
    };
    let health = Health {
        queue_length: i32::try_from(beat.queue_length).unwrap_or(i32::MAX),
        oldest_unsent_at,
        app_version: beat.app_version.chars().take(64).collect(),
    };
    state
        .store
        .kiosk_heartbeat(kiosk.id, &health, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
