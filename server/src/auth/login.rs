//! Signing in, and the lock-out that slows guessing down. Every refusal looks and
//! takes the same: an unknown address costs an argon2 verification too, and a
//! locked or disabled account is refused with the same words as a wrong password.

use time::Duration;

use super::password;
use crate::app::AppState;
use crate::store::StoreError;

/// Failed sign-ins (since the last good one) before the account locks.
pub const LOCK_AFTER: i32 = 5;
const FIRST_LOCK: Duration = Duration::minutes(1);
const LONGEST_LOCK: Duration = Duration::hours(1);

/// How long the account locks after its `failures`-th failed sign-in: from the
/// fifth on, one minute, doubling with each further failure, at most an hour.
/// Attempts while locked are refused without counting.
pub fn lock_for(failures: i32) -> Option<Duration> {
    let beyond = failures.checked_sub(LOCK_AFTER).filter(|n| *n >= 0)?;
    let lock = FIRST_LOCK * 2_i32.pow(beyond.min(10) as u32);
    Some(lock.min(LONGEST_LOCK))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignIn {
    /// The account's id.
    Welcome(i64),
    /// Unknown address, wrong password, locked or disabled: which, nobody is told.
    Refused,
}

/// The login's form of an address: trimmed, lower-case.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Checks `email` and `password`, counting a failure against the account.
pub async fn sign_in(state: &AppState, email: &str, password: &str) -> Result<SignIn, StoreError> {
    let record = state.store.login_record(&normalize_email(email)).await?;
    let Some(record) = record else {
        password::verify(password.to_owned(), None).await;
        return Ok(SignIn::Refused);
    };
    let matches = password::verify(password.to_owned(), Some(record.password_hash)).await;
    let now = state.clock.now();
    if record.disabled || record.locked_until.is_some_and(|until| until > now) {
        return Ok(SignIn::Refused);
    }
    if !matches {
        state
            .store
            .record_failed_login(record.id, now, lock_for)
            .await?;
        return Ok(SignIn::Refused);
    }
    state.store.record_good_login(record.id).await?;
    Ok(SignIn::Welcome(record.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_starts_at_the_fifth_failure_doubles_and_stops_at_an_hour() {
        assert_eq!(lock_for(0), None);
        assert_eq!(lock_for(4), None);
        assert_eq!(lock_for(5), Some(Duration::minutes(1)));
        assert_eq!(lock_for(6), Some(Duration::minutes(2)));
        assert_eq!(lock_for(7), Some(Duration::minutes(4)));
        assert_eq!(lock_for(10), Some(Duration::minutes(32)));
        assert_eq!(lock_for(11), Some(Duration::hours(1)));
        assert_eq!(lock_for(1000), Some(Duration::hours(1)));
    }
}
