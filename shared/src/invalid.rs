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
}

impl Problem {
    pub fn code(self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooShort { .. } => "too_short",
            Problem::TooLong { .. } => "too_long",
            Problem::ControlCharacters => "control_characters",
            Problem::InvalidEmail => "invalid_email",
            Problem::InvalidPhone => "invalid_phone",
            Problem::InvalidUnit => "invalid_unit",
            Problem::InvalidId => "invalid_id",
            Problem::InvalidDateTime => "invalid_datetime",
            Problem::UnknownKind => "unknown_kind",
            Problem::UnknownChannel => "unknown_channel",
            Problem::UnknownLocale => "unknown_locale",
            Problem::UnknownStatus => "unknown_status",
            Problem::InvalidShape => "invalid_shape",
            Problem::ContactRequired => "contact_required",
            Problem::KindNotAccepted => "kind_not_accepted",
        }
    }

    /// The sentence a person reads, in their language.
    pub fn message(self, locale: Locale) -> String {
        let key = format!("error-{}", self.code().replace('_', "-"));
        match self {
            Problem::TooShort { min } => {
                catalogue().format(locale, &key, &[("min", Arg::Number(min))])
            }
            Problem::TooLong { max } => {
                catalogue().format(locale, &key, &[("max", Arg::Number(max))])
            }
            _ => catalogue().format(locale, &key, &[]),
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
];
