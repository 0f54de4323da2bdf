//! Personal data is kept only as long as the profile says (the Charter, rule 5):
//! after that the author's details are deleted and the submission stays, anonymous.

use std::time::Duration;

use time::OffsetDateTime;
use tower_sessions::ExpiredDeletion;

use crate::app::AppState;

const EVERY: Duration = Duration::from_secs(60 * 60);

/// The instant before which personal data is no longer kept.
pub fn cutoff(state: &AppState) -> OffsetDateTime {
    state.clock.now() - time::Duration::days(i64::from(state.profile.personal_data_retention_days))
}

/// Forgets what has expired now, then once an hour, for as long as the server runs.
pub async fn run(state: AppState) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        match state.store.forget_authors_before(cutoff(&state)).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(submissions = n, "deleted expired personal data"),
            Err(e) => tracing::error!(error = %e, "could not delete expired personal data"),
        }
        // Expired desk sessions, which no longer open anything, go too.
        if let Err(e) = state.store.session_store().delete_expired().await {
            tracing::error!(error = %e, "could not delete expired desk sessions");
        }
    }
}
