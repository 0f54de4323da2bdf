//! Registering a group of submissions in one transaction: the same statements on
//! both databases. A group costs one look-up of the ids already stored, one
//! counter raise per year and one multi-row `INSERT` per table, however many
//! records it holds ([`plan`] works out what the group comes to).
//!
//! Reference numbers come from a counter row per year, raised by the group's count
//! in the same transaction as its inserts: the row stays locked until commit, so
//! numbers are unique and without gaps across instances (a sequence would leave
//! gaps on every rollback). Idempotency holds across instances through the
//! primary key: when another instance registered one of the group's ids after the
//! look-up (only possible on PostgreSQL; SQLite has one writer), the insert skips
//! it, the group goes back to its savepoint (its counter raise too) and registers
//! its records one by one, answering that one as a replay or a conflict.

use sqlx::QueryBuilder;

use super::authors;
use super::dialect::{Db, Id, on_db};
use super::plan::{self, Plan};
use super::rows::ReceiptRow;
use super::{NewRecord, Registered, StoreError};
use crate::personal::Keyring;

/// `register_group!(tx, records, keys)`: looks the records up, numbers the new ones and
/// inserts them. `None` when another instance inserted one of the ids meanwhile
/// (the caller rolls back to its savepoint).
macro_rules! register_group {
    ($tx:ident, $records:expr, $keys:expr) => {{
        let records: &[NewRecord] = $records;
        let mut query = QueryBuilder::new(
            "SELECT id, content_hash, reference, status, status_reason, received_at, due_on, tracking_token
             FROM submissions WHERE id IN (",
        );
        let mut ids = query.separated(", ");
        for id in plan::ids(records) {
            ids.push_bind(Id(id));
        }
        query.push(")");
        let stored: Vec<ReceiptRow> = query.build_query_as().fetch_all(&mut *$tx).await?;
        let mut plan = Plan::new(records, stored)?;
        for (year, count) in plan.years() {
            let last: i64 = sqlx::query_scalar(
                "INSERT INTO reference_counters (year, last) VALUES ($1, $2)
                 ON CONFLICT (year) DO UPDATE SET last = reference_counters.last + excluded.last
                 RETURNING last",
            )
            .bind(year)
            .bind(count)
            .fetch_one(&mut *$tx)
            .await?;
            plan.number(year, last);
        }
        if plan.new.is_empty() {
            Some(plan.outcomes())
        } else {
            let mut insert = QueryBuilder::new(
                "INSERT INTO submissions (id, content_hash, reference, ref_year, ref_seq, kind, text,
                     channel, unit, health_or_safety, locale, created_at, received_at, status,
                     status_reason, flagged_obscene, due_on, tracking_token, handling_unit,
                     set_aside, closed_at) ",
            );
            insert.push_values(&plan.new, |mut values, row| {
                let (record, s) = (row.record, &row.record.submission);
                values
                    .push_bind(Id(s.id))
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
                    .push_bind(&record.tracking_token)
                    // The desk routes it to the unit the citizen chose, at first.
                    .push_bind(s.unit.as_ref().map(|u| u.as_ref()))
                    .push_bind(record.set_aside.map(|r| r.as_str()))
                    // Not examined at receipt: closed at once.
                    .push_bind(record.status.is_closed().then_some(record.received_at));
            });
            insert.push(" ON CONFLICT (id) DO NOTHING");
            let inserted = insert.build().execute(&mut *$tx).await?.rows_affected();
            if inserted < plan.new.len() as u64 {
                None
            } else {
                // Contact details are stored sealed (`personal.rs`), never in plain text.
                let authors = plan
                    .new
                    .iter()
                    .filter_map(|row| Some((row.record.submission.id, row.record.submission.author.as_ref()?)))
                    .map(|(id, author)| Ok((id, authors::seal($keys, id, &authors::plain(author))?)))
                    .collect::<Result<Vec<_>, StoreError>>()?;
                if !authors.is_empty() {
                    let mut insert = QueryBuilder::new(
                        "INSERT INTO submission_authors (submission_id, name, email, phone, address,
                             key_id, email_index) ",
                    );
                    insert.push_values(authors, |mut values, (id, author)| {
                        values
                            .push_bind(Id(id))
                            .push_bind(author.name)
                            .push_bind(author.email)
                            .push_bind(author.phone)
                            .push_bind(author.address)
                            .push_bind(author.key_id)
                            .push_bind(author.email_index);
                    });
                    insert.build().execute(&mut *$tx).await?;
                }
                // The statistics count them in the same transaction.
                let mut stats: std::collections::BTreeMap<crate::stats::rollup::Key, i64> =
                    std::collections::BTreeMap::new();
                for row in &plan.new {
                    for key in &row.record.stats {
                        *stats.entry(key.clone()).or_default() += 1;
                    }
                }
                let stats: Vec<_> = stats.into_iter().collect();
                if let Some(now) = plan.new.iter().map(|row| row.record.received_at).max() {
                    crate::store::stats::add_to_rollups!($tx, &stats, now);
                }
                // An oral submission's audit entry shares its transaction.
                let entered: Vec<_> = plan
                    .new
                    .iter()
                    .filter_map(|row| Some((row.record, row.record.registered_by?)))
                    .collect();
                if !entered.is_empty() {
                    let mut insert = QueryBuilder::new(
                        "INSERT INTO audit_log (at, staff_id, action, submission_id, after) ",
                    );
                    insert.push_values(entered, |mut values, (record, staff)| {
                        values
                            .push_bind(record.received_at)
                            .push_bind(staff)
                            .push_bind("intake")
                            .push_bind(Id(record.submission.id))
                            .push_bind(
                                serde_json::json!({ "channel": record.submission.channel })
                                    .to_string(),
                            );
                    });
                    insert.build().execute(&mut *$tx).await?;
                }
                Some(plan.outcomes())
            }
        }
    }};
}

impl Db {
    /// Registers `records` in one transaction, in order; one outcome each.
    pub(super) async fn register_batch(
        &self,
        records: &[NewRecord],
        keys: Option<&Keyring>,
    ) -> Result<Vec<Registered>, StoreError> {
        on_db!(self, pools => {
            let mut tx = pools.writer.begin().await?;
            // As SQLite's busy timeout: a registration that waits over 5 s for a
            // lock fails, and the device is told to try again (503), rather than
            // waiting until the request's time is up.
            if matches!(self, Db::Postgres(_)) {
                sqlx::query("SET LOCAL lock_timeout = '5s'").execute(&mut *tx).await?;
            }
            sqlx::query("SAVEPOINT group_insert").execute(&mut *tx).await?;
            let outcomes = match register_group!(tx, records, keys) {
                Some(outcomes) => outcomes,
                None => {
                    sqlx::query("ROLLBACK TO SAVEPOINT group_insert").execute(&mut *tx).await?;
                    let mut outcomes = Vec::with_capacity(records.len());
                    for record in records {
                        let one = std::slice::from_ref(record);
                        sqlx::query("SAVEPOINT registering").execute(&mut *tx).await?;
                        let outcome = match register_group!(tx, one, keys) {
                            Some(outcome) => outcome,
                            None => {
                                // Registered elsewhere since we looked: take back our
                                // number; the look-up now finds it.
                                sqlx::query("ROLLBACK TO SAVEPOINT registering")
                                    .execute(&mut *tx)
                                    .await?;
                                register_group!(tx, one, keys).ok_or_else(|| {
                                    StoreError::Corrupt(format!(
                                        "submission {} vanished",
                                        record.submission.id
                                    ))
                                })?
                            }
                        };
                        sqlx::query("RELEASE SAVEPOINT registering").execute(&mut *tx).await?;
                        outcomes.extend(outcome);
                    }
                    outcomes
                }
            };
            tx.commit().await?;
            Ok(outcomes)
        })
    }
}
