//! `glas backup` and `glas restore`, run as an operator runs them: a backup taken
//! while the server takes submissions holds every one receipted before it began,
//! and a restore brings exactly that back; neither replaces a file it should not,
//! nor restores a file that is not a sound Glas database.
//!
//! They are about SQLite files, so every test but the last makes its own SQLite
//! database whichever database `GLAS_TEST_DATABASE` names; the last checks that a
//! PostgreSQL database is sent to `pg_dump` and `pg_restore`.

use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use glas_shared::{Receipt, Reference};
use reqwest::StatusCode;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::helpers::{complaint, free_port, praise, start_glas};

const CLIENTS: usize = 8;

/// Runs `glas ARGS` on the database at `url`.
async fn glas(url: &str, args: &[&str]) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_glas"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "error")
        .env("RUST_BACKTRACE", "0")
        .output()
        .await
        .expect("glas runs")
}

fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs `glas ARGS`, which must succeed; what it printed.
async fn glas_ok(url: &str, args: &[&str]) -> String {
    let output = glas(url, args).await;
    assert!(output.status.success(), "glas {args:?}: {}", said(&output));
    String::from_utf8(output.stdout).unwrap()
}

/// Runs `glas ARGS`, which must fail; what it said.
async fn glas_refuses(url: &str, args: &[&str]) -> String {
    let output = glas(url, args).await;
    assert!(!output.status.success(), "glas {args:?} should have failed");
    said(&output)
}

fn sqlite_url(file: &Path) -> String {
    format!("sqlite://{}", file.display())
}

/// The file's submissions, id → reference, read through a read-only connection
/// that first checks the file is whole.
async fn submissions_in(file: &Path) -> HashMap<String, String> {
    let mut connection = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await
        .expect("the database opens");
    let check: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut connection)
        .await
        .unwrap();
    assert_eq!(check, ["ok"], "{}", file.display());
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT id, reference FROM submissions")
        .fetch_all(&mut connection)
        .await
        .unwrap();
    connection.close().await.unwrap();
    rows.into_iter().collect()
}

/// A Glas database with its schema and no submissions, as a first start leaves it.
async fn new_database(file: &Path) -> String {
    let url = sqlite_url(file);
    glas_ok(&url, &["export"]).await;
    url
}

/// Every file in `dir`, by name.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The number `glas backup` or `glas restore` says it copied.
fn count_said(output: &str) -> usize {
    let before = output
        .split(" submissions")
        .next()
        .expect("a count of submissions");
    let number = before.rsplit([' ', ',']).next().unwrap();
    number
        .parse()
        .unwrap_or_else(|_| panic!("a count in {output:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_restores_every_submission_receipted_before_it_began() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("data/glas.db");
    let url = sqlite_url(&live);
    let server = start_glas(&url, free_port()).await;
    let submissions = format!("{}/api/v1/submissions", server.address);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();

    // Clients keep registering submissions for as long as the test runs.
    let receipted: Arc<Mutex<Vec<Receipt>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let (client, url, receipted, stop) = (
                client.clone(),
                submissions.clone(),
                receipted.clone(),
                stop.clone(),
            );
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let submission = if (i + n) % 2 == 0 {
                        praise()
                    } else {
                        complaint()
                    };
                    let response = client.post(&url).json(&submission).send().await.unwrap();
                    assert_eq!(response.status(), StatusCode::CREATED);
                    let receipt: Receipt = response.json().await.unwrap();
                    receipted.lock().unwrap().push(receipt);
                }
            })
        })
        .collect();
    let wait_for = |count: usize| {
        let receipted = receipted.clone();
        async move {
            let deadline = Instant::now() + Duration::from_secs(30);
            while receipted.lock().unwrap().len() < count {
                assert!(
                    Instant::now() < deadline,
                    "the server did not take the load"
                );
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    };
    wait_for(200).await;

    let before_backup: Vec<Receipt> = receipted.lock().unwrap().clone();
    let backup = dir.path().join("glas-backup.db");
    let said = glas_ok(&url, &["backup", backup.to_str().unwrap()]).await;
    assert!(said.contains(backup.to_str().unwrap()), "{said}");
    let in_backup = count_said(&said);
    // More are registered after the backup's snapshot, which it must not hold.
    wait_for(in_backup + CLIENTS * 10).await;
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.await.unwrap();
    }
    server.terminate();
    let mut server = server;
    assert_eq!(
        server.exited_within(Duration::from_secs(20)).await,
        Some(true)
    );
    let live_count = receipted.lock().unwrap().len();

    let backed_up = submissions_in(&backup).await;
    assert_eq!(backed_up.len(), in_backup, "the count glas backup printed");
    for receipt in &before_backup {
        assert_eq!(
            backed_up.get(&receipt.id.to_string()),
            Some(&receipt.reference),
            "a submission receipted before the backup began is missing from it"
        );
    }
    // One instant's database: the references it holds are 1..=N, without a gap.
    let mut seqs: Vec<u64> = backed_up
        .values()
        .map(|r| Reference::parse(r).unwrap().seq())
        .collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=in_backup as u64).collect::<Vec<_>>());

    // The server is stopped; the backup goes back in place of the live database.
    let refused = glas_refuses(&url, &["restore", backup.to_str().unwrap()]).await;
    assert!(refused.contains("--force"), "{refused}");
    // The restored file keeps the replaced one's permissions.
    std::fs::set_permissions(&live, std::fs::Permissions::from_mode(0o640)).unwrap();
    let said = glas_ok(&url, &["restore", "--force", backup.to_str().unwrap()]).await;
    assert_eq!(count_said(&said), in_backup, "{said}");
    let restored = std::fs::metadata(&live).unwrap();
    assert_eq!(restored.permissions().mode() & 0o777, 0o640);
    let kept: Vec<PathBuf> = names_in(live.parent().unwrap())
        .iter()
        // Not its companions (`…-wal`): the time has no hyphen.
        .filter(|n| {
            n.strip_prefix("glas.db.before-restore-")
                .is_some_and(|time| !time.contains('-'))
        })
        .map(|n| live.with_file_name(n))
        .collect();
    assert_eq!(kept.len(), 1, "the replaced database is kept aside");
    assert!(said.contains(kept[0].to_str().unwrap()), "{said}");
    assert_eq!(submissions_in(&kept[0]).await.len(), live_count);

    let server = start_glas(&url, free_port()).await;
    let exported = glas_ok(&url, &["export"]).await;
    let restored: HashMap<String, String> = exported
        .lines()
        .map(|line| {
            let row: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                row["id"].as_str().unwrap().to_owned(),
                row["reference"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(restored, backed_up);
    // The statistics' counts are those of the same instant as the submissions.
    let rebuilt = glas_ok(&url, &["stats", "rebuild"]).await;
    assert!(
        rebuilt.contains(&format!(
            "Counted {in_backup} submissions; 0 statistics rows were wrong"
        )),
        "{rebuilt}"
    );
    // And the reference counter: the next submission follows the restored ones.
    let response = client
        .post(format!("{}/api/v1/submissions", server.address))
        .json(&complaint())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: Receipt = response.json().await.unwrap();
    assert_eq!(
        Reference::parse(&receipt.reference).unwrap().seq(),
        in_backup as u64 + 1
    );
    assert_eq!(submissions_in(&live).await.len(), in_backup + 1);
}

#[tokio::test]
async fn a_backup_never_replaces_a_file_and_a_restore_replaces_a_database_only_when_forced() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("data/glas.db");
    let url = new_database(&live).await;
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();

    let taken = backups.join("monday.db");
    std::fs::write(&taken, "an earlier backup").unwrap();
    let refused = glas_refuses(&url, &["backup", taken.to_str().unwrap()]).await;
    assert!(refused.contains("exists already"), "{refused}");
    assert_eq!(
        std::fs::read_to_string(&taken).unwrap(),
        "an earlier backup"
    );
    assert_eq!(
        names_in(&backups),
        ["monday.db"],
        "nothing half-written is left"
    );

    // Given a directory, a backup takes a new name of its own in it.
    let said = glas_ok(&url, &["backup", backups.to_str().unwrap()]).await;
    let names = names_in(&backups);
    assert_eq!(names.len(), 2, "{names:?}");
    let new = names.iter().find(|n| n.as_str() != "monday.db").unwrap();
    assert!(new.starts_with("glas-") && new.ends_with(".db"), "{new}");
    assert!(said.contains(new.as_str()), "{said}");
    let backup = backups.join(new);

    // A restore does not replace a database unless told to.
    let before = std::fs::read(&live).unwrap();
    let refused = glas_refuses(&url, &["restore", backup.to_str().unwrap()]).await;
    assert!(
        refused.contains("holds a database already") && refused.contains("--force"),
        "{refused}"
    );
    assert_eq!(std::fs::read(&live).unwrap(), before);
    assert!(
        !names_in(live.parent().unwrap())
            .iter()
            .any(|n| n.contains("before-restore") || n.starts_with('.')),
        "nothing is moved aside or left behind"
    );

    // Where there is no database yet, it needs no --force.
    let elsewhere = dir.path().join("new/glas.db");
    let said = glas_ok(
        &sqlite_url(&elsewhere),
        &["restore", backup.to_str().unwrap()],
    )
    .await;
    assert!(said.contains("Restored"), "{said}");
    assert!(submissions_in(&elsewhere).await.is_empty());
}

#[tokio::test]
async fn a_file_that_is_not_a_sound_glas_database_is_not_restored() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("data/glas.db");
    let url = new_database(&live).await;
    let good = dir.path().join("good.db");
    glas_ok(&url, &["backup", good.to_str().unwrap()]).await;
    let before = std::fs::read(&live).unwrap();
    let listed = names_in(live.parent().unwrap());

    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "Not a database at all, just some notes.\n".repeat(200),
    )
    .unwrap();

    let foreign = dir.path().join("foreign.db");
    let mut connection = SqliteConnectOptions::new()
        .filename(&foreign)
        .create_if_missing(true)
        .connect()
        .await
        .unwrap();
    sqlx::query("CREATE TABLE submissions (id TEXT PRIMARY KEY)")
        .execute(&mut connection)
        .await
        .unwrap();
    connection.close().await.unwrap();

    let newer = dir.path().join("newer.db");
    std::fs::copy(&good, &newer).unwrap();
    let mut connection = SqliteConnectOptions::new()
        .filename(&newer)
        .connect()
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (29991231000001, 'from the future', TRUE, X'00', 0)",
    )
    .execute(&mut connection)
    .await
    .unwrap();
    connection.close().await.unwrap();

    // Pages in the middle of the file overwritten, as a bad disk might.
    let damaged = dir.path().join("damaged.db");
    let mut bytes = std::fs::read(&good).unwrap();
    assert!(bytes.len() > 16 * 4096, "a backup of the whole schema");
    for (i, byte) in bytes[8 * 4096..12 * 4096].iter_mut().enumerate() {
        *byte = [0x0d, 0x00, 0x07, 0xff][i % 4];
    }
    std::fs::write(&damaged, bytes).unwrap();

    for (file, problem) in [
        (&text, "not an SQLite database"),
        (&foreign, "not Glas's"),
        (&newer, "newer Glas"),
        (&damaged, "damaged"),
    ] {
        let refused = glas_refuses(&url, &["restore", "--force", file.to_str().unwrap()]).await;
        assert!(
            refused.contains("cannot be restored") && refused.contains(problem),
            "{}: {refused}",
            file.display()
        );
        assert!(!refused.contains("panicked"), "{refused}");
        assert_eq!(std::fs::read(&live).unwrap(), before, "{}", file.display());
        assert_eq!(
            names_in(live.parent().unwrap()),
            listed,
            "{}: nothing moved aside or left behind",
            file.display()
        );
    }
    let refused = glas_refuses(&url, &["restore", "--force", "no-such-file.db"]).await;
    assert!(refused.contains("no backup file"), "{refused}");
}

#[tokio::test]
async fn a_postgresql_database_is_backed_up_and_restored_with_its_own_tools() {
    let url = "postgres://glas:s3cret@127.0.0.1:1/glas";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("glas.db");
    let refused = glas_refuses(url, &["backup", path.to_str().unwrap()]).await;
    assert!(refused.contains("pg_dump -Fc"), "{refused}");
    assert!(refused.contains("README"), "{refused}");
    assert!(
        refused.contains("postgres://glas:***@127.0.0.1:1/glas"),
        "{refused}"
    );
    assert!(!refused.contains("s3cret"), "{refused}");
    std::fs::write(&path, "").unwrap();
    let refused = glas_refuses(url, &["restore", "--force", path.to_str().unwrap()]).await;
    assert!(refused.contains("pg_restore"), "{refused}");
    assert!(!refused.contains("s3cret"), "{refused}");
    assert_eq!(names_in(dir.path()), ["glas.db"], "nothing was written");
}
