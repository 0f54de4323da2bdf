//! `/metrics`: off and not found without a token, `401` without the right one,
//! and with it the Prometheus text format: requests by route (never a path),
//! submissions by kind and channel, unsent e-mail, silent kiosks, the pools.

use std::collections::BTreeMap;

use glas_server::clock::{Clock, ManualClock};
use glas_server::store::mail::OutgoingMail;
use reqwest::StatusCode;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::helpers::{TestApp, complaint, spawn_app, spawn_app_configured, workspace_path};

const TOKEN: &str = "metrics-token-for-the-tests";

/// A server whose metrics are read with [`TOKEN`].
async fn app_with_metrics(clock: Clock) -> TestApp {
    spawn_app_configured(None, clock, |s| s.metrics_token = Some(TOKEN.into())).await
}

async fn scrape(app: &TestApp, token: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url("/metrics"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("request sent")
}

/// One sample: its name and labels.
type Series = (String, BTreeMap<String, String>);

/// The samples of a Prometheus text exposition (format 0.0.4), read strictly:
/// every line is a comment (`# HELP`, `# TYPE`) or a sample `name{labels} value`
/// of a family whose `# TYPE` came before it, and no series appears twice.
fn parse(text: &str) -> BTreeMap<Series, f64> {
    let mut typed: Vec<String> = Vec::new();
    let mut samples = BTreeMap::new();
    for line in text.lines() {
        if let Some(comment) = line.strip_prefix("# ") {
            let mut words = comment.splitn(3, ' ');
            let (what, name) = (words.next().unwrap(), words.next().unwrap());
            assert!(valid_name(name), "{line}");
            match what {
                "TYPE" => {
                    let kind = words.next().unwrap();
                    assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
                    typed.push(name.to_owned());
                }
                "HELP" => {}
                _ => panic!("an unknown comment: {line}"),
            }
            continue;
        }
        let (series, value) = line.rsplit_once(' ').expect("a sample and its value");
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            value => value.parse().unwrap_or_else(|_| panic!("a number: {line}")),
        };
        let (name, labels) = match series.split_once('{') {
            Some((name, labels)) => (name, labels.strip_suffix('}').expect("closed labels")),
            None => (series, ""),
        };
        assert!(valid_name(name), "{line}");
        assert!(
            typed.iter().any(|family| name == family
                || ["_bucket", "_sum", "_count"]
                    .iter()
                    .any(|suffix| name.strip_suffix(suffix) == Some(family))),
            "a sample of a family not typed before it: {line}"
        );
        let labels = labels
            .split(',')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').expect("label=value");
                assert!(valid_name(key), "{line}");
                let value = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .expect("a quoted value");
                (key.to_owned(), value.to_owned())
            })
            .collect();
        let previous = samples.insert((name.to_owned(), labels), value);
        assert!(previous.is_none(), "a series twice: {line}");
    }
    samples
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// The value of `name` with exactly `labels`, if the metrics have it.
fn value(metrics: &BTreeMap<Series, f64>, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let labels = labels
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    metrics.get(&(name.to_owned(), labels)).copied()
}

async fn metrics(app: &TestApp) -> (String, BTreeMap<Series, f64>) {
    let response = scrape(app, Some(TOKEN)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    let parsed = parse(&text);
    (text, parsed)
}

#[tokio::test]
async fn without_a_token_set_metrics_are_off_and_not_found() {
    let app = spawn_app().await;
    for token in [None, Some(TOKEN), Some("")] {
        let response = scrape(&app, token).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{token:?}");
        assert!(!response.text().await.unwrap().contains("glas_"));
    }
}

#[tokio::test]
async fn metrics_are_refused_without_the_token_or_with_a_wrong_one() {
    let app = app_with_metrics(Clock::System).await;
    for token in [None, Some("wrong"), Some(&TOKEN[1..]), Some("")] {
        let response = scrape(&app, token).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        assert!(
            !response.text().await.unwrap().contains("glas_"),
            "{token:?}"
        );
    }
    let basic = app
        .client
        .get(app.url("/metrics"))
        .basic_auth("prometheus", Some(TOKEN))
        .send()
        .await
        .unwrap();
    assert_eq!(
        basic.status(),
        StatusCode::UNAUTHORIZED,
        "only as a bearer token"
    );
}

#[tokio::test]
async fn the_metrics_count_requests_by_route_submissions_unsent_mail_and_the_pools() {
    let app = app_with_metrics(Clock::System).await;
    let created = app.post_submission(&complaint()).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let receipt: glas_shared::Receipt = created.json().await.unwrap();
    let tracking = app.client.get(&receipt.tracking_url).send().await.unwrap();
    assert_eq!(tracking.status(), StatusCode::OK);
    let token = receipt.tracking_url.rsplit('/').next().unwrap().to_owned();
    assert_eq!(
        app.get("/no/such/page").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/widget/glas.js").await.status(), StatusCode::OK);
    // No SMTP server is set in the tests: what is queued stays unsent.
    app.store
        .enqueue_mail(
            &OutgoingMail {
                purpose: "answer",
                submission_id: None,
                to: "citizen@example.org".into(),
                subject: "Отговор".into(),
                body: "…".into(),
            },
            OffsetDateTime::now_utc() - Duration::minutes(5),
        )
        .await
        .unwrap();

    let response = scrape(&app, Some(TOKEN)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    let text = response.text().await.unwrap();
    let metrics = parse(&text);

    assert_eq!(
        value(
            &metrics,
            "glas_submissions",
            &[("kind", "complaint"), ("channel", "web")]
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        value(
            &metrics,
            "glas_http_requests_total",
            &[
                ("method", "POST"),
                ("route", "/api/v1/submissions"),
                ("status", "201")
            ]
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        value(
            &metrics,
            "glas_http_requests_total",
            &[
                ("method", "GET"),
                ("route", "/track/{token}"),
                ("status", "200")
            ]
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        value(
            &metrics,
            "glas_http_requests_total",
            &[
                ("method", "GET"),
                ("route", "(no route)"),
                ("status", "404")
            ]
        ),
        Some(1.0),
        "an unknown path is counted without its path: {text}"
    );
    assert_eq!(
        value(
            &metrics,
            "glas_http_requests_total",
            &[
                ("method", "GET"),
                ("route", "/widget/{*file}"),
                ("status", "200")
            ]
        ),
        Some(1.0),
        "the widget's files are one route: {text}"
    );
    assert_eq!(
        value(
            &metrics,
            "glas_http_request_duration_seconds_count",
            &[("route", "/api/v1/submissions")]
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        value(
            &metrics,
            "glas_http_request_duration_seconds_bucket",
            &[("route", "/track/{token}"), ("le", "+Inf")]
        ),
        Some(1.0),
        "{text}"
    );
    assert!(
        !text.contains(&token),
        "the tracking token is never a label"
    );
    assert!(!text.contains("/no/such/page"));
    assert!(!text.contains(TOKEN));

    assert_eq!(
        value(&metrics, "glas_mail_unsent", &[]),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        value(&metrics, "glas_mail_failing", &[]),
        Some(0.0),
        "{text}"
    );
    assert_eq!(
        value(&metrics, "glas_mail_rejected", &[]),
        Some(0.0),
        "{text}"
    );
    let age = value(&metrics, "glas_mail_oldest_unsent_age_seconds", &[]).unwrap();
    assert!(
        (300.0..400.0).contains(&age),
        "queued five minutes ago: {age}"
    );
    assert_eq!(value(&metrics, "glas_kiosks_silent", &[]), Some(0.0));

    for pool in ["writer", "reader"] {
        let labels = [("pool", pool)];
        let open = value(&metrics, "glas_db_pool_connections", &labels).unwrap();
        let idle = value(&metrics, "glas_db_pool_idle_connections", &labels).unwrap();
        let max = value(&metrics, "glas_db_pool_max_connections", &labels).unwrap();
        assert!(open >= 1.0 && idle <= open && open <= max, "{pool}: {text}");
    }
    assert_eq!(
        value(
            &metrics,
            "glas_db_pool_max_connections",
            &[("pool", "writer")]
        ),
        Some(1.0),
        "one writer"
    );
    if app.database_url.starts_with("postgres") {
        assert_eq!(
            value(
                &metrics,
                "glas_db_pool_max_connections",
                &[("pool", "jobs")]
            ),
            Some(1.0),
            "the mail worker's own connection: {text}"
        );
    }

    // The scrape itself is counted, by the next one.
    let (_, again) = self::metrics(&app).await;
    assert_eq!(
        value(
            &again,
            "glas_http_requests_total",
            &[("method", "GET"), ("route", "/metrics"), ("status", "200")]
        ),
        Some(1.0)
    );
}

#[tokio::test]
async fn submissions_are_counted_from_the_database_so_a_restart_loses_none() {
    let app = app_with_metrics(Clock::System).await;
    for _ in 0..2 {
        assert_eq!(
            app.post_submission(&complaint()).await.status(),
            StatusCode::CREATED
        );
    }
    // Another server on the same database has answered no request, and counts
    // the same submissions.
    let other = app.another_server(Clock::System).await;
    let response = app
        .client
        .get(format!("{other}/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    let text = response.text().await.unwrap();
    let metrics = parse(&text);
    assert_eq!(
        value(
            &metrics,
            "glas_submissions",
            &[("kind", "complaint"), ("channel", "web")]
        ),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        value(
            &metrics,
            "glas_http_requests_total",
            &[
                ("method", "POST"),
                ("route", "/api/v1/submissions"),
                ("status", "201")
            ]
        ),
        None,
        "requests are this process's own"
    );
}

#[tokio::test]
async fn a_kiosk_is_counted_silent_once_a_working_day_passes_and_a_revoked_one_never() {
    // Monday morning.
    let clock = ManualClock::new(datetime!(2026-11-30 09:00 UTC));
    let app = app_with_metrics(Clock::Manual(clock.clone())).await;
    app.enrolled_kiosk("centre", clock.now()).await;
    let (revoked, _) = app.enrolled_kiosk("centre", clock.now()).await;
    app.store
        .revoke_kiosk(revoked, None, clock.now())
        .await
        .unwrap();

    let (text, metrics) = self::metrics(&app).await;
    assert_eq!(
        value(&metrics, "glas_kiosks_enrolled", &[]),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        value(&metrics, "glas_kiosks_silent", &[]),
        Some(0.0),
        "{text}"
    );

    // Wednesday: nothing heard from it on Tuesday, a whole working day.
    clock.advance(Duration::days(2));
    let (text, metrics) = self::metrics(&app).await;
    assert_eq!(
        value(&metrics, "glas_kiosks_silent", &[]),
        Some(1.0),
        "{text}"
    );
}

#[tokio::test]
async fn every_metric_is_described_in_the_readme() {
    let app = app_with_metrics(Clock::System).await;
    app.post_submission(&complaint()).await;
    let (text, _) = metrics(&app).await;
    let readme = std::fs::read_to_string(workspace_path("README.md")).unwrap();
    let families: Vec<&str> = text
        .lines()
        .filter_map(|line| line.strip_prefix("# TYPE "))
        .map(|typed| typed.split(' ').next().unwrap())
        .collect();
    assert!(families.len() >= 10, "{text}");
    for family in families {
        assert!(
            readme.contains(&format!("`{family}`")),
            "README's monitoring section names `{family}`"
        );
    }
}
