//! The ceiling: the rows a load run registered, inserted again by this one
//! process straight into a fresh database with the same schema and the same
//! durability, in large transactions — what the database could take if HTTP,
//! parsing and per-request work cost nothing. Once with multi-row `INSERT`s
//! (the database's own limit), once with one `INSERT` per row (what issuing
//! statements one by one through sqlx would cost).

use std::str::FromStr;
use std::time::Duration;

use anyhow::Result;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection, PgConnection, Postgres, QueryBuilder, Sqlite, SqliteConnection};
use time::{Date, OffsetDateTime};
use tokio::time::Instant;
use uuid::Uuid;

use super::database;

pub const ROWS_PER_TRANSACTION: usize = 1_000;
/// Rows per multi-row `INSERT` (1,800 parameters: under both databases' limits).
pub const ROWS_PER_STATEMENT: usize = 100;
/// A ceiling stops after the transaction that crosses this.
const TIME_LIMIT: Duration = Duration::from_secs(15);

const SELECT: &str = "
    SELECT s.id, s.content_hash, s.reference, s.ref_year, s.ref_seq, s.kind, s.text, s.channel,
           s.unit, s.health_or_safety, s.locale, s.created_at, s.received_at, s.status,
           s.status_reason, s.flagged_obscene, s.due_on, s.tracking_token,
           a.name AS author_name, a.email, a.phone, a.address
    FROM submissions s LEFT JOIN submission_authors a ON a.submission_id = s.id
    ORDER BY s.ref_year, s.ref_seq";

const INSERT_SUBMISSIONS: &str = "INSERT INTO submissions (id, content_hash, reference, ref_year,
    ref_seq, kind, text, channel, unit, health_or_safety, locale, created_at, received_at, status,
    status_reason, flagged_obscene, due_on, tracking_token) ";
const INSERT_AUTHORS: &str =
    "INSERT INTO submission_authors (submission_id, name, email, phone, address) ";

#[derive(Debug, Clone, Copy)]
pub struct Ceiling {
    /// Submissions inserted (each one row, plus one for its author if named).
    pub submissions: usize,
    pub elapsed: Duration,
}

impl Ceiling {
    pub fn per_second(&self) -> f64 {
        self.submissions as f64 / self.elapsed.as_secs_f64()
    }
}

/// Inserts `rows` a transaction of [`ROWS_PER_TRANSACTION`] at a time with
/// `commit_chunk` until they run out or [`TIME_LIMIT`] has passed.
async fn timed<R>(
    rows: &[R],
    mut commit_chunk: impl AsyncFnMut(&[R]) -> Result<()>,
) -> Result<Ceiling> {
    let start = Instant::now();
    let mut submissions = 0;
    for chunk in rows.chunks(ROWS_PER_TRANSACTION) {
        if start.elapsed() > TIME_LIMIT {
            break;
        }
        commit_chunk(chunk).await?;
        submissions += chunk.len();
    }
    Ok(Ceiling {
        submissions,
        elapsed: start.elapsed(),
    })
}

/// A submission row with its author's, as SQLite stores them (its storage classes:
/// the values are copied exactly, times as the server's text).
#[derive(sqlx::FromRow)]
struct SqliteRow {
    id: String,
    content_hash: Vec<u8>,
    reference: String,
    ref_year: i64,
    ref_seq: i64,
    kind: String,
    text: String,
    channel: String,
    unit: Option<String>,
    health_or_safety: i64,
    locale: String,
    created_at: String,
    received_at: String,
    status: String,
    status_reason: Option<String>,
    flagged_obscene: i64,
    due_on: Option<String>,
    tracking_token: String,
    author_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    address: Option<String>,
}

/// Copies what the server stored in `source` into a fresh database at `target`,
/// with the server's settings: WAL, `synchronous=FULL`, foreign keys on.
pub async fn sqlite(source: &str, target: &str, rows_per_statement: usize) -> Result<Ceiling> {
    let source = SqliteConnectOptions::from_str(source)?.read_only(true);
    let mut from = SqliteConnection::connect_with(&source).await?;
    let rows: Vec<SqliteRow> = sqlx::query_as(SELECT).fetch_all(&mut from).await?;
    from.close().await?;

    let options = SqliteConnectOptions::from_str(target)?
        .create_if_missing(true)
        .foreign_keys(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full);
    let mut db = SqliteConnection::connect_with(&options).await?;
    database::migrate("sqlite", &mut db).await?;

    let ceiling = timed(&rows, async |chunk: &[SqliteRow]| {
        let mut tx = db.begin().await?;
        for rows in chunk.chunks(rows_per_statement) {
            QueryBuilder::<Sqlite>::new(INSERT_SUBMISSIONS)
                .push_values(rows, |mut b, r| {
                    b.push_bind(&r.id)
                        .push_bind(&r.content_hash)
                        .push_bind(&r.reference)
                        .push_bind(r.ref_year)
                        .push_bind(r.ref_seq)
                        .push_bind(&r.kind)
                        .push_bind(&r.text)
                        .push_bind(&r.channel)
                        .push_bind(&r.unit)
                        .push_bind(r.health_or_safety)
                        .push_bind(&r.locale)
                        .push_bind(&r.created_at)
                        .push_bind(&r.received_at)
                        .push_bind(&r.status)
                        .push_bind(&r.status_reason)
                        .push_bind(r.flagged_obscene)
                        .push_bind(&r.due_on)
                        .push_bind(&r.tracking_token);
                })
                .build()
                .execute(&mut *tx)
                .await?;
            let authors: Vec<&SqliteRow> =
                rows.iter().filter(|r| r.author_name.is_some()).collect();
            if !authors.is_empty() {
                QueryBuilder::<Sqlite>::new(INSERT_AUTHORS)
                    .push_values(authors, |mut b, r| {
                        b.push_bind(&r.id)
                            .push_bind(&r.author_name)
                            .push_bind(&r.email)
                            .push_bind(&r.phone)
                            .push_bind(&r.address);
                    })
                    .build()
                    .execute(&mut *tx)
                    .await?;
            }
        }
        // The counter moves once per transaction, not once per row.
        if let Some(last) = chunk.last() {
            sqlx::query(
                "INSERT INTO reference_counters (year, last) VALUES (?, ?)
                 ON CONFLICT (year) DO UPDATE SET last = excluded.last",
            )
            .bind(last.ref_year)
            .bind(last.ref_seq)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    })
    .await?;
    db.close().await?;
    Ok(ceiling)
}

/// A submission row with its author's, in PostgreSQL's types.
#[derive(sqlx::FromRow)]
struct PgRow {
    id: Uuid,
    content_hash: Vec<u8>,
    reference: String,
    ref_year: i32,
    ref_seq: i64,
    kind: String,
    text: String,
    channel: String,
    unit: Option<String>,
    health_or_safety: bool,
    locale: String,
    created_at: OffsetDateTime,
    received_at: OffsetDateTime,
    status: String,
    status_reason: Option<String>,
    flagged_obscene: bool,
    due_on: Option<Date>,
    tracking_token: String,
    author_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    address: Option<String>,
}

/// Copies what the server stored in `source` into the fresh database `target`
/// on one connection, with the cluster's durability (`synchronous_commit` as set).
pub async fn postgres(source: &str, target: &str, rows_per_statement: usize) -> Result<Ceiling> {
    let mut from = PgConnection::connect(source).await?;
    let rows: Vec<PgRow> = sqlx::query_as(SELECT).fetch_all(&mut from).await?;
    from.close().await?;

    let mut db = PgConnection::connect(target).await?;
    database::migrate("postgres", &mut db).await?;

    let ceiling = timed(&rows, async |chunk: &[PgRow]| {
        let mut tx = db.begin().await?;
        for rows in chunk.chunks(rows_per_statement) {
            QueryBuilder::<Postgres>::new(INSERT_SUBMISSIONS)
                .push_values(rows, |mut b, r| {
                    b.push_bind(r.id)
                        .push_bind(&r.content_hash)
                        .push_bind(&r.reference)
                        .push_bind(r.ref_year)
                        .push_bind(r.ref_seq)
                        .push_bind(&r.kind)
                        .push_bind(&r.text)
                        .push_bind(&r.channel)
                        .push_bind(&r.unit)
                        .push_bind(r.health_or_safety)
                        .push_bind(&r.locale)
                        .push_bind(r.created_at)
                        .push_bind(r.received_at)
                        .push_bind(&r.status)
                        .push_bind(&r.status_reason)
                        .push_bind(r.flagged_obscene)
                        .push_bind(r.due_on)
                        .push_bind(&r.tracking_token);
                })
                .build()
                .execute(&mut *tx)
                .await?;
            let authors: Vec<&PgRow> = rows.iter().filter(|r| r.author_name.is_some()).collect();
            if !authors.is_empty() {
                QueryBuilder::<Postgres>::new(INSERT_AUTHORS)
                    .push_values(authors, |mut b, r| {
                        b.push_bind(r.id)
                            .push_bind(&r.author_name)
                            .push_bind(&r.email)
                            .push_bind(&r.phone)
                            .push_bind(&r.address);
                    })
                    .build()
                    .execute(&mut *tx)
                    .await?;
            }
        }
        if let Some(last) = chunk.last() {
            sqlx::query(
                "INSERT INTO reference_counters (year, last) VALUES ($1, $2)
                 ON CONFLICT (year) DO UPDATE SET last = excluded.last",
            )
            .bind(last.ref_year)
            .bind(last.ref_seq)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    })
    .await?;
    db.close().await?;
    Ok(ceiling)
}
