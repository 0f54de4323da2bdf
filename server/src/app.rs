//! What every handler may read: the application's state. It imports nothing from
//! the routes or from `startup`, so any module may depend on it.

use std::path::Path;
use std::sync::Arc;

use glas_shared::Profile;

use crate::clock::Clock;
use crate::store::Store;

#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub profile: Arc<Profile>,
    pub clock: Clock,
    /// Where citizens reach this server, without a trailing slash.
    pub public_url: Arc<str>,
    pub max_body_bytes: usize,
    /// Less time than this between a form's opening and its send is a robot's
    /// (`screening`).
    pub min_fill_time: std::time::Duration,
    /// Where `cargo xtask widget` wrote the widget and the kiosk's screen.
    pub widget_dir: Arc<Path>,
    /// The public statistics, computed once per change (`stats::Cache`).
    pub stats: crate::stats::Cache,
    /// Prometheus metrics, when a token to read them is set (`metrics_token`).
    pub metrics: Option<crate::metrics::Metrics>,
    /// Admins use the desk only with two-step sign-in on
    /// (`desk_require_totp_for_admins`).
    pub desk_require_totp_for_admins: bool,
}
