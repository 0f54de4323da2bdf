//! Health, for load balancers, orchestrators and monitoring, in two questions:
//! is the process alive (`/healthz`: restart it if not), and can it take
//! feedback now (`/readyz`: send it none if not). A server whose database answers
//! reads but cannot commit is alive and not ready.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::app::AppState;

/// How long readiness waits for its commit: well under a load balancer's
/// check interval, and under SQLite's busy timeout, which would otherwise hold
/// the answer for 5 s.
const READY_WITHIN: Duration = Duration::from_secs(2);

/// `GET /healthz`: liveness. `200` whenever the server answers at all.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// `GET /readyz`: readiness. `200` when the store commits a write within
/// [`READY_WITHIN`], else `503`: a submission sent now would not be registered.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let committed = tokio::time::timeout(READY_WITHIN, state.store.commit_check()).await;
    match committed {
        Ok(Ok(())) => (StatusCode::OK, Json(json!({ "status": "ready" }))),
        failed => {
            let error = match failed {
                Ok(Err(error)) => error.to_string(),
                _ => format!("no commit within {READY_WITHIN:?}"),
            };
            tracing::warn!(%error, "not ready: the store cannot commit");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable" })),
            )
        }
    }
}
