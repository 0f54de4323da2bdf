//! The mail outbox: e-mail is written in the transaction that decides to send it
//! (an answer, an assignment, a digest) and delivered later by the mail worker,
//! so a failed or slow SMTP server never loses a message or holds up a clerk.

use uuid::Uuid;

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
