//! The second factor: time-based one-time passwords (RFC 6238) as every
//! authenticator app makes them — HMAC-SHA-1, 6 digits, a new code every 30 s —
//! computed by `totp-rs`. A code is taken in its own 30 s and the steps either
//! side (a phone's clock a little off, a code typed as it changed), and once
//! only: the store keeps the step of the last code used, and no code of that
//! step or an earlier one is taken again (`Store::use_totp_step`).

use std::fmt;

use glas_shared::Profile;
use subtle::ConstantTimeEq;
use time::OffsetDateTime;
use totp_rs::{Algorithm, Secret, TOTP};

/// Digits in a code.
pub const DIGITS: usize = 6;
/// Seconds a code lasts.
pub const STEP_SECS: u64 = 30;
/// Steps either side of the current one whose codes are taken too (RFC 6238, 5.2).
const SKEW: i64 = 1;
/// 160 bits, the length RFC 4226 (section 4) recommends.
const SECRET_BYTES: usize = 20;

/// A staff member's TOTP key. Its `Debug` shows nothing of it.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl TotpSecret {
    /// A new random key.
    pub fn generate() -> TotpSecret {
        TotpSecret(rand::random::<[u8; SECRET_BYTES]>().to_vec())
    }

    /// The key from its base32 form (as stored, and as the enrolment page shows
    /// it); spaces and case do not matter.
    pub fn from_base32(text: &str) -> Option<TotpSecret> {
        let clean: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let bytes = Secret::Encoded(clean).to_bytes().ok()?;
        (bytes.len() >= 16).then_some(TotpSecret(bytes))
    }

    /// The base32 form, without padding: what is stored and what a person types
    /// into an app that cannot scan.
    pub fn base32(&self) -> String {
        self.totp("", "").get_secret_base32()
    }

    /// The `otpauth://totp/…` URI an authenticator app scans from the QR code:
    /// the key, and the names the app lists it under.
    pub fn uri(&self, issuer: &str, account: &str) -> String {
        self.totp(issuer, account).get_url()
    }

    /// The step (Unix time / 30 s) whose code `code` is, among the current step
    /// at `now` and those either side; `None` when it is none of them.
    pub fn matching_step(&self, code: &str, now: OffsetDateTime) -> Option<i64> {
        let code = normalize_code(code)?;
        let current = step_at(now);
        let totp = self.totp("", "");
        let mut found = None;
        // Every candidate is computed and compared, in constant time each.
        for step in current - SKEW..=current + SKEW {
            let Ok(time) = u64::try_from(step) else {
                continue;
            };
            let expected = totp.generate(time * STEP_SECS);
            if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) {
                found = Some(step);
            }
        }
        found
    }

    fn totp(&self, issuer: &str, account: &str) -> TOTP {
        // `:` separates issuer and account in the URI's label: neither may hold one.
        let clean = |s: &str| s.replace(':', " ");
        TOTP::new_unchecked(
            Algorithm::SHA1,
            DIGITS,
            SKEW as u8,
            STEP_SECS,
            self.0.clone(),
            (!issuer.is_empty()).then(|| clean(issuer)),
            clean(account),
        )
    }
}

impl fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

/// The 30-second step `now` falls in.
pub fn step_at(now: OffsetDateTime) -> i64 {
    now.unix_timestamp().div_euclid(STEP_SECS as i64)
}

/// A typed code as 6 digits: spaces and dashes (`123 456`) dropped; `None` for
/// anything else.
fn normalize_code(code: &str) -> Option<String> {
    let digits: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    (digits.len() == DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// The name an authenticator app lists the desk's codes under: the municipality's
/// and Glas's.
pub fn issuer(profile: &Profile) -> String {
    format!("{} (Glas)", profile.name.bg)
}

/// The key in groups of four, as the enrolment page shows it for typing.
pub fn grouped(base32: &str) -> String {
    base32
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    /// RFC 6238, appendix B: the SHA-1 key "12345678901234567890", 8-digit codes
    /// there; ours are their last 6 digits.
    #[test]
    fn codes_are_those_of_rfc_6238() {
        let secret = TotpSecret(b"12345678901234567890".to_vec());
        for (unix, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            let now = OffsetDateTime::from_unix_timestamp(unix).unwrap();
            assert_eq!(
                secret.matching_step(code, now),
                Some(step_at(now)),
                "{unix}"
            );
        }
    }

    #[test]
    fn a_code_is_taken_one_step_either_side_and_no_further() {
        let secret = TotpSecret::generate();
        let now = datetime!(2026-12-01 09:00:10 UTC);
        let totp = secret.totp("", "");
        let code_at = |step: i64| totp.generate(step as u64 * STEP_SECS);
        let current = step_at(now);
        for step in [current - 1, current, current + 1] {
            assert_eq!(secret.matching_step(&code_at(step), now), Some(step));
        }
        for step in [current - 2, current + 2] {
            let code = code_at(step);
            // A far code may, once in a million, equal a near one.
            if [current - 1, current, current + 1]
                .iter()
                .all(|s| code_at(*s) != code)
            {
                assert_eq!(secret.matching_step(&code, now), None);
            }
        }
        let spaced = format!("{} {}", &code_at(current)[..3], &code_at(current)[3..]);
        assert_eq!(secret.matching_step(&spaced, now), Some(current));
        assert_eq!(secret.matching_step("12345", now), None);
        assert_eq!(secret.matching_step("12345a", now), None);
    }

    #[test]
    fn the_key_reads_back_from_base32_and_the_uri_names_it() {
        let secret = TotpSecret::generate();
        let base32 = secret.base32();
        assert_eq!(base32.len(), 32);
        assert_eq!(TotpSecret::from_base32(&base32), Some(secret.clone()));
        assert_eq!(
            TotpSecret::from_base32(&grouped(&base32).to_lowercase()),
            Some(secret.clone())
        );
        assert_eq!(TotpSecret::from_base32("not base32!"), None);
        let uri = secret.uri("Община Хасково (Glas)", "clerk@haskovo.bg");
        assert!(
            uri.starts_with("otpauth://totp/%D0%9E%D0%B1"),
            "the issuer, percent-encoded: {uri}"
        );
        assert!(uri.contains(&format!("secret={base32}")), "{uri}");
        assert!(uri.contains(":clerk%40haskovo.bg?"), "{uri}");
        assert!(!format!("{secret:?}").contains(&base32));
    }
}
