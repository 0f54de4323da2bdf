//! The embedded SQLite store: WAL mode, `synchronous=FULL` (a commit is on disk
//! before it returns), and a single writer connection so writes never contend.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use time::OffsetDateTime;

use super::rows::{ReceiptRow, TrackedRow};
use super::{ExportRow, NewRecord, Registered, StoreError, StoredReceipt, Tracked};
use glas_shared::Reference;

#[derive(Debug, Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
}

impl SqliteStore {
    pub async fn connect(url: &str) -> Result<SqliteStore, StoreError> {
        let base = SqliteConnectOptions::from_str(url)?
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let options = base
            .clone()
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full);
        if let Some(dir) = options
            .get_filename()
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
        }
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(base.read_only(true))
            .await?;
        Ok(SqliteStore { writer, reader })
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.reader).await?;
        Ok(())
    }

    /// Registers `records` in one transaction on the single writer connection, in order.
    pub async fn register_batch(
        &self,
        records: &[NewRecord],
    ) -> Result<Vec<Registered>, StoreError> {
        let mut tx = self.writer.begin().await?;
        let mut outcomes = Vec::with_capacity(records.len());
        for record in records {
            outcomes.push(register_one(&mut tx, record).await?);
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    pub async fn find_by_token(&self, token: &str) -> Result<Option<Tracked>, StoreError> {
        let row: Option<TrackedRow> = sqlx::query_as(
            "SELECT reference, kind, status, status_reason, received_at, due_on, locale
             FROM submissions WHERE tracking_token = ?",
        )
        .bind(token)
        .fetch_optional(&self.reader)
        .await?;
        row.map(TrackedRow::into_tracked).transpose()
    }

    pub async fn export(&self) -> Result<Vec<ExportRow>, StoreError> {
        let rows = sqlx::query_as(
            "SELECT s.id, s.reference, s.kind, s.text, s.channel, s.unit, s.status, s.status_reason,
                    s.flagged_obscene, s.health_or_safety, s.locale,
                    EXISTS (SELECT 1 FROM submission_authors a WHERE a.submission_id = s.id) AS has_author,
                    s.created_at, s.received_at, s.due_on
             FROM submissions s ORDER BY s.ref_year, s.ref_seq",
        )
        .fetch_all(&self.reader)
        .await?;
        Ok(rows)
    }

    pub async fn forget_authors_before(&self, cutoff: OffsetDateTime) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "DELETE FROM submission_authors WHERE submission_id IN
                 (SELECT id FROM submissions WHERE received_at < ?)",
        )
        .bind(cutoff)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected())
    }

    pub async fn close(&self) {
        self.writer.close().await;
        self.reader.close().await;
    }
}

/// One registration inside the group's transaction: a replay, a conflict, or a new row.
async fn register_one(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    record: &NewRecord,
) -> Result<Registered, StoreError> {
    let s = &record.submission;
    let id = s.id.to_string();

    let existing: Option<ReceiptRow> = sqlx::query_as(
            "SELECT id, content_hash, reference, status, status_reason, received_at, due_on, tracking_token
             FROM submissions WHERE id = ?",
        )
        .bind(&id)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(row) = existing {
        if row.content_hash != record.content_hash {
            return Ok(Registered::Conflict);
        }
        return Ok(Registered::Replayed(row.into_receipt()?));
    }

    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO reference_counters (year, last) VALUES (?, 1)
             ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
    )
    .bind(record.ref_year)
    .fetch_one(&mut **tx)
    .await?;
    let reference = Reference::new(record.ref_year, seq as u64).to_string();

    sqlx::query(
            "INSERT INTO submissions (id, content_hash, reference, ref_year, ref_seq, kind, text, channel,
                 unit, health_or_safety, locale, created_at, received_at, status, status_reason,
                 flagged_obscene, due_on, tracking_token)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(&record.content_hash[..])
        .bind(&reference)
        .bind(record.ref_year)
        .bind(seq)
        .bind(s.kind.as_str())
        .bind(s.text.as_ref())
        .bind(s.channel.as_str())
        .bind(s.unit.as_ref().map(|u| u.as_ref()))
        .bind(s.health_or_safety)
        .bind(s.locale.as_str())
        .bind(s.created_at)
        .bind(record.received_at)
        .bind(record.status.as_str())
        .bind(record.reason.map(|r| r.as_str()))
        .bind(record.flagged_obscene)
        .bind(record.due_on)
        .bind(&record.tracking_token)
        .execute(&mut **tx)
        .await?;

    if let Some(author) = &s.author {
        sqlx::query(
            "INSERT INTO submission_authors (submission_id, name, email, phone, address)
                 VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(author.name.as_ref())
        .bind(author.email.as_ref().map(|e| e.as_ref()))
        .bind(author.phone.as_ref().map(|p| p.as_ref()))
        .bind(author.address.as_ref().map(|a| a.as_ref()))
        .execute(&mut **tx)
        .await?;
    }

    Ok(Registered::Created(StoredReceipt {
        id: s.id,
        reference,
        status: record.status,
        reason: record.reason,
        received_at: record.received_at,
        due_on: record.due_on,
        tracking_token: record.tracking_token.clone(),
    }))
}
