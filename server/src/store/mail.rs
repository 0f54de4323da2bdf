//! The mail outbox: e-mail is written in the transaction that decides to send it
//! (an answer, an assignment, a digest) and delivered later by the mail worker,
//! so a failed or slow SMTP server never loses a message or holds up a clerk.

use time::OffsetDateTime;
use uuid::Uuid;

use super::dialect::{Db, Id, on_db};
use super::{Store, StoreError};

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

/// `enqueue_mail!(tx, &mail, now)`: queues `mail` inside the transaction `tx`
/// (either dialect), due at once.
macro_rules! enqueue_mail {
    ($tx:ident, $mail:expr, $now:expr) => {{
        let mail: &$crate::store::mail::OutgoingMail = $mail;
        let now: time::OffsetDateTime = $now;
        sqlx::query(
            "INSERT INTO mail_outbox (created_at, purpose, submission_id, to_address, subject, body,
                 attempts, next_attempt_at)
             VALUES ($1, $2, $3, $4, $5, $6, 0, $1)",
        )
        .bind(now)
        .bind(mail.purpose)
        .bind(mail.submission_id.map($crate::store::dialect::Id))
        .bind(&mail.to)
        .bind(&mail.subject)
        .bind(&mail.body)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use enqueue_mail;

/// How long a worker on SQLite holds the e-mails it claimed before another may
/// take them (longer than any one send takes).
const SQLITE_CLAIM_LEASE: time::Duration = time::Duration::minutes(5);

/// One queued e-mail, as the worker sends it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct QueuedMail {
    pub id: i64,
    pub created_at: OffsetDateTime,
    pub purpose: String,
    #[sqlx(rename = "to_address")]
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Attempts before this one.
    pub attempts: i32,
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
}

/// One queued e-mail as the desk shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MailStatus {
    pub id: i64,
    pub created_at: OffsetDateTime,
    #[sqlx(rename = "to_address")]
    pub to: String,
    pub purpose: String,
    pub attempts: i32,
    /// Why the last attempt failed (short, no secrets).
    pub last_error: Option<String>,
    pub next_attempt_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
}

/// The whole outbox at a glance, for the desk's warning when mail is stuck.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MailQueueSummary {
    pub unsent: i64,
    /// Unsent messages whose last attempt failed.
    pub failing: i64,
    pub oldest_unsent: Option<OffsetDateTime>,
}

const QUEUED_COLUMNS: &str = "id, created_at, purpose, to_address, subject, body, attempts";

/// `record_attempt!(executor, id, attempt)`: writes down how sending row `id` went.
macro_rules! record_attempt {
    ($executor:expr, $id:expr, $attempt:expr) => {{
        match $attempt {
            Attempt::Sent { at } => {
                sqlx::query(
                    "UPDATE mail_outbox SET sent_at = $2, attempts = attempts + 1
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
        }
    }};
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
            crate::store::mail::enqueue_mail!(tx, mail, now);
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
                let due: Vec<QueuedMail> = sqlx::query_as(&format!(
                    "SELECT {QUEUED_COLUMNS} FROM mail_outbox
                     WHERE sent_at IS NULL AND next_attempt_at <= $1
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
                    let attempt = send(mail).await;
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
                let due: Vec<QueuedMail> = sqlx::query_as(&format!(
                    "UPDATE mail_outbox SET next_attempt_at = $3
                     WHERE id IN (SELECT id FROM mail_outbox
                                  WHERE sent_at IS NULL AND next_attempt_at <= $1
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
                    let attempt = send(mail).await;
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
        Ok(on_db!(&self.db, pools => {
            sqlx::query_as(
                "SELECT id, created_at, to_address, purpose, attempts, last_error, next_attempt_at, sent_at
                 FROM mail_outbox
                 WHERE submission_id = $1 AND (sent_at IS NULL OR NOT $2)
                 ORDER BY id",
            )
            .bind(Id(submission_id))
            .bind(unsent_only)
            .fetch_all(&pools.reader)
            .await?
        }))
    }

    /// How much mail waits, and since when.
    pub async fn mail_queue_summary(&self) -> Result<MailQueueSummary, StoreError> {
        Ok(on_db!(&self.db, pools => {
            sqlx::query_as(
                "SELECT COUNT(*) AS unsent,
                        COUNT(last_error) AS failing,
                        MIN(created_at) AS oldest_unsent
                 FROM mail_outbox WHERE sent_at IS NULL",
            )
            .fetch_one(&pools.reader)
            .await?
        }))
    }
}
