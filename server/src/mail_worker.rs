//! Delivers the mail outbox: a background task that takes the messages that are
//! due and hands them to the SMTP server. A failed send is tried again later,
//! after a delay that doubles up to an hour, for as long as it takes: nothing is
//! dropped, and the desk shows what is stuck and why (`store::mail`). Several
//! instances may run it on one PostgreSQL database; each message is sent once.

use std::time::Duration;

use time::OffsetDateTime;
use tokio::sync::watch;

use crate::clock::Clock;
use crate::mail::{Failure, Mailer};
use crate::store::Store;
use crate::store::mail::{Attempt, QueuedMail};

/// How often the outbox is looked at when nothing wakes the worker: mail queued by
/// another instance, and retries that fall due, wait at most this long.
pub const POLL: Duration = Duration::from_secs(2);

/// The most messages claimed at once (on PostgreSQL, held in one transaction).
const BATCH: i64 = 10;

/// The longest delay between two attempts at one message.
pub const MAX_DELAY: Duration = Duration::from_secs(60 * 60);

/// The delay after the `attempts`-th failure: `first`, doubling, at most [`MAX_DELAY`].
pub fn backoff(first: Duration, attempts: i32) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    first.saturating_mul(1 << doublings).min(MAX_DELAY)
}

pub struct MailWorker {
    pub store: Store,
    pub mailer: Mailer,
    pub clock: Clock,
    /// The delay after the first failure (`mail_retry_secs`).
    pub first_retry: Duration,
}

impl MailWorker {
    /// Delivers until `stop` turns true; a batch under way is finished first.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!(from = %self.mailer.from(), "mail worker started");
        loop {
            if *stop.borrow() {
                break;
            }
            let more = match self.deliver_once().await {
                Ok(tried) => tried as i64 == BATCH,
                Err(e) => {
                    tracing::error!(error = %e, "cannot read the mail outbox");
                    false
                }
            };
            if more {
                continue;
            }
            tokio::select! {
                () = tokio::time::sleep(POLL) => {}
                () = self.store.mail_was_queued() => {}
                changed = stop.changed() => {
                    // The server is gone without saying: stop too, rather than spin.
                    if changed.is_err() {
                        break;
                    }
                }
            }
        }
        tracing::info!("mail worker stopped");
    }

    /// Sends what is due now; returns how many messages were tried.
    pub async fn deliver_once(&self) -> Result<usize, crate::store::StoreError> {
        let now = self.clock.now();
        self.store
            .deliver_due_mail(now, BATCH, |mail| self.attempt(mail))
            .await
    }

    async fn attempt(&self, mail: QueuedMail) -> Attempt {
        let result = self.mailer.send(&mail).await;
        let now = self.clock.now();
        match result {
            Ok(()) => {
                tracing::info!(mail = mail.id, purpose = %mail.purpose, "e-mail sent");
                Attempt::Sent { at: now }
            }
            Err(Failure {
                error,
                permanent: true,
            }) => {
                tracing::warn!(
                    mail = mail.id,
                    purpose = %mail.purpose,
                    %error,
                    "e-mail refused for good; it is not tried again until the desk sends it again"
                );
                Attempt::Rejected { error, at: now }
            }
            Err(Failure { error, .. }) => {
                let attempts = mail.attempts.saturating_add(1);
                let retry_at = later(now, backoff(self.first_retry, attempts));
                tracing::warn!(
                    mail = mail.id,
                    purpose = %mail.purpose,
                    attempts,
                    %retry_at,
                    %error,
                    "e-mail not sent; it stays queued"
                );
                Attempt::Failed { error, retry_at }
            }
        }
    }
}

fn later(now: OffsetDateTime, delay: Duration) -> OffsetDateTime {
    now + time::Duration::try_from(delay).unwrap_or(time::Duration::HOUR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_doubles_from_the_first_and_stops_at_an_hour() {
        let first = Duration::from_secs(30);
        let delays: Vec<u64> = (1..=9).map(|n| backoff(first, n).as_secs()).collect();
        assert_eq!(delays, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(backoff(first, 10_000), MAX_DELAY, "never gives up");
        assert_eq!(backoff(first, 0), first);
    }
}
