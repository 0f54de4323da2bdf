//! The embedded SQLite store: WAL mode, `synchronous=FULL` (a commit is on disk
//! before it returns), and a single writer connection so writes never contend.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{QueryBuilder, Sqlite, Transaction};
use time::OffsetDateTime;

use super::plan::{self, NewRow, Plan};
use super::rows::{ReceiptRow, TrackedRow};
use super::{ExportRow, NewRecord, Registered, StoreError, Tracked};

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
            .synchronous(SqliteSynchronous::Full)
            // 64 MiB of page cache for the writer (the default is 2 MiB): the random
            // UUID and token keys touch index pages all over the file.
            .pragma("cache_size", "-65536");
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

    /// Registers `records` in one transaction on the single writer connection, in
    /// order: one query for the ids already stored, one counter update per year and
    /// one multi-row insert per table, however many records the group holds.
    pub async fn register_batch(
        &self,
        records: &[NewRecord],
    ) -> Result<Vec<Registered>, StoreError> {
        let mut tx = self.writer.begin().await?;

        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT id, content_hash, reference, status, status_reason, received_at, due_on, tracking_token
             FROM submissions WHERE id IN (",
        );
        let mut ids = query.separated(", ");
        for id in plan::ids(records) {
            ids.push_bind(id.to_string());
        }
        query.push(")");
        let stored: Vec<ReceiptRow> = query.build_query_as().fetch_all(&mut *tx).await?;
        let mut plan = Plan::new(records, stored)?;

        for (year, count) in plan.years() {
            let last: i64 = sqlx::query_scalar(
                "INSERT INTO reference_counters (year, last) VALUES (?, ?)
                 ON CONFLICT (year) DO UPDATE SET last = last + excluded.last RETURNING last",
            )
            .bind(year)
            .bind(count)
            .fetch_one(&mut *tx)
            .await?;
            plan.number(year, last);
        }

        if !plan.new.is_empty() {
            insert_submissions(&mut tx, &plan.new).await?;
            insert_authors(&mut tx, &plan.new).await?;
        }
        tx.commit().await?;
        Ok(plan.outcomes())
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

async fn insert_submissions(
    tx: &mut Transaction<'_, Sqlite>,
    rows: &[NewRow<'_>],
) -> Result<(), StoreError> {
    let mut query = QueryBuilder::<Sqlite>::new(
        "INSERT INTO submissions (id, content_hash, reference, ref_year, ref_seq, kind, text, channel,
             unit, health_or_safety, locale, created_at, received_at, status, status_reason,
             flagged_obscene, due_on, tracking_token) ",
    );
    query.push_values(rows, |mut values, row| {
        let (record, s) = (row.record, &row.record.submission);
        values
            .push_bind(s.id.to_string())
            .push_bind(&record.content_hash[..])
            .push_bind(&row.reference)
            .push_bind(record.ref_year)
            .push_bind(row.seq)
            .push_bind(s.kind.as_str())
            .push_bind(s.text.as_ref())
            .push_bind(s.channel.as_str())
            .push_bind(s.unit.as_ref().map(|u| u.as_ref()))
            .push_bind(s.health_or_safety)
            .push_bind(s.locale.as_str())
            .push_bind(s.created_at)
            .push_bind(record.received_at)
            .push_bind(record.status.as_str())
            .push_bind(record.reason.map(|r| r.as_str()))
            .push_bind(record.flagged_obscene)
            .push_bind(record.due_on)
            .push_bind(&record.tracking_token);
    });
    query.build().execute(&mut **tx).await?;
    Ok(())
}

async fn insert_authors(
    tx: &mut Transaction<'_, Sqlite>,
    rows: &[NewRow<'_>],
) -> Result<(), StoreError> {
    let authors: Vec<_> = rows
        .iter()
        .filter_map(|row| {
            Some((
                row.record.submission.id,
                row.record.submission.author.as_ref()?,
            ))
        })
        .collect();
    if authors.is_empty() {
        return Ok(());
    }
    let mut query = QueryBuilder::<Sqlite>::new(
        "INSERT INTO submission_authors (submission_id, name, email, phone, address) ",
    );
    query.push_values(authors, |mut values, (id, author)| {
        values
            .push_bind(id.to_string())
            .push_bind(author.name.as_ref())
            .push_bind(author.email.as_ref().map(|e| e.as_ref()))
            .push_bind(author.phone.as_ref().map(|p| p.as_ref()))
            .push_bind(author.address.as_ref().map(|a| a.as_ref()));
    });
    query.build().execute(&mut **tx).await?;
    Ok(())
}
