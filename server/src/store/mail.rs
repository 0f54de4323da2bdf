//! The mail outbox: e-mail is written in the transaction that decides to send it
//! (an answer, an assignment, a digest) and delivered later by the mail worker,
//! so a failed or slow SMTP server never loses a message or holds up a clerk.
//!
//! Its address and body are personal data (an answer goes to a citizen's address
//! and may name them), so they are sealed as an author's details are
//! (`personal.rs`), bound to the row's `seal_id`; a row whose `key_id` is `NULL`
//! is from before sealing, until [`Store::reseal_mail`] reaches it. Once a message
//! has reached the SMTP server its body is emptied: an answer's letter is kept in
//! `answers`, and nothing else needs it. Answers' rows go with their author's
//! details (retention, `glas person erase`).

use time::OffsetDateTime;
use uuid::Uuid;

use super::authors::{RESEAL_BATCH, to_reseal};
use super::dialect::{Db, Id, on_db};
use super::{Store, StoreError};
use crate::personal::{Keyring, OpenError, Place};

/// One e-mail to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// `answer`, `assignment` or `digest`.
    pub purpose: &'static str,
    pub submission_id: Option<Uuid>,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// An e-mail's address and body sealed for a new outbox row.
pub struct SealedMail {
    pub key_id: String,
    pub seal_id: Uuid,
    pub to: String,
    pub body: String,
}

/// `mail`'s address and body sealed under the current key, for a row of its own.
pub fn seal(keys: Option<&Keyring>, mail: &OutgoingMail) -> Result<SealedMail, StoreError> {
    let keys = keys.ok_or(StoreError::NoPersonalDataKey)?;
    Ok(seal_parts(keys, Uuid::new_v4(), &mail.to, &mail.body))
}

fn seal_parts(keys: &Keyring, seal_id: Uuid, to: &str, body: &str) -> SealedMail {
    SealedMail {
        key_id: keys.current_id().to_owned(),
        seal_id,
        to: keys.seal_at(place(seal_id, TO), to),
        // An emptied body (a sent message's) stays empty.
        body: if body.is_empty() {
            String::new()
        } else {
            keys.seal_at(place(seal_id, BODY), body)
        },
    }
}

const TO: &str = "to_address";
const BODY: &str = "body";

fn place(seal_id: Uuid, column: &'static str) -> Place {
    Place::Mail { seal_id, column }
}

/// `enqueue_mail!(tx, keys, &mail, now)`: queues `mail` inside the transaction
/// `tx` (either dialect), due at once, its address and body sealed with `keys`
/// (the store's).
macro_rules! enqueue_mail {
    ($tx:ident, $keys:expr, $mail:expr, $now:expr) => {{
        let mail: &$crate::store::mail::OutgoingMail = $mail;
        let now: time::OffsetDateTime = $now;
        let sealed = $crate::store::mail::seal($keys, mail)?;
        sqlx::query(
            "INSERT INTO mail_outbox (created_at, purpose, submission_id, to_address, subject, body,
                 attempts, next_attempt_at, key_id, seal_id)
             VALUES ($1, $2, $3, $4, $5, $6, 0, $1, $7, $8)",
        )
        .bind(now)
        .bind(mail.purpose)
        .bind(mail.submission_id.map($crate::store::dialect::Id))
        .bind(&sealed.to)
        .bind(&mail.subject)
        .bind(&sealed.body)
        .bind(&sealed.key_id)
        .bind($crate::store::dialect::Id(sealed.seal_id))
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use enqueue_mail;

/// How long a worker on SQLite holds the e-mails it claimed before another may
/// take them (longer than any one send takes).
const SQLITE_CLAIM_LEASE: time::Duration = time::Duration::minutes(5);

/// One queued e-mail, as the worker sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: i64,
    pub created_at: OffsetDateTime,
    pub purpose: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Attempts before this one.
    pub attempts: i32,
}

/// A queued e-mail as the database holds it.
#[derive(sqlx::FromRow)]
struct StoredMail {
    id: i64,
    created_at: OffsetDateTime,
    purpose: String,
    to_address: String,
    subject: String,
    body: String,
    attempts: i32,
    key_id: Option<String>,
    seal_id: Option<Id>,
}

/// A sealed column of row `id`, opened; as it is in a row from before sealing.
fn open_column(
    keys: Option<&Keyring>,
    id: i64,
    key_id: &Option<String>,
    seal_id: Option<Id>,
    column: &'static str,
    stored: String,
) -> Result<String, StoreError> {
    if key_id.is_none() || stored.is_empty() {
        return Ok(stored);
    }
    let keys = keys.ok_or(StoreError::NoPersonalDataKey)?;
    let unreadable = |reason| StoreError::UnreadableSealed {
        what: format!("the {column} of e-mail {id}"),
        reason,
    };
    let seal_id = seal_id.ok_or_else(|| unreadable(OpenError::Malformed))?;
    keys.open_at(place(seal_id.0, column), &stored)
        .map_err(unreadable)
}

impl StoredMail {
    fn open(self, keys: Option<&Keyring>) -> Result<QueuedMail, StoreError> {
        let open =
            |column, stored| open_column(keys, self.id, &self.key_id, self.seal_id, column, stored);
        Ok(QueuedMail {
            to: open(TO, self.to_address)?,
            body: open(BODY, self.body)?,
            id: self.id,
            created_at: self.created_at,
            purpose: self.purpose,
            subject: self.subject,
            attempts: self.attempts,
        })
    }
}

/// How one attempt at sending went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    Sent {
        at: OffsetDateTime,
    },
    Failed {
        error: String,
        retry_at: OffsetDateTime,
    },
    /// Refused for good by the SMTP server: not tried again until someone at
    /// the desk sends it again.
    Rejected {
        error: String,
        at: OffsetDateTime,
    },
}

/// One queued e-mail as the desk shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MailStatus {
    pub id: i64,
    pub created_at: OffsetDateTime,
    /// Opened (sealed in the database).
    #[sqlx(rename = "to_address")]
    pub to: String,
    pub purpose: String,
    pub attempts: i32,
    /// Why the last attempt failed (short, no secrets).
    pub last_error: Option<String>,
    pub next_attempt_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
    /// When the SMTP server refused it for good ([`Attempt::Rejected`]).
    pub rejected_at: Option<OffsetDateTime>,
}

/// A [`MailStatus`] as the database holds it.
#[derive(sqlx::FromRow)]
struct StoredStatus {
    #[sqlx(flatten)]
    status: MailStatus,
    key_id: Option<String>,
    seal_id: Option<Id>,
}

/// The whole outbox at a glance, for the desk's warning when mail is stuck.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MailQueueSummary {
    pub unsent: i64,
    /// Unsent messages whose last attempt failed (the rejected among them).
    pub failing: i64,
    /// Unsent messages the SMTP server refused for good, which wait for the desk.
    pub rejected: i64,
    pub oldest_unsent: Option<OffsetDateTime>,
}

const QUEUED_COLUMNS: &str =
    "id, created_at, purpose, to_address, subject, body, attempts, key_id, seal_id";

/// `record_attempt!(executor, id, attempt)`: writes down how sending row `id` went.
macro_rules! record_attempt {
    ($executor:expr, $id:expr, $attempt:expr) => {{
        match $attempt {
            Attempt::Sent { at } => {
                sqlx::query(
                    "UPDATE mail_outbox SET sent_at = $2, attempts = attempts + 1, body = ''
                     WHERE id = $1 AND sent_at IS NULL",
                )
                .bind($id)
                .bind(at)
                .execute($executor)
                .await?;
            }
            Attempt::Failed { error, retry_at } => {
                sqlx::query(
                    "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3
                     WHERE id = $1 AND sent_at IS NULL",
                )
                .bind($id)
                .bind(error)
                .bind(retry_at)
                .execute($executor)
                .await?;
            }
            Attempt::Rejected { error, at } => {
                sqlx::query(
                    "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, rejected_at = $3
                     WHERE id = $1 AND sent_at IS NULL",
                )
                .bind($id)
                .bind(error)
                .bind(at)
                .execute($executor)
                .await?;
            }
        }
    }};
}

/// The attempt recorded for a row that does not open (altered, or sealed under a
/// key the server was started without): an hour later it is tried again, and the
/// desk shows why.
fn unreadable(error: StoreError, now: OffsetDateTime) -> Attempt {
    tracing::error!(error = %error, "a queued e-mail cannot be read");
    Attempt::Failed {
        error: error.to_string(),
        retry_at: now + time::Duration::hours(1),
    }
}

impl Store {
    /// Queues one e-mail in a transaction of its own, and wakes this instance's
    /// worker. (A change that sends mail queues it with [`enqueue_mail!`] inside
    /// its own transaction, then calls [`Store::mail_queued`].)
    pub async fn enqueue_mail(
        &self,
        mail: &OutgoingMail,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            crate::store::mail::enqueue_mail!(tx, self.keys.as_deref(), mail, now);
            tx.commit().await?;
        });
        self.mail_queued();
        Ok(())
    }

    /// Tells this instance's mail worker that mail was queued: it sends at once
    /// rather than at its next look. Call it after the commit.
    pub fn mail_queued(&self) {
        self.mail_wakeup.notify_one();
    }

    /// Returns when [`Store::mail_queued`] was called (since the last return).
    pub async fn mail_was_queued(&self) {
        self.mail_wakeup.notified().await;
    }

    /// Sends up to `limit` e-mails that are due at `now`, each with `send`, and
    /// records each outcome; returns how many were tried.
    ///
    /// On PostgreSQL the rows are claimed with `FOR UPDATE SKIP LOCKED` in a
    /// transaction that also records the outcomes: another instance skips them, so
    /// each message is sent once. (Only a crash between the SMTP server's "ok" and
    /// the commit sends one again, with the same Message-ID.) The transaction uses
    /// a connection of its own, so a slow SMTP server never holds up the writer.
    /// SQLite has one instance: its rows are read and then updated one by one.
    pub async fn deliver_due_mail<F, Fut>(
        &self,
        now: OffsetDateTime,
        limit: i64,
        mut send: F,
    ) -> Result<usize, StoreError>
    where
        F: FnMut(QueuedMail) -> Fut,
        Fut: Future<Output = Attempt>,
    {
        match &self.db {
            Db::Postgres(pools) => {
                let mut tx = pools.jobs.begin().await?;
                let due: Vec<StoredMail> = sqlx::query_as(&format!(
                    "SELECT {QUEUED_COLUMNS} FROM mail_outbox
                     WHERE sent_at IS NULL AND rejected_at IS NULL AND next_attempt_at <= $1
                     ORDER BY next_attempt_at, id LIMIT $2
                     FOR UPDATE SKIP LOCKED"
                ))
                .bind(now)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?;
                let tried = due.len();
                for mail in due {
                    let id = mail.id;
                    let attempt = match mail.open(self.keys.as_deref()) {
                        Ok(mail) => send(mail).await,
                        Err(e) => unreadable(e, now),
                    };
                    record_attempt!(&mut *tx, id, attempt);
                }
                tx.commit().await?;
                Ok(tried)
            }
            Db::Sqlite(pools) => {
                // Claimed in one statement on the writer (SQLite has one writer for
                // every process on the file): the rows are put off for a lease, so
                // that no other worker takes them while this one sends; the attempt
                // then sets their real next time. A worker that dies mid-send lets
                // its rows come due again when the lease ends.
                let due: Vec<StoredMail> = sqlx::query_as(&format!(
                    "UPDATE mail_outbox SET next_attempt_at = $3
                     WHERE id IN (SELECT id FROM mail_outbox
                                  WHERE sent_at IS NULL AND rejected_at IS NULL
                                    AND next_attempt_at <= $1
                                  ORDER BY next_attempt_at, id LIMIT $2)
                     RETURNING {QUEUED_COLUMNS}"
                ))
                .bind(now)
                .bind(limit)
                .bind(now + SQLITE_CLAIM_LEASE)
                .fetch_all(&pools.writer)
                .await?;
                let tried = due.len();
                for mail in due {
                    let id = mail.id;
                    let attempt = match mail.open(self.keys.as_deref()) {
                        Ok(mail) => send(mail).await,
                        Err(e) => unreadable(e, now),
                    };
                    record_attempt!(&pools.writer, id, attempt);
                }
                Ok(tried)
            }
        }
    }

    /// Every e-mail queued about a submission, sent or not, oldest first.
    pub async fn mail_for(&self, submission_id: Uuid) -> Result<Vec<MailStatus>, StoreError> {
        self.mail_statuses(submission_id, false).await
    }

    /// The e-mails about a submission that have not reached the SMTP server yet,
    /// oldest first: the desk shows their attempts and last error.
    pub async fn unsent_mail_for(
        &self,
        submission_id: Uuid,
    ) -> Result<Vec<MailStatus>, StoreError> {
        self.mail_statuses(submission_id, true).await
    }

    async fn mail_statuses(
        &self,
        submission_id: Uuid,
        unsent_only: bool,
    ) -> Result<Vec<MailStatus>, StoreError> {
        let rows: Vec<StoredStatus> = on_db!(&self.db, pools => {
            sqlx::query_as(
                "SELECT id, created_at, to_address, purpose, attempts, last_error, next_attempt_at,
                        sent_at, rejected_at, key_id, seal_id
                 FROM mail_outbox
                 WHERE submission_id = $1 AND (sent_at IS NULL OR NOT $2)
                 ORDER BY id",
            )
            .bind(Id(submission_id))
            .bind(unsent_only)
            .fetch_all(&pools.reader)
            .await?
        });
        rows.into_iter()
            .map(|row| {
                let mut status = row.status;
                status.to = open_column(
                    self.keys.as_deref(),
                    status.id,
                    &row.key_id,
                    row.seal_id,
                    TO,
                    status.to,
                )?;
                Ok(status)
            })
            .collect()
    }

    /// Puts a message about `submission_id` that the SMTP server refused for good
    /// back in the queue, due at once (someone at the desk had the address or the
    /// server put right), audited as `mail_resend`. `false` when there is no such
    /// refused message.
    pub async fn resend_mail(
        &self,
        submission_id: Uuid,
        mail_id: i64,
        staff_id: i64,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let resent = on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            let resent = sqlx::query(
                "UPDATE mail_outbox SET rejected_at = NULL, next_attempt_at = $3
                 WHERE id = $1 AND submission_id = $2 AND rejected_at IS NOT NULL
                   AND sent_at IS NULL",
            )
            .bind(mail_id)
            .bind(Id(submission_id))
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if resent {
                sqlx::query(
                    "INSERT INTO audit_log (at, staff_id, action, submission_id, after)
                     VALUES ($1, $2, 'mail_resend', $3, $4)",
                )
                .bind(now)
                .bind(staff_id)
                .bind(Id(submission_id))
                .bind(serde_json::json!({ "mail": mail_id }).to_string())
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            resent
        });
        if resent {
            self.mail_queued();
        }
        Ok(resent)
    }

    /// How much mail waits, and since when.
    pub async fn mail_queue_summary(&self) -> Result<MailQueueSummary, StoreError> {
        Ok(on_db!(&self.db, pools => {
            sqlx::query_as(
                "SELECT COUNT(*) AS unsent,
                        COUNT(last_error) AS failing,
                        COUNT(rejected_at) AS rejected,
                        MIN(created_at) AS oldest_unsent
                 FROM mail_outbox WHERE sent_at IS NULL",
            )
            .fetch_one(&pools.reader)
            .await?
        }))
    }
}

/// A row as [`Store::reseal_mail`] reads it.
#[derive(sqlx::FromRow)]
struct UnsealedMail {
    id: i64,
    to_address: String,
    body: String,
    sent_at: Option<OffsetDateTime>,
    key_id: Option<String>,
    seal_id: Option<Id>,
}

impl Store {
    /// The keys outbox rows are sealed under (see [`Store::unknown_personal_keys`]).
    pub(super) async fn mail_key_ids(&self) -> Result<Vec<String>, StoreError> {
        Ok(on_db!(&self.db, pools => {
            sqlx::query_scalar("SELECT DISTINCT key_id FROM mail_outbox WHERE key_id IS NOT NULL")
                .fetch_all(&pools.reader)
                .await?
        }))
    }

    /// Seals under the current key every outbox row that is not, as
    /// [`Store::reseal_authors`] does authors' (`only_plain`: only the rows from
    /// before sealing); a sent message's body, which nothing needs, is emptied on
    /// the way. Returns how many rows it sealed.
    pub async fn reseal_mail(&self, only_plain: bool) -> Result<u64, StoreError> {
        let keys = self.keys.as_deref().ok_or(StoreError::NoPersonalDataKey)?;
        let current = keys.current_id().to_owned();
        let select = format!(
            "SELECT id, to_address, body, sent_at, key_id, seal_id FROM mail_outbox
             WHERE {} ORDER BY id LIMIT $2",
            to_reseal(only_plain)
        );
        let mut sealed_rows = 0;
        loop {
            let rows: Vec<UnsealedMail> = on_db!(&self.db, pools => {
                sqlx::query_as(&select)
                    .bind(&current)
                    .bind(RESEAL_BATCH)
                    .fetch_all(&pools.writer)
                    .await?
            });
            if rows.is_empty() {
                return Ok(sealed_rows);
            }
            let mut batch = Vec::with_capacity(rows.len());
            for row in rows {
                let open = |column, stored| {
                    open_column(Some(keys), row.id, &row.key_id, row.seal_id, column, stored)
                };
                let to = open(TO, row.to_address.clone())?;
                let body = if row.sent_at.is_some() {
                    String::new()
                } else {
                    open(BODY, row.body.clone())?
                };
                let seal_id = row.seal_id.map_or_else(Uuid::new_v4, |id| id.0);
                let was = row.key_id.clone().unwrap_or_default();
                batch.push((row.id, was, seal_parts(keys, seal_id, &to, &body)));
            }
            sealed_rows += on_db!(&self.db, pools => {
                let mut tx = pools.writer.begin().await?;
                let mut done = 0;
                for (id, was, sealed) in &batch {
                    // Unless another instance got there first, or the row went.
                    done += sqlx::query(
                        "UPDATE mail_outbox
                         SET to_address = $1, body = CASE WHEN sent_at IS NULL THEN $2 ELSE '' END,
                             key_id = $3, seal_id = $4
                         WHERE id = $5 AND COALESCE(key_id, '') = $6",
                    )
                    .bind(&sealed.to)
                    .bind(&sealed.body)
                    .bind(&sealed.key_id)
                    .bind(Id(sealed.seal_id))
                    .bind(id)
                    .bind(was)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                }
                tx.commit().await?;
                done
            });
        }
    }
}
