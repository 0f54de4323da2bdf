//! Every route, grouped by who calls it.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware;
use axum::routing::{get, post};
use tower::util::option_layer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::{Level, Span};

use crate::app::AppState;
use crate::auth;
use crate::config::Settings;
use crate::error::ApiError;
use crate::extract::RequestLocale;
use crate::openapi;
use crate::rate_limit::RateLimits;
use crate::routes::{
    assets, demo, desk, health, kiosk, kiosk_page, metrics, profile, stats, submissions, track,
    widget,
};
use crate::security::{self, Readers};

pub fn router(state: AppState, settings: &Settings) -> Router {
    let limits = RateLimits::new(settings);
    tokio::spawn(limits.clone().forget_idle_clients());

    // The widget and kiosks, from the municipality's pages (cross-origin), and
    // the API's OpenAPI description.
    let api = Router::new()
        .route(
            "/api/v1/submissions",
            limits.submissions.layer(post(submissions::create)),
        )
        .route("/api/v1/profile", get(profile::profile))
        .route(
            "/api/openapi.json",
            get(openapi::document).with_state(openapi::Served::new(&state.profile)),
        )
        .route(
            "/api/v1/submissions/batch",
            limits
                .submissions
                .layer(post(submissions::create_batch))
                .layer(DefaultBodyLimit::max(settings.max_batch_body_bytes)),
        )
        .layer(DefaultBodyLimit::max(settings.max_body_bytes))
        .layer(cors(&settings.allowed_origins));

    // Kiosks, from the kiosk page Glas serves itself (same origin): every call but
    // enrolment carries the kiosk's device token.
    let kiosks = Router::new()
        .route(
            "/api/v1/kiosk/enrol",
            limits.enrolments.layer(post(kiosk::enrol)),
        )
        .route(
            "/api/v1/kiosk/heartbeat",
            limits.kiosks.layer(post(kiosk::heartbeat)),
        )
        .route(
            "/api/v1/ratings",
            limits
                .kiosks
                .layer(post(kiosk::ratings))
                .layer(DefaultBodyLimit::max(settings.max_batch_body_bytes)),
        )
        .layer(DefaultBodyLimit::max(settings.max_body_bytes));

    // Kiosks' own screen, served by Glas (same origin): the page (where a kiosk
    // is enrolled too) and its service worker.
    let kiosk_screen = Router::new()
        .route("/kiosk", get(kiosk_page::page))
        .route("/kiosk/enrol", get(kiosk_page::page))
        .route("/kiosk/sw.js", get(kiosk_page::worker));
    let kiosk_screen = with_headers(kiosk_screen, Readers::Kiosk);

    // A citizen following their case: the tracking page, and its link as a QR
    // code (which a kiosk shows after a submission).
    let tracking = Router::new()
        .route(
            "/track/{token}",
            limits.tracking.layer(get(track::page_for_token)),
        )
        .route(
            "/track/{token}/revoke",
            limits.tracking.layer(post(track::revoke)),
        )
        .route(
            "/track/{token}/qr.svg",
            limits.tracking.layer(get(kiosk_page::tracking_qr)),
        );
    let tracking = with_headers(tracking, Readers::Tracking);

    // The public: the statistics and their open data, the demo host page and the
    // pages' stylesheets.
    let pages = Router::new()
        .route("/", get(demo::page))
        .route("/stats", get(stats::page_handler))
        .route("/stats.json", get(stats::json))
        .route("/stats.csv", get(stats::csv))
        .route("/stats/report/{year}", get(stats::report))
        .route(assets::PAGE_CSS, get(assets::page_css))
        .route(assets::DEMO_CSS, get(assets::demo_css))
        .route(assets::DESK_CSS, get(assets::desk_css));
    let pages = with_headers(pages, Readers::Public);

    // Operators' machines: liveness, readiness and, when a token is set, the
    // metrics (`/metrics`; without one it is not found, as any unknown path).
    let mut operators = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz));
    if state.metrics.is_some() {
        operators = operators.route("/metrics", get(metrics::metrics));
    }
    let operators = with_headers(operators, Readers::Operators);

    // Staff, at the desk: pages in a session (cookie `glas_desk`, path /desk);
    // every form but a GET's carries the session's CSRF token.
    let desk = Router::new()
        .route(
            "/desk/login",
            get(desk::login::form).merge(limits.logins.layer(post(desk::login::submit))),
        )
        .route(
            "/desk/login/code",
            get(desk::login::code_form).merge(limits.logins.layer(post(desk::login::code_submit))),
        )
        .route("/desk/logout", post(desk::login::logout))
        .route(
            auth::TOTP_PAGE,
            get(desk::totp::page).post(desk::totp::submit),
        )
        .route(
            "/desk/password",
            get(desk::password::form).post(desk::password::submit),
        )
        .route(
            "/desk/accounts",
            get(desk::accounts::list).post(desk::accounts::add),
        )
        .route("/desk/accounts/{id}", post(desk::accounts::change))
        .route(
            "/desk/kiosks",
            get(desk::kiosks::list).post(desk::kiosks::add),
        )
        .route("/desk/kiosks/{id}", post(desk::kiosks::act))
        .route("/desk", get(desk::inbox::page))
        .route("/desk/inbox.csv", get(desk::inbox::csv))
        .route(
            "/desk/intake",
            get(desk::intake::form).post(desk::intake::submit),
        )
        .route("/desk/audit", get(desk::audit::page))
        .route("/desk/set-aside", get(desk::set_aside::page))
        .route("/desk/submissions/{reference}", get(desk::submission::page))
        .route(
            "/desk/submissions/{reference}/answer",
            get(desk::submission::answer_form).post(desk::submission::answer),
        )
        .route(
            "/desk/submissions/{reference}/{action}",
            post(desk::submission::act),
        )
        .route(
            "/desk/submissions/{reference}/mail/{id}/resend",
            post(desk::submission::resend_mail),
        )
        .layer(middleware::from_fn(auth::csrf::require_token))
        .layer(auth::session::layer(
            state.store.session_store(),
            state.public_url.starts_with("https://"),
            settings.desk_session_idle_minutes,
        ))
        .layer(DefaultBodyLimit::max(auth::csrf::MAX_FORM_BYTES));
    let desk = with_headers(desk, Readers::Staff);

    let request_id = HeaderName::from_static("x-request-id");
    // Counted outside the time limit, so a request cut at it counts as its 408.
    let count_requests = state
        .metrics
        .clone()
        .map(|metrics| middleware::from_fn_with_state(metrics, crate::metrics::track));
    Router::new()
        .merge(api)
        .merge(kiosks)
        .merge(kiosk_screen)
        .merge(pages)
        .merge(operators)
        .merge(tracking)
        .merge(desk)
        .nest_service(
            WIDGET,
            widget::service(&settings.widget_dir, &state.profile),
        )
        .fallback(not_found)
        .with_state(state)
        .layer(catch_panic())
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(settings.request_timeout_secs),
        ))
        .layer(option_layer(count_requests))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// A handler's panic answered as a 500 (`error::panicked`), inside the request's
/// span, metrics and timeout, so it is logged and counted like any other 500.
fn catch_panic()
-> CatchPanicLayer<fn(Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response> {
    CatchPanicLayer::custom(crate::error::panicked as fn(_) -> _)
}

/// Where the widget's files are served (a nested service).
const WIDGET: &str = "/widget";

/// What a request's route is called in the log and the metrics: the route it
/// matched, as written above (`/track/{token}`), the widget's files as one, or
/// [`NO_ROUTE`]. Never its path, which may hold a citizen's tracking token (the
/// only key to their case), and never its query.
pub fn route_of(request: &Request<Body>) -> &str {
    match request.extensions().get::<MatchedPath>() {
        Some(route) => route.as_str(),
        // A nested service's requests carry no `MatchedPath`.
        None if request
            .uri()
            .path()
            .strip_prefix(WIDGET)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/')) =>
        {
            "/widget/{*file}"
        }
        None => NO_ROUTE,
    }
}

/// What a request's route is called when no route matched it.
pub const NO_ROUTE: &str = "(no route)";

/// A request's span in the log: its method and [route](route_of).
fn request_span(request: &Request<Body>) -> Span {
    let route = route_of(request);
    tracing::info_span!(
        "request",
        method = %request.method(),
        route,
        version = ?request.version(),
    )
}

/// `routes` with the security headers of the pages `readers` read (`security`).
fn with_headers<S: Clone + Send + Sync + 'static>(
    routes: Router<S>,
    readers: Readers,
) -> Router<S> {
    let [csp, nosniff, referrer, frames, cache] = security::headers(readers);
    routes
        .layer(csp)
        .layer(nosniff)
        .layer(referrer)
        .layer(frames)
        .layer(cache)
}

/// The API's CORS grant: the profile's and the settings' origins, compared as
/// browsers send them (`Origin` is serialised in lower case with no trailing
/// slash, so `https://Haskovo.bg/` as written in a profile still matches).
fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| {
            HeaderValue::from_str(&o.trim().trim_end_matches('/').to_ascii_lowercase())
                .inspect_err(|_| tracing::warn!(origin = %o, "ignoring an allowed origin that is not a valid header value"))
                .ok()
        })
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT_LANGUAGE])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(24 * 60 * 60))
}

async fn not_found(RequestLocale(locale): RequestLocale) -> ApiError {
    ApiError::NotFound(locale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_panicking_handler_is_answered_500_with_the_apis_error_body() {
        let app: Router = Router::new()
            .route(
                "/boom",
                get(|| async {
                    panic!("a bug");
                    #[allow(unreachable_code)]
                    ()
                }),
            )
            .layer(catch_panic());
        let response = app
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .expect("an answer, not a dropped connection");
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 64 * 1024)
            .await
            .unwrap();
        let body: glas_shared::ErrorBody = serde_json::from_slice(&body).unwrap();
        assert_eq!(body.errors[0].code, "internal");
        assert!(
            !body.errors[0].message.contains("a bug"),
            "the cause stays in the log"
        );
    }
}
