//! Citizens' contact details are sealed at rest (`personal.rs`): the database holds
//! no name, e-mail address or phone number in plain text, the desk still shows
//! them and finds a citizen by e-mail address, a value moved to another row does
//! not open, keys rotate, and the server does not start without the key that
//! opens what is stored.

use std::process::{Command, Output};

use glas_server::auth::Role;
use glas_server::clock::Clock;
use glas_server::personal::Keyring;
use glas_server::store::StoreError;
use glas_shared::{AuthorDto, NewSubmission, Receipt};
use reqwest::StatusCode;
use uuid::Uuid;

use crate::helpers::{PERSONAL_DATA_KEY, TestApp, complaint, spawn_app, spawn_app_configured};

/// Keys of the rotation test besides the usual one.
const KEY_B: &str = "sHT43sU/LVZrepDeoY4EtKbEVEKrwIgv5zwSOnKxplI=";

async fn send(app: &TestApp, submission: &NewSubmission) -> Receipt {
    let response = app.post_submission(submission).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

fn complaint_by(name: &str, email: &str) -> NewSubmission {
    NewSubmission {
        author: Some(AuthorDto {
            name: name.into(),
            email: Some(email.into()),
            phone: Some("0877 654 321".into()),
            address: Some("ул. Свобода 12, Хасково".into()),
        }),
        ..complaint()
    }
}

/// `glas ARGS` on `app`'s database with `env` for its settings.
fn glas(app: &TestApp, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_glas"))
        .args(args)
        .env("DATABASE_URL", &app.database_url)
        .env("GLAS_BIND", "127.0.0.1:0")
        .env("RUST_LOG", "error")
        .envs(env.iter().copied())
        .output()
        .expect("glas runs")
}

fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn key_id(key: &str) -> String {
    Keyring::parse(key, "").unwrap().current_id().to_owned()
}

#[tokio::test]
async fn the_database_holds_no_contact_details_in_plain_text_and_the_desk_shows_them() {
    let app = spawn_app().await;
    let receipt = send(&app, &complaint()).await;

    let rows = app.raw_authors().await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    let stored = format!(
        "{} {:?} {:?} {:?} {:?}",
        row.name, row.email, row.phone, row.address, row.email_index
    );
    for clear in ["Мария", "Иванова", "maria", "example.com", "888", "123 456"] {
        assert!(!stored.contains(clear), "{clear:?} in {stored}");
    }
    let sealed = format!("v1:{}:", key_id(PERSONAL_DATA_KEY));
    assert!(row.name.starts_with(&sealed), "{}", row.name);
    assert!(row.email.as_deref().unwrap().starts_with(&sealed));
    assert!(row.phone.as_deref().unwrap().starts_with(&sealed));
    assert_eq!(row.address, None, "nothing given, nothing sealed");
    assert_eq!(row.key_id.as_deref(), Some(&*key_id(PERSONAL_DATA_KEY)));

    let (email, password) = app.add_staff(Role::Supervisor, &[], false).await;
    let desk = app.desk_client();
    desk.login(&email, &password).await;
    let page = desk
        .get(&format!("/desk/submissions/{}", receipt.reference))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Мария Иванова"), "{page}");
    assert!(page.contains("maria@example.com"), "{page}");
    assert!(page.contains("+359888123456"), "{page}");
}

#[tokio::test]
async fn the_desk_finds_a_citizens_submissions_by_email_whatever_its_case() {
    let app = spawn_app().await;
    let first = send(&app, &complaint_by("Петър Петров", "petar@example.com")).await;
    send(&app, &complaint_by("Мария Иванова", "maria@example.com")).await;
    let second = send(&app, &complaint_by("Петър Петров", "Petar@Example.com")).await;

    let store = app.store().await;
    let found = store
        .submissions_by_email(" PETAR@example.com ")
        .await
        .unwrap();
    assert_eq!(
        found,
        vec![(first.id, first.reference), (second.id, second.reference)]
    );
    assert!(
        store
            .submissions_by_email("nobody@example.com")
            .await
            .unwrap()
            .is_empty()
    );
    store.close().await;
}

#[tokio::test]
async fn a_sealed_value_copied_into_another_row_does_not_open() {
    let app = spawn_app().await;
    let maria = send(&app, &complaint_by("Мария Иванова", "maria@example.com")).await;
    let petar = send(&app, &complaint_by("Петър Петров", "petar@example.com")).await;
    // Someone with the database but not the key gives Petar's row Maria's name.
    app.execute(&format!(
        "UPDATE submission_authors SET name = (SELECT name FROM submission_authors
             WHERE submission_id = '{}') WHERE submission_id = '{}'",
        maria.id, petar.id
    ))
    .await;

    let store = app.store().await;
    match store.author_of(petar.id).await {
        Err(StoreError::Unreadable {
            submission, field, ..
        }) => {
            assert_eq!((submission, field), (petar.id, "name"));
        }
        other => panic!("the moved name opened: {other:?}"),
    }
    let maria_author = store.author_of(maria.id).await.unwrap().unwrap();
    assert_eq!(maria_author.name, "Мария Иванова");
    store.close().await;
}

// Several threads: `glas key rotate` runs while this test waits for it, and the
// servers in this process must go on (one may be in a transaction then).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_rotation_the_old_key_can_go_and_everything_still_reads() {
    let app = spawn_app().await;
    let receipt = send(&app, &complaint()).await;
    let (a, b) = (key_id(PERSONAL_DATA_KEY), key_id(KEY_B));

    // The new key is current, the old one only opens; `glas key rotate` seals again.
    let rotated = glas(
        &app,
        &["key", "rotate"],
        &[
            ("GLAS_PERSONAL_DATA_KEY", KEY_B),
            ("GLAS_PERSONAL_DATA_OLD_KEYS", PERSONAL_DATA_KEY),
        ],
    );
    assert!(rotated.status.success(), "{}", said(&rotated));
    assert!(said(&rotated).contains(&b), "{}", said(&rotated));
    let rows = app.raw_authors().await;
    assert_eq!(rows[0].key_id.as_deref(), Some(&*b));
    assert!(
        rows[0].name.starts_with(&format!("v1:{b}:")),
        "{}",
        rows[0].name
    );

    // Without the old key, the details read and the e-mail is found.
    let mut settings = app.settings.clone();
    settings.personal_data_key = Some(KEY_B.into());
    settings.personal_data_old_keys = None;
    let store = glas_server::personal::connect(&settings).await.unwrap();
    let author = store.author_of(receipt.id).await.unwrap().unwrap();
    assert_eq!(author.name, "Мария Иванова");
    assert_eq!(author.email.as_deref(), Some("maria@example.com"));
    assert_eq!(
        store
            .submissions_by_email("maria@example.com")
            .await
            .unwrap(),
        vec![(receipt.id, receipt.reference.clone())]
    );
    store.close().await;

    // The old key alone no longer opens them: the server says which key it lacks.
    let refused = glas(&app, &[], &[("GLAS_PERSONAL_DATA_KEY", PERSONAL_DATA_KEY)]);
    assert!(!refused.status.success());
    assert!(said(&refused).contains(&b), "{}", said(&refused));
    assert!(!said(&refused).contains(&a), "{}", said(&refused));
}

#[tokio::test]
async fn the_server_does_not_start_without_the_key_or_with_another_one() {
    let app = spawn_app().await;
    send(&app, &complaint()).await;

    let without = glas(&app, &[], &[]);
    assert!(!without.status.success(), "it must not start");
    let message = said(&without);
    assert!(message.contains("GLAS_PERSONAL_DATA_KEY"), "{message}");
    assert!(message.contains("glas key generate"), "{message}");

    let other = glas(&app, &[], &[("GLAS_PERSONAL_DATA_KEY", KEY_B)]);
    assert!(!other.status.success(), "it must not start");
    let message = said(&other);
    assert!(message.contains(&key_id(PERSONAL_DATA_KEY)), "{message}");
    assert!(message.contains("GLAS_PERSONAL_DATA_OLD_KEYS"), "{message}");
    assert!(
        !message.contains(KEY_B),
        "the key itself is never shown: {message}"
    );

    let key = glas(&app, &["key", "generate"], &[]);
    assert!(key.status.success(), "{}", said(&key));
    let key = String::from_utf8(key.stdout).unwrap();
    assert!(Keyring::parse(key.trim(), "").is_ok(), "{key}");
}

#[tokio::test]
async fn contact_details_stored_before_sealing_are_sealed_at_the_next_start() {
    let app = spawn_app_configured(None, Clock::System, |_| {}).await;
    let receipt = send(&app, &complaint()).await;
    // As a database from before this version holds them.
    app.execute(
        "UPDATE submission_authors SET name = 'Мария Иванова', email = 'maria@example.com',
             phone = '+359888123456', address = NULL, key_id = NULL, email_index = NULL",
    )
    .await;
    let store = app.store().await;
    assert_eq!(
        store
            .submissions_by_email("maria@example.com")
            .await
            .unwrap(),
        vec![(receipt.id, receipt.reference.clone())],
        "found by the address itself until it is sealed"
    );
    store.close().await;

    app.another_server(Clock::System).await;
    let rows = app.raw_authors().await;
    assert_eq!(rows[0].key_id.as_deref(), Some(&*key_id(PERSONAL_DATA_KEY)));
    assert!(!rows[0].name.contains("Мария"), "{}", rows[0].name);
    assert!(!rows[0].email.as_deref().unwrap().contains("maria"));
    let store = app.store().await;
    let author = store.author_of(receipt.id).await.unwrap().unwrap();
    assert_eq!(author.phone.as_deref(), Some("+359888123456"));
    assert_eq!(
        store
            .submissions_by_email("maria@example.com")
            .await
            .unwrap(),
        vec![(receipt.id, receipt.reference.clone())]
    );
    assert_eq!(store.author_of(Uuid::new_v4()).await.unwrap(), None);
    store.close().await;
}

/// The `after` of each audit entry with `action`, oldest first.
async fn audited(app: &TestApp, action: &str) -> Vec<String> {
    use sqlx::Connection;
    let sql = "SELECT after FROM audit_log WHERE action = $1 ORDER BY id";
    if app.database_url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(&app.database_url)
            .await
            .unwrap();
        sqlx::query_scalar(sql)
            .bind(action)
            .fetch_all(&mut c)
            .await
            .unwrap()
    } else {
        let mut c = sqlx::PgConnection::connect(&app.database_url)
            .await
            .unwrap();
        sqlx::query_scalar(sql)
            .bind(action)
            .fetch_all(&mut c)
            .await
            .unwrap()
    }
}

/// `glas person export EMAIL` on `app`'s database, parsed.
fn person_export(app: &TestApp, email: &str) -> serde_json::Value {
    let output = glas(
        app,
        &["person", "export", email],
        &[("GLAS_PERSONAL_DATA_KEY", PERSONAL_DATA_KEY)],
    );
    assert!(output.status.success(), "{}", said(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn references(held: &serde_json::Value) -> Vec<&str> {
    held["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reference"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn an_access_request_exports_every_submission_of_that_address_and_none_of_anothers() {
    let app = spawn_app().await;
    let first = send(&app, &complaint_by("Мария Иванова", "maria@example.com")).await;
    let other = send(&app, &complaint_by("Петър Петров", "petar@example.com")).await;
    let second = send(&app, &complaint_by("Мария Иванова", "MARIA@example.com")).await;
    // The first is answered.
    let (email, password) = app.add_staff(Role::Supervisor, &[], false).await;
    let desk = app.desk_client();
    desk.login(&email, &password).await;
    let form = format!("/desk/submissions/{}/answer", first.reference);
    let answered = desk
        .submit(
            &form,
            &form,
            &[("body", "Гише 3 вече работи с двама служители.")],
        )
        .await;
    assert_eq!(answered.status(), StatusCode::SEE_OTHER);

    let held = person_export(&app, "maria@example.com");
    assert_eq!(
        references(&held),
        vec![first.reference.as_str(), second.reference.as_str()]
    );
    let mine = &held["submissions"][0];
    assert_eq!(mine["author"]["name"], "Мария Иванова");
    assert_eq!(mine["author"]["email"], "maria@example.com");
    assert_eq!(mine["author"]["phone"], "+359877654321");
    assert_eq!(mine["author"]["address"], "ул. Свобода 12, Хасково");
    assert_eq!(mine["status"], "answered");
    assert_eq!(mine["text"], complaint().text);
    assert!(
        mine["answers"][0]["text"]
            .as_str()
            .unwrap()
            .contains("двама служители"),
        "{mine}"
    );
    assert_eq!(
        held["submissions"][1]["author"]["email"],
        "MARIA@example.com"
    );
    assert!(!held.to_string().contains("Петър"), "{held}");
    assert!(!held.to_string().contains("petar@"), "{held}");
    assert!(!held.to_string().contains(&other.reference), "{held}");

    // Audited, without the address.
    let audit = audited(&app, "person_export").await;
    assert_eq!(audit.len(), 1);
    assert!(audit[0].contains(&first.reference), "{}", audit[0]);
    assert!(!audit[0].to_lowercase().contains("maria"), "{}", audit[0]);
}

#[tokio::test]
async fn an_erasure_request_deletes_the_contact_details_and_leaves_submissions_and_statistics() {
    let app = spawn_app().await;
    let first = send(&app, &complaint_by("Мария Иванова", "maria@example.com")).await;
    let other = send(&app, &complaint_by("Петър Петров", "petar@example.com")).await;
    let second = send(&app, &complaint_by("Мария Иванова", "maria@example.com")).await;

    let erased = glas(
        &app,
        &["person", "erase", "Maria@Example.com"],
        &[("GLAS_PERSONAL_DATA_KEY", PERSONAL_DATA_KEY)],
    );
    assert!(erased.status.success(), "{}", said(&erased));
    assert!(said(&erased).contains("2 submissions"), "{}", said(&erased));

    let stored = app.stored().await;
    assert_eq!(stored.len(), 3, "the submissions stay");
    let has_author = |id: Uuid| {
        stored
            .iter()
            .find(|r| r.id == id.to_string())
            .unwrap()
            .has_author
    };
    assert!(!has_author(first.id) && !has_author(second.id));
    assert!(has_author(other.id), "another citizen's details stay");
    assert_eq!(app.raw_authors().await.len(), 1);
    assert!(references(&person_export(&app, "maria@example.com")).is_empty());

    let audit = audited(&app, "person_erase").await;
    assert_eq!(audit.len(), 1);
    assert!(audit[0].contains(&second.reference), "{}", audit[0]);
    assert!(!audit[0].to_lowercase().contains("maria"), "{}", audit[0]);

    // The statistics never counted an author: rebuilt, nothing differs.
    let store = app.store().await;
    let calendar = glas_server::profile::load(None).unwrap().calendar();
    let rebuilt = store
        .rebuild_stats(&calendar, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!(rebuilt.submissions, 3);
    assert!(rebuilt.differences.is_empty(), "{:?}", rebuilt.differences);
    store.close().await;
}

/// The mail outbox's rows as stored: address, body and key, one string each.
async fn raw_outbox(app: &TestApp) -> Vec<String> {
    app.raw_strings(
        "SELECT to_address || ' | ' || body || ' | ' || COALESCE(key_id, '-') FROM mail_outbox ORDER BY id",
    )
    .await
}

/// An answer to `receipt` from a supervisor at the desk.
async fn answer(app: &TestApp, reference: &str) {
    let (email, password) = app.add_staff(Role::Supervisor, &[], false).await;
    let desk = app.desk_client();
    desk.login(&email, &password).await;
    let form = format!("/desk/submissions/{reference}/answer");
    let answered = desk
        .submit(
            &form,
            &form,
            &[("body", "Гише 3 вече работи с двама служители.")],
        )
        .await;
    assert_eq!(answered.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_answer_waiting_in_the_outbox_holds_no_address_or_letter_in_plain_text() {
    // No SMTP server: the answer waits in the outbox.
    let app = spawn_app().await;
    let receipt = send(&app, &complaint()).await;
    answer(&app, &receipt.reference).await;

    let rows = raw_outbox(&app).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    for clear in [
        "maria",
        "example.com",
        "Мария",
        "Иванова",
        "двама служители",
    ] {
        assert!(!rows[0].contains(clear), "{clear:?} in {}", rows[0]);
    }
    let key = key_id(PERSONAL_DATA_KEY);
    assert!(rows[0].starts_with(&format!("v1:{key}:")), "{}", rows[0]);
    assert!(rows[0].ends_with(&format!(" | {key}")), "{}", rows[0]);

    // The desk still shows where it goes.
    let store = app.store().await;
    let mail = store.mail_for(receipt.id).await.unwrap();
    assert!(mail[0].to.contains("maria@example.com"), "{mail:?}");
    store.close().await;
}

#[tokio::test]
async fn a_sent_answer_is_delivered_opened_and_its_body_is_then_emptied() {
    let smtp = crate::helpers::SmtpServer::start().await;
    let app = crate::helpers::spawn_app_sending_mail_to(&smtp).await;
    let receipt = send(&app, &complaint()).await;
    answer(&app, &receipt.reference).await;

    let messages = smtp.wait_for(1, std::time::Duration::from_secs(10)).await;
    assert_eq!(messages[0].to, "maria@example.com");
    assert!(
        messages[0].body.contains("двама служители"),
        "{}",
        messages[0].body
    );

    // Once the SMTP server has it, the outbox keeps only the sealed address.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let rows = app
            .raw_strings("SELECT body FROM mail_outbox WHERE sent_at IS NOT NULL")
            .await;
        if rows == [""] {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{rows:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let rows = raw_outbox(&app).await;
    assert!(!rows[0].contains("maria"), "{}", rows[0]);
}

#[tokio::test]
async fn a_totp_key_is_sealed_to_its_account_and_opens_for_it_alone() {
    let app = spawn_app().await;
    let (email, _) = app.add_staff(Role::Clerk, &[], false).await;
    let (other, _) = app.add_staff(Role::Clerk, &[], false).await;
    let store = app.store().await;
    let id = store
        .account_by_email(&email)
        .await
        .unwrap()
        .unwrap()
        .member
        .id;
    let other_id = store
        .account_by_email(&other)
        .await
        .unwrap()
        .unwrap()
        .member
        .id;
    let now = time::OffsetDateTime::now_utc();
    assert!(
        store
            .enable_totp(id, "JBSWY3DPEHPK3PXP", 1, Some(id), now)
            .await
            .unwrap()
    );

    let stored = app
        .raw_strings("SELECT totp_secret FROM staff WHERE totp_secret IS NOT NULL")
        .await;
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains("JBSWY3DPEHPK3PXP"), "{}", stored[0]);
    assert!(
        stored[0].starts_with(&format!("v1:{}:", key_id(PERSONAL_DATA_KEY))),
        "{}",
        stored[0]
    );
    assert_eq!(
        store.totp_secret(id).await.unwrap().as_deref(),
        Some("JBSWY3DPEHPK3PXP")
    );

    // Copied to another account, it does not open there.
    app.execute(&format!(
        "UPDATE staff SET totp_secret = (SELECT totp_secret FROM staff WHERE id = {id}) WHERE id = {other_id}"
    ))
    .await;
    assert!(
        matches!(
            store.totp_secret(other_id).await,
            Err(StoreError::UnreadableSealed { .. })
        ),
        "a copied key must not make codes for another account"
    );
    store.close().await;
}

// Several threads: `glas key rotate` runs while this test waits for it, and the
// servers in this process must go on (one may be in a transaction then).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_mail_and_totp_keys_from_before_sealing_are_sealed_at_the_next_start_and_rotate() {
    let app = spawn_app().await;
    let receipt = send(&app, &complaint()).await;
    answer(&app, &receipt.reference).await;
    let (email, _) = app.add_staff(Role::Admin, &[], false).await;
    let store = app.store().await;
    let id = store
        .account_by_email(&email)
        .await
        .unwrap()
        .unwrap()
        .member
        .id;
    store.close().await;
    // As a database from before this version holds them.
    app.execute(
        "UPDATE mail_outbox SET to_address = 'Мария Иванова <maria@example.com>',
             body = 'Уважаема г-жо Иванова, ...', key_id = NULL, seal_id = NULL",
    )
    .await;
    app.execute(&format!(
        "UPDATE staff SET totp_secret = 'JBSWY3DPEHPK3PXP' WHERE id = {id}"
    ))
    .await;

    app.another_server(Clock::System).await;
    let (a, b) = (key_id(PERSONAL_DATA_KEY), key_id(KEY_B));
    let rows = raw_outbox(&app).await;
    assert!(rows[0].starts_with(&format!("v1:{a}:")), "{}", rows[0]);
    assert!(
        !rows[0].contains("maria") && !rows[0].contains("Иванова"),
        "{}",
        rows[0]
    );
    let secrets = app
        .raw_strings("SELECT totp_secret FROM staff WHERE totp_secret IS NOT NULL")
        .await;
    assert!(secrets[0].starts_with(&format!("v1:{a}:")), "{secrets:?}");

    // `glas key rotate` seals both again under the new key; without the old
    // one, they still open.
    let rotated = glas(
        &app,
        &["key", "rotate"],
        &[
            ("GLAS_PERSONAL_DATA_KEY", KEY_B),
            ("GLAS_PERSONAL_DATA_OLD_KEYS", PERSONAL_DATA_KEY),
        ],
    );
    assert!(rotated.status.success(), "{}", said(&rotated));
    assert!(
        said(&rotated).contains("1 queued e-mails and 1 TOTP keys"),
        "{}",
        said(&rotated)
    );
    let rows = raw_outbox(&app).await;
    assert!(rows[0].starts_with(&format!("v1:{b}:")), "{}", rows[0]);
    let mut settings = app.settings.clone();
    settings.personal_data_key = Some(KEY_B.into());
    settings.personal_data_old_keys = None;
    let store = glas_server::personal::connect(&settings).await.unwrap();
    assert_eq!(
        store.totp_secret(id).await.unwrap().as_deref(),
        Some("JBSWY3DPEHPK3PXP")
    );
    let mail = store.mail_for(receipt.id).await.unwrap();
    assert_eq!(mail[0].to, "Мария Иванова <maria@example.com>");
    store.close().await;

    // The old key alone no longer opens the outbox: the server names the key it lacks.
    app.execute("DELETE FROM submission_authors").await;
    app.execute("UPDATE staff SET totp_secret = NULL").await;
    let refused = glas(&app, &[], &[("GLAS_PERSONAL_DATA_KEY", PERSONAL_DATA_KEY)]);
    assert!(!refused.status.success());
    assert!(said(&refused).contains(&b), "{}", said(&refused));
}
