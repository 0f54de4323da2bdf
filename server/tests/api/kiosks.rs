//! Kiosks: enrolment by a one-time code, the device token, revocation, ratings
//! (idempotent, with the repeat rule) and the heartbeat.

use glas_server::auth::Role;
use glas_server::clock::{Clock, ManualClock};
use glas_server::kiosk::{CODE_VALID_FOR, code_digest, new_code};
use glas_shared::ErrorBody;
use glas_shared::rating::{Enrolled, RatingResults};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Connection;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::helpers::{TestApp, complaint, praise, spawn_app_configured};

const NOW: OffsetDateTime = datetime!(2026-11-30 09:00 UTC);

async fn app_at(clock: &ManualClock) -> TestApp {
    spawn_app_configured(None, Clock::Manual(clock.clone()), |_| {}).await
}

/// A kiosk for the unit `unit` as an administrator adds it: its id and code.
async fn add_kiosk(app: &TestApp, clock: &ManualClock, unit: &str) -> (i64, String) {
    let code = new_code();
    let id = app
        .store
        .add_kiosk(
            "Front hall",
            unit,
            &code_digest(&code),
            clock.now() + CODE_VALID_FOR,
            None,
            clock.now(),
        )
        .await
        .unwrap();
    (id, code)
}

/// A server on a clock at [`NOW`] with one enrolled kiosk for `unit`: the
/// clock, the server, the kiosk's id and its enrolment.
async fn with_kiosk(unit: &str) -> (ManualClock, TestApp, i64, Enrolled) {
    let clock = ManualClock::new(NOW);
    let app = app_at(&clock).await;
    let (id, kiosk) = app.enrolled_kiosk(unit, clock.now()).await;
    (clock, app, id, kiosk)
}

async fn post(app: &TestApp, path: &str, token: Option<&str>, body: Value) -> reqwest::Response {
    let mut request = app.client.post(app.url(path)).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("request sent")
}

async fn enrol(app: &TestApp, code: &str) -> reqwest::Response {
    post(app, "/api/v1/kiosk/enrol", None, json!({ "code": code })).await
}

fn rating(score: i64, at: OffsetDateTime) -> Value {
    json!({
        "id": Uuid::new_v4().to_string(),
        "score": score,
        "created_at": at.format(&time::format_description::well_known::Rfc3339).unwrap(),
    })
}

async fn rate(app: &TestApp, token: &str, ratings: &[Value]) -> reqwest::Response {
    post(
        app,
        "/api/v1/ratings",
        Some(token),
        json!({ "ratings": ratings }),
    )
    .await
}

async fn rated(app: &TestApp, token: &str, ratings: &[Value]) -> Vec<(u16, bool)> {
    let response = rate(app, token, ratings).await;
    assert_eq!(response.status(), StatusCode::OK);
    let results: RatingResults = response.json().await.unwrap();
    results
        .results
        .iter()
        .map(|r| (r.status, r.repeat))
        .collect()
}

/// Every stored rating as (unit, score, repeat), oldest tap first, read through
/// a connection of its own.
async fn stored_ratings(app: &TestApp) -> Vec<(String, i64, bool)> {
    let sql = "SELECT unit, CAST(score AS INTEGER), repeat FROM ratings ORDER BY created_ms";
    if app.database_url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(&app.database_url)
            .await
            .unwrap();
        let rows: Vec<(String, i64, bool)> = sqlx::query_as(sql).fetch_all(&mut c).await.unwrap();
        rows
    } else {
        let mut c = sqlx::PgConnection::connect(&app.database_url)
            .await
            .unwrap();
        let rows: Vec<(String, i32, bool)> = sqlx::query_as(sql).fetch_all(&mut c).await.unwrap();
        rows.into_iter()
            .map(|(u, s, r)| (u, i64::from(s), r))
            .collect()
    }
}

#[tokio::test]
async fn an_enrolment_code_works_once_and_only_while_it_is_fresh() {
    let clock = ManualClock::new(NOW);
    let app = app_at(&clock).await;
    let (_, code) = add_kiosk(&app, &clock, "local-taxes").await;
    let (_, late) = add_kiosk(&app, &clock, "local-taxes").await;

    // Typed in lower case with spaces, it still reads.
    let typed = code.to_lowercase().replace('-', " ");
    let first = app.enrol_kiosk(&typed).await;
    assert_eq!(first.unit, "local-taxes");
    assert!(first.token.len() >= 43, "256 bits: {}", first.token);

    let again = enrol(&app, &code).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: ErrorBody = again.json().await.unwrap();
    assert_eq!(body.errors[0].code, "invalid_code");
    assert_eq!(body.errors[0].field, "code");

    clock.advance(CODE_VALID_FOR + Duration::seconds(1));
    assert_eq!(
        enrol(&app, &late).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "an expired code"
    );
    assert_eq!(
        enrol(&app, "ACDE-FGHJ").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a code nobody made"
    );
}

#[tokio::test]
async fn a_rating_is_given_in_the_kiosks_unit_once_whatever_the_retries() {
    let (_, app, _, kiosk) = with_kiosk("centre").await;

    let tap = rating(4, NOW - Duration::minutes(3));
    assert_eq!(
        rated(&app, &kiosk.token, std::slice::from_ref(&tap)).await,
        [(201, false)]
    );
    // The answer was lost: the kiosk sends it again.
    assert_eq!(
        rated(&app, &kiosk.token, std::slice::from_ref(&tap)).await,
        [(200, false)]
    );
    // The same id with another face is a conflict, not a second rating.
    let mut changed = tap.clone();
    changed["score"] = json!(1);
    assert_eq!(rated(&app, &kiosk.token, &[changed]).await, [(409, false)]);

    let stored = stored_ratings(&app).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].0, "centre");
    assert_eq!(stored[0].1, 4);
}

#[tokio::test]
async fn a_bad_rating_is_refused_on_its_own_and_the_rest_are_stored() {
    let (_, app, _, kiosk) = with_kiosk("centre").await;

    let good = rating(2, NOW - Duration::minutes(10));
    let mut five = rating(5, NOW - Duration::minutes(5));
    five["score"] = json!(5);
    let response = rate(&app, &kiosk.token, &[good, five]).await;
    let results: RatingResults = response.json().await.unwrap();
    assert_eq!(results.results[0].status, 201);
    assert_eq!(results.results[1].status, 422);
    assert_eq!(results.results[1].errors[0].field, "score");
    assert_eq!(stored_ratings(&app).await.len(), 1);
}

#[tokio::test]
async fn taps_within_ten_seconds_of_the_last_are_stored_as_repeats() {
    let clock = ManualClock::new(NOW);
    let app = app_at(&clock).await;
    let (_, code) = add_kiosk(&app, &clock, "centre").await;
    let (_, other_code) = add_kiosk(&app, &clock, "centre").await;
    let kiosk = app.enrol_kiosk(&code).await;
    let other = app.enrol_kiosk(&other_code).await;
    let t = NOW - Duration::hours(1);

    // A citizen taps; a child then taps three more times; the next citizen
    // comes a minute later.
    let taps = [
        rating(1, t),
        rating(4, t + Duration::seconds(2)),
        rating(4, t + Duration::seconds(9)),
        rating(3, t + Duration::seconds(18)),
        rating(2, t + Duration::seconds(80)),
    ];
    assert_eq!(
        rated(&app, &kiosk.token, &taps).await,
        [
            (201, false),
            (201, true),
            (201, true),
            (201, true),
            (201, false)
        ]
    );
    // Another kiosk's tap at the same moment is nobody's repeat.
    assert_eq!(
        rated(&app, &other.token, &[rating(3, t + Duration::seconds(1))]).await,
        [(201, false)]
    );
    // Batches out of order: a tap that arrives after a later one it closely
    // precedes makes that one a repeat.
    let late = t + Duration::minutes(10);
    assert_eq!(
        rated(
            &app,
            &kiosk.token,
            &[rating(4, late + Duration::seconds(4))]
        )
        .await,
        [(201, false)]
    );
    assert_eq!(
        rated(&app, &kiosk.token, &[rating(1, late)]).await,
        [(201, false)]
    );
    let repeats = stored_ratings(&app).await.iter().filter(|r| r.2).count();
    assert_eq!(repeats, 4, "three from the child, one found late");
    // What the kiosk already marked stays marked.
    let mut marked = rating(3, t + Duration::minutes(30));
    marked["repeat"] = json!(true);
    assert_eq!(rated(&app, &kiosk.token, &[marked]).await, [(201, true)]);
}

#[tokio::test]
async fn a_revoked_kiosk_is_refused_until_it_is_enrolled_again() {
    let (clock, app, id, kiosk) = with_kiosk("centre").await;
    let store = &app.store;
    assert!(store.revoke_kiosk(id, None, clock.now()).await.unwrap());

    let tap = rating(3, NOW - Duration::minutes(1));
    let refused = rate(&app, &kiosk.token, std::slice::from_ref(&tap)).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(refused.headers().get("www-authenticate").unwrap(), "Bearer");
    let body: ErrorBody = refused.json().await.unwrap();
    assert_eq!(body.errors[0].code, "not_enrolled");
    assert!(stored_ratings(&app).await.is_empty());
    let listed = store.kiosks().await.unwrap();
    assert!(listed[0].revoked_at.is_some());
    assert!(listed[0].refused_at.is_some(), "the desk sees the refusal");

    // Without a token, or with one nobody has: refused the same way.
    let anonymous = post(&app, "/api/v1/ratings", None, json!({ "ratings": [tap] })).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        rate(&app, "not-a-token", std::slice::from_ref(&tap))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // A new code enrols it again, with a new token; the old one stays dead, and
    // the queue the kiosk kept is delivered.
    let again = app.enrol_kiosk_again(id, clock.now()).await;
    assert_ne!(again.token, kiosk.token);
    assert_eq!(
        rate(&app, &kiosk.token, std::slice::from_ref(&tap))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(rated(&app, &again.token, &[tap]).await, [(201, false)]);
    let kiosk_actions: Vec<String> = app
        .audit_actions()
        .await
        .into_iter()
        .filter(|a| a.starts_with("kiosk"))
        .collect();
    assert_eq!(
        kiosk_actions,
        [
            "kiosk_added",
            "kiosk_enrolled",
            "kiosk_revoked",
            "kiosk_code",
            "kiosk_enrolled"
        ]
    );
}

#[tokio::test]
async fn a_heartbeat_tells_the_desk_how_the_kiosk_is() {
    let (clock, app, _, kiosk) = with_kiosk("centre").await;
    let store = &app.store;
    assert!(store.kiosks().await.unwrap()[0].last_seen_at.is_none());

    clock.advance(Duration::minutes(5));
    let beat = json!({
        "queue_length": 3,
        "oldest_unsent_at": "2026-11-30T10:50:00+02:00",
        "app_version": "0.1.0",
    });
    let response = post(&app, "/api/v1/kiosk/heartbeat", Some(&kiosk.token), beat).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let listed = &store.kiosks().await.unwrap()[0];
    assert_eq!(listed.last_seen_at, Some(NOW + Duration::minutes(5)));
    assert_eq!(listed.queue_length, Some(3));
    assert_eq!(
        listed.oldest_unsent_at,
        Some(datetime!(2026-11-30 08:50 UTC))
    );
    assert_eq!(listed.app_version.as_deref(), Some("0.1.0"));

    let bad = json!({ "queue_length": 0, "oldest_unsent_at": "soon", "app_version": "0.1.0" });
    let response = post(&app, "/api/v1/kiosk/heartbeat", Some(&kiosk.token), bad).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unenrolled = json!({ "queue_length": 0, "app_version": "0.1.0" });
    let response = post(&app, "/api/v1/kiosk/heartbeat", Some("nobody"), unenrolled).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

/// The code an admin's kiosk page shows, and the page.
async fn code_on(page: &str) -> String {
    let start = page
        .find("class=\"code\"><strong>")
        .expect("a code on the page")
        + "class=\"code\"><strong>".len();
    page[start..start + 9].to_owned()
}

#[tokio::test]
async fn an_admin_enrols_a_kiosk_at_the_desk_and_sees_how_it_is() {
    // Monday morning.
    let clock = ManualClock::new(NOW);
    let app = app_at(&clock).await;
    let (email, password) = app.add_staff(Role::Admin, &[], false).await;
    let desk = app.desk_client();
    desk.login(&email, &password).await;

    // An unknown unit is refused; a kiosk with no place is asked for one.
    let unknown = desk
        .submit(
            "/desk/kiosks",
            "/desk/kiosks",
            &[("name", "Фоайе"), ("unit", "moon")],
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let nameless = desk
        .submit(
            "/desk/kiosks",
            "/desk/kiosks",
            &[("name", " "), ("unit", "centre")],
        )
        .await;
    assert_eq!(nameless.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        nameless
            .text()
            .await
            .unwrap()
            .contains("aria-invalid=\"true\"")
    );

    let added = desk
        .submit(
            "/desk/kiosks",
            "/desk/kiosks",
            &[("name", "Фоайе, до входа"), ("unit", "local-taxes")],
        )
        .await;
    assert_eq!(added.status(), StatusCode::OK);
    let page = added.text().await.unwrap();
    let code = code_on(&page).await;
    assert!(page.contains("<svg"), "the QR code of the enrolment link");
    assert!(page.contains("/kiosk/enrol"));
    assert!(page.contains("Чака своя код"));
    // The code is shown once: the list does not show it again.
    let list = desk.get("/desk/kiosks").await.text().await.unwrap();
    assert!(!list.contains(&code));

    let kiosk = app.enrol_kiosk(&code).await;
    assert_eq!(kiosk.unit, "local-taxes");
    let beat = json!({ "queue_length": 2, "oldest_unsent_at": "2026-11-30T10:30:00+02:00", "app_version": "0.1.0" });
    post(&app, "/api/v1/kiosk/heartbeat", Some(&kiosk.token), beat).await;
    let list = desk.get("/desk/kiosks").await.text().await.unwrap();
    assert!(list.contains("Регистриран"));
    assert!(
        list.contains("30.11.2026 11:00"),
        "last heard from, in Sofia: {list}"
    );
    assert!(list.contains("2, най-старото от 30.11.2026 10:30"));
    assert!(!list.contains("Без връзка"));

    // A whole working day without a word: flagged.
    clock.advance(Duration::days(2));
    let list = desk.get("/desk/kiosks").await.text().await.unwrap();
    assert!(list.contains("Без връзка повече от един работен ден"));

    // Revoked: its requests are refused, and the desk says so.
    let id = app.store.kiosks().await.unwrap()[0].id;
    let revoked = desk
        .submit(
            "/desk/kiosks",
            &format!("/desk/kiosks/{id}"),
            &[("action", "revoke")],
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let refused = post(
        &app,
        "/api/v1/ratings",
        Some(&kiosk.token),
        json!({ "ratings": [rating(4, clock.now())] }),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let list = desk.get("/desk/kiosks").await.text().await.unwrap();
    assert!(list.contains("Отказан на"));

    // A new code enrols it again.
    let again = desk
        .submit(
            "/desk/kiosks",
            &format!("/desk/kiosks/{id}"),
            &[("action", "code")],
        )
        .await;
    let code = code_on(&again.text().await.unwrap()).await;
    assert_eq!(app.enrol_kiosk(&code).await.unit, "local-taxes");
}

#[tokio::test]
async fn only_an_admin_opens_the_kiosks_page() {
    let clock = ManualClock::new(NOW);
    let app = app_at(&clock).await;
    let (email, password) = app.add_staff(Role::Supervisor, &[], false).await;
    let desk = app.desk_client();
    desk.login(&email, &password).await;
    let page = desk.get("/desk/kiosks").await;
    assert_ne!(page.status(), StatusCode::OK);
    assert!(!page.text().await.unwrap().contains("/desk/kiosks/"));
}

#[tokio::test]
async fn glas_kiosk_add_prints_a_code_that_enrols_the_kiosk() {
    let clock = ManualClock::new(OffsetDateTime::now_utc());
    let app = app_at(&clock).await;
    let glas = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_glas"))
            .arg("kiosk")
            .args(args)
            .env("DATABASE_URL", &app.database_url)
            .env("GLAS_PUBLIC_URL", "https://glas.haskovo.bg")
            .env("RUST_LOG", "error")
            .output()
            .expect("glas runs");
        (
            output.status.success(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };

    let (ok, _, err) = glas(&["add", "--unit", "moon", "Фоайе"]);
    assert!(!ok);
    assert!(err.contains("no unit \"moon\""), "{err}");

    let (ok, out, err) = glas(&["add", "--unit", "centre", "Фоайе"]);
    assert!(ok, "{err}");
    assert!(out.contains("https://glas.haskovo.bg/kiosk/enrol"), "{out}");
    let code = out
        .split("Enrolment code: ")
        .nth(1)
        .map(|rest| rest[..9].to_owned())
        .unwrap_or_else(|| panic!("no code in {out}"));
    assert_eq!(app.enrol_kiosk(&code).await.unit, "centre");

    let (ok, out, _) = glas(&["list"]);
    assert!(ok);
    assert!(out.contains("centre\tФоайе\tenrolled"), "{out}");
    let (ok, _, _) = glas(&["revoke", "1"]);
    assert!(ok);
    let (ok, _, err) = glas(&["revoke", "99"]);
    assert!(!ok);
    assert!(err.contains("no kiosk 99"), "{err}");
}

/// The statistics' rows of ratings as `(month, unit, score, repeat, count)`.
async fn rated_rows(app: &TestApp) -> Vec<(String, String, u8, bool, u64)> {
    let mut rows: Vec<_> = app
        .store
        .rollups()
        .await
        .unwrap()
        .rated
        .into_iter()
        .map(|(m, u, s, r, n)| (m.key(), u, s.value(), r, n))
        .collect();
    rows.sort();
    rows
}

#[tokio::test]
async fn ratings_count_in_the_statistics_by_month_unit_face_and_repeat() {
    // 1 December, 09:00 in Sofia: November has just ended.
    let clock = ManualClock::new(datetime!(2026-12-01 07:00 UTC));
    let app = app_at(&clock).await;
    let (_, code) = add_kiosk(&app, &clock, "centre").await;
    let kiosk = app.enrol_kiosk(&code).await;
    let before = app.store.stats_version().await.unwrap();

    // Taps this morning: this month's rows; the figures already published stay.
    let morning = clock.now() - Duration::minutes(30);
    rated(
        &app,
        &kiosk.token,
        &[
            rating(4, morning),
            rating(4, morning + Duration::seconds(3)),
        ],
    )
    .await;
    assert_eq!(
        app.store.stats_version().await.unwrap().published,
        before.published
    );

    // A kiosk that was offline since the last days of November sends its taps:
    // they count in November, by the kiosk's clock, and November's figures are
    // computed again. Out of order: the later tap first.
    let november = datetime!(2026-11-28 10:00 UTC);
    rated(
        &app,
        &kiosk.token,
        &[rating(1, november + Duration::seconds(5))],
    )
    .await;
    assert!(app.store.stats_version().await.unwrap().published > before.published);
    rated(&app, &kiosk.token, &[rating(2, november)]).await;

    assert_eq!(
        rated_rows(&app).await,
        [
            ("2026-11".to_owned(), "centre".to_owned(), 1, true, 1),
            ("2026-11".to_owned(), "centre".to_owned(), 2, false, 1),
            ("2026-12".to_owned(), "centre".to_owned(), 4, false, 1),
            ("2026-12".to_owned(), "centre".to_owned(), 4, true, 1),
        ]
    );
    // A clock set to 1970 counts at the server's time of receipt.
    rated(
        &app,
        &kiosk.token,
        &[rating(3, datetime!(1970-01-01 00:00 UTC))],
    )
    .await;
    assert!(rated_rows(&app).await.contains(&(
        "2026-12".to_owned(),
        "centre".to_owned(),
        3,
        false,
        1
    )));

    // The rows are what the ratings give: a rebuild finds nothing to correct.
    let calendar = glas_server::profile::load(None).unwrap().calendar();
    let rebuilt = app
        .store
        .rebuild_stats(&calendar, clock.now())
        .await
        .unwrap();
    assert_eq!(rebuilt.differences, []);
}

#[tokio::test]
async fn a_kiosks_feedback_comes_from_its_unit_and_is_kept_while_it_is_revoked() {
    let (clock, app, id, kiosk) = with_kiosk("local-taxes").await;

    // Whatever channel and unit it says, it is the kiosk's.
    let mut said = complaint();
    said.channel = "web".into();
    said.unit = Some("centre".into());
    let said = serde_json::to_value(&said).unwrap();
    let one = post(&app, "/api/v1/submissions", Some(&kiosk.token), said).await;
    assert_eq!(one.status(), StatusCode::CREATED);
    let batch = json!({ "submissions": [praise()] });
    let response = post(&app, "/api/v1/submissions/batch", Some(&kiosk.token), batch).await;
    assert_eq!(response.status(), StatusCode::OK);
    let stored = app.stored().await;
    assert_eq!(stored.len(), 2);
    for row in &stored {
        assert_eq!(row.channel, "kiosk");
        assert_eq!(row.unit.as_deref(), Some("local-taxes"));
    }

    // Revoked: refused as a whole, so the kiosk keeps it; a wrong token is not
    // taken for no token at all.
    app.store.revoke_kiosk(id, None, clock.now()).await.unwrap();
    let waiting = complaint();
    let one = serde_json::to_value(&waiting).unwrap();
    let refused = post(&app, "/api/v1/submissions", Some(&kiosk.token), one).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let batch = json!({ "submissions": [waiting.clone()] });
    let refused = post(
        &app,
        "/api/v1/submissions/batch",
        Some(&kiosk.token),
        batch.clone(),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.stored().await.len(), 2);

    // Enrolled again: the same item goes through, once.
    let again = app.enrol_kiosk_again(id, clock.now()).await;
    for expected in [201, 200] {
        let response = post(
            &app,
            "/api/v1/submissions/batch",
            Some(&again.token),
            batch.clone(),
        )
        .await;
        let results: glas_shared::BatchResponse = response.json().await.unwrap();
        assert_eq!(results.results[0].status, expected);
    }
    assert_eq!(app.stored().await.len(), 3);
}

/// The JSON Lines in `out`, each parsed.
fn json_lines(out: &[u8]) -> Vec<Value> {
    std::str::from_utf8(out)
        .expect("UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

fn rfc3339(value: &Value) -> OffsetDateTime {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("not a time: {value}"));
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).unwrap()
}

#[tokio::test]
async fn glas_export_ratings_prints_every_rating_in_the_order_received_and_nothing_else() {
    let (clock, app, id, kiosk) = with_kiosk("centre").await;
    let submission = complaint();
    let response = app.post_submission(&submission).await;
    assert_eq!(response.status(), StatusCode::CREATED);

    // A tap, and five seconds later another, which arrives a minute after the first.
    let t = NOW - Duration::minutes(5);
    let first = rating(4, t);
    let second = rating(1, t + Duration::seconds(5));
    assert_eq!(
        rated(&app, &kiosk.token, std::slice::from_ref(&first)).await,
        [(201, false)]
    );
    clock.advance(Duration::minutes(1));
    assert_eq!(
        rated(&app, &kiosk.token, std::slice::from_ref(&second)).await,
        [(201, true)]
    );

    let settings = glas_server::config::Settings {
        database_url: app.database_url.clone().into(),
        ..glas_server::config::Settings::default()
    };
    let mut out = Vec::new();
    glas_server::export::ratings(&settings, &mut out)
        .await
        .expect("the ratings are exported");
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let expected = [
        (&first, 4, false, t, NOW),
        (
            &second,
            1,
            true,
            t + Duration::seconds(5),
            NOW + Duration::minutes(1),
        ),
    ];
    for (line, (tap, score, repeat, created_at, received_at)) in lines.iter().zip(expected) {
        let mut keys: Vec<&str> = line
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "counted_at",
                "created_at",
                "id",
                "kiosk",
                "received_at",
                "repeat",
                "score",
                "unit"
            ],
            "nothing more in a line: {line}"
        );
        assert_eq!(line["id"], tap["id"]);
        assert_eq!(line["kiosk"], json!(id));
        assert_eq!(line["unit"], "centre");
        assert_eq!(line["score"], json!(score));
        assert_eq!(line["repeat"], json!(repeat));
        assert_eq!(rfc3339(&line["created_at"]), created_at);
        assert_eq!(rfc3339(&line["received_at"]), received_at);
        assert_eq!(
            rfc3339(&line["counted_at"]),
            glas_shared::rating::counted_at(created_at, received_at)
        );
    }

    // Plain `glas export` still prints the submissions, as it always has, and no rating.
    let mut out = Vec::new();
    glas_server::export::run(&settings, &mut out)
        .await
        .expect("the submissions are exported");
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["id"], json!(submission.id));
    assert_eq!(lines[0]["kind"], "complaint");
    assert!(lines[0].get("score").is_none(), "{}", lines[0]);
    let stored: Vec<Value> = app
        .stored()
        .await
        .iter()
        .map(|row| serde_json::to_value(row).unwrap())
        .collect();
    assert_eq!(lines, stored);
}

#[tokio::test]
async fn glas_export_takes_ratings_or_nothing_and_shows_the_usage_otherwise() {
    let (_, app, _, kiosk) = with_kiosk("centre").await;
    assert_eq!(
        rated(&app, &kiosk.token, &[rating(3, NOW - Duration::minutes(1))]).await,
        [(201, false)]
    );
    let response = app.post_submission(&praise()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let glas = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_glas"))
            .arg("export")
            .args(args)
            .env("DATABASE_URL", &app.database_url)
            .env("RUST_LOG", "error")
            .output()
            .expect("glas runs");
        (
            output.status.success(),
            output.stdout,
            String::from_utf8(output.stderr).unwrap(),
        )
    };

    let (ok, out, err) = glas(&["ratings"]);
    assert!(ok, "{err}");
    let ratings = json_lines(&out);
    assert_eq!(ratings.len(), 1);
    assert_eq!(ratings[0]["score"], 3);

    let (ok, out, err) = glas(&[]);
    assert!(ok, "{err}");
    let submissions = json_lines(&out);
    assert_eq!(submissions.len(), 1);
    assert_eq!(submissions[0]["kind"], "praise");

    for wrong in [&["rating"][..], &["ratings", "now"], &["submissions"]] {
        let (ok, out, err) = glas(wrong);
        assert!(!ok, "glas export {wrong:?}");
        assert!(out.is_empty(), "glas export {wrong:?}");
        assert!(err.contains("glas export [ratings]"), "{err}");
    }
}
