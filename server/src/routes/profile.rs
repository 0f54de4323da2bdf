use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

use glas_shared::Profile;

use crate::app::AppState;
use crate::openapi;

/// The municipality's public profile.
///
/// `GET /api/v1/profile`: names, contacts, units, accepted kinds and deadlines,
/// for the widget and kiosks.
#[utoipa::path(
    get,
    path = "/api/v1/profile",
    operation_id = "profile",
    tag = "profile",
    responses(
        (status = 200, description = "The municipality's public profile (cacheable for 5 minutes).",
            body = Profile),
        openapi::Transport,
    )
)]
pub async fn profile(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(state.profile.as_ref().clone()),
    )
}
