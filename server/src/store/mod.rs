//! The one seam between Glas and its database. SQLite is the embedded default;
//! PostgreSQL serves several server instances on one database. Every statement is
//! written once, for both (`dialect.rs` says how, and holds what differs).

mod authors;
pub mod desk;
pub(crate) mod dialect;
mod group_commit;
pub mod kiosks;
pub mod mail;
mod plan;
mod register;
mod rows;
pub mod sessions;
pub mod staff;
pub mod stats;

use std::sync::Arc;

use glas_shared::{Kind, Reason, Status, Submission};
use serde::Serialize;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::personal::Keyring;
use dialect::{Db, on_db};
use rows::TrackedRow;

/// What the server decided about a submission before storing it.
#[derive(Debug, Clone)]
pub struct NewRecord {
    pub submission: Submission,
    /// The parsed submission's fingerprint (`intake::fingerprint`): tells a replay from a conflict.
    pub content_hash: [u8; 32],
    pub received_at: OffsetDateTime,
    /// The year of receipt in Europe/Sofia: the reference number's year.
    pub ref_year: i32,
    pub status: Status,
    pub reason: Option<Reason>,
    /// The text looks obscene or insulting: staff decide.
    pub flagged_obscene: bool,
    pub due_on: Option<Date>,
    pub tracking_token: String,
    /// The member of staff who entered it (an oral submission); audited with it.
    pub registered_by: Option<i64>,
    /// The statistics' rollup rows it adds one to (`stats::rollup::keys`), in
    /// the transaction that registers it; none for what is kept aside.
    pub stats: Vec<crate::stats::rollup::Key>,
    /// Kept aside as probably a robot's (`screening`).
    pub set_aside: Option<crate::screening::SetAside>,
}

/// What a receipt is made from; stored, so that a replay gets the same receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReceipt {
    pub id: Uuid,
    pub reference: String,
    pub status: Status,
    pub reason: Option<Reason>,
    pub received_at: OffsetDateTime,
    pub due_on: Option<Date>,
    pub tracking_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registered {
    /// Committed just now.
    Created(StoredReceipt),
    /// The same id with the same content was registered before.
    Replayed(StoredReceipt),
    /// The same id was registered before with other content.
    Conflict,
}

/// What the tracking page may show: no text, no personal data.
#[derive(Debug, Clone)]
pub struct Tracked {
    pub reference: String,
    pub kind: Kind,
    pub status: Status,
    pub reason: Option<Reason>,
    pub received_at: OffsetDateTime,
    pub due_on: Option<Date>,
    pub locale: String,
}

/// One stored submission, for `glas export` (the operator's view; no personal data).
/// Both dialects read it straight from their `export` query.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ExportRow {
    pub id: String,
    pub reference: String,
    pub kind: String,
    pub text: String,
    pub channel: String,
    pub unit: Option<String>,
    pub status: String,
    #[sqlx(rename = "status_reason")]
    pub reason: Option<String>,
    pub flagged_obscene: bool,
    pub health_or_safety: bool,
    pub locale: String,
    pub has_author: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub received_at: OffsetDateTime,
    #[serde(with = "glas_shared::day::option")]
    pub due_on: Option<Date>,
    /// Why it was kept aside as probably a robot's (`trap`, `too_fast`), if it was.
    pub set_aside: Option<String>,
}

/// One connection pool's state (`Store::pools`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// `writer`, `reader` or `jobs` (see `dialect::Pools`).
    pub name: &'static str,
    /// Connections open, idle or in use.
    pub open: u32,
    pub idle: u32,
    /// The most it opens.
    pub max: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL (expected sqlite://… or postgres://…): {0}")]
    UnsupportedUrl(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// The transaction this request shared with others failed.
    #[error("the shared transaction failed: {0}")]
    Shared(Arc<StoreError>),
    #[error("the store is shutting down")]
    Closed,
    /// Personal data to seal or open, and no key (`GLAS_PERSONAL_DATA_KEY`).
    #[error(
        "citizens' contact details need the personal-data key (GLAS_PERSONAL_DATA_KEY), which is not set"
    )]
    NoPersonalDataKey,
    /// A sealed value that does not open (`personal::OpenError`).
    #[error("the {field} of submission {submission} cannot be read: {reason}")]
    Unreadable {
        submission: Uuid,
        field: &'static str,
        reason: crate::personal::OpenError,
    },
    /// Another sealed value (an e-mail in the outbox, a TOTP key) that does not open.
    #[error("{what} cannot be read: {reason}")]
    UnreadableSealed {
        what: String,
        reason: crate::personal::OpenError,
    },
}

impl StoreError {
    /// Whether trying again later may succeed (the database is busy or unreachable).
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Shared(e) => e.is_transient(),
            StoreError::Closed => true,
            StoreError::Database(
                sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed,
            ) => true,
            StoreError::Database(sqlx::Error::Database(e)) => e.code().is_some_and(|code| {
                match code.parse::<i32>() {
                    // SQLite: SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes.
                    Ok(n) => matches!(n & 0xff, 5 | 6),
                    // PostgreSQL: serialization failure and deadlock (40…), connection
                    // trouble (08…), insufficient resources (53…), shutting down (57P…),
                    // a lock not had in time (55P03, `lock_timeout`).
                    Err(_) => ["40", "08", "53", "57P", "55P03"]
                        .iter()
                        .any(|p| code.starts_with(p)),
                }
            }),
            _ => false,
        }
    }
}

/// The database, with a group-commit writer in front of it: submissions that
/// arrive while a transaction is being committed share the next one.
#[derive(Debug, Clone)]
pub struct Store {
    db: Db,
    commits: group_commit::Committer,
    /// Rung when this instance queues mail (`mail.rs`).
    mail_wakeup: Arc<tokio::sync::Notify>,
    /// Seals and opens citizens' contact details (`personal.rs`); without it a
    /// store reads and writes everything else.
    keys: Option<Arc<Keyring>>,
}

impl Store {
    /// Connects to `database_url` (`sqlite://…` or `postgres://…`) and brings its
    /// schema up to date. Without the personal-data key: registering a named
    /// submission or reading an author's details fails with
    /// [`StoreError::NoPersonalDataKey`] (the commands that touch neither).
    pub async fn connect(database_url: &str) -> Result<Store, StoreError> {
        Self::open(database_url, None).await
    }

    /// As [`Store::connect`], sealing and opening citizens' contact details with `keys`.
    pub async fn connect_with_keys(
        database_url: &str,
        keys: Arc<Keyring>,
    ) -> Result<Store, StoreError> {
        Self::open(database_url, Some(keys)).await
    }

    async fn open(database_url: &str, keys: Option<Arc<Keyring>>) -> Result<Store, StoreError> {
        let db = Db::connect(database_url).await?;
        sessions::DeskSessions::new(&db).migrate().await?;
        let commits = group_commit::Committer::start(db.clone(), keys.clone());
        Ok(Store {
            db,
            commits,
            mail_wakeup: Arc::default(),
            keys,
        })
    }

    /// The desk's session store, on this database.
    pub fn session_store(&self) -> sessions::DeskSessions {
        sessions::DeskSessions::new(&self.db)
    }

    /// Commits a write (`health`'s one row): readiness, which a store that answers
    /// reads but cannot commit (a write-locked SQLite file, a read-only PostgreSQL)
    /// fails.
    pub async fn commit_check(&self) -> Result<(), StoreError> {
        on_db!(&self.db, pools => {
            sqlx::query("UPDATE health SET checks = checks + 1 WHERE id = 1")
                .execute(&pools.writer)
                .await?;
        });
        Ok(())
    }

    /// Registers a submission, or recognises it as a replay or a conflict.
    /// Returns only once a created row is durably committed.
    pub async fn register(&self, record: NewRecord) -> Result<Registered, StoreError> {
        self.commits.register(record).await
    }

    /// Replaces the tracking token `token` with `replacement`, which nobody is
    /// shown, so the link stops working (a citizen's own request); the reference
    /// of its submission, or `None` when no link has that token.
    pub async fn revoke_tracking(
        &self,
        token: &str,
        replacement: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(on_db!(&self.db, pools => {
            sqlx::query_scalar(
                "UPDATE submissions SET tracking_token = $2 WHERE tracking_token = $1
                 RETURNING reference",
            )
            .bind(token)
            .bind(replacement)
            .fetch_optional(&pools.writer)
            .await?
        }))
    }

    pub async fn find_by_token(&self, token: &str) -> Result<Option<Tracked>, StoreError> {
        let row: Option<TrackedRow> = on_db!(&self.db, pools => {
            sqlx::query_as(
                "SELECT reference, kind, status, status_reason, received_at, due_on, locale
                 FROM submissions WHERE tracking_token = $1",
            )
            .bind(token)
            .fetch_optional(&pools.reader)
            .await?
        });
        row.map(TrackedRow::into_tracked).transpose()
    }

    pub async fn export(&self) -> Result<Vec<ExportRow>, StoreError> {
        Ok(on_db!(&self.db, pools => {
            sqlx::query_as(
                "SELECT CAST(s.id AS TEXT) AS id, s.reference, s.kind, s.text, s.channel, s.unit,
                        s.status, s.status_reason, s.flagged_obscene, s.health_or_safety, s.locale,
                        EXISTS (SELECT 1 FROM submission_authors a WHERE a.submission_id = s.id) AS has_author,
                        s.created_at, s.received_at, s.due_on, s.set_aside
                 FROM submissions s ORDER BY s.ref_year, s.ref_seq",
            )
            .fetch_all(&pools.reader)
            .await?
        }))
    }

    /// Deletes the personal data of cases closed before `cutoff` (the profile's
    /// retention period, counted from the close), and of what was kept aside as a
    /// program's and received before it; the submissions stay, anonymous. An open
    /// case keeps its author's details however old it is. The answers e-mailed to
    /// them go from the mail outbox too, as `glas person erase` does (the letters
    /// stay in `answers`). Returns how many authors.
    pub async fn forget_authors_before(&self, cutoff: OffsetDateTime) -> Result<u64, StoreError> {
        const EXPIRED: &str = "SELECT id FROM submissions
             WHERE closed_at < $1 OR (set_aside IS NOT NULL AND received_at < $1)";
        // Two statements, each its own transaction: which submissions have expired
        // does not depend on either table, so a sweep cut short between them is
        // finished by the next one.
        Ok(on_db!(&self.db, pools => {
            sqlx::query(&format!(
                "DELETE FROM mail_outbox WHERE purpose = 'answer' AND submission_id IN ({EXPIRED})"
            ))
            .bind(cutoff)
            .execute(&pools.writer)
            .await?;
            sqlx::query(&format!(
                "DELETE FROM submission_authors WHERE submission_id IN ({EXPIRED})"
            ))
            .bind(cutoff)
            .execute(&pools.writer)
            .await?
            .rows_affected()
        }))
    }

    /// How the connection pools stand, for `/metrics`: each pool's open and idle
    /// connections and its ceiling. SQLite's `jobs` pool is its writer, so it is
    /// named once.
    pub fn pools(&self) -> Vec<PoolStats> {
        fn stats<DB: sqlx::Database>(name: &'static str, pool: &sqlx::Pool<DB>) -> PoolStats {
            PoolStats {
                name,
                open: pool.size(),
                idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
                max: pool.options().get_max_connections(),
            }
        }
        match &self.db {
            Db::Sqlite(pools) => vec![
                stats("writer", &pools.writer),
                stats("reader", &pools.reader),
            ],
            Db::Postgres(pools) => vec![
                stats("writer", &pools.writer),
                stats("reader", &pools.reader),
                stats("jobs", &pools.jobs),
            ],
        }
    }

    pub async fn close(&self) {
        on_db!(&self.db, pools => {
            pools.writer.close().await;
            pools.reader.close().await;
            pools.jobs.close().await;
        })
    }
}
pub(crate) fn parse_status(s: &str) -> Result<Status, StoreError> {
    Status::parse(s).map_err(|_| StoreError::Corrupt(format!("unknown status {s:?}")))
}

pub(crate) fn parse_reason(s: Option<String>) -> Result<Option<Reason>, StoreError> {
    s.map(|s| Reason::parse(&s).map_err(|_| StoreError::Corrupt(format!("unknown reason {s:?}"))))
        .transpose()
}

pub(crate) fn parse_kind(s: &str) -> Result<Kind, StoreError> {
    Kind::parse(s).map_err(|_| StoreError::Corrupt(format!("unknown kind {s:?}")))
}
