//! Kiosk enrolment's secrets: the one-time code an administrator reads out or
//! shows as a QR code, and the device token a kiosk trades it for. The
//! database keeps only their SHA-256 digests.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use time::Duration;

/// How long an enrolment code works: long enough to walk to the kiosk.
pub const CODE_VALID_FOR: Duration = Duration::minutes(30);

/// Letters and digits no one confuses when reading a code aloud or typing it
/// on a touch screen (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
const CODE_ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";

/// A new enrolment code, `XXXX-XXXX`: 25⁸ (about 1.5 × 10¹¹) possibilities,
/// used once, for [`CODE_VALID_FOR`].
pub fn new_code() -> String {
    let mut code = String::with_capacity(9);
    for (i, byte) in rand::random::<[u8; 8]>().into_iter().enumerate() {
        if i == 4 {
            code.push('-');
        }
        // 256 is not a multiple of 25: reject what would favour some letters.
        let mut byte = byte;
        while usize::from(byte) >= 250 {
            byte = rand::random();
        }
        code.push(char::from(
            CODE_ALPHABET[usize::from(byte) % CODE_ALPHABET.len()],
        ));
    }
    code
}

/// A code's digest, whatever case, spaces or dashes it was typed with.
pub fn code_digest(code: &str) -> Vec<u8> {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Sha256::digest(normal.as_bytes()).to_vec()
}

/// A new device token: 256 random bits.
pub fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

pub fn token_digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.trim().as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_eight_unambiguous_characters() {
        for _ in 0..200 {
            let code = new_code();
            assert_eq!(code.len(), 9, "{code}");
            assert_eq!(&code[4..5], "-");
            assert!(
                code.bytes()
                    .filter(|b| *b != b'-')
                    .all(|b| CODE_ALPHABET.contains(&b)),
                "{code}"
            );
        }
        assert_ne!(new_code(), new_code());
    }

    #[test]
    fn a_code_reads_the_same_however_it_is_typed() {
        assert_eq!(code_digest("ACDE-FGHJ"), code_digest(" acde fghj "));
        assert_eq!(code_digest("ACDE-FGHJ"), code_digest("acdefghj"));
        assert_ne!(code_digest("ACDE-FGHJ"), code_digest("ACDE-FGHK"));
    }
}
