//! What a program probably sent (the form's trap filled in, or the form sent
//! sooner than a person can write): receipted like any other, kept out of the inbox
//! and the statistics, listed on the desk, and released by a supervisor.

use glas_server::auth::Role;
use glas_shared::{NewSubmission, Receipt};
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::helpers::{DeskClient, TestApp, complaint, spawn_app};

/// `submission` as the widget sends it: with the trap's value and the time the
/// form took (ms).
fn from_form(submission: &NewSubmission, trap: &str, filled_in_ms: u64) -> Value {
    let mut body = serde_json::to_value(submission).unwrap();
    body["website"] = json!(trap);
    body["filled_in_ms"] = json!(filled_in_ms);
    body
}

async fn post(app: &TestApp, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/submissions"))
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn signed_in(app: &TestApp, role: Role) -> DeskClient {
    let (email, password) = app.add_staff(role, &[], false).await;
    let desk = app.desk_client();
    assert_eq!(
        desk.login(&email, &password).await.status(),
        StatusCode::SEE_OTHER
    );
    desk
}

async fn text(desk: &DeskClient, path: &str) -> (StatusCode, String) {
    let response = desk.get(path).await;
    (response.status(), response.text().await.unwrap())
}

/// How many submissions the statistics' rollups count as received.
async fn counted(app: &TestApp) -> u64 {
    let rollups = app.store.rollups().await.unwrap();
    rollups.received.iter().map(|row| row.4).sum()
}

#[tokio::test]
async fn a_robots_submission_is_receipted_like_any_other_and_kept_aside() {
    let app = spawn_app().await;
    let person = post(&app, &from_form(&complaint(), "", 45_000)).await;
    assert_eq!(person.status(), StatusCode::CREATED);
    let person: Receipt = person.json().await.unwrap();

    let trapped = post(
        &app,
        &from_form(&complaint(), "https://cheap.example", 45_000),
    )
    .await;
    let hasty = post(&app, &from_form(&complaint(), "", 800)).await;
    for response in [&trapped, &hasty] {
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "the robot learns nothing"
        );
    }
    let trapped: Receipt = trapped.json().await.unwrap();
    let hasty: Receipt = hasty.json().await.unwrap();
    assert_eq!(trapped.status, person.status);
    assert!(trapped.due_on.is_some() && trapped.tracking_url.contains("/track/"));

    // Another client (no form's signals) is not judged.
    let other = app.post_submission(&complaint()).await;
    assert_eq!(other.status(), StatusCode::CREATED);

    let stored = app.stored().await;
    let why = |reference: &str| {
        stored
            .iter()
            .find(|s| s.reference == reference)
            .unwrap()
            .set_aside
            .clone()
    };
    assert_eq!(why(&person.reference), None);
    assert_eq!(why(&trapped.reference).as_deref(), Some("trap"));
    assert_eq!(why(&hasty.reference).as_deref(), Some("too_fast"));
    assert_eq!(
        counted(&app).await,
        2,
        "the statistics count the two people"
    );

    let supervisor = signed_in(&app, Role::Supervisor).await;
    let (_, inbox) = text(&supervisor, "/desk?status=all").await;
    assert!(inbox.contains(&person.reference));
    assert!(!inbox.contains(&trapped.reference) && !inbox.contains(&hasty.reference));
    let (status, listed) = text(&supervisor, "/desk/set-aside").await;
    assert_eq!(status, StatusCode::OK);
    assert!(listed.contains(&trapped.reference) && listed.contains(&hasty.reference));
    assert!(!listed.contains(&person.reference));
    assert!(listed.contains("скритото поле"), "says why: {listed}");
}

#[tokio::test]
async fn a_batch_is_judged_item_by_item() {
    let app = spawn_app().await;
    let batch = json!({ "submissions": [
        from_form(&complaint(), "", 60_000),
        from_form(&complaint(), "spam", 60_000),
    ] });
    let response = app
        .client
        .post(app.url("/api/v1/submissions/batch"))
        .json(&batch)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let results: Value = response.json().await.unwrap();
    let statuses: Vec<_> = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [201, 201]);
    let mut kept: Vec<_> = app
        .stored()
        .await
        .into_iter()
        .map(|s| s.set_aside)
        .collect();
    kept.sort();
    assert_eq!(kept, [None, Some("trap".to_owned())]);
}

#[tokio::test]
async fn a_supervisor_releases_what_a_person_sent_into_the_inbox_and_the_statistics() {
    let app = spawn_app().await;
    let receipt: Receipt = post(&app, &from_form(&complaint(), "", 1_200))
        .await
        .json()
        .await
        .unwrap();
    let page = format!("/desk/submissions/{}", receipt.reference);
    assert_eq!(counted(&app).await, 0);

    // A clerk sees no list and cannot release; nobody can act on it before.
    let clerk = signed_in(&app, Role::Clerk).await;
    assert_eq!(
        clerk.get("/desk/set-aside").await.status(),
        StatusCode::FORBIDDEN
    );
    let supervisor = signed_in(&app, Role::Supervisor).await;
    let (_, before) = text(&supervisor, &page).await;
    assert!(before.contains("по-скоро след отварянето"), "{before}");
    assert!(
        !before.contains(&format!("{page}/take")),
        "no actions but release"
    );
    let take = supervisor.submit(&page, &format!("{page}/take"), &[]).await;
    assert_eq!(take.status(), StatusCode::FORBIDDEN);

    let released = supervisor
        .submit(&page, &format!("{page}/release"), &[])
        .await;
    assert_eq!(released.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.stored().await[0].set_aside, None);
    assert_eq!(counted(&app).await, 1);
    let (_, inbox) = text(&supervisor, "/desk").await;
    assert!(inbox.contains(&receipt.reference));
    assert!(app.audit_actions().await.contains(&"release".to_owned()));
    // The rollups agree with the submissions, as a rebuild would count them.
    let rebuilt = app
        .store
        .rebuild_stats(&app_calendar(), OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert!(rebuilt.differences.is_empty(), "{:?}", rebuilt.differences);
}

fn app_calendar() -> glas_shared::calendar::Calendar {
    glas_server::profile::load(None).unwrap().calendar()
}
