//! Several server instances on one PostgreSQL database (`--features postgres-tests`,
//! with `GLAS_TEST_DATABASE=postgres`; `cargo xtask test` runs it when
//! `GLAS_TEST_POSTGRES_URL` is set).

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use futures::StreamExt;
use glas_server::store::mail::OutgoingMail;
use glas_shared::{Receipt, Reference};
use reqwest::StatusCode;

use crate::helpers::{SmtpServer, TestDatabase, free_port, praise, start_glas, start_glas_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_receiving_the_same_ids_make_one_row_each_with_gap_free_references() {
    assert_eq!(
        std::env::var("GLAS_TEST_DATABASE").as_deref(),
        Ok("postgres"),
        "this test needs GLAS_TEST_DATABASE=postgres and GLAS_TEST_POSTGRES_URL"
    );
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new(dir.path()).await;
    let a = start_glas(&database.url, free_port()).await;
    let b = start_glas(&database.url, free_port()).await;
    let client = reqwest::Client::new();
    let submissions: Vec<_> = (0..150).map(|_| praise()).collect();

    // Every submission goes to both instances twice, all at the same time.
    let sends = submissions.iter().flat_map(|s| {
        [
            (s, &a.address),
            (s, &b.address),
            (s, &a.address),
            (s, &b.address),
        ]
    });
    let answers: Vec<(String, StatusCode, Receipt)> = futures::stream::iter(sends)
        .map(|(s, address)| {
            let client = client.clone();
            async move {
                let r = client
                    .post(format!("{address}/api/v1/submissions"))
                    .json(s)
                    .send()
                    .await
                    .unwrap();
                let status = r.status();
                (
                    s.id.clone(),
                    status,
                    r.json::<Receipt>().await.expect("a receipt"),
                )
            }
        })
        .buffer_unordered(48)
        .collect()
        .await;

    let mut by_id: HashMap<String, Vec<(StatusCode, Receipt)>> = HashMap::new();
    for (id, status, receipt) in answers {
        by_id.entry(id).or_default().push((status, receipt));
    }
    for (id, answers) in &by_id {
        let created = answers
            .iter()
            .filter(|(s, _)| *s == StatusCode::CREATED)
            .count();
        assert_eq!(created, 1, "{id}: exactly one instance created it");
        assert!(answers.iter().all(
            |(s, r)| (*s == StatusCode::CREATED || *s == StatusCode::OK) && *r == answers[0].1
        ));
    }

    let store = glas_server::store::Store::connect(&database.url)
        .await
        .unwrap();
    let rows = store.export().await.unwrap();
    store.close().await;
    assert_eq!(rows.len(), submissions.len(), "one row per id");
    let mut seqs: Vec<u64> = rows
        .iter()
        .map(|r| Reference::parse(&r.reference).unwrap().seq())
        .collect();
    seqs.sort_unstable();
    assert_eq!(
        seqs,
        (1..=submissions.len() as u64).collect::<Vec<_>>(),
        "unique and gap-free"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_deliver_each_of_40_queued_messages_exactly_once() {
    assert_eq!(
        std::env::var("GLAS_TEST_DATABASE").as_deref(),
        Ok("postgres"),
        "this test needs GLAS_TEST_DATABASE=postgres and GLAS_TEST_POSTGRES_URL"
    );
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new(dir.path()).await;
    // Slow enough that one instance cannot send all 40 between two looks of the
    // other: the instances claim from the queue at the same time.
    let smtp = SmtpServer::start_slow(Duration::from_millis(100)).await;
    let _a = start_glas_with(&database.url, free_port(), &smtp.env()).await;
    let _b = start_glas_with(&database.url, free_port(), &smtp.env()).await;

    // Queued by neither instance: both find the messages at their next look, together.
    let keys = glas_server::personal::Keyring::parse(crate::helpers::PERSONAL_DATA_KEY, "");
    let store = glas_server::store::Store::connect_with_keys(&database.url, keys.unwrap().into())
        .await
        .unwrap();
    let now = glas_server::clock::Clock::System.now();
    for n in 1..=40 {
        let mail = OutgoingMail {
            purpose: "digest",
            submission_id: None,
            to: format!("clerk{n}@haskovo.bg"),
            subject: format!("Сводка № {n}"),
            body: format!("Днес: {n} нови сигнала."),
        };
        store.enqueue_mail(&mail, now).await.unwrap();
    }

    smtp.wait_for(40, Duration::from_secs(60)).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while store.mail_queue_summary().await.unwrap().unsent > 0 {
        assert!(std::time::Instant::now() < deadline, "not all marked sent");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Two more looks by each instance: nothing is sent again.
    tokio::time::sleep(2 * glas_server::mail_worker::POLL).await;
    store.close().await;

    let messages = smtp.messages();
    let subjects: HashSet<_> = messages.iter().map(|m| m.subject.as_str()).collect();
    let ids: HashSet<_> = messages.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!(messages.len(), 40, "each message once");
    assert_eq!(subjects.len(), 40);
    assert_eq!(ids.len(), 40);
    assert!(subjects.contains("Сводка № 40"));
}

#[tokio::test]
async fn a_desk_session_made_on_one_instance_works_on_the_other() {
    assert_eq!(
        std::env::var("GLAS_TEST_DATABASE").as_deref(),
        Ok("postgres"),
        "this test needs GLAS_TEST_DATABASE=postgres and GLAS_TEST_POSTGRES_URL"
    );
    let app = crate::helpers::spawn_app().await;
    let (email, password) = app
        .add_staff(glas_server::auth::Role::Clerk, &["centre"], false)
        .await;
    let a = start_glas(&app.database_url, free_port()).await;
    let b = start_glas(&app.database_url, free_port()).await;

    let at_a = crate::helpers::DeskClient::new(&a.address);
    assert_eq!(
        at_a.login(&email, &password).await.status(),
        StatusCode::SEE_OTHER
    );
    let at_b = at_a.at(&b.address);
    assert_eq!(at_b.get("/desk/password").await.status(), StatusCode::OK);
    // Signing out on B ends the session on A too.
    assert_eq!(at_b.logout().await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        at_a.get("/desk/password").await.status(),
        StatusCode::SEE_OTHER
    );
}
