use std::time::{Duration, Instant};

use glas_server::clock::Clock;
use time::macros::datetime;

use crate::helpers::{complaint, spawn_app_with};

#[tokio::test]
async fn personal_data_is_deleted_after_the_profiles_retention_period() {
    // Haskovo keeps personal data for 1,825 days after receipt.
    let app = spawn_app_with(None, Clock::Fixed(datetime!(2026-11-24 10:00 UTC))).await;
    let old = complaint();
    app.post_submission(&old).await;
    let server_in_2031 = app
        .another_server(Clock::Fixed(datetime!(2031-11-20 10:00 UTC)))
        .await;
    let recent = complaint();
    reqwest::Client::new()
        .post(format!("{server_in_2031}/api/v1/submissions"))
        .json(&recent)
        .send()
        .await
        .unwrap();
    assert!(app.stored().await.iter().all(|r| r.has_author));

    // A server whose clock says 2031-11-25 sweeps when it starts: the 2026
    // submission is past its 1,825 days, the 2031 one is not.
    app.another_server(Clock::Fixed(datetime!(2031-11-25 10:00 UTC)))
        .await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let rows = app.stored().await;
        let has_author = |id: &str| rows.iter().find(|r| r.id == id).unwrap().has_author;
        if !has_author(&old.id) {
            assert!(
                has_author(&recent.id),
                "within the period, the author is kept"
            );
            assert_eq!(rows.len(), 2, "the submission itself stays, anonymous");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the expired personal data was not deleted"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
