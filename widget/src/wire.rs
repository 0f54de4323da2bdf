//! The API's JSON as the widget reads and writes it (through `json`): only the
//! members it uses, anything else ignored, so that an older widget keeps
//! understanding a newer server. The shapes are `glas_shared::wire`'s, the
//! contract the server keeps; the outbox stores these texts as they travelled.

use glas_shared::{AuthorDto, FieldError, NewSubmission, Reason, Status};

use crate::json::Json;

/// A receipt, as far as the widget shows it (`glas_shared::Receipt`).
#[derive(Clone, PartialEq)]
pub struct Receipt {
    pub id: String,
    /// The registration number the citizen quotes, e.g. `2026-000123`.
    pub reference: String,
    pub status: Status,
    pub reason: Option<Reason>,
    /// The day an answer is owed by, `YYYY-MM-DD`.
    pub due_on: Option<String>,
    pub tracking_url: String,
    /// The receipt as the server sent it, which is what the outbox keeps.
    pub text: String,
}

impl Receipt {
    pub fn read(json: &Json) -> Option<Receipt> {
        Some(Receipt {
            id: json.str("id")?,
            reference: json.str("reference")?,
            status: Status::parse(&json.str("status")?).ok()?,
            reason: json.str("reason").and_then(|r| Reason::parse(&r).ok()),
            due_on: json.str("due_on"),
            tracking_url: json.str("tracking_url")?,
            text: json.text(),
        })
    }
}

/// `{ "errors": [ … ] }`, or a bare list of errors (as the outbox keeps them).
pub fn read_errors(json: &Json) -> Vec<FieldError> {
    let list = json.get("errors").unwrap_or_else(|| json.clone());
    list.items()
        .iter()
        .filter_map(|e| {
            Some(FieldError {
                field: e.str("field").unwrap_or_default(),
                code: e.str("code")?,
                message: e.str("message").unwrap_or_default(),
            })
        })
        .collect()
}

pub fn errors_json(errors: &[FieldError]) -> Json {
    Json::array(errors.iter().map(|e| {
        let mut error = Json::object();
        error.set_str("field", &e.field);
        error.set_str("code", &e.code);
        error.set_str("message", &e.message);
        error
    }))
}

/// One item of a batch's answer (`glas_shared::BatchItemResult`).
pub struct BatchItem {
    pub id: Option<String>,
    pub status: u16,
    pub receipt: Option<Receipt>,
    pub errors: Vec<FieldError>,
}

/// `{ "results": [ … ] }`.
pub fn read_batch(json: &Json) -> Option<Vec<BatchItem>> {
    let results = json.get("results")?.items();
    Some(
        results
            .iter()
            .map(|r| BatchItem {
                id: r.str("id"),
                status: r
                    .u32("status")
                    .and_then(|n| u16::try_from(n).ok())
                    .unwrap_or(0),
                receipt: r.get("receipt").as_ref().and_then(Receipt::read),
                errors: r
                    .get("errors")
                    .as_ref()
                    .map(read_errors)
                    .unwrap_or_default(),
            })
            .collect(),
    )
}

/// A submission as JSON, as `serde` writes `NewSubmission` (absent values are null).
pub fn submission_json(s: &NewSubmission) -> Json {
    let mut json = Json::object();
    json.set_str("id", &s.id);
    json.set_str("kind", &s.kind);
    json.set_str("text", &s.text);
    json.set_str("channel", &s.channel);
    json.set_opt_str("unit", s.unit.as_deref());
    match &s.author {
        Some(a) => {
            let mut author = Json::object();
            author.set_str("name", &a.name);
            author.set_opt_str("email", a.email.as_deref());
            author.set_opt_str("phone", a.phone.as_deref());
            author.set_opt_str("address", a.address.as_deref());
            json.set("author", author);
        }
        None => json.set("author", Json::null()),
    }
    json.set_bool("health_or_safety", s.health_or_safety);
    json.set_str("created_at", &s.created_at);
    json.set_str("locale", &s.locale);
    json
}

pub fn read_submission(json: &Json) -> Option<NewSubmission> {
    let author = json.get("author").map(|a| AuthorDto {
        name: a.str("name").unwrap_or_default(),
        email: a.str("email"),
        phone: a.str("phone"),
        address: a.str("address"),
    });
    Some(NewSubmission {
        id: json.str("id")?,
        kind: json.str("kind").unwrap_or_default(),
        text: json.str("text").unwrap_or_default(),
        channel: json.str("channel").unwrap_or_default(),
        unit: json.str("unit"),
        author,
        health_or_safety: json
            .get("health_or_safety")
            .and_then(|h| h.as_bool())
            .unwrap_or(false),
        created_at: json.str("created_at").unwrap_or_default(),
        locale: json.str("locale").unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use glas_shared::wire;

    use super::*;

    fn submission() -> NewSubmission {
        NewSubmission {
            id: "0b9e7a52-4e2c-4d7e-9a51-6a7d2f0c9b11".into(),
            kind: "complaint".into(),
            text: "Улицата \"пред\" блок 12\nне е почистена.".into(),
            channel: "web".into(),
            unit: None,
            author: Some(AuthorDto {
                name: "Иван Петров".into(),
                email: Some("ivan@example.com".into()),
                phone: None,
                address: None,
            }),
            health_or_safety: false,
            created_at: "2026-11-24T09:15:00.000Z".into(),
            locale: "bg".into(),
        }
    }

    #[test]
    fn a_submission_is_written_as_the_server_reads_it_and_read_back() {
        let s = submission();
        let text = submission_json(&s).text();
        let parsed: NewSubmission = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed, s);
        let as_serde_writes = serde_json::to_string(&s).unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            serde_json::from_str::<serde_json::Value>(&as_serde_writes).unwrap(),
            "older widgets read what newer ones wrote, and the other way round"
        );
        let back = read_submission(&Json::parse(&as_serde_writes).unwrap()).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn a_receipt_is_read_with_what_it_does_not_know_ignored() {
        let receipt = wire::Receipt {
            id: uuid::Uuid::nil(),
            reference: "2026-000123".into(),
            status: Status::NotExamined,
            reason: Some(Reason::Anonymous),
            received_at: time::macros::datetime!(2026-11-24 10:00:00 UTC),
            due_on: Some(time::macros::date!(2026 - 12 - 01)),
            tracking_url: "http://127.0.0.1:8080/track/abc".into(),
        };
        let mut json = serde_json::to_value(&receipt).unwrap();
        json["a_field_from_a_newer_server"] = "ignored".into();
        let read = Receipt::read(&Json::parse(&json.to_string()).unwrap()).unwrap();
        assert_eq!(read.reference, "2026-000123");
        assert_eq!(read.status, Status::NotExamined);
        assert_eq!(read.reason, Some(Reason::Anonymous));
        assert_eq!(read.due_on.as_deref(), Some("2026-12-01"));
        // The outbox keeps the server's text, which older widgets read with serde.
        let kept: wire::Receipt = serde_json::from_str(&read.text).unwrap();
        assert_eq!(kept, receipt);
    }

    #[test]
    fn errors_and_batches_are_read() {
        let body = r#"{"errors":[{"field":"text","code":"too_short","message":"Please write at least 5 characters."}]}"#;
        let errors = read_errors(&Json::parse(body).unwrap());
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].field.as_str(), errors[0].code.as_str()),
            ("text", "too_short")
        );
        let kept = errors_json(&errors).text();
        assert_eq!(read_errors(&Json::parse(&kept).unwrap()), errors);
        let old: Vec<FieldError> = serde_json::from_str(&kept).unwrap();
        assert_eq!(old, errors);

        let batch = r#"{"results":[{"id":"a","status":422,"errors":[{"field":"text","code":"required","message":""}]},{"id":null,"status":503}]}"#;
        let items = read_batch(&Json::parse(batch).unwrap()).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!((items[0].id.as_deref(), items[0].status), (Some("a"), 422));
        assert_eq!(items[0].errors[0].code, "required");
        assert_eq!((items[1].id.as_deref(), items[1].status), (None, 503));
        assert!(read_batch(&Json::parse("[]").unwrap()).is_none());
    }
}
