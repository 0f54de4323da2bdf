//! The feedback form. It checks what the citizen writes with the same rules the
//! server applies (`glas_shared::Written`), as they type.
//!
//! - `state`: the table of fields, the draft and which problems to show;
//! - `unit`: the page's service unit, left out when the citizen could not fix it;
//! - `send`: checking, handing to the courier, and the outcome;
//! - `fields`: the form's components;
//! - `privacy`: the notice about the contact details.

mod fields;
mod privacy;
mod send;
mod state;
mod unit;

pub use fields::FeedbackForm;
pub use state::Form;
#[cfg(feature = "web")]
pub use state::TEXT_FOCUS;
