//! Personal data is kept for the profile's period (Haskovo: 1,825 days) counted
//! from when the case was closed: an open case keeps its author's details however
//! old it is, and what was kept aside as a program's is kept from its receipt.

use std::time::{Duration, Instant};

use glas_server::auth::Role;
use glas_server::clock::Clock;
use reqwest::StatusCode;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::helpers::{DeskClient, TestApp, complaint, spawn_app_with};

/// Starts a server whose clock says `at` (it sweeps when it starts), and waits
/// until the authors of `gone` are deleted; the others must still be there then.
async fn sweep_at(app: &TestApp, at: OffsetDateTime, gone: &[&str], kept: &[&str]) {
    app.another_server(Clock::Fixed(at)).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let rows = app.stored().await;
        let has_author = |id: &str| rows.iter().find(|r| r.id == id).unwrap().has_author;
        if gone.iter().all(|id| !has_author(id)) {
            for id in kept {
                assert!(has_author(id), "{id}'s author is kept at {at}");
            }
            assert_eq!(rows.len(), 3, "the submissions themselves stay, anonymous");
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the expired personal data was not deleted at {at}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn personal_data_is_kept_for_the_period_from_the_close_of_the_case() {
    let app = spawn_app_with(None, Clock::Fixed(datetime!(2026-11-24 10:00 UTC))).await;
    let open = complaint();
    let answered = complaint();
    for submission in [&open, &answered] {
        assert_eq!(
            app.post_submission(submission).await.status(),
            StatusCode::CREATED
        );
    }
    let mut kept_aside = serde_json::to_value(complaint()).unwrap();
    kept_aside["website"] = "https://cheap.example".into();
    let kept_aside_id = kept_aside["id"].as_str().unwrap().to_owned();
    let response = app
        .client
        .post(app.url("/api/v1/submissions"))
        .json(&kept_aside)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    // The complaint is answered on 1 June 2027: its case closes then.
    let reference = app
        .stored()
        .await
        .into_iter()
        .find(|r| r.id == answered.id)
        .unwrap()
        .reference;
    let june = app
        .another_server(Clock::Fixed(datetime!(2027-06-01 09:00 UTC)))
        .await;
    let (email, password) = app.add_staff(Role::Supervisor, &[], false).await;
    let desk = DeskClient::new(&june);
    assert_eq!(
        desk.login(&email, &password).await.status(),
        StatusCode::SEE_OTHER
    );
    let form = format!("/desk/submissions/{reference}/answer");
    let answer = desk
        .submit(&form, &form, &[("body", "Уважаема г-жо Иванова, …")])
        .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);

    // 25 November 2031: five years after receipt. The kept-aside one goes (its
    // period counts from receipt); the answered one was closed 4½ years ago, the
    // open one is open: both keep their authors.
    sweep_at(
        &app,
        datetime!(2031-11-25 10:00 UTC),
        &[&kept_aside_id],
        &[&open.id, &answered.id],
    )
    .await;
    let answer_mail = "SELECT purpose FROM mail_outbox WHERE purpose = 'answer'";
    assert_eq!(app.raw_strings(answer_mail).await, ["answer"]);
    // 2 June 2032: five years after the answer. The open case still keeps its author.
    sweep_at(
        &app,
        datetime!(2032-06-02 10:00 UTC),
        &[&kept_aside_id, &answered.id],
        &[&open.id],
    )
    .await;
    assert!(
        app.raw_strings(answer_mail).await.is_empty(),
        "the answer e-mailed to its author goes with their details"
    );
}
