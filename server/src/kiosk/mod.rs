//! Kiosk enrolment's secrets: the one-time code an administrator reads out or
//! shows as a QR code, and the device token a kiosk trades it for. The
//! database keeps only their SHA-256 digests.

pub mod command;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use glas_shared::calendar::Calendar;
use qrcode::QrCode;
use qrcode::render::svg;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::clock::sofia_date;
use crate::store::kiosks::Kiosk;

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

/// The page a kiosk is enrolled on (the kiosk's own page, with the code to type).
pub fn enrolment_link(public_url: &str) -> String {
    format!("{public_url}/kiosk/enrol")
}

/// The same with the code, for the QR code: in the fragment, which no server
/// and no log ever sees.
pub fn enrolment_link_with(public_url: &str, code: &str) -> String {
    format!("{}#{code}", enrolment_link(public_url))
}

/// `text` as a QR code, an SVG element to put in a page as it is (attributes
/// only, no style, so it passes the desk's Content-Security-Policy) or to serve
/// as an image. Its `width` and `height` are only its natural size: with its
/// `viewBox`, CSS may draw it at any other.
pub fn qr_svg(text: &str) -> String {
    let Ok(code) = QrCode::new(text.as_bytes()) else {
        // Too long for any QR code: the link in words is on the page anyway.
        return String::new();
    };
    let svg = code.render::<svg::Color>().min_dimensions(200, 200).build();
    // Inline, the XML declaration is out of place.
    match svg.find("<svg") {
        Some(start) => svg[start..].to_owned(),
        None => svg,
    }
}

/// Whether kiosk `k` has been silent for more than a working day: nothing heard
/// from it (a heartbeat, or its enrolment) since before the last working day
/// that has ended. A revoked kiosk, or one never enrolled, is not expected to speak.
pub fn is_silent(k: &Kiosk, now: OffsetDateTime, calendar: &Calendar) -> bool {
    if k.revoked_at.is_some() {
        return false;
    }
    let Some(heard) = k.last_seen_at.max(k.enrolled_at) else {
        return false;
    };
    calendar.add_working_days(sofia_date(heard), 1) < sofia_date(now)
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

    fn kiosk(last_seen_at: Option<OffsetDateTime>) -> Kiosk {
        Kiosk {
            id: 1,
            name: "Front hall".into(),
            unit: "centre".into(),
            enrolled_at: Some(time::macros::datetime!(2026-11-02 08:00 UTC)),
            revoked_at: None,
            refused_at: None,
            last_seen_at,
            queue_length: None,
            oldest_unsent_at: None,
            app_version: None,
        }
    }

    #[test]
    fn a_kiosk_is_silent_once_a_whole_working_day_passes_without_a_word() {
        use time::macros::datetime;
        let calendar = Calendar::new(Vec::new(), Vec::new());
        // Heard from on Friday 27 November: Monday is its next working day.
        let friday = kiosk(Some(datetime!(2026-11-27 15:00 UTC)));
        assert!(!is_silent(
            &friday,
            datetime!(2026-11-28 12:00 UTC),
            &calendar
        ));
        assert!(
            !is_silent(&friday, datetime!(2026-11-30 16:00 UTC), &calendar),
            "Monday"
        );
        assert!(
            is_silent(&friday, datetime!(2026-12-01 08:00 UTC), &calendar),
            "Tuesday"
        );
        // Never heard from since its enrolment on Monday 2 November: silent.
        assert!(is_silent(
            &kiosk(None),
            datetime!(2026-11-30 08:00 UTC),
            &calendar
        ));
        // Revoked: nobody waits for it.
        let revoked = Kiosk {
            revoked_at: Some(datetime!(2026-11-03 08:00 UTC)),
            ..kiosk(None)
        };
        assert!(!is_silent(
            &revoked,
            datetime!(2026-11-30 08:00 UTC),
            &calendar
        ));
    }

    #[test]
    fn the_qr_code_is_an_svg_element_to_put_in_a_page() {
        let svg = qr_svg("https://glas.example/kiosk/enrol#ACDE-FGHJ");
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        let root = &svg[..svg.find('>').unwrap()];
        assert!(
            root.contains(r#"xmlns="http://www.w3.org/2000/svg""#),
            "{root}"
        );
        assert!(root.contains("viewBox=\"0 0 "), "{root}");
        assert!(!svg.contains("style"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn a_code_reads_the_same_however_it_is_typed() {
        assert_eq!(code_digest("ACDE-FGHJ"), code_digest(" acde fghj "));
        assert_eq!(code_digest("ACDE-FGHJ"), code_digest("acdefghj"));
        assert_ne!(code_digest("ACDE-FGHJ"), code_digest("ACDE-FGHK"));
    }
}
