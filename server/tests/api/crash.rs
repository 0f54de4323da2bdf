//! Under load, `kill -9`: every submission that got a receipt is in the database
//! after a restart, and re-sending the ones that did not makes each exactly once.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use glas_server::store::Store;
use glas_shared::{NewSubmission, Receipt, Reference};
use reqwest::StatusCode;

use crate::helpers::{TestDatabase, complaint, free_port, praise, start_glas};

const CLIENTS: usize = 16;

#[derive(Default)]
struct Outcomes {
    receipted: Vec<(NewSubmission, Receipt)>,
    unanswered: Vec<NewSubmission>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_under_load_keeps_every_receipt_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new(dir.path()).await;
    let port = free_port();
    let mut server = start_glas(&database.url, port).await;
    let url = format!("{}/api/v1/submissions", server.address);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();

    let outcomes = Arc::new(Mutex::new(Outcomes::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let (client, url, outcomes, stop) =
                (client.clone(), url.clone(), outcomes.clone(), stop.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) && n < 10_000 {
                    n += 1;
                    let submission = if (i + n) % 2 == 0 {
                        praise()
                    } else {
                        complaint()
                    };
                    let receipt = match client.post(&url).json(&submission).send().await {
                        Ok(r) if r.status() == StatusCode::CREATED => {
                            r.json::<Receipt>().await.ok()
                        }
                        _ => None,
                    };
                    let mut o = outcomes.lock().unwrap();
                    match receipt {
                        Some(receipt) => o.receipted.push((submission, receipt)),
                        None => o.unanswered.push(submission),
                    }
                }
            })
        })
        .collect();

    // Let the load build up, then kill the server in the middle of it.
    let deadline = Instant::now() + Duration::from_secs(20);
    while outcomes.lock().unwrap().receipted.len() < 300 {
        assert!(
            Instant::now() < deadline,
            "the server did not take the load"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill();
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.await.unwrap();
    }
    let Outcomes {
        receipted,
        unanswered,
    } = std::mem::take(&mut *outcomes.lock().unwrap());
    assert!(!receipted.is_empty());

    let server = start_glas(&database.url, port).await;
    let store = Store::connect(&database.url).await.unwrap();
    let rows = store.export().await.unwrap();
    for (submission, receipt) in &receipted {
        let row = rows.iter().find(|r| r.id == submission.id);
        assert_eq!(
            row.map(|r| &r.reference),
            Some(&receipt.reference),
            "a receipted submission was lost"
        );
    }

    // The device re-sends what got no receipt: each is registered once, or found
    // already registered (committed before the kill, answer lost).
    for submission in &unanswered {
        let status = client
            .post(format!("{}/api/v1/submissions", server.address))
            .json(submission)
            .send()
            .await
            .unwrap()
            .status();
        assert!(
            status == StatusCode::CREATED || status == StatusCode::OK,
            "{status}"
        );
    }
    let rows = store.export().await.unwrap();
    store.close().await;
    assert_eq!(
        rows.len(),
        receipted.len() + unanswered.len(),
        "each submission exactly once"
    );
    let ids: HashSet<_> = rows.iter().map(|r| &r.id).collect();
    assert_eq!(ids.len(), rows.len());
    // References stay unique and without gaps across the crash.
    let mut seqs: Vec<u64> = rows
        .iter()
        .map(|r| Reference::parse(&r.reference).unwrap().seq())
        .collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=rows.len() as u64).collect::<Vec<_>>());
}
