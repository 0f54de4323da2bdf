//! Signing in, and the lock-out that slows guessing down. Every refusal looks and
//! takes the same: an unknown address costs an argon2 verification too, and a
//! locked or disabled account is refused with the same words as a wrong password.
//!
//! With two-step sign-in on, a right password only earns the question for the
//! code; wrong codes count as failed sign-ins as wrong passwords do, and only the
//! right code (a good sign-in) starts the count again, so that knowing the
//! password does not buy fresh guesses at the code.

use time::Duration;

use super::password;
use super::totp::TotpSecret;
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
    /// Signed in as the account `id`. With `enrol_first`, an admin who must turn
    /// on two-step sign-in before anything else (`desk_require_totp_for_admins`).
    Welcome { id: i64, enrol_first: bool },
    /// The password is right, and the account `id` has two-step sign-in: its
    /// code comes next ([`check_code`]).
    CodeNeeded(i64),
    /// Unknown address, wrong password or code, a code used already, locked or
    /// disabled: which, nobody is told.
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
    if record.totp {
        return Ok(SignIn::CodeNeeded(record.id));
    }
    state.store.record_good_login(record.id).await?;
    let admin = super::Role::parse(&record.role) == Some(super::Role::Admin);
    Ok(SignIn::Welcome {
        id: record.id,
        enrol_first: admin && state.desk_require_totp_for_admins,
    })
}

/// The second step for the account `id`, whose password was right: its TOTP
/// `code`, taken once. A wrong or used code counts as a failed sign-in.
pub async fn check_code(state: &AppState, id: i64, code: &str) -> Result<SignIn, StoreError> {
    let Some(record) = state.store.login_record_by_id(id).await? else {
        return Ok(SignIn::Refused);
    };
    let now = state.clock.now();
    if record.disabled || record.locked_until.is_some_and(|until| until > now) {
        return Ok(SignIn::Refused);
    }
    // Two-step sign-in turned off meanwhile (reset by an admin): start again.
    let Some(secret) = state.store.totp_secret(id).await? else {
        return Ok(SignIn::Refused);
    };
    let Some(secret) = TotpSecret::from_base32(&secret) else {
        return Err(StoreError::Corrupt(format!(
            "the TOTP key of account {id} is not base32"
        )));
    };
    let taken = match secret.matching_step(code, now) {
        Some(step) => state.store.use_totp_step(id, step).await?,
        None => false,
    };
    if !taken {
        state.store.record_failed_login(id, now, lock_for).await?;
        return Ok(SignIn::Refused);
    }
    state.store.record_good_login(id).await?;
    Ok(SignIn::Welcome {
        id,
        enrol_first: false,
    })
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
