//! Why a value was refused: a stable machine code plus a catalogue key.

use crate::choice::Locale;
use crate::i18n::{Arg, catalogue};
use crate::wire::FieldError;

/// A field of the wire contract, named as the `field` of an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Id,
    Kind,
    Text,
    Channel,
    Unit,
    AuthorName,
    AuthorEmail,
    AuthorPhone,
    AuthorAddress,
    CreatedAt,
    Locale,
    /// The request as a whole (its JSON shape).
    Body,
    /// A batch's list of submissions.
    Submissions,
    /// A kiosk's rating (1 to 4).
    Score,
    /// A batch's list of ratings.
    Ratings,
    /// No field: the request could not be served (not found, unavailable, …).
    Request,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Kind => "kind",
            Field::Text => "text",
            Field::Channel => "channel",
            Field::Unit => "unit",
            Field::AuthorName => "author.name",
            Field::AuthorEmail => "author.email",
            Field::AuthorPhone => "author.phone",
            Field::AuthorAddress => "author.address",
            Field::CreatedAt => "created_at",
            Field::Locale => "locale",
            Field::Body => "body",
            Field::Submissions => "submissions",
            Field::Score => "score",
            Field::Ratings => "ratings",
            Field::Request => "",
        }
    }
}

/// What is wrong with a value. `code()` is part of the wire contract: never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Problem {
    Required,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    ControlCharacters,
    InvalidEmail,
    InvalidPhone,
    InvalidUnit,
    InvalidId,
    InvalidDateTime,
    UnknownKind,
    UnknownChannel,
    UnknownLocale,
    UnknownStatus,
    /// The JSON had the wrong shape (a missing field, a number for a string, …).
    InvalidShape,
    /// A named submission that is owed a written answer gives nowhere to send it.
    ContactRequired,
    /// The municipality does not take this kind of feedback through Glas.
    KindNotAccepted,
    // What is wrong with a request as a whole (the API's other answers).
    /// Not JSON at all (`400`).
    MalformedJson,
    /// Not sent as JSON (`415`).
    UnsupportedMediaType,
    /// Larger than the server takes (`413`).
    PayloadTooLarge,
    /// A batch with more than `max` submissions (`422`).
    TooMany {
        max: usize,
    },
    /// Another submission already has this id (`409`).
    Conflict,
    NotFound,
    /// The server is busy or its database is down: try again later (`503`).
    Unavailable,
    /// Something failed on the server's side (`500`).
    Internal,
}

impl Problem {
    pub fn code(self) -> &'static str {
        self.names().0
    }

    /// The catalogue's key for its message.
    pub fn message_key(self) -> &'static str {
        self.names().1
    }

    /// The code on the wire and the message's key, side by side: the one place
    /// where either is written.
    fn names(self) -> (&'static str, &'static str) {
        use crate::i18n::key;
        match self {
            Problem::Required => ("required", key::ERROR_REQUIRED),
            Problem::TooShort { .. } => ("too_short", key::ERROR_TOO_SHORT),
            Problem::TooLong { .. } => ("too_long", key::ERROR_TOO_LONG),
            Problem::ControlCharacters => ("control_characters", key::ERROR_CONTROL_CHARACTERS),
            Problem::InvalidEmail => ("invalid_email", key::ERROR_INVALID_EMAIL),
            Problem::InvalidPhone => ("invalid_phone", key::ERROR_INVALID_PHONE),
            Problem::InvalidUnit => ("invalid_unit", key::ERROR_INVALID_UNIT),
            Problem::InvalidId => ("invalid_id", key::ERROR_INVALID_ID),
            Problem::InvalidDateTime => ("invalid_datetime", key::ERROR_INVALID_DATETIME),
            Problem::UnknownKind => ("unknown_kind", key::ERROR_UNKNOWN_KIND),
            Problem::UnknownChannel => ("unknown_channel", key::ERROR_UNKNOWN_CHANNEL),
            Problem::UnknownLocale => ("unknown_locale", key::ERROR_UNKNOWN_LOCALE),
            Problem::UnknownStatus => ("unknown_status", key::ERROR_UNKNOWN_STATUS),
            Problem::InvalidShape => ("invalid_shape", key::ERROR_INVALID_SHAPE),
            Problem::ContactRequired => ("contact_required", key::ERROR_CONTACT_REQUIRED),
            Problem::KindNotAccepted => ("kind_not_accepted", key::ERROR_KIND_NOT_ACCEPTED),
            Problem::MalformedJson => ("malformed_json", key::ERROR_MALFORMED_JSON),
            Problem::UnsupportedMediaType => {
                ("unsupported_media_type", key::ERROR_UNSUPPORTED_MEDIA_TYPE)
            }
            Problem::PayloadTooLarge => ("payload_too_large", key::ERROR_PAYLOAD_TOO_LARGE),
            Problem::TooMany { .. } => ("too_many", key::ERROR_BATCH_TOO_LARGE),
            Problem::Conflict => ("conflict", key::ERROR_CONFLICT),
            Problem::NotFound => ("not_found", key::ERROR_NOT_FOUND),
            Problem::Unavailable => ("unavailable", key::ERROR_UNAVAILABLE),
            Problem::Internal => ("internal", key::ERROR_INTERNAL),
        }
    }

    /// The problem a wire `code` names, to word an error that came without a
    /// message; `None` for a code this version does not know, and for the codes
    /// whose message needs a number the wire does not carry (`too_short`,
    /// `too_long`; a batch's limit is [`crate::MAX_BATCH`]).
    pub fn from_code(code: &str) -> Option<Problem> {
        ALL_PROBLEMS
            .iter()
            .map(|&p| match p {
                Problem::TooMany { .. } => Problem::TooMany {
                    max: crate::MAX_BATCH,
                },
                p => p,
            })
            .filter(|p| !matches!(p, Problem::TooShort { .. } | Problem::TooLong { .. }))
            .find(|p| p.code() == code)
    }

    /// The sentence a person reads, in their language.
    pub fn message(self, locale: Locale) -> String {
        let key = self.message_key();
        match self {
            Problem::TooShort { min } => {
                catalogue().format(locale, key, &[("min", Arg::Number(min))])
            }
            Problem::TooLong { max } | Problem::TooMany { max } => {
                catalogue().format(locale, key, &[("max", Arg::Number(max))])
            }
            _ => catalogue().text(locale, key),
        }
    }
}

impl std::fmt::Display for Problem {
    /// In English: for operators' logs and error messages, never for citizens.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Locale::En))
    }
}

/// One refused field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid {
    pub field: Field,
    pub problem: Problem,
}

impl Invalid {
    pub fn new(field: Field, problem: Problem) -> Self {
        Invalid { field, problem }
    }

    pub fn to_wire(self, locale: Locale) -> FieldError {
        FieldError {
            field: self.field.as_str().to_owned(),
            code: self.problem.code().to_owned(),
            message: self.problem.message(locale),
        }
    }
}

impl FieldError {
    /// An error with no words of its own: whoever shows it words it from the
    /// catalogue by its code, in the reader's language ([`FieldError::message_in`]).
    pub fn worded_by_code(field: Field, problem: Problem) -> FieldError {
        FieldError {
            field: field.as_str().to_owned(),
            code: problem.code().to_owned(),
            message: String::new(),
        }
    }

    /// What the reader is told: the server's words, or, when it sent none, the
    /// catalogue's for the code (a code this version does not know reads as a
    /// failure on the server's side).
    pub fn message_in(&self, locale: Locale) -> String {
        if self.message.is_empty() {
            Problem::from_code(&self.code)
                .unwrap_or(Problem::Internal)
                .message(locale)
        } else {
            self.message.clone()
        }
    }
}

/// Every problem that has a message, for the catalogue-completeness test.
pub const ALL_PROBLEMS: &[Problem] = &[
    Problem::Required,
    Problem::TooShort { min: 1 },
    Problem::TooLong { max: 1 },
    Problem::ControlCharacters,
    Problem::InvalidEmail,
    Problem::InvalidPhone,
    Problem::InvalidUnit,
    Problem::InvalidId,
    Problem::InvalidDateTime,
    Problem::UnknownKind,
    Problem::UnknownChannel,
    Problem::UnknownLocale,
    Problem::UnknownStatus,
    Problem::InvalidShape,
    Problem::ContactRequired,
    Problem::KindNotAccepted,
    Problem::MalformedJson,
    Problem::UnsupportedMediaType,
    Problem::PayloadTooLarge,
    Problem::TooMany { max: 1 },
    Problem::Conflict,
    Problem::NotFound,
    Problem::Unavailable,
    Problem::Internal,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_without_a_number_reads_back_as_its_problem() {
        for &problem in ALL_PROBLEMS {
            match Problem::from_code(problem.code()) {
                Some(back) => assert_eq!(back.message_key(), problem.message_key()),
                None => assert!(
                    matches!(problem, Problem::TooShort { .. } | Problem::TooLong { .. }),
                    "{}",
                    problem.code()
                ),
            }
        }
        assert_eq!(
            Problem::from_code("too_many"),
            Some(Problem::TooMany {
                max: crate::MAX_BATCH
            })
        );
        assert_eq!(Problem::from_code("a_code_from_the_future"), None);
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_code_reads_as_its_problem_or_none(
            code in prop_oneof![
                proptest::sample::select(ALL_PROBLEMS).prop_map(|p| p.code().to_owned()),
                "[a-z_]{0,24}",
                any::<String>(),
            ],
            message in prop_oneof![Just(String::new()), any::<String>()],
            locale in proptest::sample::select(Locale::ALL),
        ) {
            if let Some(problem) = Problem::from_code(&code) {
                prop_assert_eq!(problem.code(), code.as_str());
            } else {
                prop_assert!(
                    ALL_PROBLEMS.iter().all(|p| p.code() != code)
                        || matches!(code.as_str(), "too_short" | "too_long"),
                    "{:?}", code
                );
            }
            // Whatever a server sends, the widget words it.
            let error = FieldError { field: String::new(), code, message: message.clone() };
            let said = error.message_in(locale);
            prop_assert!(!said.is_empty());
            if !message.is_empty() {
                prop_assert_eq!(said, message);
            }
        }
    }

    #[test]
    fn an_error_without_words_is_worded_by_its_code() {
        let busy = FieldError::worded_by_code(Field::Request, Problem::Unavailable);
        assert_eq!(busy.field, "");
        assert_eq!(
            busy.message_in(Locale::En),
            "The service is busy. Please try again shortly."
        );
        let from_server = Problem::Conflict;
        let said = Invalid::new(Field::Id, from_server).to_wire(Locale::Bg);
        assert_eq!(
            said.message_in(Locale::En),
            said.message,
            "the server's words stand"
        );
        let unknown = FieldError {
            code: "a_code_from_the_future".into(),
            ..busy
        };
        assert_eq!(
            unknown.message_in(Locale::En),
            Problem::Internal.message(Locale::En)
        );
    }
}
