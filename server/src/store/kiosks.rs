//! Kiosks, their enrolment and their ratings.
//!
//! A kiosk is enrolled for a unit by a one-time code an admin makes; the kiosk
//! trades the code for a device token, which it sends with every request. Only
//! SHA-256 hashes of codes and tokens are stored. Revoking a kiosk makes its
//! token fail; enrolling it again (a new code) gives it a new token and keeps its
//! history. Every change an admin makes is audited like a change to an account.

use glas_shared::rating::{self, Rating, Score};
use serde::Serialize;
use time::OffsetDateTime;

use super::dialect::{Id, on_db};
use super::staff::{Actor, audit};
use super::stats::add_to_rollups;
use super::{Store, StoreError};
use crate::stats::rollup::{self, Key};

/// A kiosk as the desk lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Kiosk {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub enrolled_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
    /// The last request refused because its token was revoked.
    pub refused_at: Option<OffsetDateTime>,
    pub last_seen_at: Option<OffsetDateTime>,
    pub queue_length: Option<i32>,
    pub oldest_unsent_at: Option<OffsetDateTime>,
    pub app_version: Option<String>,
}

/// One stored rating, for `glas export ratings` (nothing personal is in one).
/// Both dialects read it straight from their `export_ratings` query.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RatingExportRow {
    pub id: String,
    #[sqlx(rename = "kiosk_id")]
    pub kiosk: i64,
    /// The kiosk's unit when the rating arrived.
    pub unit: String,
    /// The face tapped, 1 to 4.
    pub score: i32,
    /// Within [`rating::REPEAT_WITHIN`] of the kiosk's previous tap.
    pub repeat: bool,
    /// The kiosk's clock.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub received_at: OffsetDateTime,
    /// When the statistics count it (`glas_shared::rating::counted_at`).
    #[serde(with = "time::serde::rfc3339")]
    pub counted_at: OffsetDateTime,
}

/// What a request's device token says about the kiosk that sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// An enrolled kiosk, and the unit it serves.
    Kiosk { id: i64, unit: String },
    /// The token was this kiosk's, but it has been revoked.
    Revoked { id: i64 },
    /// No kiosk has this token.
    Unknown,
}

/// What a kiosk says of itself in a heartbeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    pub queue_length: i32,
    pub oldest_unsent_at: Option<OffsetDateTime>,
    pub app_version: String,
}

/// What became of one rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rated {
    /// Stored just now; whether it is a repeat (the kiosk's word or ours).
    Created { repeat: bool },
    /// The same id with the same content was stored before.
    Replayed { repeat: bool },
    /// The same id was stored before with other content.
    Conflict,
}

/// A kiosk as the audit log keeps it (no token).
#[derive(Serialize)]
struct Audited<'a> {
    name: &'a str,
    unit: &'a str,
}

fn audited(name: &str, unit: &str) -> String {
    serde_json::to_string(&Audited { name, unit }).expect("a kiosk serialises")
}

const KIOSK_COLUMNS: &str = "SELECT id, name, unit, enrolled_at, revoked_at, refused_at, \
     last_seen_at, queue_length, oldest_unsent_at, app_version FROM kiosks";

/// Milliseconds since 1970: the order the repeat rule reads ratings in.
fn millis(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

#[derive(sqlx::FromRow)]
struct StoredRating {
    kiosk_id: i64,
    score: i32,
    created_ms: i64,
    repeat: bool,
}

/// `insert_code!(tx, code_hash, kiosk, expires_at)`: an enrolment code for `kiosk`.
macro_rules! insert_code {
    ($tx:ident, $code_hash:expr, $kiosk:expr, $expires_at:expr) => {
        sqlx::query("INSERT INTO kiosk_codes (code_hash, kiosk_id, expires_at) VALUES ($1, $2, $3)")
            .bind($code_hash)
            .bind($kiosk)
            .bind($expires_at)
            .execute(&mut *$tx)
            .await?
    };
}

impl Store {
    /// A new kiosk for `unit`, with a code that enrols it until `expires_at`;
    /// audited as `kiosk_added`. The code is stored only as its hash.
    pub async fn add_kiosk(
        &self,
        name: &str,
        unit: &str,
        code_hash: &[u8],
        expires_at: OffsetDateTime,
        actor: Actor,
        now: OffsetDateTime,
    ) -> Result<i64, StoreError> {
        on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO kiosks (name, unit, created_by, created_at) VALUES ($1, $2, $3, $4)
                 RETURNING id",
            )
            .bind(name)
            .bind(unit)
            .bind(actor)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            insert_code!(tx, code_hash, id, expires_at);
            audit!(tx, now, actor, "kiosk_added", None, Some(audited(name, unit)));
            tx.commit().await?;
            Ok(id)
        })
    }

    /// A new enrolment code for kiosk `id` (to enrol it again, on a new device or
    /// after a revocation); audited as `kiosk_code`. Whether the kiosk exists.
    pub async fn new_kiosk_code(
        &self,
        id: i64,
        code_hash: &[u8],
        expires_at: OffsetDateTime,
        actor: Actor,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            let kiosk: Option<(String, String)> =
                sqlx::query_as("SELECT name, unit FROM kiosks WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((name, unit)) = kiosk else {
                return Ok(false);
            };
            insert_code!(tx, code_hash, id, expires_at);
            audit!(tx, now, actor, "kiosk_code", None, Some(audited(&name, &unit)));
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Trades an unused, unexpired code for the device token whose hash is
    /// `token_hash`: the kiosk's earlier token (if any) stops working, and a
    /// revoked kiosk is enrolled again. The kiosk's id and unit, or `None` when
    /// the code is unknown, used or expired.
    pub async fn redeem_kiosk_code(
        &self,
        code_hash: &[u8],
        token_hash: &[u8],
        now: OffsetDateTime,
    ) -> Result<Option<(i64, String)>, StoreError> {
        on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            let code: Option<(i64, OffsetDateTime, Option<OffsetDateTime>)> = sqlx::query_as(
                &format!(
                    "SELECT kiosk_id, expires_at, used_at FROM kiosk_codes WHERE code_hash = $1{}",
                    pools.for_update()
                ),
            )
            .bind(code_hash)
            .fetch_optional(&mut *tx)
            .await?;
            let kiosk_id = match code {
                Some((kiosk_id, expires_at, None)) if now < expires_at => kiosk_id,
                _ => return Ok(None),
            };
            sqlx::query("UPDATE kiosk_codes SET used_at = $2 WHERE code_hash = $1")
                .bind(code_hash)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            let (name, unit): (String, String) = sqlx::query_as(
                "UPDATE kiosks SET token_hash = $2, enrolled_at = $3, revoked_at = NULL
                 WHERE id = $1 RETURNING name, unit",
            )
            .bind(kiosk_id)
            .bind(token_hash)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let actor: Actor = None;
            audit!(tx, now, actor, "kiosk_enrolled", None, Some(audited(&name, &unit)));
            tx.commit().await?;
            Ok(Some((kiosk_id, unit)))
        })
    }

    /// Who sent a request with the device token whose hash is `token_hash`. A
    /// revoked kiosk's refusal is noted, for the desk to show.
    pub async fn kiosk_caller(
        &self,
        token_hash: &[u8],
        now: OffsetDateTime,
    ) -> Result<Caller, StoreError> {
        let found: Option<(i64, String, Option<OffsetDateTime>)> = on_db!(&self.db, pools => {
            sqlx::query_as("SELECT id, unit, revoked_at FROM kiosks WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&pools.reader)
                .await?
        });
        Ok(match found {
            Some((id, unit, None)) => Caller::Kiosk { id, unit },
            Some((id, _, Some(_))) => {
                on_db!(&self.db, pools => {
                    sqlx::query("UPDATE kiosks SET refused_at = $2 WHERE id = $1")
                        .bind(id)
                        .bind(now)
                        .execute(&pools.writer)
                        .await?;
                });
                Caller::Revoked { id }
            }
            None => Caller::Unknown,
        })
    }

    /// Revokes kiosk `id`'s token (its queue stays on the device, to be sent once
    /// it is enrolled again); audited as `kiosk_revoked`. Whether it exists.
    pub async fn revoke_kiosk(
        &self,
        id: i64,
        actor: Actor,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            let kiosk: Option<(String, String)> =
                sqlx::query_as("UPDATE kiosks SET revoked_at = $2 WHERE id = $1 RETURNING name, unit")
                    .bind(id)
                    .bind(now)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((name, unit)) = kiosk else {
                return Ok(false);
            };
            audit!(tx, now, actor, "kiosk_revoked", Some(audited(&name, &unit)), None);
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Records kiosk `id`'s heartbeat.
    pub async fn kiosk_heartbeat(
        &self,
        id: i64,
        health: &Health,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        on_db!(&self.db, pools => {
            sqlx::query(
                "UPDATE kiosks SET last_seen_at = $2, queue_length = $3, oldest_unsent_at = $4,
                 app_version = $5 WHERE id = $1",
            )
            .bind(id)
            .bind(now)
            .bind(health.queue_length)
            .bind(health.oldest_unsent_at)
            .bind(&health.app_version)
            .execute(&pools.writer)
            .await?;
        });
        Ok(())
    }

    /// Every kiosk, by unit and name.
    pub async fn kiosks(&self) -> Result<Vec<Kiosk>, StoreError> {
        Ok(on_db!(&self.db, pools => {
            sqlx::query_as(&format!("{KIOSK_COLUMNS} ORDER BY unit, name, id"))
                .fetch_all(&pools.reader)
                .await?
        }))
    }

    /// Every stored rating, in the order they were received (then by id).
    pub async fn export_ratings(&self) -> Result<Vec<RatingExportRow>, StoreError> {
        Ok(on_db!(&self.db, pools => {
            sqlx::query_as(
                "SELECT CAST(id AS TEXT) AS id, kiosk_id, unit, CAST(score AS INTEGER) AS score,
                        repeat, created_at, received_at, counted_at
                 FROM ratings ORDER BY received_at, id",
            )
            .fetch_all(&pools.reader)
            .await?
        }))
    }

    /// Stores kiosk `kiosk`'s ratings in one transaction, received at
    /// `received_at` and given in `unit`, and says what became of each, in order.
    /// A rating is a repeat when the kiosk said so, or when the kiosk's previous
    /// tap (stored, or earlier in this batch) was less than
    /// [`rating::REPEAT_WITHIN`] before it; a stored rating the new one turns out
    /// to precede closely is marked a repeat too. The statistics' rollups
    /// (`stats_rated`) follow in the same transaction.
    pub async fn add_ratings(
        &self,
        kiosk: i64,
        unit: &str,
        ratings: &[Rating],
        received_at: OffsetDateTime,
    ) -> Result<Vec<Rated>, StoreError> {
        let window = millis(OffsetDateTime::UNIX_EPOCH + rating::REPEAT_WITHIN);
        on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            let mut outcomes = Vec::with_capacity(ratings.len());
            let mut deltas: Vec<(Key, i64)> = Vec::new();
            for r in ratings {
                let at = millis(r.created_at);
                let stored: Option<StoredRating> = sqlx::query_as(
                    "SELECT kiosk_id, CAST(score AS INTEGER) AS score, created_ms, repeat
                     FROM ratings WHERE id = $1",
                )
                .bind(Id(r.id))
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(stored) = stored {
                    let same = stored.kiosk_id == kiosk
                        && i64::from(stored.score) == i64::from(r.score.value())
                        && stored.created_ms == at;
                    outcomes.push(if same {
                        Rated::Replayed { repeat: stored.repeat }
                    } else {
                        Rated::Conflict
                    });
                    continue;
                }
                let previous: Option<i64> = sqlx::query_scalar(
                    "SELECT MAX(created_ms) FROM ratings
                     WHERE kiosk_id = $1 AND created_ms <= $2 AND created_ms > $3",
                )
                .bind(kiosk)
                .bind(at)
                .bind(at - window)
                .fetch_one(&mut *tx)
                .await?;
                let repeat = r.repeat || previous.is_some();
                let counted_at = rating::counted_at(r.created_at, received_at);
                sqlx::query(
                    "INSERT INTO ratings
                     (id, kiosk_id, unit, score, created_at, created_ms, received_at, counted_at, repeat)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(Id(r.id))
                .bind(kiosk)
                .bind(unit)
                .bind(i16::from(r.score.value()))
                .bind(r.created_at)
                .bind(at)
                .bind(received_at)
                .bind(counted_at)
                .bind(repeat)
                .execute(&mut *tx)
                .await?;
                deltas.push((rollup::rated(counted_at, unit, r.score, repeat), 1));
                // A later tap stored before this one (batches out of order) now has
                // a previous tap close before it.
                let now_repeats: Vec<(OffsetDateTime, String, i64)> = sqlx::query_as(
                    "UPDATE ratings SET repeat = TRUE
                     WHERE kiosk_id = $1 AND created_ms >= $2 AND created_ms < $3 AND id <> $4
                       AND repeat = FALSE
                     RETURNING counted_at, unit, CAST(score AS BIGINT)",
                )
                .bind(kiosk)
                .bind(at)
                .bind(at + window)
                .bind(Id(r.id))
                .fetch_all(&mut *tx)
                .await?;
                for (counted_at, unit, score) in now_repeats {
                    let score = Score::from_value(score)
                        .ok_or_else(|| StoreError::Corrupt(format!("a rating of {score}")))?;
                    deltas.push((rollup::rated(counted_at, &unit, score, false), -1));
                    deltas.push((rollup::rated(counted_at, &unit, score, true), 1));
                }
                outcomes.push(Rated::Created { repeat });
            }
            // One row per key: an upsert may not touch a row twice.
            let mut summed: std::collections::BTreeMap<Key, i64> = std::collections::BTreeMap::new();
            for (key, n) in deltas {
                *summed.entry(key).or_default() += n;
            }
            let deltas: Vec<(Key, i64)> = summed.into_iter().filter(|(_, n)| *n != 0).collect();
            if !deltas.is_empty() {
                add_to_rollups!(tx, &deltas, received_at);
            }
            tx.commit().await?;
            Ok(outcomes)
        })
    }
}
