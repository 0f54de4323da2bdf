//! Staff passwords: argon2id (RustCrypto `argon2`, its default parameters) in PHC
//! strings. Hashing and verifying take tens of milliseconds of CPU and ~19 MiB,
//! so the async versions run on a blocking thread.

use std::fmt;
use std::sync::LazyLock;

use argon2::password_hash::SaltString;
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use rand::Rng;

pub use super::common::PasswordContext;
use super::common::{self, Weakness};

/// A password that may be set: at least [`NewPassword::MIN_CHARS`] characters,
/// and not one guessed first (`common`: the most common passwords, or one made
/// of the account's own name or address).
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("a password has at least {min} characters", min = NewPassword::MIN_CHARS)]
    TooShort,
    #[error("a password has at most {max} characters", max = NewPassword::MAX_CHARS)]
    TooLong,
    #[error(
        "this password is one of the most common ones (perhaps with digits or signs added), \
         or a run or repeat of characters: choose another"
    )]
    Common,
    #[error(
        "this password is made of the account's name or e-mail address, or the name of \
         the municipality or of Glas: choose another"
    )]
    Personal,
}

/// No lower-case l, upper-case I and O, digits 0 and 1: read aloud or copied by hand
/// without doubt.
const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

impl NewPassword {
    pub const MIN_CHARS: usize = 12;
    /// Long enough for any passphrase; short enough that hashing it costs nothing extra.
    pub const MAX_CHARS: usize = 256;

    /// `s` as the password of the account `context` describes.
    pub fn parse(s: &str, context: &PasswordContext) -> Result<NewPassword, PasswordProblem> {
        match s.chars().count() {
            n if n < Self::MIN_CHARS => return Err(PasswordProblem::TooShort),
            n if n > Self::MAX_CHARS => return Err(PasswordProblem::TooLong),
            _ => {}
        }
        match common::weakness(s, context) {
            Some(Weakness::Common) => Err(PasswordProblem::Common),
            Some(Weakness::Personal) => Err(PasswordProblem::Personal),
            None => Ok(NewPassword(s.to_owned())),
        }
    }

    /// 20 random characters from 56 (about 116 bits), in groups of four.
    pub fn generate() -> NewPassword {
        let mut rng = rand::rng();
        let groups: Vec<String> = (0..5)
            .map(|_| {
                (0..4)
                    .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
                    .collect()
            })
            .collect();
        NewPassword(groups.join("-"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The argon2id PHC string (blocking; see [`hash`]).
    pub fn hash(&self) -> String {
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>()).expect("16 bytes of salt");
        Argon2::default()
            .hash_password(self.0.as_bytes(), &salt)
            .expect("argon2 hashes any password within the length limit")
            .to_string()
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

/// The PHC string of `password`, computed on a blocking thread.
pub async fn hash(password: NewPassword) -> String {
    tokio::task::spawn_blocking(move || password.hash())
        .await
        .expect("hashing does not panic")
}

/// Whether `password` matches the PHC string `phc`, checked on a blocking thread.
/// With `None` (no such account) it checks against a dummy hash and says no, so
/// the answer takes as long either way.
pub async fn verify(password: String, phc: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match phc {
        Some(phc) => verify_now(&password, &phc),
        None => {
            let _ = verify_now(&password, &DUMMY_HASH);
            false
        }
    })
    .await
    .expect("verifying does not panic")
}

fn verify_now(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(e) => {
            tracing::error!(error = %e, "a stored password hash is not a PHC string");
            false
        }
    }
}

/// A hash of a random password nobody knows, with the same parameters as real ones.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| NewPassword::generate().hash());

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<NewPassword, PasswordProblem> {
        NewPassword::parse(s, &PasswordContext::default())
    }

    #[test]
    fn a_password_has_at_least_twelve_characters_counted_as_characters_not_bytes() {
        assert_eq!(parse("short-pass1").unwrap_err(), PasswordProblem::TooShort);
        assert!(parse("twelve-chars").is_ok());
        // 11 Cyrillic letters are 22 bytes but still too short.
        assert_eq!(parse("абвгдежзийк").unwrap_err(), PasswordProblem::TooShort);
        assert_eq!(
            parse(&"x".repeat(257)).unwrap_err(),
            PasswordProblem::TooLong
        );
    }

    #[test]
    fn a_long_enough_common_or_personal_password_is_refused() {
        assert_eq!(parse("qwerty123456").unwrap_err(), PasswordProblem::Common);
        assert_eq!(
            parse("Glas-2026-Glas").unwrap_err(),
            PasswordProblem::Personal
        );
        // Too short is said first: it is the rule a person can act on.
        assert_eq!(parse("password").unwrap_err(), PasswordProblem::TooShort);
    }

    #[test]
    fn generated_passwords_are_valid_and_differ() {
        let a = NewPassword::generate();
        let b = NewPassword::generate();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 24);
        assert!(parse(a.as_str()).is_ok());
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_no_other() {
        let password = parse("correct horse battery").unwrap();
        let phc = hash(password.clone()).await;
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), Some(phc.clone())).await);
        assert!(!verify("correct horse battery!".into(), Some(phc)).await);
        assert!(!verify("anything".into(), None).await);
        assert!(!format!("{password:?}").contains("horse"));
    }
}
