//! Prometheus metrics, for the operators' monitoring (`/metrics`, behind a token).
//!
//! Requests and their latency are counted by this process as it answers them
//! ([`track`]). Everything else is read from the store at each scrape: the
//! submissions registered, the e-mail waiting, the kiosks gone silent, the
//! database's connection pools. Those survive a restart, and every instance on
//! one PostgreSQL database reports the same figures.
//!
//! Labels come from closed sets only: a route is its template (`/track/{token}`,
//! never the path, which may hold a citizen's tracking token: `router::route_of`,
//! as the log names it), and a method
//! outside HTTP's usual few is `other`, so no client can grow the set of series
//! by sending made-up paths or methods.

use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::Response;
use glas_shared::Profile;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::prometheus_text;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

use crate::kiosk;
use crate::router::route_of;
use crate::store::{Store, StoreError};

/// The `Content-Type` of what [`Metrics::render`] writes: the Prometheus text
/// format, version 0.0.4.
pub const CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;

/// The upper bounds of the latency histogram's buckets, in seconds: Prometheus'
/// usual ones, from 5 ms to 10 s (the request time limit is 30 s by default).
const LATENCY_BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The metrics this process keeps, and who may read them. Cloning shares them.
#[derive(Clone)]
pub struct Metrics {
    /// The SHA-256 of the token: digests of equal length are compared, so the
    /// comparison's time says nothing of the token's length either.
    token: [u8; 32],
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SubmissionLabels {
    kind: &'static str,
    channel: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    pool: &'static str,
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

impl Metrics {
    /// Metrics read with `token`; none when the token is empty (metrics off).
    pub fn new(token: &SecretString) -> Option<Metrics> {
        let token = token.expose_secret().trim();
        (!token.is_empty()).then(|| Metrics {
            token: Sha256::digest(token.as_bytes()).into(),
            requests: Family::default(),
            latency: Family::new_with_constructor(latency_histogram),
        })
    }

    /// Whether `headers` carry the token, as `Authorization: Bearer <token>`.
    pub fn admits(&self, headers: &HeaderMap) -> bool {
        let Some((scheme, token)) = headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split_once(' '))
        else {
            return false;
        };
        let given: [u8; 32] = Sha256::digest(token.trim().as_bytes()).into();
        scheme.eq_ignore_ascii_case("bearer") && bool::from(given.ct_eq(&self.token))
    }

    fn observe(&self, method: &Method, route: &str, status: u16, took: Duration) {
        let route = route.to_owned();
        self.requests
            .get_or_create(&RequestLabels {
                method: method_label(method),
                route: route.clone(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels { route })
            .observe(took.as_secs_f64());
    }

    /// Every metric, in the Prometheus text format, as of `now`: the requests
    /// counted so far, and what the store holds now.
    pub async fn render(
        &self,
        store: &Store,
        profile: &Profile,
        now: OffsetDateTime,
    ) -> Result<String, StoreError> {
        let mut registry = Registry::with_prefix("glas");
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route and status",
            self.requests.clone(),
        );
        registry.register_with_unit(
            "http_request_duration",
            "Time to answer an HTTP request (until the response's head), by route",
            Unit::Seconds,
            self.latency.clone(),
        );

        let submissions = Family::<SubmissionLabels, Gauge>::default();
        for (kind, channel, count) in store.received_by_kind_and_channel().await? {
            submissions
                .get_or_create(&SubmissionLabels {
                    kind: kind.as_str(),
                    channel: channel.as_str(),
                })
                .set(saturating(count));
        }
        registry.register(
            "submissions",
            "Submissions registered since the database was made, by kind and channel",
            submissions,
        );

        let mail = store.mail_queue_summary().await?;
        let oldest = mail
            .oldest_unsent
            .map_or(0, |at| (now - at).whole_seconds().max(0));
        registry.register(
            "mail_unsent",
            "E-mails queued and not yet accepted by the SMTP server",
            gauge(mail.unsent),
        );
        registry.register(
            "mail_failing",
            "Unsent e-mails whose last attempt failed",
            gauge(mail.failing),
        );
        registry.register(
            "mail_rejected",
            "Unsent e-mails the SMTP server refused for good, waiting for the desk",
            gauge(mail.rejected),
        );
        registry.register_with_unit(
            "mail_oldest_unsent_age",
            "Age of the oldest unsent e-mail (0 when none waits)",
            Unit::Seconds,
            gauge(oldest),
        );

        let kiosks = store.kiosks().await?;
        let calendar = profile.calendar();
        let enrolled = kiosks
            .iter()
            .filter(|k| k.enrolled_at.is_some() && k.revoked_at.is_none())
            .count();
        let silent = kiosks
            .iter()
            .filter(|k| kiosk::is_silent(k, now, &calendar))
            .count();
        registry.register(
            "kiosks_enrolled",
            "Kiosks enrolled and not revoked",
            gauge(saturating(enrolled as u64)),
        );
        registry.register(
            "kiosks_silent",
            "Enrolled kiosks not heard from since before the last working day that ended \
             (as the desk's Kiosks page flags them)",
            gauge(saturating(silent as u64)),
        );

        let open = Family::<PoolLabels, Gauge>::default();
        let idle = Family::<PoolLabels, Gauge>::default();
        let max = Family::<PoolLabels, Gauge>::default();
        for pool in store.pools() {
            let labels = PoolLabels { pool: pool.name };
            open.get_or_create(&labels).set(pool.open.into());
            idle.get_or_create(&labels).set(pool.idle.into());
            max.get_or_create(&labels).set(pool.max.into());
        }
        registry.register(
            "db_pool_connections",
            "Database connections open (idle or in use), by pool",
            open,
        );
        registry.register(
            "db_pool_idle_connections",
            "Database connections open and idle, by pool",
            idle,
        );
        registry.register(
            "db_pool_max_connections",
            "The most database connections a pool opens",
            max,
        );

        let mut text = String::new();
        // Writing to a `String` does not fail, nor do these metrics' encodings.
        prometheus_text::encode(&mut text, &registry).expect("the metrics encode as text");
        Ok(text)
    }
}

fn gauge(value: i64) -> Gauge {
    let gauge = Gauge::default();
    gauge.set(value);
    gauge
}

fn saturating(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A method as a label: HTTP's usual methods by name, anything else `other`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        _ => "other",
    }
}

/// Middleware: counts each request answered, and how long the answer took, by
/// its route. A request whose client leaves before the answer is not counted.
pub async fn track(State(metrics): State<Metrics>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let route = route_of(&request).to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.observe(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn with_authorization(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn only_the_bearer_of_the_token_may_read_the_metrics() {
        let metrics = Metrics::new(&SecretString::from("s3cret-token")).unwrap();
        assert!(metrics.admits(&with_authorization("Bearer s3cret-token")));
        assert!(metrics.admits(&with_authorization("bearer s3cret-token")));
        assert!(!metrics.admits(&HeaderMap::new()));
        assert!(!metrics.admits(&with_authorization("Bearer s3cret-toke")));
        assert!(!metrics.admits(&with_authorization("Bearer s3cret-token2")));
        assert!(!metrics.admits(&with_authorization("Basic s3cret-token")));
        assert!(!metrics.admits(&with_authorization("s3cret-token")));
    }

    #[test]
    fn an_empty_token_turns_the_metrics_off() {
        assert!(Metrics::new(&SecretString::from("")).is_none());
        assert!(Metrics::new(&SecretString::from("  ")).is_none());
    }

    #[test]
    fn a_made_up_method_is_one_label_not_a_new_series_each() {
        assert_eq!(method_label(&Method::POST), "POST");
        assert_eq!(
            method_label(&Method::from_bytes(b"FROBNICATE").unwrap()),
            "other"
        );
    }
}
