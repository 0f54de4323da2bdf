use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

use crate::app::AppState;

/// `GET /api/v1/profile`: the municipality's public profile (names, contacts,
/// units, accepted kinds and deadlines), for the widget and kiosks.
pub async fn profile(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(state.profile.as_ref().clone()),
    )
}
