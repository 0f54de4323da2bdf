//! Glas's wire contract and the Client Charter's rules.
//!
//! This crate is compiled into the citizen's widget (wasm32) and into the server,
//! so both sides parse, validate and word their errors identically. It does no I/O.

pub mod calendar;
pub mod choice;
pub mod day;
pub mod deadline;
pub mod fields;
pub mod i18n;
pub mod invalid;
pub mod obscene;
pub mod profile;
pub mod rating;
pub mod reference;
#[cfg(test)]
mod strategies;
pub mod submission;
pub mod wire;

pub use choice::{Channel, Kind, Locale, Reason, Status};
pub use invalid::{Field, Invalid, Problem};
pub use profile::Profile;
pub use rating::{NewRating, Rating, Score};
pub use reference::Reference;
pub use submission::{Author, Submission, Written};
pub use wire::{
    AuthorDto, BatchItemResult, BatchRequest, BatchResponse, ErrorBody, FieldError, NewSubmission,
    Receipt,
};

/// The most submissions (or ratings) one batch request may carry.
pub const MAX_BATCH: usize = 100;
