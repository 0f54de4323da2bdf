//! Citizens' contact details encrypted at rest: a copied database file or backup
//! alone reveals no name, e-mail address, phone number or address.
//!
//! Each value is sealed with XChaCha20-Poly1305 under a key from the settings
//! (`GLAS_PERSONAL_DATA_KEY`, 32 random bytes in base64, made by `glas key
//! generate`), with a random 192-bit nonce of its own, and stored as
//! `v1:<key id>:<base64(nonce ‖ ciphertext)>`. The key id (the first 8 hex digits
//! of a hash of the key) says which key sealed it, so that after a rotation the
//! old keys (`GLAS_PERSONAL_DATA_OLD_KEYS`) still open what they sealed until
//! `glas key rotate` has sealed it again under the new one. The associated data
//! names the submission and the field, so a value copied into another row or
//! column does not open.
//!
//! The desk finds a citizen by e-mail address through a keyed hash (HMAC-SHA-256
//! of the address in lower case, under a key derived from the personal-data key),
//! stored beside the sealed values: equal addresses have equal hashes, and without
//! the key nobody can test a guess against them.

pub mod command;
pub mod requests;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::config::{Settings, redacted_url};
use crate::store::Store;

/// The format written today; the prefix of every sealed value.
const VERSION: &str = "v1";
const NONCE_LEN: usize = 24;

/// A personal field of `submission_authors`: part of what a sealed value is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Email,
    Phone,
    Address,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Address => "address",
        }
    }
}

/// Why the settings give no usable key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "GLAS_PERSONAL_DATA_KEY is not set: Glas encrypts citizens' contact details with it. \
         Make one with `glas key generate`, keep a copy apart from the database and its \
         backups, and set it (the environment or personal_data_key in glas.toml)"
    )]
    Missing,
    #[error(
        "{setting} holds a key that is not 32 bytes in base64 (make one with `glas key generate`)"
    )]
    Malformed { setting: &'static str },
}

/// Why a stored value does not open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("not a sealed value")]
    Malformed,
    #[error(
        "sealed under key {0}, which neither GLAS_PERSONAL_DATA_KEY nor GLAS_PERSONAL_DATA_OLD_KEYS holds"
    )]
    UnknownKey(String),
    #[error("it does not open under key {0}: not sealed for this submission and field, or altered")]
    Forged(String),
}

/// One personal-data key and what is derived from it.
struct Key {
    id: String,
    cipher: XChaCha20Poly1305,
    index_key: [u8; 32],
}

impl Key {
    fn new(secret: [u8; 32]) -> Key {
        let id: String = Sha256::new()
            .chain_update(b"glas personal-data key id\0")
            .chain_update(secret)
            .finalize()[..4]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Key {
            id,
            cipher: XChaCha20Poly1305::new(&derive(&secret, b"glas/personal-data/seal/v1").into()),
            index_key: derive(&secret, b"glas/personal-data/email-index/v1"),
        }
    }

    fn email_index(&self, email: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.index_key)
            .expect("HMAC takes a key of any length");
        mac.update(normalise_email(email).as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

/// A key of its own for each use, so the cipher's key and the index's never coincide.
fn derive(secret: &[u8; 32], purpose: &[u8]) -> [u8; 32] {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(purpose);
    mac.finalize().into_bytes().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An address as the desk looks it up: case and surrounding blanks do not matter.
fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The bytes an author's sealed value is bound to besides its key.
fn associated_data(submission: Uuid, field: Field) -> String {
    format!(
        "glas:{VERSION}:submission_authors:{submission}:{}",
        field.as_str()
    )
}

/// Where a sealed value other than an author's lives, which it is bound to as an
/// author's is to its submission and field: a value copied elsewhere does not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A column (`to_address` or `body`) of the mail outbox's row with this `seal_id`.
    Mail { seal_id: Uuid, column: &'static str },
    /// The TOTP key of the member of staff with this id.
    TotpKey { staff_id: i64 },
}

impl Place {
    fn associated_data(self) -> String {
        match self {
            Place::Mail { seal_id, column } => {
                format!("glas:{VERSION}:mail_outbox:{seal_id}:{column}")
            }
            Place::TotpKey { staff_id } => format!("glas:{VERSION}:staff:{staff_id}:totp_secret"),
        }
    }
}

/// The current key, which seals, and the old ones, which only open.
pub struct Keyring {
    current: Key,
    old: Vec<Key>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("current", &self.current.id)
            .field("old", &self.old.iter().map(|k| &k.id).collect::<Vec<_>>())
            .finish()
    }
}

impl Keyring {
    /// The keys the settings name; an error when there is no current key.
    pub fn from_settings(settings: &Settings) -> Result<Keyring, KeyError> {
        let current = settings
            .personal_data_key
            .as_ref()
            .map(|k| k.expose_secret().trim())
            .filter(|k| !k.is_empty())
            .ok_or(KeyError::Missing)?;
        let old = settings
            .personal_data_old_keys
            .as_ref()
            .map_or("", |k| k.expose_secret());
        Keyring::parse(current, old)
    }

    /// `current` in base64, and `old` as base64 keys separated by commas.
    pub fn parse(current: &str, old: &str) -> Result<Keyring, KeyError> {
        let current = Key::new(decode_key(current, "GLAS_PERSONAL_DATA_KEY")?);
        let mut keys: Vec<Key> = Vec::new();
        for key in old.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            let key = Key::new(decode_key(key, "GLAS_PERSONAL_DATA_OLD_KEYS")?);
            // The current key among the old ones, or one named twice, is harmless.
            if key.id != current.id && keys.iter().all(|k| k.id != key.id) {
                keys.push(key);
            }
        }
        Ok(Keyring { current, old: keys })
    }

    /// A new key, in base64, from the operating system's random source.
    pub fn generate() -> SecretString {
        let mut secret = [0u8; 32];
        rand::rng().fill_bytes(&mut secret);
        SecretString::from(BASE64.encode(secret))
    }

    /// The id of the key that seals.
    pub fn current_id(&self) -> &str {
        &self.current.id
    }

    /// Whether a value sealed under `id` opens.
    pub fn knows(&self, id: &str) -> bool {
        self.key(id).is_some()
    }

    fn key(&self, id: &str) -> Option<&Key> {
        std::iter::once(&self.current)
            .chain(&self.old)
            .find(|k| k.id == id)
    }

    /// `plain` sealed under the current key, bound to `submission` and `field`.
    pub fn seal(&self, submission: Uuid, field: Field, plain: &str) -> String {
        self.seal_bound(&associated_data(submission, field), plain)
    }

    /// What `seal` sealed, given the same submission and field.
    pub fn open(&self, submission: Uuid, field: Field, stored: &str) -> Result<String, OpenError> {
        self.open_bound(&associated_data(submission, field), stored)
    }

    /// `plain` sealed under the current key, bound to `place`.
    pub fn seal_at(&self, place: Place, plain: &str) -> String {
        self.seal_bound(&place.associated_data(), plain)
    }

    /// What `seal_at` sealed, given the same place.
    pub fn open_at(&self, place: Place, stored: &str) -> Result<String, OpenError> {
        self.open_bound(&place.associated_data(), stored)
    }

    fn seal_bound(&self, aad: &str, plain: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self
            .current
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: aad.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 seals any value that fits in memory");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!("{VERSION}:{}:{}", self.current.id, BASE64.encode(bytes))
    }

    fn open_bound(&self, aad: &str, stored: &str) -> Result<String, OpenError> {
        let (id, data) = key_id_of(stored)
            .and_then(|id| Some((id, stored.rsplit_once(':')?.1)))
            .ok_or(OpenError::Malformed)?;
        let key = self
            .key(id)
            .ok_or_else(|| OpenError::UnknownKey(id.to_owned()))?;
        let bytes = BASE64.decode(data).map_err(|_| OpenError::Malformed)?;
        if bytes.len() < NONCE_LEN {
            return Err(OpenError::Malformed);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let plain = key
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| OpenError::Forged(id.to_owned()))?;
        String::from_utf8(plain).map_err(|_| OpenError::Malformed)
    }

    /// The keyed hash of `email` under the current key, as stored.
    pub fn email_index(&self, email: &str) -> String {
        self.current.email_index(email)
    }

    /// Its hash under every key: what a row may hold before `glas key rotate` has
    /// reached it.
    pub fn email_indexes(&self, email: &str) -> Vec<String> {
        std::iter::once(&self.current)
            .chain(&self.old)
            .map(|k| k.email_index(email))
            .collect()
    }
}

/// The key id a sealed value names, if it is one.
pub fn key_id_of(stored: &str) -> Option<&str> {
    let mut parts = stored.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(VERSION), Some(id), Some(_)) if !id.is_empty() => Some(id),
        _ => None,
    }
}

fn decode_key(key: &str, setting: &'static str) -> Result<[u8; 32], KeyError> {
    BASE64
        .decode(key.trim())
        .ok()
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
        .ok_or(KeyError::Malformed { setting })
}

/// The store with the settings' keys, once it is sure that they open every
/// author's details: the server and the commands that touch personal data start
/// here. Refuses without a key, and while some row is sealed under a key the
/// settings lack (it could neither be shown nor answered).
pub async fn connect(settings: &Settings) -> anyhow::Result<Store> {
    use anyhow::Context;
    let keys = std::sync::Arc::new(Keyring::from_settings(settings)?);
    let url = settings.database_url.expose_secret();
    let store = Store::connect_with_keys(url, keys)
        .await
        .with_context(|| format!("cannot open the database {}", redacted_url(url)))?;
    let unknown = store.unknown_personal_keys().await?;
    if !unknown.is_empty() {
        store.close().await;
        anyhow::bail!(
            "citizens' details in the database are sealed under key {}, which neither \
             GLAS_PERSONAL_DATA_KEY nor GLAS_PERSONAL_DATA_OLD_KEYS holds: set the key they \
             were sealed with (as the current key, or among the old ones)",
            unknown.join(", ")
        );
    }
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> String {
        Keyring::generate().expose_secret().to_owned()
    }

    #[test]
    fn a_sealed_value_opens_and_holds_no_plain_text() {
        let keys = Keyring::parse(&key(), "").unwrap();
        let id = Uuid::from_u128(7);
        let sealed = keys.seal(id, Field::Email, "maria@example.com");
        assert!(sealed.starts_with(&format!("v1:{}:", keys.current_id())));
        assert!(!sealed.contains("maria"));
        assert_eq!(
            keys.open(id, Field::Email, &sealed).as_deref(),
            Ok("maria@example.com")
        );
        // A nonce of its own: the same value seals differently each time.
        assert_ne!(sealed, keys.seal(id, Field::Email, "maria@example.com"));
    }

    #[test]
    fn a_value_moved_to_another_row_or_field_does_not_open() {
        let keys = Keyring::parse(&key(), "").unwrap();
        let sealed = keys.seal(Uuid::from_u128(1), Field::Name, "Мария");
        let forged = Err(OpenError::Forged(keys.current_id().to_owned()));
        assert_eq!(keys.open(Uuid::from_u128(2), Field::Name, &sealed), forged);
        assert_eq!(
            keys.open(Uuid::from_u128(1), Field::Address, &sealed),
            forged
        );
    }

    #[test]
    fn an_old_key_opens_what_it_sealed_and_an_unknown_one_is_named() {
        let (a, b) = (key(), key());
        let under_a = Keyring::parse(&a, "").unwrap();
        let sealed = under_a.seal(Uuid::from_u128(3), Field::Phone, "+359888123456");
        let rotated = Keyring::parse(&b, &format!(" {a} ,")).unwrap();
        assert_eq!(
            rotated
                .open(Uuid::from_u128(3), Field::Phone, &sealed)
                .as_deref(),
            Ok("+359888123456")
        );
        let without_a = Keyring::parse(&b, "").unwrap();
        assert_eq!(
            without_a.open(Uuid::from_u128(3), Field::Phone, &sealed),
            Err(OpenError::UnknownKey(under_a.current_id().to_owned()))
        );
    }

    #[test]
    fn the_email_index_ignores_case_and_depends_on_the_key() {
        let keys = Keyring::parse(&key(), "").unwrap();
        assert_eq!(
            keys.email_index(" Maria@Example.com"),
            keys.email_index("maria@example.com")
        );
        assert_ne!(
            keys.email_index("maria@example.com"),
            keys.email_index("ivan@example.com")
        );
        let other = Keyring::parse(&key(), "").unwrap();
        assert_ne!(
            keys.email_index("maria@example.com"),
            other.email_index("maria@example.com")
        );
    }

    #[test]
    fn a_key_that_is_not_32_bytes_is_refused_by_its_setting() {
        assert!(matches!(
            Keyring::parse("c2hvcnQ=", ""),
            Err(KeyError::Malformed {
                setting: "GLAS_PERSONAL_DATA_KEY"
            })
        ));
        assert!(matches!(
            Keyring::parse(&key(), "not base64!"),
            Err(KeyError::Malformed {
                setting: "GLAS_PERSONAL_DATA_OLD_KEYS"
            })
        ));
    }
}
