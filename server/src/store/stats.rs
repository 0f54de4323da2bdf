//! The statistics' rollups (`stats_*`, see `stats/rollup.rs` for what counts
//! where): added to inside the transactions that register and change
//! submissions, read whole by the statistics page, and rebuilt from the
//! submissions by `glas stats rebuild`.

use std::collections::BTreeMap;

use futures::TryStreamExt;
use glas_shared::calendar::Calendar;
use glas_shared::rating::Score;
use glas_shared::{Channel, Kind, Reason, Status};
use time::{Date, OffsetDateTime};

use super::dialect::on_db;
use super::{Store, StoreError};
use crate::stats::rollup::{self, Key, Month, Snapshot};

/// How a unit is stored in a rollup's key: `''` for none.
pub(crate) fn unit_key(unit: &Option<String>) -> &str {
    unit.as_deref().unwrap_or("")
}

fn unit_of(key: String) -> Option<String> {
    Some(key).filter(|k| !k.is_empty())
}

/// `add_to_rollups!(tx, &deltas, now)`: adds each `(Key, n)` to its row, inside
/// the transaction `tx` (either dialect): one multi-row upsert per table, and
/// `stats_history` raised when a row of an ended month or of what is overdue
/// changes (as of `now`, see [`Key::is_published`] and [`Key::is_overdue`]). The keys must be distinct and in order (as
/// [`rollup::delta`] gives them), so that transactions touching the same rows
/// lock them in the same order.
macro_rules! add_to_rollups {
    ($tx:ident, $deltas:expr, $now:expr) => {{
        let deltas: &[(crate::stats::rollup::Key, i64)] = $deltas;
        let now: time::OffsetDateTime = $now;
        let published = deltas.iter().any(|(key, _)| key.is_published(now));
        let overdue = deltas.iter().any(|(key, _)| key.is_overdue(now));
        if published || overdue {
            sqlx::query(
                "UPDATE stats_history SET published = published + $1, overdue = overdue + $2 WHERE id = 1",
            )
            .bind(i64::from(published))
            .bind(i64::from(overdue))
            .execute(&mut *$tx)
            .await?;
        }
        use crate::stats::rollup::Key;
        use crate::store::stats::unit_key;
        let received: Vec<_> = deltas.iter().filter(|(k, _)| matches!(k, Key::Received { .. })).collect();
        if !received.is_empty() {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO stats_received (month, kind, unit, channel, count) ");
            q.push_values(received, |mut row, (key, n)| {
                if let Key::Received { month, kind, unit, channel } = key {
                    row.push_bind(month.key())
                        .push_bind(kind.as_str())
                        .push_bind(unit_key(unit).to_owned())
                        .push_bind(channel.as_str())
                        .push_bind(*n);
                }
            });
            q.push(" ON CONFLICT (month, kind, unit, channel) DO UPDATE SET count = stats_received.count + excluded.count");
            q.build().execute(&mut *$tx).await?;
        }
        let answered: Vec<_> = deltas.iter().filter(|(k, _)| matches!(k, Key::Answered { .. })).collect();
        if !answered.is_empty() {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO stats_answered (month, kind, unit, working_days, on_time, count) ",
            );
            q.push_values(answered, |mut row, (key, n)| {
                if let Key::Answered { month, kind, unit, working_days, on_time } = key {
                    row.push_bind(month.key())
                        .push_bind(kind.as_str())
                        .push_bind(unit_key(unit).to_owned())
                        .push_bind(i32::try_from(*working_days).unwrap_or(i32::MAX))
                        .push_bind(*on_time)
                        .push_bind(*n);
                }
            });
            q.push(" ON CONFLICT (month, kind, unit, working_days, on_time) DO UPDATE SET count = stats_answered.count + excluded.count");
            q.build().execute(&mut *$tx).await?;
        }
        let not_examined: Vec<_> = deltas.iter().filter(|(k, _)| matches!(k, Key::NotExamined { .. })).collect();
        if !not_examined.is_empty() {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO stats_not_examined (month, kind, unit, reason, count) ");
            q.push_values(not_examined, |mut row, (key, n)| {
                if let Key::NotExamined { month, kind, unit, reason } = key {
                    row.push_bind(month.key())
                        .push_bind(kind.as_str())
                        .push_bind(unit_key(unit).to_owned())
                        .push_bind(reason.as_str())
                        .push_bind(*n);
                }
            });
            q.push(" ON CONFLICT (month, kind, unit, reason) DO UPDATE SET count = stats_not_examined.count + excluded.count");
            q.build().execute(&mut *$tx).await?;
        }
        let open: Vec<_> = deltas.iter().filter(|(k, _)| matches!(k, Key::Open { .. })).collect();
        if !open.is_empty() {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO stats_open (due_on, kind, unit, count) ");
            q.push_values(open, |mut row, (key, n)| {
                if let Key::Open { due_on, kind, unit } = key {
                    row.push_bind(*due_on)
                        .push_bind(kind.as_str())
                        .push_bind(unit_key(unit).to_owned())
                        .push_bind(*n);
                }
            });
            q.push(" ON CONFLICT (due_on, kind, unit) DO UPDATE SET count = stats_open.count + excluded.count");
            q.build().execute(&mut *$tx).await?;
        }
        let rated: Vec<_> = deltas.iter().filter(|(k, _)| matches!(k, Key::Rated { .. })).collect();
        if !rated.is_empty() {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO stats_rated (month, unit, score, repeat, count) ");
            q.push_values(rated, |mut row, (key, n)| {
                if let Key::Rated { month, unit, score, repeat } = key {
                    row.push_bind(month.key())
                        .push_bind(unit.clone())
                        .push_bind(i16::from(score.value()))
                        .push_bind(*repeat)
                        .push_bind(*n);
                }
            });
            q.push(" ON CONFLICT (month, unit, score, repeat) DO UPDATE SET count = stats_rated.count + excluded.count");
            q.build().execute(&mut *$tx).await?;
        }
    }};
}
pub(crate) use add_to_rollups;

/// `snapshot!(tx, id, lock)`: the submission's state as the statistics see it,
/// read inside `tx`; `lock` is `" FOR UPDATE"` on PostgreSQL so that nobody else
/// changes it before the transaction ends.
macro_rules! snapshot {
    ($tx:ident, $id:expr, $lock:expr) => {{
        let row: Option<crate::store::stats::SnapshotRow> = sqlx::query_as(&format!(
            "SELECT kind, unit, channel, created_at, received_at, status, status_reason, due_on, answered_at
             FROM submissions WHERE id = $1 AND set_aside IS NULL{}",
            $lock
        ))
        .bind(crate::store::dialect::Id($id))
        .fetch_optional(&mut *$tx)
        .await?;
        row.map(crate::store::stats::SnapshotRow::into_snapshot).transpose()?
    }};
}
pub(crate) use snapshot;

#[derive(sqlx::FromRow)]
pub(crate) struct SnapshotRow {
    kind: String,
    unit: Option<String>,
    channel: String,
    created_at: OffsetDateTime,
    received_at: OffsetDateTime,
    status: String,
    status_reason: Option<String>,
    due_on: Option<Date>,
    answered_at: Option<OffsetDateTime>,
}

impl SnapshotRow {
    pub(crate) fn into_snapshot(self) -> Result<Snapshot, StoreError> {
        let bad = |what: &str, value: &str| StoreError::Corrupt(format!("{what} {value:?}"));
        Ok(Snapshot {
            kind: Kind::parse(&self.kind).map_err(|_| bad("kind", &self.kind))?,
            unit: self.unit,
            channel: Channel::parse(&self.channel).map_err(|_| bad("channel", &self.channel))?,
            created_at: self.created_at,
            received_at: self.received_at,
            status: Status::parse(&self.status).map_err(|_| bad("status", &self.status))?,
            reason: self
                .status_reason
                .as_deref()
                .map(|r| Reason::parse(r).map_err(|_| bad("reason", r)))
                .transpose()?,
            due_on: self.due_on,
            answered_at: self.answered_at,
        })
    }
}

/// Every row of every rollup, as the statistics page reads them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rollups {
    pub received: Vec<(Month, Kind, Option<String>, Channel, u64)>,
    /// `(month, kind, unit, working days, on time, count)`.
    pub answered: Vec<(Month, Kind, Option<String>, u32, bool, u64)>,
    pub not_examined: Vec<(Month, Kind, Option<String>, Reason, u64)>,
    pub open: Vec<(Date, Kind, Option<String>, u64)>,
    /// Kiosk ratings: `(month, unit, score, repeat, count)`.
    pub rated: Vec<(Month, String, Score, bool, u64)>,
}

/// Where the statistics stand (`Store::stats_version`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsVersion {
    /// Raised by every change to an ended month's rows.
    pub published: i64,
    /// Raised by every change to what is overdue.
    pub overdue: i64,
}

/// What `glas stats rebuild` found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rebuilt {
    /// Rows whose count was not what the submissions give: `(key, stored, true)`.
    pub differences: Vec<(Key, i64, i64)>,
    pub submissions: u64,
}

fn month(key: &str) -> Result<Month, StoreError> {
    Month::parse(key).ok_or_else(|| StoreError::Corrupt(format!("month {key:?}")))
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn parsed<T>(
    value: &str,
    parse: impl Fn(&str) -> Result<T, glas_shared::Problem>,
) -> Result<T, StoreError> {
    parse(value).map_err(|_| StoreError::Corrupt(format!("{value:?} in a rollup")))
}

impl Store {
    /// Every rollup row with a count; none of `submissions` is read.
    pub async fn rollups(&self) -> Result<Rollups, StoreError> {
        let mut rollups = self
            .published_rollups(Month {
                year: 9999,
                month: 12,
            })
            .await?;
        let open: Vec<(Date, String, String, i64)> = on_db!(&self.db, pools => {
            sqlx::query_as("SELECT due_on, kind, unit, count FROM stats_open WHERE count <> 0")
                .fetch_all(&pools.reader)
                .await?
        });
        rollups.open = open
            .into_iter()
            .map(|(d, k, u, n)| Ok((d, parsed(&k, Kind::parse)?, unit_of(u), count(n))))
            .collect::<Result<_, StoreError>>()?;
        Ok(rollups)
    }

    /// The rows of the months up to `latest`, what the published figures are
    /// made of (`open` left empty).
    pub async fn published_rollups(&self, latest: Month) -> Result<Rollups, StoreError> {
        let latest = latest.key();
        on_db!(&self.db, pools => {
            let received: Vec<(String, String, String, String, i64)> = sqlx::query_as(
                "SELECT month, kind, unit, channel, count FROM stats_received
                 WHERE month <= $1 AND count <> 0",
            )
            .bind(&latest)
            .fetch_all(&pools.reader)
            .await?;
            let answered: Vec<(String, String, String, i64, bool, i64)> = sqlx::query_as(
                "SELECT month, kind, unit, CAST(working_days AS BIGINT), on_time, count
                 FROM stats_answered WHERE month <= $1 AND count <> 0",
            )
            .bind(&latest)
            .fetch_all(&pools.reader)
            .await?;
            let not_examined: Vec<(String, String, String, String, i64)> = sqlx::query_as(
                "SELECT month, kind, unit, reason, count FROM stats_not_examined
                 WHERE month <= $1 AND count <> 0",
            )
            .bind(&latest)
            .fetch_all(&pools.reader)
            .await?;
            let rated: Vec<(String, String, i64, bool, i64)> = sqlx::query_as(
                "SELECT month, unit, CAST(score AS BIGINT), repeat, count FROM stats_rated
                 WHERE month <= $1 AND count <> 0",
            )
            .bind(&latest)
            .fetch_all(&pools.reader)
            .await?;
            Ok(Rollups {
                received: received
                    .into_iter()
                    .map(|(m, k, u, c, n)| {
                        Ok((month(&m)?, parsed(&k, Kind::parse)?, unit_of(u), parsed(&c, Channel::parse)?, count(n)))
                    })
                    .collect::<Result<_, StoreError>>()?,
                answered: answered
                    .into_iter()
                    .map(|(m, k, u, days, on_time, n)| {
                        Ok((month(&m)?, parsed(&k, Kind::parse)?, unit_of(u), u32::try_from(days).unwrap_or(0), on_time, count(n)))
                    })
                    .collect::<Result<_, StoreError>>()?,
                not_examined: not_examined
                    .into_iter()
                    .map(|(m, k, u, r, n)| {
                        Ok((month(&m)?, parsed(&k, Kind::parse)?, unit_of(u), parsed(&r, Reason::parse)?, count(n)))
                    })
                    .collect::<Result<_, StoreError>>()?,
                open: Vec::new(),
                rated: rated
                    .into_iter()
                    .map(|(m, u, score, repeat, n)| {
                        let score = Score::from_value(score)
                            .ok_or_else(|| StoreError::Corrupt(format!("a rating of {score}")))?;
                        Ok((month(&m)?, u, score, repeat, count(n)))
                    })
                    .collect::<Result<_, StoreError>>()?,
            })
        })
    }

    /// What is open and past its due date on `today`: `(kind, unit, count)`,
    /// summed by the database from `stats_open`.
    pub async fn overdue(
        &self,
        today: Date,
    ) -> Result<Vec<(Kind, Option<String>, u64)>, StoreError> {
        let rows: Vec<(String, String, i64)> = on_db!(&self.db, pools => {
            sqlx::query_as(
                "SELECT kind, unit, CAST(SUM(count) AS BIGINT) FROM stats_open
                 WHERE due_on < $1 GROUP BY kind, unit",
            )
            .bind(today)
            .fetch_all(&pools.reader)
            .await?
        });
        rows.into_iter()
            .filter(|(.., n)| *n != 0)
            .map(|(k, u, n)| Ok((parsed(&k, Kind::parse)?, unit_of(u), count(n))))
            .collect()
    }

    /// Every submission registered, by kind and channel, summed from
    /// `stats_received` (each submission counts there once, whatever became of
    /// it): `/metrics` reads it on every scrape, and at a million submissions it
    /// costs the same as at ten.
    pub async fn received_by_kind_and_channel(
        &self,
    ) -> Result<Vec<(Kind, Channel, u64)>, StoreError> {
        let rows: Vec<(String, String, i64)> = on_db!(&self.db, pools => {
            sqlx::query_as(
                "SELECT kind, channel, CAST(SUM(count) AS BIGINT) FROM stats_received
                 GROUP BY kind, channel ORDER BY kind, channel",
            )
            .fetch_all(&pools.reader)
            .await?
        });
        rows.into_iter()
            .map(|(k, c, n)| {
                Ok((
                    parsed(&k, Kind::parse)?,
                    parsed(&c, Channel::parse)?,
                    count(n),
                ))
            })
            .collect()
    }

    /// Where the statistics stand (`stats_history`, one row): the cache is good
    /// while this stays the same.
    pub async fn stats_version(&self) -> Result<StatsVersion, StoreError> {
        let (published, overdue): (i64, i64) = on_db!(&self.db, pools => {
            sqlx::query_as("SELECT published, overdue FROM stats_history WHERE id = 1")
                .fetch_one(&pools.reader)
                .await?
        });
        Ok(StatsVersion { published, overdue })
    }

    /// Whether there are submissions and no rollup rows at all: a database from
    /// before the statistics.
    pub async fn stats_never_built(&self) -> Result<bool, StoreError> {
        Ok(on_db!(&self.db, pools => {
            let (submissions, rows): (bool, bool) = sqlx::query_as(
                "SELECT EXISTS (SELECT 1 FROM submissions), EXISTS (SELECT 1 FROM stats_received)",
            )
            .fetch_one(&pools.reader)
            .await?;
            submissions && !rows
        }))
    }

    /// Recomputes every rollup row from the submissions, in one transaction, and
    /// says which rows were wrong (`glas stats rebuild`). The rebuild is audited.
    pub async fn rebuild_stats(
        &self,
        calendar: &Calendar,
        now: OffsetDateTime,
    ) -> Result<Rebuilt, StoreError> {
        let stored = self.rollups().await?;
        let mut before: BTreeMap<Key, i64> = BTreeMap::new();
        for (month, kind, unit, channel, n) in stored.received {
            before.insert(
                Key::Received {
                    month,
                    kind,
                    unit,
                    channel,
                },
                n as i64,
            );
        }
        for (month, kind, unit, working_days, on_time, n) in stored.answered {
            before.insert(
                Key::Answered {
                    month,
                    kind,
                    unit,
                    working_days,
                    on_time,
                },
                n as i64,
            );
        }
        for (month, kind, unit, reason, n) in stored.not_examined {
            before.insert(
                Key::NotExamined {
                    month,
                    kind,
                    unit,
                    reason,
                },
                n as i64,
            );
        }
        for (due_on, kind, unit, n) in stored.open {
            before.insert(Key::Open { due_on, kind, unit }, n as i64);
        }
        for (month, unit, score, repeat, n) in stored.rated {
            before.insert(
                Key::Rated {
                    month,
                    unit,
                    score,
                    repeat,
                },
                n as i64,
            );
        }
        on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            // Streamed: a million submissions need not be in memory at once.
            let mut after: BTreeMap<Key, i64> = BTreeMap::new();
            let mut submissions = 0_u64;
            {
                let mut rows = sqlx::query_as::<_, SnapshotRow>(
                    "SELECT kind, unit, channel, created_at, received_at, status, status_reason, due_on, answered_at
                     FROM submissions WHERE set_aside IS NULL",
                )
                .fetch(&mut *tx);
                while let Some(row) = rows.try_next().await? {
                    for key in rollup::keys(&row.into_snapshot()?, calendar) {
                        *after.entry(key).or_default() += 1;
                    }
                    submissions += 1;
                }
            }
            {
                let mut rows = sqlx::query_as::<_, (OffsetDateTime, String, i64, bool)>(
                    "SELECT counted_at, unit, CAST(score AS BIGINT), repeat FROM ratings",
                )
                .fetch(&mut *tx);
                while let Some((counted_at, unit, score, repeat)) = rows.try_next().await? {
                    let score = Score::from_value(score)
                        .ok_or_else(|| StoreError::Corrupt(format!("a rating of {score}")))?;
                    *after.entry(rollup::rated(counted_at, &unit, score, repeat)).or_default() += 1;
                }
            }
            let mut differences = Vec::new();
            for key in before.keys().chain(after.keys()).collect::<std::collections::BTreeSet<_>>() {
                let (was, is) = (before.get(key).copied().unwrap_or(0), after.get(key).copied().unwrap_or(0));
                if was != is {
                    differences.push((key.clone(), was, is));
                }
            }
            for table in ["stats_received", "stats_answered", "stats_not_examined", "stats_open", "stats_rated"] {
                sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *tx).await?;
            }
            let deltas: Vec<(Key, i64)> = after.into_iter().collect();
            for chunk in deltas.chunks(500) {
                add_to_rollups!(tx, chunk, now);
            }
            // Whatever the rows were, every figure is computed again.
            sqlx::query("UPDATE stats_history SET published = published + 1, overdue = overdue + 1 WHERE id = 1")
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO audit_log (at, action, after) VALUES ($1, 'stats_rebuild', $2)",
            )
            .bind(now)
            .bind(serde_json::json!({ "differences": differences.len(), "submissions": submissions }).to_string())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(Rebuilt { differences, submissions })
        })
    }
}
