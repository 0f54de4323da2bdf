//! The form's state: the table of fields it shows, what the citizen has
//! written (exactly as typed), and which of its problems to show. The problems
//! come from `glas_shared`, the rules the server applies, run as they type.

use std::time::Duration;

use glas_shared::i18n::key;
use glas_shared::{
    AuthorDto, Channel, Field, FieldError, Invalid, Kind, Locale, NewSubmission, Written,
};
use leptos::prelude::*;

use super::unit::PageUnit;
use crate::browser;
use crate::outbox::Queued;
use crate::profile::Profile;
use crate::wire;

/// How the form shows one field the citizen fills in.
#[derive(PartialEq, Eq)]
pub struct Spec {
    pub field: Field,
    /// The id of the control that takes focus when the field is wrong; none
    /// for the kind, whose radios depend on the profile (see `Form::target`).
    pub input: &'static str,
    pub error: &'static str,
    pub label: &'static str,
}

pub const KIND: Spec = Spec {
    field: Field::Kind,
    input: "",
    error: "glas-kind-error",
    label: key::KIND_LEGEND,
};
pub const TEXT: Spec = Spec {
    field: Field::Text,
    input: TEXT_FOCUS,
    error: "glas-text-error",
    label: key::TEXT_LABEL,
};
pub const NAME: Spec = Spec {
    field: Field::AuthorName,
    input: "glas-name",
    error: "glas-name-error",
    label: key::NAME_LABEL,
};
pub const EMAIL: Spec = Spec {
    field: Field::AuthorEmail,
    input: "glas-email",
    error: "glas-email-error",
    label: key::EMAIL_LABEL,
};
pub const PHONE: Spec = Spec {
    field: Field::AuthorPhone,
    input: "glas-phone",
    error: "glas-phone-error",
    label: key::PHONE_LABEL,
};
pub const ADDRESS: Spec = Spec {
    field: Field::AuthorAddress,
    input: "glas-address",
    error: "glas-address-error",
    label: key::ADDRESS_LABEL,
};
/// In the order they appear, which is the order errors are listed and focused.
pub const SPECS: [&Spec; 6] = [&KIND, &TEXT, &NAME, &EMAIL, &PHONE, &ADDRESS];

pub const TEXT_FOCUS: &str = "glas-text";
pub const SUMMARY: &str = "glas-summary";

pub fn spec(field: Field) -> Option<&'static Spec> {
    SPECS.into_iter().find(|spec| spec.field == field)
}

pub fn spec_named(name: &str) -> Option<&'static Spec> {
    SPECS.into_iter().find(|spec| spec.field.as_str() == name)
}

pub fn kind_id(kind: Kind) -> String {
    format!("glas-kind-{kind}")
}

/// What the citizen has written so far, exactly as typed.
#[derive(Clone, Copy)]
pub struct Draft {
    pub kind: RwSignal<String>,
    pub text: RwSignal<String>,
    pub name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub address: RwSignal<String>,
    pub health_or_safety: RwSignal<bool>,
}

impl Draft {
    fn new() -> Self {
        Draft {
            kind: RwSignal::new(String::new()),
            text: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            address: RwSignal::new(String::new()),
            health_or_safety: RwSignal::new(false),
        }
    }

    fn texts(self) -> [RwSignal<String>; 6] {
        [
            self.kind,
            self.text,
            self.name,
            self.email,
            self.phone,
            self.address,
        ]
    }

    /// Whether there is no message to lose.
    #[cfg(feature = "web")]
    pub fn is_blank(self) -> bool {
        self.text.with(|text| text.trim().is_empty())
    }

    /// No name, and a kind the Charter does not examine anonymously unless
    /// health or safety is at stake. (Without a name the submission is either
    /// anonymous or, with other contact details, asked for the name.)
    pub fn is_anonymous_report(self) -> bool {
        let at_stake = self
            .kind
            .with(|kind| Kind::parse(kind).is_ok_and(Kind::anonymous_needs_health_or_safety));
        at_stake && self.name.with(|name| name.trim().is_empty())
    }

    /// The author, or `None` when every contact field is blank.
    pub fn author(self) -> Option<AuthorDto> {
        let given =
            |field: RwSignal<String>| field.with(|v| (!v.trim().is_empty()).then(|| v.clone()));
        let (email, phone, address) = (given(self.email), given(self.phone), given(self.address));
        let name = self.name.get();
        if name.trim().is_empty() && email.is_none() && phone.is_none() && address.is_none() {
            return None;
        }
        Some(AuthorDto {
            name,
            email,
            phone,
            address,
        })
    }
}

/// The form's state: the draft, and which of its problems to show.
#[derive(Clone, Copy)]
pub struct Form {
    pub draft: Draft,
    channel: Channel,
    pub unit: PageUnit,
    profile: RwSignal<Option<Profile>>,
    /// Every problem of the draft, whether shown yet or not.
    pub problems: Memo<Vec<Invalid>>,
    touched: RwSignal<Vec<Field>>,
    /// A pointer is down in the form: fields left now are touched once it is up.
    pub holding: StoredValue<bool>,
    left_while_holding: StoredValue<Vec<Field>>,
    pub attempted: RwSignal<bool>,
    /// The server's reasons for refusing the last send.
    pub refused: RwSignal<Vec<FieldError>>,
    /// When the form was first shown (since the epoch; zero: not yet): how long
    /// it took to fill in goes with the submission, so the server can tell a
    /// person from a program.
    opened_at: StoredValue<Duration>,
}

impl Form {
    pub fn new(channel: Channel, unit: Option<String>, profile: RwSignal<Option<Profile>>) -> Self {
        let draft = Draft::new();
        let unit = PageUnit::new(unit, profile);
        unit.watch();
        let problems = Memo::new(move |_| {
            let (kind, text, author) = (draft.kind.read(), draft.text.read(), draft.author());
            let written = Written {
                kind: &kind,
                text: &text,
                author: author.as_ref(),
            };
            profile.with(|profile| written.check(profile.as_ref().map(|p| &p.kinds)))
        });
        let refused = RwSignal::new(Vec::new());
        // The server's reasons were about what was sent: an edit makes them stale.
        Effect::new(move |_| {
            for text in draft.texts() {
                text.track();
            }
            refused.set(Vec::new());
        });
        Form {
            draft,
            channel,
            unit,
            profile,
            problems,
            touched: RwSignal::new(Vec::new()),
            holding: StoredValue::new(false),
            left_while_holding: StoredValue::new(Vec::new()),
            attempted: RwSignal::new(false),
            refused,
            opened_at: StoredValue::new(Duration::ZERO),
        }
    }

    /// The form is on the screen: the time it takes to fill in starts now,
    /// unless it already has.
    pub fn shown(self) {
        if self.opened_at.get_value().is_zero() {
            self.opened_at.set_value(epoch_now());
        }
    }

    /// The draft as the outbox keeps it and the server reads it: the
    /// submission's JSON, with what a program put in the `trap` and how long
    /// the form took to fill in.
    pub fn queued(self, locale: Locale, trap: &str) -> Queued {
        let submission = self.submission(locale);
        let mut json = wire::submission_json(&submission);
        json.set_str("website", trap);
        let took = epoch_now().saturating_sub(self.opened_at.get_value());
        // Saturates: a form opened weeks ago is as human as one opened a minute ago.
        json.set_u32("filled_in_ms", took.as_millis() as u32);
        Queued {
            id: submission.id,
            body: json.text(),
        }
    }

    /// The draft as a submission with a fresh id, stamped now.
    pub fn submission(self, locale: Locale) -> NewSubmission {
        untrack(|| {
            envelope(
                self.draft,
                self.channel,
                self.unit.known(),
                &browser::new_id(),
                &browser::now(),
                locale,
            )
        })
    }

    /// The id of the control to focus when `spec`'s field is wrong.
    pub fn target(self, spec: &Spec) -> String {
        if spec.field == Field::Kind {
            self.kind_focus()
        } else {
            spec.input.to_owned()
        }
    }

    /// The id of the first kind on offer.
    pub fn kind_focus(self) -> String {
        let first = self
            .profile
            .with_untracked(|profile| profile.as_ref().and_then(|p| p.kinds.accepted().next()));
        kind_id(first.unwrap_or(Kind::ALL[0]))
    }

    /// The profile's name for the unit this feedback is about, if it knows one.
    pub fn unit_name(self, locale: Locale) -> Option<String> {
        let id = self.unit.known()?;
        self.profile.with(|profile| {
            let name = profile.as_ref()?.unit(&id)?;
            Some(name.get(locale).to_owned())
        })
    }

    /// The municipality's profile, once known.
    pub fn profile(self) -> RwSignal<Option<Profile>> {
        self.profile
    }

    /// The message to show for `field`, if any: the rule it breaks once the
    /// citizen has left it or tried to send, else the server's reason.
    pub fn error(self, field: Field, locale: Locale) -> Option<String> {
        let shown = self.attempted.get() || self.touched.with(|touched| touched.contains(&field));
        let broken = shown
            .then(|| {
                self.problems.with(|problems| {
                    problems
                        .iter()
                        .find(|i| i.field == field)
                        .map(|i| i.problem)
                })
            })
            .flatten();
        broken.map(|problem| problem.message(locale)).or_else(|| {
            self.refused.with(|refused| {
                refused
                    .iter()
                    .find(|e| e.field == field.as_str())
                    .map(|e| e.message_in(locale))
            })
        })
    }

    pub fn touch(self, field: Field) {
        if !self
            .touched
            .with_untracked(|touched| touched.contains(&field))
        {
            self.touched.update(|touched| touched.push(field));
        }
    }

    /// The citizen left `field`, which brings up its error. While a pointer is
    /// down that waits until it is released: an error appearing above the button
    /// being clicked would move it between mousedown and mouseup, and the click
    /// (on Send, say) would be lost.
    pub fn leave(self, field: Field) {
        if self.holding.get_value() {
            self.left_while_holding
                .update_value(|left| left.push(field));
        } else {
            self.touch(field);
        }
    }

    pub fn hold(self) {
        self.holding.set_value(true);
    }

    /// Called once the pointer is up and the click, if any, has been handled.
    pub fn release(self) {
        self.holding.set_value(false);
        for field in self
            .left_while_holding
            .try_update_value(std::mem::take)
            .unwrap_or_default()
        {
            self.touch(field);
        }
    }

    pub fn clear(self) {
        for text in self.draft.texts() {
            text.set(String::new());
        }
        self.draft.health_or_safety.set(false);
        // The next submission's time starts when the form is shown again.
        self.opened_at.set_value(Duration::ZERO);
        self.touched.set(Vec::new());
        self.attempted.set(false);
        self.refused.set(Vec::new());
    }

    /// Puts a refused submission back into the form to be corrected.
    #[cfg(feature = "web")]
    pub fn restore(self, submission: &NewSubmission) {
        self.clear();
        let author = submission.author.clone().unwrap_or_default();
        let draft = self.draft;
        draft.kind.set(submission.kind.clone());
        draft.text.set(submission.text.clone());
        draft.name.set(author.name);
        draft.email.set(author.email.unwrap_or_default());
        draft.phone.set(author.phone.unwrap_or_default());
        draft.address.set(author.address.unwrap_or_default());
        draft.health_or_safety.set(submission.health_or_safety);
        // Written long ago: correcting it is no race.
        self.opened_at.set_value(Duration::from_millis(1));
        self.attempted.set(true);
    }
}

/// Now, since the epoch, by the device's clock.
fn epoch_now() -> Duration {
    Duration::from_millis(js_sys::Date::now() as u64)
}

/// `draft` as a whole submission, with what the widget adds to it.
fn envelope(
    draft: Draft,
    channel: Channel,
    unit: Option<String>,
    id: &str,
    created_at: &str,
    locale: Locale,
) -> NewSubmission {
    NewSubmission {
        id: id.to_owned(),
        kind: draft.kind.get(),
        text: draft.text.get(),
        channel: channel.as_str().to_owned(),
        unit,
        author: draft.author(),
        health_or_safety: draft.is_anonymous_report() && draft.health_or_safety.get(),
        created_at: created_at.to_owned(),
        locale: locale.as_str().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use glas_shared::Submission;

    use super::*;

    fn draft(kind: &str, name: &str, email: &str) -> Draft {
        let draft = Draft::new();
        draft.kind.set(kind.into());
        draft
            .text
            .set("Улицата пред блок 12 не е почистена.".into());
        draft.name.set(name.into());
        draft.email.set(email.into());
        draft
    }

    fn wire(draft: Draft) -> NewSubmission {
        let id = "0b9e7a52-4e2c-4d7e-9a51-6a7d2f0c9b11";
        envelope(
            draft,
            Channel::Web,
            None,
            id,
            "2026-11-24T09:15:00.000Z",
            Locale::En,
        )
    }

    #[test]
    fn blank_contact_fields_send_no_author() {
        let submission = wire(draft("praise", "  ", ""));
        assert_eq!(submission.author, None);
        assert!(Submission::try_from(&submission).is_ok());
    }

    #[test]
    fn a_contact_field_without_a_name_asks_for_the_name() {
        let submission = wire(draft("complaint", "", "ivan@example.com"));
        let author = submission.author.clone().expect("an author");
        assert_eq!(author.email.as_deref(), Some("ivan@example.com"));
        assert_eq!(author.phone, None, "blank optional fields are left out");
        let errors = Submission::try_from(&submission).unwrap_err();
        assert_eq!(
            errors.iter().map(|e| e.field).collect::<Vec<_>>(),
            [Field::AuthorName]
        );
    }

    #[test]
    fn the_anonymity_warning_is_for_examined_kinds_without_a_name() {
        assert!(draft("complaint", "", "").is_anonymous_report());
        assert!(draft("corruption", " ", "").is_anonymous_report());
        assert!(!draft("complaint", "Иван Петров", "").is_anonymous_report());
        assert!(!draft("praise", "", "").is_anonymous_report());
    }

    #[test]
    fn health_or_safety_goes_only_with_the_warning() {
        let anonymous = draft("signal", "", "");
        anonymous.health_or_safety.set(true);
        assert!(wire(anonymous).health_or_safety);

        let named = draft("signal", "Иван Петров", "");
        named.health_or_safety.set(true);
        assert!(!wire(named).health_or_safety);
    }

    #[test]
    fn the_profile_decides_which_kinds_pass() {
        let profile = crate::profile::tests::haskovo();
        let comment = Written {
            kind: "comment",
            text: "Сайтът е удобен.",
            author: None,
        };
        assert!(comment.check(None).is_empty());
        let errors = comment.check(Some(&profile.kinds));
        assert_eq!(errors[0].problem.code(), "kind_not_accepted");
        assert!(spec(errors[0].field).is_some(), "shown on the kinds");
    }

    #[test]
    fn every_field_the_rules_check_has_a_place_in_the_form() {
        let nobody = AuthorDto {
            name: String::new(),
            email: Some("nope".into()),
            phone: Some("12".into()),
            address: Some("x".into()),
        };
        let everything_wrong = Written {
            kind: "rant",
            text: "",
            author: Some(&nobody),
        };
        let problems = everything_wrong.check(None);
        assert!(problems.len() >= 5, "{}", problems.len());
        for invalid in problems {
            assert!(
                spec(invalid.field).is_some(),
                "{} has no place in the form",
                invalid.field.as_str()
            );
        }
    }

    #[test]
    fn the_form_shows_what_the_server_would_refuse() {
        let named = draft("complaint", "", "ivan@example.com");
        let problems: Vec<_> = Written {
            kind: &named.kind.get(),
            text: &named.text.get(),
            author: named.author().as_ref(),
        }
        .check(None);
        let refused = Submission::try_from(&wire(named)).unwrap_err();
        assert_eq!(problems, refused);
    }
}
