//! The words of what the desk sends: the formal answer (a letter, e-mailed to the
//! citizen and shown on their tracking page) and the e-mail to a new assignee.

use glas_shared::i18n::{Arg, catalogue, pages};
use glas_shared::{Kind, Locale, Profile};
use time::{Date, OffsetDateTime};

use super::actions::Context;
use crate::clock;
use crate::desk_catalogue;
use crate::store::desk::{Assignable, DeskItem, NewAnswer};
use crate::store::mail::OutgoingMail;

/// A citizen's message (the letter goes to them, in bg, en or tr): the server's
/// pages catalogue, or the citizens' own for the words both share (kinds).
fn t(locale: Locale, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    if pages().has(locale, key) {
        pages().format(locale, key, args)
    } else {
        catalogue().format(locale, key, args)
    }
}

/// `30.11.2026`, as Bulgarian letters write dates.
pub fn date(d: Date) -> String {
    format!("{:02}.{:02}.{}", d.day(), u8::from(d.month()), d.year())
}

/// What a letter is made of.
#[derive(Debug, Clone, Copy)]
pub struct Letter<'a> {
    pub kind: Kind,
    pub reference: &'a str,
    pub received_at: OffsetDateTime,
    /// When the answer was given.
    pub at: OffsetDateTime,
    pub body: &'a str,
    pub signer_name: &'a str,
    pub signer_position: &'a str,
    /// It corrects an earlier answer.
    pub correction: bool,
}

impl<'a> Letter<'a> {
    pub fn new(item: &'a DeskItem, answer: &'a NewAnswer, at: OffsetDateTime) -> Letter<'a> {
        Letter {
            kind: item.kind,
            reference: &item.reference,
            received_at: item.received_at,
            at,
            body: &answer.body,
            signer_name: &answer.signer_name,
            signer_position: &answer.signer_position,
            correction: answer.corrects.is_some(),
        }
    }
}

/// The answer as a letter: the municipality, the submission it answers, the date,
/// the text and who signs it. Plain text: the e-mail's body, and what the
/// tracking page shows.
pub fn render(profile: &Profile, letter: &Letter<'_>, locale: Locale) -> String {
    let kind = t(locale, letter.kind.label_key(), &[]);
    let received = date(clock::sofia_date(letter.received_at));
    let regarding = t(
        locale,
        "letter-regarding",
        &[
            ("kind", Arg::Str(&kind)),
            ("reference", Arg::Str(letter.reference)),
            ("received", Arg::Str(&received)),
        ],
    );
    let dated = t(
        locale,
        "letter-date",
        &[("date", Arg::Str(&date(clock::sofia_date(letter.at))))],
    );
    let mut text = format!(
        "{}\n{}\n\n{regarding}\n{dated}\n\n{}\n\n{}\n{}\n",
        profile.name.get(locale),
        profile.contacts.address.get(locale),
        letter.body,
        letter.signer_name,
        letter.signer_position,
    );
    if letter.correction {
        text.push_str(&format!("\n{}\n", t(locale, "letter-correction", &[])));
    }
    text
}

pub fn answer_subject(item: &DeskItem, locale: Locale) -> String {
    t(
        locale,
        "mail-answer-subject",
        &[("reference", Arg::Str(&item.reference))],
    )
}

/// The e-mail telling `person` a submission is now theirs (in Bulgarian, the
/// desk's language).
pub fn assignment_mail(
    cx: &Context<'_>,
    item: &DeskItem,
    person: &Assignable,
    by: &str,
) -> OutgoingMail {
    let locale = Locale::Bg;
    let kind = t(locale, item.kind.label_key(), &[]);
    let due = item.due_on.map_or_else(|| "—".to_owned(), date);
    let link = format!("{}/desk/submissions/{}", cx.public_url, item.reference);
    OutgoingMail {
        purpose: "assignment",
        submission_id: Some(item.id),
        to: person.email.clone(),
        subject: desk_catalogue::format(
            locale,
            "mail-assignment-subject",
            &[("reference", &item.reference)],
        ),
        body: desk_catalogue::format(
            locale,
            "mail-assignment-body",
            &[
                ("by", by),
                ("kind", &kind),
                ("reference", &item.reference),
                ("due", &due),
                ("link", &link),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_bulgarian_letters_write_them() {
        assert_eq!(date(time::macros::date!(2026 - 03 - 05)), "05.03.2026");
    }
}
