//! Rate limits: how often one client may submit, look up a case, sign in at the
//! desk or enrol a kiosk, and how often one kiosk may call. Past its limit a client
//! is answered `429 Too Many Requests` with `Retry-After`; the widget and the
//! kiosk keep what they were sending queued and try again later.
//!
//! A client is its IP address (an IPv6 address's /64, which one household or phone
//! usually holds whole). Behind a reverse proxy every connection comes from the
//! proxy, so the client's address is read from the header the proxy sets
//! (`trusted_proxy_header`), and from no header otherwise: a client could write
//! any address there. A kiosk is its device token, since a municipality's kiosks
//! may share one address.
//!
//! Each limit is a number of requests per minute, which may all come at once
//! (the generic cell rate algorithm of `governor`: one request's allowance comes
//! back every 60/n s). Clients not seen for a while are forgotten every minute.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use glas_shared::i18n::{pages, pages_key};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use sha2::{Digest, Sha256};

use crate::config::Settings;
use crate::error::ApiError;
use crate::extract::RequestLocale;

/// What a limit is counted on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Client {
    Address(IpAddr),
    /// A kiosk's device token, hashed: the limiter keeps no usable token.
    Kiosk([u8; 32]),
}

/// How a refusal is worded: as the API's errors (JSON, for the widget and the
/// kiosk), or as a line of text for a person at a page.
#[derive(Debug, Clone, Copy)]
pub enum Answer {
    Api,
    Page,
}

/// One limit, shared by the routes it guards.
#[derive(Clone)]
pub struct Limit {
    limiter: Option<Arc<DefaultKeyedRateLimiter<Client>>>,
    /// Count a request that carries a device token on the token, not the address.
    by_kiosk: bool,
    trusted_header: Option<HeaderName>,
    answer: Answer,
}

/// Every limit, built from the settings (`rate_limit_*`, `trusted_proxy_header`).
#[derive(Clone)]
pub struct RateLimits {
    /// Citizens' submissions (`POST /api/v1/submissions`, `…/batch`), per address.
    pub submissions: Limit,
    /// Tracking pages and their QR codes, per address.
    pub tracking: Limit,
    /// Sign-ins at the desk (`POST /desk/login`), per address.
    pub logins: Limit,
    /// A kiosk's calls (ratings, heartbeats, submissions), per device token.
    pub kiosks: Limit,
    /// Kiosk enrolments (`POST /api/v1/kiosk/enrol`), per address: codes cannot be guessed.
    pub enrolments: Limit,
}

impl RateLimits {
    pub fn new(settings: &Settings) -> RateLimits {
        let trusted_header = settings
            .trusted_proxy_header
            .as_deref()
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .and_then(|name| {
                HeaderName::try_from(name)
                    .inspect_err(|_| {
                        tracing::warn!(
                            header = name,
                            "the trusted proxy header is not a valid header name: ignoring it"
                        );
                    })
                    .ok()
            });
        let limit = |per_minute: u32, by_kiosk: bool, answer: Answer| Limit {
            limiter: NonZeroU32::new(per_minute)
                .map(|n| Arc::new(RateLimiter::keyed(Quota::per_minute(n)))),
            by_kiosk,
            trusted_header: trusted_header.clone(),
            answer,
        };
        RateLimits {
            submissions: limit(settings.rate_limit_submissions, true, Answer::Api),
            tracking: limit(settings.rate_limit_tracking, false, Answer::Page),
            logins: limit(settings.rate_limit_logins, false, Answer::Page),
            kiosks: limit(settings.rate_limit_kiosks, true, Answer::Api),
            enrolments: limit(settings.rate_limit_enrolments, false, Answer::Api),
        }
    }

    /// Forgets, every minute, the clients whose allowance is whole again, so the
    /// limiters' memory follows the clients of the last minute, not of all time.
    pub async fn forget_idle_clients(self) {
        let mut every_minute = tokio::time::interval(Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            for limit in [
                &self.submissions,
                &self.tracking,
                &self.logins,
                &self.kiosks,
                &self.enrolments,
            ] {
                if let Some(limiter) = &limit.limiter {
                    limiter.retain_recent();
                    limiter.shrink_to_fit();
                }
            }
        }
    }
}

impl Limit {
    /// The middleware that holds `routes` to this limit.
    pub fn layer<S: Clone + Send + Sync + 'static>(
        &self,
        routes: axum::routing::MethodRouter<S>,
    ) -> axum::routing::MethodRouter<S> {
        routes.route_layer(middleware::from_fn_with_state(self.clone(), enforce))
    }

    fn client(&self, request: &Request) -> Client {
        if self.by_kiosk
            && let Some(token) = bearer_token(request.headers())
        {
            return Client::Kiosk(Sha256::digest(token.as_bytes()).into());
        }
        let peer = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip());
        let forwarded = self
            .trusted_header
            .as_ref()
            .and_then(|name| forwarded_address(request.headers(), name));
        let address = forwarded.or(peer).unwrap_or(IpAddr::from([0, 0, 0, 0]));
        Client::Address(household(address))
    }
}

async fn enforce(State(limit): State<Limit>, request: Request, next: Next) -> Response {
    let Some(limiter) = &limit.limiter else {
        return next.run(request).await;
    };
    match limiter.check_key(&limit.client(&request)) {
        Ok(()) => next.run(request).await,
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let RequestLocale(locale) = RequestLocale::from_headers(request.headers());
            tracing::info!(?wait, "a client over its rate limit was refused");
            let mut response = match limit.answer {
                Answer::Api => ApiError::RateLimited(locale).into_response(),
                Answer::Page => (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(
                        CONTENT_TYPE,
                        HeaderValue::from_static("text/plain; charset=utf-8"),
                    )],
                    pages().text(locale, pages_key::RATE_LIMITED),
                )
                    .into_response(),
            };
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(retry_after_secs(wait)));
            response
        }
    }
}

/// Whole seconds, rounded up: a client that waits as told is let through.
fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|token| !token.is_empty())
}

/// The client's address as the trusted proxy wrote it: the header's last address,
/// the one the proxy nearest to Glas added (`X-Forwarded-For: client, proxy1`
/// grows at its end; what a client wrote itself comes before).
fn forwarded_address(headers: &HeaderMap, name: &HeaderName) -> Option<IpAddr> {
    let value = headers.get_all(name).iter().next_back()?.to_str().ok()?;
    let last = value.rsplit(',').next()?.trim();
    last.parse::<IpAddr>()
        .ok()
        .or_else(|| last.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// An IPv6 address's /64 (one network, as a home or a phone is given), any other as it is.
fn household(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(Ipv6Addr::from(segments))
            }
        },
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proxys_own_entry_is_the_last_one() {
        let name = HeaderName::from_static("x-forwarded-for");
        let mut headers = HeaderMap::new();
        headers.insert(&name, HeaderValue::from_static("6.6.6.6, 203.0.113.7"));
        assert_eq!(
            forwarded_address(&headers, &name),
            Some("203.0.113.7".parse().unwrap())
        );
        headers.insert(&name, HeaderValue::from_static("[2001:db8::1]:443"));
        assert_eq!(
            forwarded_address(&headers, &name),
            Some("2001:db8::1".parse().unwrap())
        );
        headers.insert(&name, HeaderValue::from_static("unknown"));
        assert_eq!(forwarded_address(&headers, &name), None);
    }

    #[test]
    fn an_ipv6_client_is_its_64_and_a_mapped_ipv4_its_address() {
        assert_eq!(
            household("2001:db8:1:2:aaaa:bbbb:cccc:dddd".parse().unwrap()),
            "2001:db8:1:2::".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            household("::ffff:198.51.100.4".parse().unwrap()),
            "198.51.100.4".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_secs(6)), 6);
        assert_eq!(retry_after_secs(Duration::from_millis(6001)), 7);
    }
}
