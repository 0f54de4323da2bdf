//! The public statistics: exact figures on a fixed clock, small counts hidden
//! (and whatever would give them away), nothing personal anywhere, the page and
//! the open data agreeing, and the rollups rebuilt when one is wrong.

use std::collections::BTreeMap;

use glas_server::auth::Role;
use glas_server::clock::{Clock, ManualClock};
use glas_shared::{NewSubmission, Receipt};
use reqwest::StatusCode;
use serde_json::Value;
use time::macros::datetime;

use crate::helpers::{DeskClient, TestApp, complaint, praise, spawn_app_configured};

async fn send(app: &TestApp, submission: NewSubmission) -> Receipt {
    let response = app.post_submission(&submission).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn clerk(app: &TestApp) -> DeskClient {
    let (email, password) = app.add_staff(Role::Supervisor, &[], false).await;
    let desk = app.desk_client();
    assert_eq!(
        desk.login(&email, &password).await.status(),
        StatusCode::SEE_OTHER
    );
    desk
}

async fn answer(desk: &DeskClient, reference: &str) {
    let form = format!("/desk/submissions/{reference}/answer");
    let response = desk
        .submit(
            &form,
            &form,
            &[("body", "Благодарим, проверихме и отстранихме проблема.")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

fn signal() -> NewSubmission {
    NewSubmission {
        kind: "signal".into(),
        text: "Дупка на пътя пред училището, опасно е.".into(),
        channel: "kiosk".into(),
        unit: Some("civil-registration".into()),
        ..complaint()
    }
}

fn anonymous_complaint() -> NewSubmission {
    NewSubmission {
        author: None,
        ..complaint()
    }
}

fn comment() -> NewSubmission {
    NewSubmission {
        kind: "comment".into(),
        text: "Сайтът е удобен.".into(),
        ..praise()
    }
}

fn corruption() -> NewSubmission {
    NewSubmission {
        kind: "corruption".into(),
        text: "Служител поиска пари.".into(),
        ..complaint()
    }
}

/// `measure/breakdown` → the value, or `<suppressed reason>`.
fn figures(json: &Value) -> BTreeMap<String, String> {
    json["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .map(|f| {
            let key = format!(
                "{}/{}",
                f["measure"].as_str().unwrap(),
                f["breakdown"].as_str().unwrap()
            );
            let value = match &f["value"] {
                Value::Number(n) => n.to_string(),
                _ => format!("<{}>", f["suppressed"].as_str().unwrap()),
            };
            (key, value)
        })
        .collect()
}

async fn json(app: &TestApp, query: &str) -> Value {
    let response = app.get(&format!("/stats.json?{query}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// September 2026 at Haskovo, on a fixed clock: what was received, answered and
/// not examined; the statistics read on 2 November (September and October ended).
async fn september(app: &TestApp, clock: &ManualClock) -> Vec<Receipt> {
    let mut receipts = Vec::new();
    for _ in 0..12 {
        receipts.push(send(app, complaint()).await);
    }
    for _ in 0..6 {
        receipts.push(
            send(
                app,
                NewSubmission {
                    channel: "kiosk".into(),
                    unit: Some("local-taxes".into()),
                    ..praise()
                },
            )
            .await,
        );
    }
    for _ in 0..3 {
        receipts.push(send(app, signal()).await);
    }
    receipts.push(send(app, comment()).await);
    for _ in 0..2 {
        receipts.push(send(app, anonymous_complaint()).await);
    }
    receipts.push(send(app, corruption()).await);
    // Thursday 10 September: five complaints answered on Monday 14th (2 working
    // days), one on Monday 21st, past its due day (Thursday 17th): 7 working days.
    let desk = clerk(app).await;
    clock.set(datetime!(2026-09-14 09:00 UTC));
    for r in &receipts[..5] {
        answer(&desk, &r.reference).await;
    }
    clock.set(datetime!(2026-09-21 09:00 UTC));
    answer(&desk, &receipts[5].reference).await;
    receipts
}

#[tokio::test]
async fn the_figures_of_a_month_are_exact_and_small_counts_are_hidden() {
    let clock = ManualClock::new(datetime!(2026-09-10 08:00 UTC));
    let app = spawn_app_configured(None, Clock::Manual(clock.clone()), |_| {}).await;
    let receipts = september(&app, &clock).await;
    clock.set(datetime!(2026-11-02 10:00 UTC));

    let data = json(&app, "period=2026-09").await;
    assert_eq!(data["schema"], "glas-stats/1");
    assert_eq!(data["period"], "2026-09");
    assert_eq!(data["unit"], "all");
    assert_eq!(data["small_count_threshold"], 5);
    assert_eq!(data["licence"]["name"], "CC BY 4.0");
    let f = figures(&data);
    let expect = |key: &str, value: &str| {
        assert_eq!(
            f.get(key).map(String::as_str),
            Some(value),
            "{key} in {f:#?}"
        );
    };
    // 24 received (the corruption report is not among them): 14 complaints, 6
    // praise, 3 signals, 1 comment. 3 and 1 are small; together 4, which the total
    // would give away, so the next smallest (6) is hidden too.
    expect("received/total", "24");
    expect("received/kind:complaint", "14");
    expect("received/kind:signal", "<small>");
    expect("received/kind:comment", "<small>");
    expect("received/kind:praise", "<hidden>");
    expect("received/kind:proposal", "0");
    // Channels: 15 on the website, 9 at kiosks.
    expect("received/channel:web", "15");
    expect("received/channel:kiosk", "9");
    expect("received/channel:phone", "0");
    // Units: 14 + 1 corruption-free at the centre, 6 local taxes, 3 civil
    // registration (small, and with it the next smallest), 1 with no unit.
    expect("received/unit:centre", "14");
    expect("received/unit:civil-registration", "<small>");
    expect("received/unit:none", "<small>");
    expect("received/unit:local-taxes", "<hidden>");
    expect("received/month:2026-09", "24");
    // Answered in September: 6 complaints, 5 of them on time (83 %); working days
    // 2, 2, 2, 2, 2, 7: median 2, 90th percentile 7.
    expect("answered/kind:complaint", "6");
    expect("answered_on_time_percent/kind:complaint", "83");
    expect("answer_working_days_median/kind:complaint", "2");
    expect("answer_working_days_p90/kind:complaint", "7");
    expect("answered/kind:signal", "0");
    expect("answered_on_time_percent/kind:signal", "<small_group>");
    // Two anonymous complaints, not examined: small.
    expect("not_examined/total", "<small>");
    expect("not_examined/reason:anonymous", "<small>");
    // Six complaints still open, due 17 September: overdue now.
    expect("overdue_now/total", "6");
    // One corruption report: the yearly total only, and small.
    expect("corruption_received/year:2026", "<small>");
    assert!(
        !f.keys()
            .any(|k| k.contains("corruption") && !k.starts_with("corruption_received"))
    );

    // Nothing personal, no text, no reference or tracking link anywhere.
    let page = app
        .get("/stats?period=2026-09&lang=en")
        .await
        .text()
        .await
        .unwrap();
    let csv = app
        .get("/stats.csv?period=2026-09")
        .await
        .text()
        .await
        .unwrap();
    let body = serde_json::to_string(&data).unwrap();
    for text in [&page, &csv, &body] {
        for secret in [
            "Мария",
            "Иванова",
            "maria@example.com",
            "0888",
            "Чакахме",
            "Дупка",
            "Служител",
            "Сайтът",
        ] {
            assert!(!text.contains(secret), "{secret} is published");
        }
        for r in &receipts {
            assert!(!text.contains(&r.reference), "{} is published", r.reference);
            assert!(
                !text.contains(r.tracking_url.rsplit('/').next().unwrap()),
                "a tracking token is published"
            );
        }
    }
}

#[tokio::test]
async fn the_page_the_json_and_the_csv_agree() {
    let clock = ManualClock::new(datetime!(2026-09-10 08:00 UTC));
    let app = spawn_app_configured(None, Clock::Manual(clock.clone()), |_| {}).await;
    september(&app, &clock).await;
    clock.set(datetime!(2026-11-02 10:00 UTC));
    for query in ["period=2026-09", "", "period=2026-Q3&unit=centre"] {
        let data = json(&app, query).await;
        let f = figures(&data);
        let csv = app.get(&format!("/stats.csv?{query}")).await;
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = csv.text().await.unwrap();
        assert!(csv.starts_with('\u{feff}'), "a byte order mark");
        let mut lines = csv.trim_start_matches('\u{feff}').split("\r\n");
        assert_eq!(
            lines.next(),
            Some("period,unit,measure,breakdown,value,suppressed")
        );
        let from_csv: BTreeMap<String, String> = lines
            .filter(|l| !l.is_empty())
            .map(|l| {
                let cells: Vec<&str> = l.split(',').collect();
                let value = if cells[4].is_empty() {
                    format!("<{}>", cells[5])
                } else {
                    cells[4].to_owned()
                };
                (format!("{}/{}", cells[2], cells[3]), value)
            })
            .collect();
        assert_eq!(from_csv, f, "{query}");

        // The page shows the same numbers where it shows them.
        let page = app
            .get(&format!("/stats?{query}&lang=en"))
            .await
            .text()
            .await
            .unwrap();
        let total = &f["received/total"];
        let shown = if total.starts_with('<') {
            "&lt;5".to_owned()
        } else {
            total.clone()
        };
        assert!(
            page.contains(&format!("Received in all: {shown}.")),
            "{query}: {page}"
        );
        let complaints = &f["received/kind:complaint"];
        if !complaints.starts_with('<') {
            assert!(
                page.contains(&format!(
                    "<th scope=\"row\">Complaints</th><td>{complaints}</td>"
                )),
                "{query}"
            );
        }
    }
}

#[tokio::test]
async fn a_period_or_a_unit_that_differs_by_one_submission_does_not_give_it_away() {
    let clock = ManualClock::new(datetime!(2026-09-10 08:00 UTC));
    let app = spawn_app_configured(None, Clock::Manual(clock.clone()), |_| {}).await;
    september(&app, &clock).await;
    // One more: a proposal by phone to local taxes in October. The year so far
    // (January to October) is the third quarter and this one submission.
    clock.set(datetime!(2026-10-06 08:00 UTC));
    send(
        &app,
        NewSubmission {
            kind: "proposal".into(),
            channel: "kiosk".into(),
            unit: Some("local-taxes".into()),
            ..complaint()
        },
    )
    .await;
    clock.set(datetime!(2026-11-02 10:00 UTC));
    let year = figures(&json(&app, "period=2026").await);
    let quarter = figures(&json(&app, "period=2026-Q3").await);
    // 25 in the year so far and 24 in the quarter would say that October had one:
    // the quarter's total is hidden (the smallest part of the year that is not).
    assert_eq!(year["received/total"], "25");
    assert_eq!(quarter["received/total"], "<hidden>");
    // What differs between the two, where both are shown, says what it was.
    for (key, in_year) in &year {
        if key.contains("/month:") || key.starts_with("answer") || key.starts_with("overdue") {
            continue;
        }
        let in_quarter = &quarter[key];
        let both_shown = !in_year.starts_with('<') && !in_quarter.starts_with('<');
        let revealing = key.contains("kind:") || key.contains("channel:") || key.contains("unit:");
        if revealing && both_shown {
            assert_eq!(
                in_year, in_quarter,
                "{key} gives the October submission away"
            );
        }
    }

    // The same with places: every unit, against every unit but the one with the
    // October submission, in October.
    let all = figures(&json(&app, "period=2026-10").await);
    let local = figures(&json(&app, "period=2026-10&unit=local-taxes").await);
    assert_eq!(all["received/total"], local["received/total"]);
    for key in ["received/kind:proposal", "received/channel:kiosk"] {
        assert_eq!(all[key], "<small>", "{key}");
        assert_eq!(local[key], "<small>", "{key}");
    }
}

#[tokio::test]
async fn the_figures_follow_each_change_that_reaches_them() {
    let clock = ManualClock::new(datetime!(2026-09-10 08:00 UTC));
    let app = spawn_app_configured(None, Clock::Manual(clock.clone()), |_| {}).await;
    let receipts = september(&app, &clock).await;
    clock.set(datetime!(2026-11-02 10:00 UTC));
    let first = figures(&json(&app, "period=2026-09").await);
    assert_eq!(first["overdue_now/total"], "6", "{first:#?}");

    // A registration today changes no figure of September, nor what is overdue.
    send(&app, complaint()).await;
    assert_eq!(figures(&json(&app, "period=2026-09").await), first);

    // An overdue complaint answered today: one fewer overdue, September's
    // figures as they were (it is answered in November).
    let desk = clerk(&app).await;
    answer(&desk, &receipts[6].reference).await;
    let answered = figures(&json(&app, "period=2026-09").await);
    assert_eq!(answered["overdue_now/total"], "5");
    let without_overdue = |f: &BTreeMap<String, String>| {
        f.iter()
            .filter(|(k, _)| !k.starts_with("overdue_now"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<BTreeMap<_, _>>()
    };
    assert_eq!(without_overdue(&answered), without_overdue(&first));

    // Three September complaints found outside the municipality's competence: a
    // change to an ended month, which the figures of September show at once
    // (2 + 3 not examined, no longer small).
    for r in &receipts[7..10] {
        let page = format!("/desk/submissions/{}", r.reference);
        let response = desk
            .submit(
                &page,
                &format!("{page}/status"),
                &[("status", "not_examined"), ("reason", "outside_competence")],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    let changed = figures(&json(&app, "period=2026-09").await);
    assert_eq!(changed["not_examined/total"], "5", "{changed:#?}");
    assert_eq!(changed["overdue_now/total"], "<small>");
    assert_eq!(changed["received/total"], first["received/total"]);
}

#[tokio::test]
async fn a_wrong_rollup_row_is_found_and_rebuilt() {
    let clock = ManualClock::new(datetime!(2026-09-10 08:00 UTC));
    let app = spawn_app_configured(None, Clock::Manual(clock.clone()), |_| {}).await;
    september(&app, &clock).await;
    clock.set(datetime!(2026-11-02 10:00 UTC));
    let before = figures(&json(&app, "period=2026-09").await);

    app.execute("UPDATE stats_received SET count = count + 40 WHERE kind = 'complaint'")
        .await;
    let store = app.store().await;
    let stored: u64 = store
        .rollups()
        .await
        .unwrap()
        .received
        .iter()
        .filter(|r| r.1 == glas_shared::Kind::Complaint)
        .map(|r| r.4)
        .sum();
    assert_eq!(stored, 54);

    let rebuilt = store
        .rebuild_stats(&glas_shared::calendar::Calendar::default(), clock.now())
        .await
        .unwrap();
    assert_eq!(rebuilt.submissions, 25);
    assert_eq!(rebuilt.differences.len(), 1, "{:?}", rebuilt.differences);
    let (key, was, is) = &rebuilt.differences[0];
    assert_eq!((*was, *is), (54, 14), "{key}");
    assert_eq!(figures(&json(&app, "period=2026-09").await), before);

    // Nothing wrong now: a second rebuild finds nothing.
    let again = store
        .rebuild_stats(&glas_shared::calendar::Calendar::default(), clock.now())
        .await
        .unwrap();
    assert!(again.differences.is_empty());
}

#[tokio::test]
async fn no_period_or_no_unit_is_a_404_and_the_page_speaks_three_languages() {
    let clock = ManualClock::new(datetime!(2026-11-02 10:00 UTC));
    let app = spawn_app_configured(None, Clock::Manual(clock), |_| {}).await;
    for path in [
        "/stats?period=2026-11",
        "/stats?period=nonsense",
        "/stats?unit=nowhere",
        "/stats.json?period=2027",
    ] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    for (lang, title) in [
        ("bg", "Статистика на обратната връзка"),
        ("en", "Feedback statistics"),
        ("tr", "Geri bildirim istatistikleri"),
    ] {
        let page = app
            .get(&format!("/stats?lang={lang}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains(&format!("<html lang=\"{lang}\">")));
        assert!(page.contains(&format!("<h1>{title}</h1>")), "{page}");
        // No figures yet: every chart still draws, with its table.
        assert_eq!(
            page.matches("<svg").count(),
            page.matches("<details>").count()
        );
    }
}

#[tokio::test]
async fn the_yearly_report_has_the_years_figures_and_hides_the_same_cells() {
    let clock = ManualClock::new(datetime!(2026-09-10 08:00 UTC));
    let app = spawn_app_configured(None, Clock::Manual(clock.clone()), |_| {}).await;
    september(&app, &clock).await;
    clock.set(datetime!(2026-11-02 10:00 UTC));
    let year = figures(&json(&app, "period=2026").await);
    let response = app.get("/stats/report/2026?lang=en").await;
    assert_eq!(response.status(), StatusCode::OK);
    let report = response.text().await.unwrap();
    assert!(report.contains("<h1>Yearly report on feedback and satisfaction, 2026</h1>"));
    assert!(report.contains(&format!("Received in all: {}.", year["received/total"])));
    assert_eq!(year["received/kind:complaint"], "14");
    assert!(
        report.contains("<th scope=\"row\">Complaints</th><td>14</td>"),
        "{report}"
    );
    // Hidden as everywhere else.
    assert_eq!(year["received/kind:praise"], "<hidden>");
    assert!(
        report.contains("<th scope=\"row\">Praise</th><td>×</td>"),
        "{report}"
    );
    assert!(report.contains("<th scope=\"row\">Reports of problems</th><td>&lt;5</td>"));
    assert!(!report.contains("Мария"));
    for path in ["/stats/report/2027", "/stats/report/last-year"] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn kiosk_ratings_show_as_satisfaction_with_repeat_taps_apart_and_small_counts_hidden() {
    use serde_json::json;
    use time::format_description::well_known::Rfc3339;

    let clock = ManualClock::new(datetime!(2026-09-30 12:00 UTC));
    let app = spawn_app_configured(None, Clock::Manual(clock.clone()), |_| {}).await;
    let (_, enrolled) = app.enrolled_kiosk("local-taxes", clock.now()).await;
    // September at the local taxes counter: nine very happy citizens, seven
    // happy, six unhappy, five very unhappy; and a child who tapped three more
    // times.
    let mut taps = Vec::new();
    let mut at = datetime!(2026-09-01 08:00 UTC);
    for (score, times) in [(4, 9), (3, 7), (2, 6), (1, 5)] {
        for _ in 0..times {
            at += time::Duration::hours(5);
            taps.push(json!({
                "id": uuid::Uuid::new_v4().to_string(),
                "score": score,
                "created_at": at.format(&Rfc3339).unwrap(),
            }));
        }
    }
    for seconds in [2, 4, 6] {
        taps.push(json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "score": 4,
            "created_at": (at + time::Duration::seconds(seconds)).format(&Rfc3339).unwrap(),
        }));
    }
    let response = app
        .client
        .post(app.url("/api/v1/ratings"))
        .bearer_auth(&enrolled.token)
        .json(&json!({ "ratings": taps }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    clock.set(datetime!(2026-11-02 10:00 UTC));
    for query in ["period=2026-09", "period=2026-09&unit=local-taxes"] {
        let f = figures(&json(&app, query).await);
        assert_eq!(f["rated/total"], "27", "{query}");
        assert_eq!(f["rated/score:4"], "9", "{query}");
        assert_eq!(f["rated/score:3"], "7", "{query}");
        assert_eq!(f["rated/score:2"], "6", "{query}");
        assert_eq!(f["rated/score:1"], "5", "{query}");
        // Three repeat taps: fewer than the threshold, so not published.
        assert_eq!(f["repeat_taps/total"], "<small>", "{query}");
    }
    let other_unit = figures(&json(&app, "period=2026-09&unit=centre").await);
    assert_eq!(other_unit["rated/total"], "0");
    let page = app
        .get("/stats?period=2026-09&lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("27 ratings at the kiosks"), "{page}");
    assert!(
        page.contains("<th scope=\"row\">Very happy</th><td>9</td>"),
        "{page}"
    );
    assert!(page.contains("Repeat taps (within 10 seconds of the one before, on the same kiosk) are counted apart: &lt;5."));
    // A month without any: the page says none came yet.
    let august = app
        .get("/stats?period=2026-08&lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(august.contains("No satisfaction ratings yet"));
}
