//! The PostgreSQL store, for several server instances on one database.
//!
//! Reference numbers come from a counter row per year, raised by a group's count
//! in the same transaction as its inserts: the row stays locked until commit, so
//! numbers are unique and without gaps across instances (a sequence would leave
//! gaps on every rollback). Idempotency holds across instances through the
//! primary key: when another instance registers one of a group's ids first, the
//! group's insert skips it, the group rolls back to a savepoint (undoing its
//! counter increment) and registers its records one by one, answering that one
//! as a replay or a conflict.

use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Postgres, QueryBuilder, Transaction};
use time::OffsetDateTime;

use super::plan::{self, NewRow, Plan};
use super::rows::{ReceiptRow, TrackedRow};
use super::{ExportRow, NewRecord, Registered, StoreError, Tracked};
use glas_shared::Reference;

#[derive(Debug, Clone)]
pub struct PgStore {
    writer: PgPool,
    reader: PgPool,
}

const RECEIPT_COLUMNS: &str = "id::text AS id, content_hash, reference, status, status_reason, received_at, due_on, tracking_token";

impl PgStore {
    pub async fn connect(url: &str) -> Result<PgStore, StoreError> {
        // One connection writes (the group committer); readers share a few.
        let writer = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&writer).await?;
        let reader = PgPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        Ok(PgStore { writer, reader })
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.reader).await?;
        Ok(())
    }

    /// Registers `records` in one transaction, in order: one query for the ids
    /// already stored, one counter update per year and one multi-row insert per
    /// table. When another instance has inserted one of the ids since the query,
    /// the group goes back to its savepoint (numbers included) and takes its
    /// records one at a time.
    pub async fn register_batch(
        &self,
        records: &[NewRecord],
    ) -> Result<Vec<Registered>, StoreError> {
        let mut tx = self.writer.begin().await?;

        let mut query = QueryBuilder::<Postgres>::new(format!(
            "SELECT {RECEIPT_COLUMNS} FROM submissions WHERE id IN ("
        ));
        let mut ids = query.separated(", ");
        for id in plan::ids(records) {
            ids.push_bind(id);
        }
        query.push(")");
        let stored: Vec<ReceiptRow> = query.build_query_as().fetch_all(&mut *tx).await?;
        let mut plan = Plan::new(records, stored)?;

        if !plan.new.is_empty() {
            sqlx::query("SAVEPOINT group_insert")
                .execute(&mut *tx)
                .await?;
            for (year, count) in plan.years() {
                let last = raise_counter(&mut tx, year, count).await?;
                plan.number(year, last);
            }
            if insert_submissions(&mut tx, &plan.new).await? < plan.new.len() as u64 {
                sqlx::query("ROLLBACK TO SAVEPOINT group_insert")
                    .execute(&mut *tx)
                    .await?;
                let mut outcomes = Vec::with_capacity(records.len());
                for record in records {
                    outcomes.push(register_one(&mut tx, record).await?);
                }
                tx.commit().await?;
                return Ok(outcomes);
            }
            insert_authors(&mut tx, &plan.new).await?;
        }
        tx.commit().await?;
        Ok(plan.outcomes())
    }

    pub async fn find_by_token(&self, token: &str) -> Result<Option<Tracked>, StoreError> {
        let row: Option<TrackedRow> = sqlx::query_as(
            "SELECT reference, kind, status, status_reason, received_at, due_on, locale
             FROM submissions WHERE tracking_token = $1",
        )
        .bind(token)
        .fetch_optional(&self.reader)
        .await?;
        row.map(TrackedRow::into_tracked).transpose()
    }

    pub async fn export(&self) -> Result<Vec<ExportRow>, StoreError> {
        let rows = sqlx::query_as(
            "SELECT s.id::text AS id, s.reference, s.kind, s.text, s.channel, s.unit, s.status,
                    s.status_reason, s.flagged_obscene, s.health_or_safety, s.locale,
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
            "DELETE FROM submission_authors a USING submissions s
             WHERE a.submission_id = s.id AND s.received_at < $1",
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

/// Raises `year`'s counter by `count` and returns it: the last of the numbers
/// just taken. The counter's row stays locked until the transaction ends.
async fn raise_counter(
    tx: &mut Transaction<'_, Postgres>,
    year: i32,
    count: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO reference_counters (year, last) VALUES ($1, $2)
         ON CONFLICT (year) DO UPDATE SET last = reference_counters.last + EXCLUDED.last
         RETURNING last",
    )
    .bind(year)
    .bind(count)
    .fetch_one(&mut **tx)
    .await?)
}

/// Inserts the group's new rows, skipping ids that are there already; returns
/// how many went in.
async fn insert_submissions(
    tx: &mut Transaction<'_, Postgres>,
    rows: &[NewRow<'_>],
) -> Result<u64, StoreError> {
    let mut query = QueryBuilder::<Postgres>::new(
        "INSERT INTO submissions (id, content_hash, reference, ref_year, ref_seq, kind, text, channel,
             unit, health_or_safety, locale, created_at, received_at, status, status_reason,
             flagged_obscene, due_on, tracking_token) ",
    );
    query.push_values(rows, |mut values, row| {
        let (record, s) = (row.record, &row.record.submission);
        values
            .push_bind(s.id)
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
    query.push(" ON CONFLICT (id) DO NOTHING");
    Ok(query.build().execute(&mut **tx).await?.rows_affected())
}

async fn insert_authors(
    tx: &mut Transaction<'_, Postgres>,
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
    let mut query = QueryBuilder::<Postgres>::new(
        "INSERT INTO submission_authors (submission_id, name, email, phone, address) ",
    );
    query.push_values(authors, |mut values, (id, author)| {
        values
            .push_bind(id)
            .push_bind(author.name.as_ref())
            .push_bind(author.email.as_ref().map(|e| e.as_ref()))
            .push_bind(author.phone.as_ref().map(|p| p.as_ref()))
            .push_bind(author.address.as_ref().map(|a| a.as_ref()));
    });
    query.build().execute(&mut **tx).await?;
    Ok(())
}

async fn existing(
    tx: &mut Transaction<'_, Postgres>,
    record: &NewRecord,
) -> Result<Option<Registered>, StoreError> {
    let row: Option<ReceiptRow> = sqlx::query_as(&format!(
        "SELECT {RECEIPT_COLUMNS} FROM submissions WHERE id = $1"
    ))
    .bind(record.submission.id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|row| {
        if row.content_hash == record.content_hash {
            row.into_receipt().map(Registered::Replayed)
        } else {
            Ok(Registered::Conflict)
        }
    })
    .transpose()
}

/// One registration inside the group's transaction: the slow path, for a group
/// that met another instance's insert of one of its ids.
async fn register_one(
    tx: &mut Transaction<'_, Postgres>,
    record: &NewRecord,
) -> Result<Registered, StoreError> {
    if let Some(found) = existing(tx, record).await? {
        return Ok(found);
    }
    sqlx::query("SAVEPOINT registering")
        .execute(&mut **tx)
        .await?;
    let seq = raise_counter(tx, record.ref_year, 1).await?;
    let row = NewRow {
        record,
        seq,
        reference: Reference::new(record.ref_year, seq as u64).to_string(),
    };
    let rows = std::slice::from_ref(&row);
    if insert_submissions(tx, rows).await? == 0 {
        // Another instance registered this id since we looked: take back our number.
        sqlx::query("ROLLBACK TO SAVEPOINT registering")
            .execute(&mut **tx)
            .await?;
        return existing(tx, record).await?.ok_or_else(|| {
            StoreError::Corrupt(format!("submission {} vanished", record.submission.id))
        });
    }
    insert_authors(tx, rows).await?;
    sqlx::query("RELEASE SAVEPOINT registering")
        .execute(&mut **tx)
        .await?;
    Ok(Registered::Created(plan::receipt(&row)))
}
