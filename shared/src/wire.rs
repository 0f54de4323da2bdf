//! The JSON of `POST /api/v1/submissions` and its answers. This is a public,
//! stable contract: other tools (kiosks, phone-desk software) speak it too.
//!
//! The request keeps the citizen-controlled values as strings so that a wrong
//! value is answered field by field (`422`), never with a bare parse failure.
//!
//! With the `server` feature each type also describes itself for the server's
//! OpenAPI document (`utoipa::ToSchema`); the request's schema names what a
//! value must be to be registered (a UUID, one of the kinds, …), though any
//! string is read and answered.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::choice::{Reason, Status};

/// A submission as sent by a device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct NewSubmission {
    /// A UUID made by the device: the idempotency key.
    #[cfg_attr(feature = "server", schema(format = Uuid))]
    pub id: String,
    #[cfg_attr(feature = "server", schema(value_type = crate::choice::Kind))]
    pub kind: String,
    /// What the citizen wrote: 5 to 5,000 characters once trimmed, no control
    /// characters but line breaks and tabs.
    #[cfg_attr(
        feature = "server",
        schema(
            min_length = 5,
            max_length = 5000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub text: String,
    #[cfg_attr(feature = "server", schema(value_type = crate::choice::Channel))]
    pub channel: String,
    /// A service unit's id from the profile (`GET /api/v1/profile`).
    #[serde(default)]
    #[cfg_attr(feature = "server", schema(pattern = "^[a-z0-9-]{1,64}$"))]
    pub unit: Option<String>,
    /// Who wrote it; none for an anonymous submission.
    #[serde(default)]
    pub author: Option<AuthorDto>,
    /// It concerns a threat to health or safety (an anonymous complaint is then examined).
    #[serde(default)]
    pub health_or_safety: bool,
    /// RFC 3339, by the device's clock.
    #[cfg_attr(feature = "server", schema(format = DateTime))]
    pub created_at: String,
    /// The citizen's language: the receipt's and the errors' language.
    #[cfg_attr(feature = "server", schema(value_type = crate::choice::Locale))]
    pub locale: String,
}

/// The author of a named submission. Email, phone and address are each optional;
/// a kind that is owed an answer needs one way to send it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AuthorDto {
    /// 2 to 200 characters once trimmed, no control characters.
    #[cfg_attr(
        feature = "server",
        schema(
            min_length = 2,
            max_length = 200,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: String,
    #[serde(default)]
    #[cfg_attr(feature = "server", schema(format = "email", max_length = 254))]
    pub email: Option<String>,
    /// A Bulgarian number written the national way (`0888 123 456`), or any with
    /// `+` or `00` and its country code.
    #[serde(default)]
    #[cfg_attr(feature = "server", schema(pattern = r"^\+?[0-9 ()./-]{8,24}$"))]
    pub phone: Option<String>,
    /// For a written answer: 5 to 500 characters once trimmed, no control
    /// characters but line breaks and tabs.
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        schema(
            min_length = 5,
            max_length = 500,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub address: Option<String>,
}

/// What the municipality hands back once a submission is durably registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Receipt {
    pub id: Uuid,
    /// The registration number the citizen quotes, e.g. `2026-000123`.
    pub reference: String,
    pub status: Status,
    /// Why, when the status is `not_examined`.
    #[serde(default)]
    pub reason: Option<Reason>,
    /// When it was registered (RFC 3339, UTC).
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "server", schema(value_type = String, format = DateTime))]
    pub received_at: OffsetDateTime,
    /// The day by which an answer is owed; `null` when none is.
    #[serde(with = "crate::day::option")]
    #[cfg_attr(feature = "server", schema(value_type = Option<String>, format = Date))]
    pub due_on: Option<Date>,
    /// The citizen's tracking page (`/track/<token>`), absolute.
    #[cfg_attr(feature = "server", schema(format = "uri"))]
    pub tracking_url: String,
}

/// One refused field, with its message in the submission's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field refused (`text`, `author.email`, `submissions[3].id`), or `body` or `request`.
    pub field: String,
    /// A stable machine code (`too_short`, `invalid_email`, `rate_limited`, …).
    pub code: String,
    /// For people, in the submission's language (or `Accept-Language`'s).
    pub message: String,
}

/// The body of every `4xx`/`5xx` answer of the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub errors: Vec<FieldError>,
}

/// `POST /api/v1/submissions/batch`: a device draining its queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct BatchRequest {
    /// At most 100.
    #[cfg_attr(feature = "server", schema(max_items = 100))]
    pub submissions: Vec<NewSubmission>,
}

/// One answer per submitted item, in the order they were sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct BatchResponse {
    pub results: Vec<BatchItemResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct BatchItemResult {
    /// The item's `id` as sent (`null` if it had none).
    pub id: Option<String>,
    /// The HTTP status the item would have had on its own: 201, 200, 409 or 422.
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<Receipt>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_serialises_as_the_contract_says() {
        let receipt = Receipt {
            id: Uuid::nil(),
            reference: "2026-000123".into(),
            status: Status::Registered,
            reason: None,
            received_at: time::macros::datetime!(2026-11-24 10:00:00 UTC),
            due_on: Some(time::macros::date!(2026 - 12 - 01)),
            tracking_url: "http://127.0.0.1:8080/track/abc".into(),
        };
        let json: serde_json::Value = serde_json::to_value(&receipt).unwrap();
        assert_eq!(json["reference"], "2026-000123");
        assert_eq!(json["status"], "registered");
        assert_eq!(json["reason"], serde_json::Value::Null);
        assert_eq!(json["received_at"], "2026-11-24T10:00:00Z");
        assert_eq!(json["due_on"], "2026-12-01");
        let back: Receipt = serde_json::from_value(json).unwrap();
        assert_eq!(back, receipt);

        let none = Receipt {
            due_on: None,
            ..receipt
        };
        assert_eq!(
            serde_json::to_value(&none).unwrap()["due_on"],
            serde_json::Value::Null
        );
    }

    use proptest::prelude::*;

    use crate::strategies::any_json;

    fn any_receipt() -> impl Strategy<Value = Receipt> {
        let status = proptest::sample::select(Status::ALL);
        let reason = proptest::option::of(proptest::sample::select(Reason::ALL));
        // RFC 3339 writes years 0 to 9999, with any offset and nanoseconds.
        let received_at = (
            -62_167_219_200i64..253_402_300_799,
            0u32..1_000_000_000,
            -86_399i32..=86_399,
        )
            .prop_map(|(secs, nanos, offset)| {
                (OffsetDateTime::from_unix_timestamp(secs).unwrap()
                    + time::Duration::nanoseconds(i64::from(nanos)))
                .to_offset(time::UtcOffset::from_whole_seconds(offset / 60 * 60).unwrap())
            })
            .prop_filter("a year RFC 3339 can write", |at| {
                (0..=9999).contains(&at.year())
            });
        let due_on = proptest::option::of(
            (Date::MIN.to_julian_day()..=Date::MAX.to_julian_day())
                .prop_map(|j| Date::from_julian_day(j).unwrap()),
        );
        (
            any::<u128>(),
            "\\PC{0,20}",
            status,
            reason,
            received_at,
            due_on,
            "\\PC{0,60}",
        )
            .prop_map(
                |(id, reference, status, reason, received_at, due_on, tracking_url)| Receipt {
                    id: Uuid::from_u128(id),
                    reference,
                    status,
                    reason,
                    received_at,
                    due_on,
                    tracking_url,
                },
            )
    }

    fn any_submission() -> impl Strategy<Value = NewSubmission> {
        let author = proptest::option::of(
            (
                any::<String>(),
                proptest::option::of(any::<String>()),
                proptest::option::of(any::<String>()),
                proptest::option::of(any::<String>()),
            )
                .prop_map(|(name, email, phone, address)| AuthorDto {
                    name,
                    email,
                    phone,
                    address,
                }),
        );
        (
            (
                any::<String>(),
                any::<String>(),
                any::<String>(),
                any::<String>(),
            ),
            (
                proptest::option::of(any::<String>()),
                author,
                any::<bool>(),
                any::<String>(),
                any::<String>(),
            ),
        )
            .prop_map(
                |(
                    (id, kind, text, channel),
                    (unit, author, health_or_safety, created_at, locale),
                )| {
                    NewSubmission {
                        id,
                        kind,
                        text,
                        channel,
                        unit,
                        author,
                        health_or_safety,
                        created_at,
                        locale,
                    }
                },
            )
    }

    const KEYS: &[&str] = &[
        "id",
        "kind",
        "text",
        "channel",
        "unit",
        "author",
        "name",
        "email",
        "phone",
        "address",
        "health_or_safety",
        "created_at",
        "locale",
        "submissions",
        "results",
        "status",
        "receipt",
        "errors",
        "reference",
        "due_on",
        "received_at",
        "reason",
        "tracking_url",
        "ratings",
        "score",
        "repeat",
        "queue_length",
        "oldest_unsent_at",
        "app_version",
    ];

    proptest! {
        #[test]
        fn a_receipt_reads_back_as_written(receipt in any_receipt()) {
            let json = serde_json::to_string(&receipt).unwrap();
            prop_assert_eq!(serde_json::from_str::<Receipt>(&json).unwrap(), receipt);
        }

        #[test]
        fn a_submission_reads_back_as_sent(submission in any_submission()) {
            let json = serde_json::to_string(&submission).unwrap();
            prop_assert_eq!(serde_json::from_str::<NewSubmission>(&json).unwrap(), submission.clone());
            let batch = BatchRequest { submissions: vec![submission] };
            let json = serde_json::to_string(&batch).unwrap();
            prop_assert_eq!(serde_json::from_str::<BatchRequest>(&json).unwrap(), batch);
        }

        #[test]
        fn a_batch_result_leaves_out_what_it_lacks_and_reads_back(
            id in proptest::option::of("\\PC{0,40}"),
            status in any::<u16>(),
            receipt in proptest::option::of(any_receipt()),
            errors in proptest::collection::vec(("\\PC{0,10}", "[a-z_]{0,20}", "\\PC{0,40}"), 0..3),
        ) {
            let result = BatchItemResult {
                id,
                status,
                receipt,
                errors: errors.into_iter().map(|(field, code, message)| FieldError { field, code, message }).collect(),
            };
            let json = serde_json::to_value(&result).unwrap();
            prop_assert_eq!(json.get("receipt").is_some(), result.receipt.is_some());
            prop_assert_eq!(json.get("errors").is_some(), !result.errors.is_empty());
            let response = BatchResponse { results: vec![result] };
            let json = serde_json::to_string(&response).unwrap();
            prop_assert_eq!(serde_json::from_str::<BatchResponse>(&json).unwrap(), response);
        }

        #[test]
        fn reading_any_json_never_panics(value in any_json(KEYS)) {
            let _ = serde_json::from_value::<NewSubmission>(value.clone());
            let _ = serde_json::from_value::<BatchRequest>(value.clone());
            let _ = serde_json::from_value::<Receipt>(value.clone());
            let _ = serde_json::from_value::<BatchResponse>(value.clone());
            let _ = serde_json::from_value::<ErrorBody>(value.clone());
            let _ = serde_json::from_value::<crate::rating::RatingBatch>(value.clone());
            let _ = serde_json::from_value::<crate::rating::Heartbeat>(value);
        }
    }

    #[test]
    fn optional_fields_may_be_left_out() {
        let json = r#"{"id":"x","kind":"praise","text":"Браво!","channel":"web","created_at":"2026-11-24T10:00:00Z","locale":"bg"}"#;
        let s: NewSubmission = serde_json::from_str(json).unwrap();
        assert_eq!(s.author, None);
        assert_eq!(s.unit, None);
        assert!(!s.health_or_safety);
    }
}
