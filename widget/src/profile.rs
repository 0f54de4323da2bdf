//! The municipality profile (`GET /api/v1/profile`): the kinds it accepts and
//! how soon it answers them, its name, contacts and service units.
//!
//! The last good copy stays on the device, in the page origin's localStorage
//! (a few kilobytes, no personal data), so that a kiosk or phone that is
//! offline still knows its municipality. A device that has never reached the
//! server has no profile: the form then offers every kind and checks only
//! what needs no profile, and the server has the last word.

use glas_shared::deadline::Term;
use glas_shared::i18n::{Arg, catalogue, key};
use glas_shared::{Kind, Locale, Profile};
use js_sys::Promise;
use leptos::logging::warn;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::Storage;

use crate::api;
use crate::json;

/// What the widget knows of the municipality.
#[derive(Clone, Copy)]
pub struct Municipality {
    pub profile: RwSignal<Option<Profile>>,
    /// Whether the form may stop waiting for a profile: one was on the device,
    /// or the server has answered (or failed to).
    pub settled: RwSignal<bool>,
}

impl Municipality {
    /// The copy on the device at once, then the server's, which replaces it:
    /// from the loader's request when it sent one, else asked for now.
    pub fn load(api: String, requested: Option<Promise>) -> Self {
        let key = storage_key(&api);
        let stored = storage()
            .and_then(|storage| storage.get_item(&key).ok().flatten())
            .and_then(|json| parse(&json));
        let municipality = Municipality {
            settled: RwSignal::new(stored.is_some()),
            profile: RwSignal::new(stored),
        };
        spawn_local(async move {
            let answer = match requested {
                Some(request) => api::requested_profile(request).await,
                None => api::profile(&api).await,
            };
            if let Some((profile, json)) = answer.and_then(|json| Some((parse(&json)?, json))) {
                if let Some(storage) = storage() {
                    // A full or forbidden storage only costs the offline copy.
                    let _ = storage.set_item(&key, &json);
                }
                if municipality
                    .profile
                    .with_untracked(|known| known.as_ref() != Some(&profile))
                {
                    municipality.profile.set(Some(profile));
                }
            }
            municipality.settled.set(true);
        });
        municipality
    }
}

fn parse(json: &str) -> Option<Profile> {
    json::parse(json)
        .inspect_err(|error| warn!("glas: the municipality profile is not usable: {error}"))
        .ok()
}

/// One copy per Glas server, should a site embed two.
fn storage_key(api: &str) -> String {
    format!("glas-profile {api}")
}

/// The page origin's localStorage; `None` where the browser refuses it (a
/// sandboxed frame, storage blocked by the citizen).
fn storage() -> Option<Storage> {
    window().local_storage().ok().flatten()
}

/// What the citizen reads under a kind: what it is for and, from the profile,
/// how soon it is answered; for corruption, the municipality's own line too.
/// Without a profile, no promise of a deadline is made.
pub fn kind_hint(kind: Kind, locale: Locale, profile: Option<&Profile>) -> String {
    let c = catalogue();
    let about = match kind {
        Kind::Complaint => key::KIND_COMPLAINT_ABOUT,
        Kind::Signal => key::KIND_SIGNAL_ABOUT,
        Kind::Proposal => key::KIND_PROPOSAL_ABOUT,
        Kind::Praise => key::KIND_PRAISE_ABOUT,
        Kind::Comment => key::KIND_COMMENT_ABOUT,
        Kind::Corruption => key::KIND_CORRUPTION_ABOUT,
    };
    let mut sentences = vec![c.text(locale, about)];
    match profile.and_then(|profile| profile.answer_within(kind)) {
        Some(term) => {
            // The Charter answers a complaint; it decides on a signal, a proposal or a report.
            let key = match kind {
                Kind::Signal | Kind::Proposal | Kind::Corruption => key::KIND_DECIDED_WITHIN,
                Kind::Complaint | Kind::Praise | Kind::Comment => key::KIND_ANSWER_WITHIN,
            };
            let term = within(term, locale);
            sentences.push(c.format(locale, key, &[("term", Arg::Str(&term))]));
        }
        None if !kind.expects_answer() => sentences.push(c.text(locale, key::KIND_NO_ANSWER)),
        None => {}
    }
    if kind == Kind::Corruption
        && let Some(profile) = profile
    {
        let phone = Arg::Str(&profile.contacts.corruption_phone);
        sentences.push(c.format(locale, key::KIND_CORRUPTION_PHONE, &[("phone", phone)]));
    }
    sentences.join(" ")
}

/// "within 7 days", "до 2 месеца", "7 gün içinde".
fn within(term: Term, locale: Locale) -> String {
    let (key, count) = match term {
        Term::Days(days) => (key::TERM_DAYS, usize::from(days)),
        Term::Months(months) => (key::TERM_MONTHS, usize::from(months)),
    };
    catalogue().format(locale, key, &[("count", Arg::Number(count))])
}

/// How long personal data is kept: whole years as years, anything else in days.
pub fn retention(days: u32, locale: Locale) -> String {
    let (key, count) = if days >= 365 && days.is_multiple_of(365) {
        (key::PERIOD_YEARS, days / 365)
    } else {
        (key::PERIOD_DAYS, days)
    };
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    catalogue().format(locale, key, &[("count", Arg::Number(count))])
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Haskovo's terms, without comments, with one unit.
    pub fn haskovo() -> Profile {
        let mut profile: Profile = serde_json::from_value(serde_json::json!({
            "id": "test", "privacy_url": "https://x.example/privacy", "personal_data_retention_days": 1825,
            "name": {"bg": "Община Хасково", "en": "Haskovo Municipality", "tr": "Hasköy Belediyesi"},
            "reception_hours": {"bg": "-", "en": "-", "tr": "-"},
            "contacts": {"address": {"bg": "-", "en": "-", "tr": "-"}, "phone": "1", "feedback_phone": "2",
                         "corruption_phone": "038/603-481", "email": "kmet@haskovo.bg", "website": "https://b.example"},
            "kinds": {"complaint": {"answer_within": "7d"}, "signal": {"answer_within": "2m"},
                      "proposal": {"answer_within": "1m"}, "praise": {}, "corruption": {"answer_within": "2m"}},
            "units": [{"id": "centre", "name": {"bg": "Център", "en": "Centre", "tr": "Merkez"},
                       "address": {"bg": "-", "en": "-", "tr": "-"}}]
        }))
        .unwrap();
        profile.kinds.comment = None;
        profile
    }

    #[test]
    fn deadlines_come_from_the_profile_with_plurals() {
        let profile = haskovo();
        let hint = |kind, locale| kind_hint(kind, locale, Some(&profile));
        assert_eq!(
            hint(Kind::Complaint, Locale::En),
            "Unhappy with a service or an employee. You get a written answer within 7 days."
        );
        assert!(hint(Kind::Complaint, Locale::Bg).ends_with("писмен отговор до 7 дни."));
        assert!(
            hint(Kind::Complaint, Locale::Tr).ends_with("7 gün içinde yazılı yanıt alırsınız.")
        );
        assert!(hint(Kind::Signal, Locale::Bg).ends_with("Решава се до 2 месеца."));
        assert!(hint(Kind::Proposal, Locale::Bg).ends_with("Решава се до 1 месец."));
        assert!(hint(Kind::Proposal, Locale::En).ends_with("Decided within 1 month."));
        assert!(hint(Kind::Praise, Locale::En).ends_with("No answer is sent."));
        assert!(hint(Kind::Corruption, Locale::En).ends_with("by phone: 038/603-481."));
    }

    #[test]
    fn without_a_profile_no_deadline_is_promised() {
        let hint = kind_hint(Kind::Complaint, Locale::En, None);
        assert_eq!(hint, "Unhappy with a service or an employee.");
        assert!(!kind_hint(Kind::Corruption, Locale::Bg, None).contains("месеца"));
        assert!(kind_hint(Kind::Comment, Locale::Tr, None).ends_with("Yanıt gönderilmez."));
    }

    #[test]
    fn retention_reads_in_years_or_days() {
        assert_eq!(retention(1825, Locale::En), "5 years");
        assert_eq!(retention(365, Locale::En), "1 year");
        assert_eq!(retention(365, Locale::Bg), "1 година");
        assert_eq!(retention(1095, Locale::Bg), "3 години");
        assert_eq!(retention(30, Locale::Bg), "30 дни");
        assert_eq!(retention(1, Locale::Bg), "1 ден");
        assert_eq!(retention(400, Locale::Tr), "400 gün");
    }
}
