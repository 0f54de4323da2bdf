use glas_shared::{BatchResponse, ErrorBody, MAX_BATCH, Receipt, Reference};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{complaint, praise, spawn_app};

#[tokio::test]
async fn a_batch_is_answered_item_by_item() {
    let app = spawn_app().await;
    let first = praise();
    let receipt: Receipt = app.post_submission(&first).await.json().await.unwrap();
    let fresh = complaint();
    let mut conflicting = first.clone();
    conflicting.text = "Друг текст със същия идентификатор.".into();
    let mut invalid = praise();
    invalid.text = String::new();
    invalid.locale = "en".into();
    let mut wrong_shape = serde_json::to_value(praise()).unwrap();
    wrong_shape["kind"] = json!(5);

    let body = json!({ "submissions": [fresh, first, conflicting, invalid, wrong_shape] });
    let response = app
        .post_raw(
            "/api/v1/submissions/batch",
            "application/json",
            body.to_string(),
        )
        .await;

    assert_eq!(response.status(), StatusCode::OK);
    let batch: BatchResponse = response.json().await.unwrap();
    let statuses: Vec<u16> = batch.results.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [201, 200, 409, 422, 422]);
    assert_eq!(batch.results[0].id.as_deref(), Some(fresh.id.as_str()));
    assert_eq!(
        batch.results[1].receipt.as_ref(),
        Some(&receipt),
        "a replay gets the first receipt"
    );
    assert_eq!(batch.results[3].errors[0].message, "Please fill this in.");
    assert_eq!(batch.results[4].errors[0].field, "kind");
    assert_eq!(app.stored().await.len(), 2);
}

#[tokio::test]
async fn one_id_twice_in_a_batch_makes_one_row() {
    let app = spawn_app().await;
    let twice = complaint();
    let mut conflicting = twice.clone();
    conflicting.text = "Друг текст със същия идентификатор.".into();
    let other = praise();

    let body = json!({ "submissions": [twice, twice, conflicting, other] });
    let response = app
        .post_raw(
            "/api/v1/submissions/batch",
            "application/json",
            body.to_string(),
        )
        .await;

    let batch: BatchResponse = response.json().await.unwrap();
    let statuses: Vec<u16> = batch.results.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [201, 200, 409, 201]);
    assert_eq!(
        batch.results[1].receipt, batch.results[0].receipt,
        "the second copy gets the first one's receipt"
    );
    let references: Vec<String> = [0, 3]
        .iter()
        .map(|&i| batch.results[i].receipt.as_ref().unwrap().reference.clone())
        .collect();
    let seqs: Vec<u64> = references
        .iter()
        .map(|r| Reference::parse(r).unwrap().seq())
        .collect();
    assert_eq!(seqs, [1, 2], "no number is spent on a copy");
    let rows = app.stored().await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].text, twice.text, "the first content stays");
}

#[tokio::test]
async fn a_full_batch_is_numbered_in_order_without_gaps() {
    let app = spawn_app().await;
    let before: Receipt = app.post_submission(&praise()).await.json().await.unwrap();
    let items: Vec<_> = (0..MAX_BATCH).map(|_| praise()).collect();
    let body = json!({ "submissions": items });
    let response = app
        .post_raw(
            "/api/v1/submissions/batch",
            "application/json",
            body.to_string(),
        )
        .await;

    let batch: BatchResponse = response.json().await.unwrap();
    let seqs: Vec<u64> = batch
        .results
        .iter()
        .map(|r| {
            Reference::parse(&r.receipt.as_ref().unwrap().reference)
                .unwrap()
                .seq()
        })
        .collect();
    let first = Reference::parse(&before.reference).unwrap().seq();
    let expected: Vec<u64> = (first + 1..=first + MAX_BATCH as u64).collect();
    assert_eq!(seqs, expected);
    assert_eq!(app.stored().await.len(), MAX_BATCH + 1);
}

#[tokio::test]
async fn a_batch_may_carry_at_most_a_hundred() {
    let app = spawn_app().await;
    let items: Vec<_> = (0..=MAX_BATCH).map(|_| praise()).collect();
    let body = json!({ "submissions": items });
    let response = app
        .post_raw(
            "/api/v1/submissions/batch",
            "application/json",
            body.to_string(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.json::<ErrorBody>().await.unwrap().errors[0].code,
        "too_many"
    );
    assert!(app.stored().await.is_empty());

    let items: Vec<_> = (0..MAX_BATCH).map(|_| praise()).collect();
    let body = json!({ "submissions": items });
    let response = app
        .post_raw(
            "/api/v1/submissions/batch",
            "application/json",
            body.to_string(),
        )
        .await;
    let batch: BatchResponse = response.json().await.unwrap();
    assert!(batch.results.iter().all(|r| r.status == 201));
    assert_eq!(app.stored().await.len(), MAX_BATCH);
}

#[tokio::test]
async fn an_oversized_item_in_a_batch_is_refused_alone() {
    let app = spawn_app().await;
    let mut big = praise();
    big.text = "я".repeat(40_000);
    let small = praise();
    let body = json!({ "submissions": [big, small] });
    let response = app
        .post_raw(
            "/api/v1/submissions/batch",
            "application/json",
            body.to_string(),
        )
        .await;
    let batch: BatchResponse = response.json().await.unwrap();
    assert_eq!(
        batch.results.iter().map(|r| r.status).collect::<Vec<_>>(),
        [413, 201]
    );
}

#[tokio::test]
async fn a_malformed_batch_is_a_400() {
    let app = spawn_app().await;
    let response = app
        .post_raw(
            "/api/v1/submissions/batch",
            "application/json",
            "{\"submissions\": [",
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let response = app
        .post_raw(
            "/api/v1/submissions/batch",
            "application/json",
            "{\"items\": []}",
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
