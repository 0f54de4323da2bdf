//! The words of what the desk sends: the formal answer (a letter, e-mailed to the
//! citizen and shown on their tracking page) and the e-mail to a new assignee.

use glas_shared::Locale;
use glas_shared::Profile;
use glas_shared::i18n::Arg;
use time::{Date, OffsetDateTime};

use super::actions::Context;
use super::text::t;
use crate::clock;
use crate::store::desk::{Assignable, DeskItem, NewAnswer};
use crate::store::mail::OutgoingMail;

/// `30.11.2026`, as Bulgarian letters write dates.
pub fn date(d: Date) -> String {
    format!("{:02}.{:02}.{}", d.day(), u8::from(d.month()), d.year())
}

/// The answer as a letter: the municipality, the submission it answers, the date,
/// the text and who signs it.
pub fn render(
    profile: &Profile,
    item: &DeskItem,
    answer: &NewAnswer,
    at: OffsetDateTime,
    locale: Locale,
) -> String {
    let kind = t(locale, &format!("kind-{}", item.kind), &[]);
    let received = date(clock::sofia_date(item.received_at));
    let regarding = t(
        locale,
        "letter-regarding",
        &[
            ("kind", Arg::Str(&kind)),
            ("reference", Arg::Str(&item.reference)),
            ("received", Arg::Str(&received)),
        ],
    );
    let dated = t(
        locale,
        "letter-date",
        &[("date", Arg::Str(&date(clock::sofia_date(at))))],
    );
    let mut letter = format!(
        "{}\n{}\n\n{regarding}\n{dated}\n\n{}\n\n{}\n{}\n",
        profile.name.get(locale),
        profile.contacts.address.get(locale),
        answer.body,
        answer.signer_name,
        answer.signer_position,
    );
    if answer.corrects.is_some() {
        letter.push_str(&format!("\n{}\n", t(locale, "letter-correction", &[])));
    }
    letter
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
    let kind = t(locale, &format!("kind-{}", item.kind), &[]);
    let due = item.due_on.map_or_else(|| "—".to_owned(), date);
    let link = format!("{}/desk/submissions/{}", cx.public_url, item.reference);
    OutgoingMail {
        purpose: "assignment",
        submission_id: Some(item.id),
        to: person.email.clone(),
        subject: t(
            locale,
            "mail-assignment-subject",
            &[("reference", Arg::Str(&item.reference))],
        ),
        body: t(
            locale,
            "mail-assignment-body",
            &[
                ("by", Arg::Str(by)),
                ("kind", Arg::Str(&kind)),
                ("reference", Arg::Str(&item.reference)),
                ("due", Arg::Str(&due)),
                ("link", Arg::Str(&link)),
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
