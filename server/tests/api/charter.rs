//! The Client Charter's rules as the server applies them: statuses and deadlines.

use glas_server::clock::Clock;
use glas_shared::{ErrorBody, Reason, Receipt, Status};
use reqwest::StatusCode;
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};

use crate::helpers::{complaint, praise, spawn_app, spawn_app_with};

fn anonymous(kind: &str, health_or_safety: bool) -> glas_shared::NewSubmission {
    glas_shared::NewSubmission {
        kind: kind.into(),
        author: None,
        health_or_safety,
        ..complaint()
    }
}

#[tokio::test]
async fn anonymous_complaints_signals_and_corruption_reports_are_registered_not_examined() {
    let app = spawn_app().await;
    for kind in ["complaint", "signal", "corruption"] {
        let response = app.post_submission(&anonymous(kind, false)).await;
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "{kind}: accepted and counted"
        );
        let receipt: Receipt = response.json().await.unwrap();
        assert_eq!(
            (receipt.status, receipt.reason),
            (Status::NotExamined, Some(Reason::Anonymous)),
            "{kind}"
        );
        assert_eq!(
            receipt.due_on, None,
            "{kind}: nothing examined, no answer owed"
        );
    }
    let rows = app.stored().await;
    assert_eq!(rows.len(), 3);
    assert!(
        rows.iter()
            .all(|r| r.status == "not_examined" && r.reason.as_deref() == Some("anonymous"))
    );
}

#[tokio::test]
async fn anonymous_reports_of_a_threat_to_health_or_safety_are_examined() {
    let app = spawn_app().await;
    for kind in ["complaint", "signal", "corruption"] {
        let receipt: Receipt = app
            .post_submission(&anonymous(kind, true))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            (receipt.status, receipt.reason),
            (Status::Registered, None),
            "{kind}"
        );
        assert!(receipt.due_on.is_some(), "{kind}: an answer is due");
    }
}

#[tokio::test]
async fn anonymous_praise_comments_and_proposals_are_registered_normally() {
    let app = spawn_app().await;
    for (kind, answer_due) in [("praise", false), ("comment", false), ("proposal", true)] {
        let receipt: Receipt = app
            .post_submission(&anonymous(kind, false))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            (receipt.status, receipt.reason),
            (Status::Registered, None),
            "{kind}"
        );
        assert_eq!(receipt.due_on.is_some(), answer_due, "{kind}");
    }
}

#[tokio::test]
async fn a_named_complaint_with_nowhere_to_answer_is_refused_in_its_language() {
    let app = spawn_app().await;
    let mut submission = complaint();
    submission.locale = "tr".into();
    let author = submission.author.as_mut().unwrap();
    author.email = None;
    author.address = None;
    let response = app.post_submission(&submission).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(
        (body.errors[0].field.as_str(), body.errors[0].code.as_str()),
        ("author.email", "contact_required")
    );
    assert!(
        body.errors[0].message.starts_with("Yazılı yanıt"),
        "{}",
        body.errors[0].message
    );

    submission.author.as_mut().unwrap().address = Some("ул. „Раковски“ 5, 6300 Хасково".into());
    assert_eq!(
        app.post_submission(&submission).await.status(),
        StatusCode::CREATED,
        "a postal address will do"
    );
}

#[tokio::test]
async fn obscene_language_is_flagged_for_staff_never_refused() {
    let app = spawn_app().await;
    let mut rude = praise();
    rude.text = "Вие сте шибани идиоти, да ви еба майката!".into();
    let receipt: Receipt = app.post_submission(&rude).await.json().await.unwrap();
    assert_eq!(
        receipt.status,
        Status::Registered,
        "a person decides, not the filter"
    );
    let clean = praise();
    app.post_submission(&clean).await;

    let rows = app.stored().await;
    let flag = |id: &str| rows.iter().find(|r| r.id == id).unwrap().flagged_obscene;
    assert!(flag(&rude.id));
    assert!(!flag(&clean.id));
}

/// A receipt at `at` for `kind`: its due date.
async fn due_on(at: OffsetDateTime, kind: &str) -> Option<Date> {
    let app = spawn_app_with(None, Clock::Fixed(at)).await;
    let submission = glas_shared::NewSubmission {
        kind: kind.into(),
        ..complaint()
    };
    let receipt: Receipt = app.post_submission(&submission).await.json().await.unwrap();
    assert_eq!(receipt.received_at, at);
    receipt.due_on
}

#[tokio::test]
async fn a_complaint_received_on_an_ordinary_tuesday_is_due_the_next_tuesday() {
    assert_eq!(
        due_on(datetime!(2026-11-24 10:00 +02:00), "complaint").await,
        Some(date!(2026 - 12 - 01))
    );
}

#[tokio::test]
async fn a_complaint_on_the_friday_before_a_holiday_weekend_waits_for_the_next_working_day() {
    // +7 days = Fri 25 Dec (holiday); Sat 26 Dec (holiday), Sun 27; Mon 28 is off
    // because 26 Dec fell on a Saturday (Labour Code чл. 154, ал. 2): Tue 29 Dec.
    assert_eq!(
        due_on(datetime!(2026-12-18 15:00 +02:00), "complaint").await,
        Some(date!(2026 - 12 - 29))
    );
}

#[tokio::test]
async fn a_receipt_on_good_friday_2027_counts_from_that_day() {
    // 30 Apr 2027 is Good Friday; Easter is 2 May and 1 May is a Saturday, so Tue 4 May
    // is off too. Seven days later is Fri 7 May, a working day (6 May is Thursday).
    let at = datetime!(2027-04-30 09:00 +03:00);
    assert_eq!(due_on(at, "complaint").await, Some(date!(2027 - 05 - 07)));
    assert_eq!(due_on(at, "signal").await, Some(date!(2027 - 06 - 30)));
    assert_eq!(due_on(at, "praise").await, None);
}

#[tokio::test]
async fn a_complaint_on_christmas_eve_is_due_on_new_years_eve() {
    assert_eq!(
        due_on(datetime!(2026-12-24 11:00 +02:00), "complaint").await,
        Some(date!(2026 - 12 - 31))
    );
}

#[tokio::test]
async fn the_day_of_receipt_is_the_day_in_sofia() {
    // 22:30 UTC on 23 Nov is 00:30 on Tuesday 24 Nov in Sofia.
    assert_eq!(
        due_on(datetime!(2026-11-23 22:30 UTC), "complaint").await,
        Some(date!(2026 - 12 - 01))
    );
    // And the reference number's year turns with Sofia's.
    let app = spawn_app_with(None, Clock::Fixed(datetime!(2026-12-31 22:30 UTC))).await;
    let receipt: Receipt = app.post_submission(&praise()).await.json().await.unwrap();
    assert_eq!(receipt.reference, "2027-000001");
}
