//! The real binary, killed with SIGKILL: a receipted submission must survive.

use glas_shared::Receipt;
use reqwest::StatusCode;

use crate::helpers::{TestDatabase, complaint, free_port, start_glas};

#[tokio::test]
async fn a_receipted_submission_survives_the_process_being_killed() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new(dir.path()).await;
    let database_url = database.url.clone();
    let client = reqwest::Client::new();
    let submission = complaint();

    let port = free_port();
    let mut server = start_glas(&database_url, port).await;
    let response = client
        .post(format!("{}/api/v1/submissions", server.address))
        .json(&submission)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: Receipt = response.json().await.unwrap();
    server.kill();

    let server = start_glas(&database_url, port).await;
    let replay = client
        .post(format!("{}/api/v1/submissions", server.address))
        .json(&submission)
        .send()
        .await
        .unwrap();
    assert_eq!(
        replay.status(),
        StatusCode::OK,
        "the row is still there after the kill"
    );
    assert_eq!(replay.json::<Receipt>().await.unwrap(), receipt);
    let next: Receipt = client
        .post(format!("{}/api/v1/submissions", server.address))
        .json(&complaint())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_ne!(
        next.reference, receipt.reference,
        "the counter survived too"
    );
}
