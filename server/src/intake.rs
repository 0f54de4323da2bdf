//! Registration as a domain operation: a parsed [`Submission`] goes in, an
//! [`Outcome`] comes out. The JSON handlers (one and batch) and the desk's oral
//! intake all register through [`register`]; none of this knows about HTTP.

use glas_shared::{
    AuthorDto, Invalid, NewSubmission, Profile, Receipt, Status, Submission, obscene,
};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use crate::app::AppState;
use crate::clock;
use crate::screening::SetAside;
use crate::stats::rollup::{self, Snapshot};
use crate::store::{NewRecord, Registered, StoreError, StoredReceipt};

/// What registering a submission came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Registered now; the row is committed.
    Created(Receipt),
    /// Registered before with the same content: the first receipt again.
    Replayed(Receipt),
    /// Its id was registered before with other content.
    Conflict,
}

/// Parses `dto` against `profile` (every rule of the Charter, as the widget checks
/// them), its free text first put in Unicode's composed form (NFC): "й" typed as
/// "и" and a combining breve is the one letter "й", counted, stored, compared and
/// searched as such.
pub fn parse(dto: &NewSubmission, profile: &Profile) -> Result<Submission, Vec<Invalid>> {
    Submission::parse(&composed(dto), Some(profile))
}

fn composed(dto: &NewSubmission) -> NewSubmission {
    let nfc = |s: &str| s.nfc().collect::<String>();
    let nfc_opt = |s: &Option<String>| s.as_deref().map(nfc);
    NewSubmission {
        text: nfc(&dto.text),
        author: dto.author.as_ref().map(|a| AuthorDto {
            name: nfc(&a.name),
            email: nfc_opt(&a.email),
            phone: nfc_opt(&a.phone),
            address: nfc_opt(&a.address),
        }),
        ..dto.clone()
    }
}

/// Registers `submission` (already parsed against the profile): stamps the time of
/// receipt, works out the status, the due date in Europe/Sofia and the flags, and
/// returns only once a created row is committed. One `set_aside` as probably a
/// robot's is receipted the same, but counted nowhere (`screening`).
pub async fn register(
    state: &AppState,
    submission: Submission,
    set_aside: Option<SetAside>,
) -> Result<Outcome, StoreError> {
    record(state, submission, None, set_aside).await
}

/// As [`register`], for a submission a member of staff entered (phone, in person):
/// the audit entry that says who is written in the same transaction.
pub async fn register_entered_by(
    state: &AppState,
    submission: Submission,
    staff_id: i64,
) -> Result<Outcome, StoreError> {
    record(state, submission, Some(staff_id), None).await
}

async fn record(
    state: &AppState,
    submission: Submission,
    staff_id: Option<i64>,
    set_aside: Option<SetAside>,
) -> Result<Outcome, StoreError> {
    let received_at = state.clock.now();
    let local_date = clock::sofia_date(received_at);
    let (status, reason) = submission.initial_status();
    // Only what is examined is owed an answer.
    let due_on = match status {
        Status::NotExamined => None,
        _ => state.profile.due_on(submission.kind, local_date),
    };
    let stats = if set_aside.is_some() {
        Vec::new()
    } else {
        rollup::keys(
            &Snapshot {
                kind: submission.kind,
                unit: submission.unit.as_ref().map(|u| u.as_ref().to_owned()),
                channel: submission.channel,
                created_at: submission.created_at,
                received_at,
                status,
                reason,
                due_on,
                answered_at: None,
            },
            &state.profile.calendar(),
        )
    };
    let record = NewRecord {
        content_hash: fingerprint(&submission),
        flagged_obscene: obscene::is_flagged(submission.text.as_ref()),
        submission,
        received_at,
        ref_year: local_date.year(),
        status,
        reason,
        due_on,
        tracking_token: new_tracking_token(),
        registered_by: staff_id,
        stats,
        set_aside,
    };
    Ok(match state.store.register(record).await? {
        Registered::Created(stored) => Outcome::Created(receipt(state, stored)),
        Registered::Replayed(stored) => Outcome::Replayed(receipt(state, stored)),
        Registered::Conflict => Outcome::Conflict,
    })
}

/// The receipt a device is given for a stored submission (the one place it is built).
pub fn receipt(state: &AppState, stored: StoredReceipt) -> Receipt {
    Receipt {
        id: stored.id,
        reference: stored.reference,
        status: stored.status,
        reason: stored.reason,
        received_at: stored.received_at,
        due_on: stored.due_on,
        tracking_url: tracking_url(state, &stored.tracking_token),
    }
}

pub fn tracking_url(state: &AppState, token: &str) -> String {
    format!("{}/track/{token}", state.public_url)
}

/// SHA-256 of the submission as parsed, so that what means the same is the same:
/// a UUID in upper case or in braces, an e-mail's or phone's spelling that parses
/// to the same value, the same instant written with another offset. Each value is
/// length-prefixed, so no two different submissions share an encoding.
pub fn fingerprint(s: &Submission) -> [u8; 32] {
    let mut hash = Sha256::new();
    let mut put = |value: Option<&str>| match value {
        None => hash.update([0]),
        Some(v) => {
            hash.update([1]);
            hash.update((v.len() as u64).to_be_bytes());
            hash.update(v.as_bytes());
        }
    };
    let id = s.id.to_string();
    let created_at = s.created_at.unix_timestamp_nanos().to_string();
    put(Some(&id));
    put(Some(s.kind.as_str()));
    put(Some(s.text.as_ref()));
    put(Some(s.channel.as_str()));
    put(s.unit.as_ref().map(AsRef::as_ref));
    put(Some(if s.health_or_safety { "1" } else { "0" }));
    put(Some(&created_at));
    put(Some(s.locale.as_str()));
    match &s.author {
        None => put(None),
        Some(a) => {
            put(Some(a.name.as_ref()));
            put(a.email.as_ref().map(AsRef::as_ref));
            put(a.phone.as_ref().map(AsRef::as_ref));
            put(a.address.as_ref().map(AsRef::as_ref));
        }
    }
    hash.finalize().into()
}

/// 128 random bits, URL-safe: the only key to a submission's tracking page.
pub(crate) fn new_tracking_token() -> String {
    use base64::Engine;
    let bytes: [u8; 16] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
