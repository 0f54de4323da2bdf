//! The mail outbox delivered to a real SMTP server (aiosmtpd on loopback).

use std::time::{Duration, Instant};

use glas_server::clock::Clock;
use glas_server::store::Store;
use glas_server::store::mail::{MailStatus, OutgoingMail};
use uuid::Uuid;

use crate::helpers::{SmtpServer, TestApp, complaint, spawn_app_sending_mail_to};

const SUBJECT: &str = "Отговор на жалба № 2026-000001";
const BODY: &str = "Уважаема г-жо Иванова,\n\nБлагодарим Ви за сигнала за гише 3 в Центъра за услуги и информация на гражданите. Проверихме случая и удължихме работното време.\n\nС уважение,\nИван Петров, главен експерт";

/// A complaint registered through the API; its id.
async fn registered_complaint(app: &TestApp) -> Uuid {
    let submission = complaint();
    let response = app.post_submission(&submission).await;
    assert!(response.status().is_success());
    submission.id.parse().unwrap()
}

fn answer(submission_id: Uuid) -> OutgoingMail {
    OutgoingMail {
        purpose: "answer",
        submission_id: Some(submission_id),
        to: "maria@example.com".into(),
        subject: SUBJECT.into(),
        body: BODY.into(),
    }
}

/// Waits until `done` holds for the submission's mail, as the desk would read it.
async fn wait_until(
    store: &Store,
    submission_id: Uuid,
    what: &str,
    done: impl Fn(&[MailStatus]) -> bool,
) -> Vec<MailStatus> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mail = store.mail_for(submission_id).await.unwrap();
        if done(&mail) {
            return mail;
        }
        assert!(Instant::now() < deadline, "{what}: {mail:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn queued_mail_reaches_the_smtp_server_with_its_cyrillic_subject_and_body_intact() {
    let smtp = SmtpServer::start().await;
    let app = spawn_app_sending_mail_to(&smtp).await;
    let id = registered_complaint(&app).await;

    app.store
        .enqueue_mail(&answer(id), Clock::System.now())
        .await
        .unwrap();

    // Queuing wakes the worker: no waiting for its next look at the outbox.
    let messages = smtp.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert_eq!(message.subject, SUBJECT);
    assert_eq!(message.body.trim_end(), BODY);
    assert_eq!(message.content_type, "text/plain; charset=utf-8");
    assert_eq!(message.to, "maria@example.com");
    assert!(
        message.from.contains("kmet@haskovo.bg") && message.from.contains("Община Хасково"),
        "from the profile's name and contact e-mail: {}",
        message.from
    );
    assert!(
        message.message_id.starts_with("<glas.") && message.message_id.ends_with("@haskovo.bg>"),
        "{}",
        message.message_id
    );

    let mail = wait_until(&app.store, id, "marked sent", |m| {
        m.len() == 1 && m[0].sent_at.is_some()
    })
    .await;
    assert_eq!(mail[0].to, "maria@example.com");
    assert_eq!(mail[0].purpose, "answer");
    assert_eq!(mail[0].attempts, 1);
    assert_eq!(mail[0].last_error, None);
    assert!(app.store.unsent_mail_for(id).await.unwrap().is_empty());
    let summary = app.store.mail_queue_summary().await.unwrap();
    assert_eq!((summary.unsent, summary.failing), (0, 0));
    assert_eq!(summary.oldest_unsent, None);
}

#[tokio::test]
async fn with_the_smtp_server_down_mail_stays_queued_and_is_delivered_when_it_is_back() {
    let mut smtp = SmtpServer::start().await;
    let app = spawn_app_sending_mail_to(&smtp).await;
    let id = registered_complaint(&app).await;
    smtp.stop();

    let queued_at = Clock::System.now();
    app.store
        .enqueue_mail(&answer(id), queued_at)
        .await
        .unwrap();

    // The attempt fails: the desk sees the message, how often it was tried and why.
    let unsent = wait_until(&app.store, id, "a failed attempt recorded", |m| {
        m.len() == 1 && m[0].attempts >= 1
    })
    .await;
    let mail = &unsent[0];
    assert_eq!(mail.sent_at, None);
    let error = mail.last_error.as_deref().expect("the error is recorded");
    assert!(!error.is_empty() && error.chars().count() <= 301, "{error}");
    assert!(
        mail.next_attempt_at > queued_at,
        "tried again later, not at once"
    );
    assert_eq!(app.store.unsent_mail_for(id).await.unwrap(), unsent);
    let summary = app.store.mail_queue_summary().await.unwrap();
    assert_eq!((summary.unsent, summary.failing), (1, 1));
    assert_eq!(summary.oldest_unsent, Some(queued_at));
    assert!(smtp.messages().is_empty());

    smtp.start_again().await;
    let messages = smtp.wait_for(1, Duration::from_secs(30)).await;
    assert_eq!(messages[0].subject, SUBJECT);
    assert_eq!(messages[0].body.trim_end(), BODY);
    let sent = wait_until(&app.store, id, "marked sent", |m| m[0].sent_at.is_some()).await;
    assert!(sent[0].attempts >= 2, "{sent:?}");
    assert!(app.store.unsent_mail_for(id).await.unwrap().is_empty());

    // Sent once: nothing more arrives.
    tokio::time::sleep(glas_server::mail_worker::POLL + Duration::from_millis(500)).await;
    assert_eq!(smtp.messages().len(), 1);
}

#[tokio::test]
async fn a_message_refused_for_good_waits_for_the_desk_which_can_send_it_again() {
    let smtp = SmtpServer::start().await;
    let app = spawn_app_sending_mail_to(&smtp).await;
    let id = registered_complaint(&app).await;
    let refused_to = "nobody@example.com";
    app.store
        .enqueue_mail(
            &OutgoingMail {
                to: refused_to.into(),
                ..answer(id)
            },
            Clock::System.now(),
        )
        .await
        .unwrap();

    // The SMTP server answers 550: recorded as refused, the address not in the error.
    let refused = wait_until(&app.store, id, "refused for good", |m| {
        m.len() == 1 && m[0].rejected_at.is_some()
    })
    .await;
    assert_eq!((refused[0].attempts, refused[0].sent_at), (1, None));
    let error = refused[0].last_error.as_deref().unwrap();
    assert!(error.contains("550"), "{error}");
    assert!(!error.contains(refused_to), "{error}");
    let summary = app.store.mail_queue_summary().await.unwrap();
    assert_eq!(
        (summary.unsent, summary.failing, summary.rejected),
        (1, 1, 1)
    );

    // Not tried again: well past the retry (a second here) and the worker's next look.
    tokio::time::sleep(glas_server::mail_worker::POLL + Duration::from_secs(2)).await;
    assert_eq!(app.store.mail_for(id).await.unwrap()[0].attempts, 1);
    assert!(smtp.messages().is_empty());

    // The desk says so and offers to send it again.
    let reference = app
        .stored()
        .await
        .into_iter()
        .find(|r| r.id == id.to_string())
        .unwrap()
        .reference;
    let (email, password) = app
        .add_staff(glas_server::auth::Role::Supervisor, &[], false)
        .await;
    let desk = app.desk_client();
    desk.login(&email, &password).await;
    let page_path = format!("/desk/submissions/{reference}");
    let page = desk.get(&page_path).await.text().await.unwrap();
    assert!(page.contains("ОТКАЗАН"), "{page}");
    let resend = format!("{page_path}/mail/{}/resend", refused[0].id);
    assert!(page.contains(&resend), "{page}");

    let response = desk.submit(&page_path, &resend, &[]).await;
    assert_eq!(response.status(), reqwest::StatusCode::SEE_OTHER);
    assert!(
        app.audit_actions()
            .await
            .contains(&"mail_resend".to_owned())
    );
    // Tried once more at once, and refused again.
    wait_until(&app.store, id, "tried again", |m| {
        m[0].attempts == 2 && m[0].rejected_at.is_some()
    })
    .await;

    // Only a refused message of this submission can be sent again.
    let other = registered_complaint(&app).await;
    let other_reference = app
        .stored()
        .await
        .into_iter()
        .find(|r| r.id == other.to_string())
        .unwrap()
        .reference;
    let elsewhere = format!(
        "/desk/submissions/{other_reference}/mail/{}/resend",
        refused[0].id
    );
    let response = desk.submit(&page_path, &elsewhere, &[]).await;
    assert_eq!(response.status(), reqwest::StatusCode::NOT_FOUND);
}
