//! The municipality profile (`GET /api/v1/profile`): the kinds it accepts and
//! how soon it answers them, its name, contacts and service units.
//!
//! The last good copy stays on the device, in the page origin's localStorage
//! (a few kilobytes, no personal data), so that a kiosk or phone that is
//! offline still knows its municipality. A device that has never reached the
//! server has no profile: the form then offers every kind and checks only
//! what needs no profile, and the server has the last word.

use std::str::FromStr;

use glas_shared::deadline::Term;
use glas_shared::i18n::{Arg, catalogue, key};
use glas_shared::profile::{KindRule, Kinds, Localized};
use glas_shared::{Kind, Locale};
use js_sys::Promise;
use leptos::logging::warn;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::Storage;

use crate::api;
use crate::json::Json;

/// The profile as far as the widget uses it (`glas_shared::Profile` is the
/// whole): read member by member, anything it does not know ignored, so that a
/// newer server's profile never makes an older widget fall back to its copy.
#[derive(Clone, PartialEq)]
pub struct Profile {
    pub name: Localized,
    /// Where the privacy notice sends questions.
    pub email: String,
    /// The corruption line, told next to that kind.
    pub corruption_phone: String,
    pub privacy_url: String,
    pub retention_days: u32,
    pub kinds: Kinds,
    /// Each service unit's id and name.
    pub units: Vec<(String, Localized)>,
    /// Seconds without a touch before a kiosk starts over (`[kiosk] idle_seconds`).
    #[cfg(feature = "kiosk")]
    pub idle_seconds: u32,
}

impl Profile {
    /// The profile in `text` (the JSON of `GET /api/v1/profile`), or `None`
    /// when it lacks something the widget needs.
    pub fn read(text: &str) -> Option<Profile> {
        let json = Json::parse(text)?;
        let contacts = json.get("contacts")?;
        let kinds = json.get("kinds")?;
        let rule = |kind: Kind| {
            kinds.get(kind.as_str()).map(|rule| KindRule {
                answer_within: rule
                    .str("answer_within")
                    .and_then(|term| Term::from_str(&term).ok()),
                with_inspection: None,
            })
        };
        let kinds = Kinds {
            complaint: rule(Kind::Complaint),
            signal: rule(Kind::Signal),
            proposal: rule(Kind::Proposal),
            praise: rule(Kind::Praise),
            comment: rule(Kind::Comment),
            corruption: rule(Kind::Corruption),
        };
        kinds.accepted().next()?;
        Some(Profile {
            name: localized(&json.get("name")?)?,
            email: contacts.str("email")?,
            corruption_phone: contacts.str("corruption_phone")?,
            privacy_url: json.str("privacy_url")?,
            retention_days: json.u32("personal_data_retention_days")?,
            kinds,
            units: json
                .get("units")?
                .items()
                .iter()
                .filter_map(|unit| Some((unit.str("id")?, localized(&unit.get("name")?)?)))
                .collect(),
            #[cfg(feature = "kiosk")]
            idle_seconds: json
                .get("kiosk")
                .and_then(|kiosk| kiosk.u32("idle_seconds"))
                .filter(|seconds| glas_shared::profile::IDLE_SECONDS.contains(seconds))
                .unwrap_or(glas_shared::profile::DEFAULT_IDLE_SECONDS),
        })
    }

    /// The name of the unit `id`, if the profile lists it.
    pub fn unit(&self, id: &str) -> Option<&Localized> {
        self.units
            .iter()
            .find(|(unit, _)| unit == id)
            .map(|(_, name)| name)
    }

    /// How soon `kind` is answered; `None` when no answer is owed or the kind is not accepted.
    pub fn answer_within(&self, kind: Kind) -> Option<Term> {
        self.kinds.rule(kind).and_then(|r| r.answer_within)
    }
}

fn localized(json: &Json) -> Option<Localized> {
    Some(Localized {
        bg: json.str("bg")?,
        en: json.str("en")?,
        tr: json.str("tr")?,
    })
}

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
    let profile = Profile::read(json);
    if profile.is_none() {
        warn!("glas: the municipality profile is not usable");
    }
    profile
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
        let phone = Arg::Str(&profile.corruption_phone);
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
        let json = serde_json::json!({
            "id": "test", "privacy_url": "https://x.example/privacy", "personal_data_retention_days": 1825,
            "name": {"bg": "Община Хасково", "en": "Haskovo Municipality", "tr": "Hasköy Belediyesi"},
            "reception_hours": {"bg": "-", "en": "-", "tr": "-"},
            "contacts": {"address": {"bg": "-", "en": "-", "tr": "-"}, "phone": "1", "feedback_phone": "2",
                         "corruption_phone": "038/603-481", "email": "kmet@haskovo.bg", "website": "https://b.example"},
            "kinds": {"complaint": {"answer_within": "7d"}, "signal": {"answer_within": "2m"},
                      "proposal": {"answer_within": "1m"}, "praise": {}, "corruption": {"answer_within": "2m"}},
            "units": [{"id": "centre", "name": {"bg": "Център", "en": "Centre", "tr": "Merkez"},
                       "address": {"bg": "-", "en": "-", "tr": "-"}}]
        });
        Profile::read(&json.to_string()).expect("a usable profile")
    }

    #[test]
    fn the_servers_profile_is_read_and_a_newer_ones_additions_ignored() {
        let server = glas_server_profile();
        let profile = Profile::read(&server).expect("the server's own profile");
        assert_eq!(profile.name.en, "Haskovo Municipality");
        assert_eq!(profile.answer_within(Kind::Complaint), Some(Term::Days(7)));
        assert!(profile.unit("centre").is_some());
        let mut newer: serde_json::Value = serde_json::from_str(&server).unwrap();
        newer["a_setting_from_a_newer_server"] = serde_json::json!({"any": ["shape"]});
        newer["kinds"]["complaint"]["something_new"] = true.into();
        assert!(Profile::read(&newer.to_string()) == Some(profile));
        assert!(Profile::read(r#"{"name": "no contacts"}"#).is_none());
    }

    /// Haskovo's profile as the server sends it (its server-only settings, which
    /// `glas_shared` knows only with the `server` feature, are never sent).
    fn glas_server_profile() -> String {
        let toml: String = include_str!("../../profiles/haskovo.toml")
            .lines()
            .filter(|line| {
                !line.starts_with("small_count_threshold") && !line.starts_with("open_data_licence")
            })
            .map(|line| format!("{line}\n"))
            .collect();
        let profile: glas_shared::Profile = toml::from_str(&toml).expect("haskovo.toml");
        serde_json::to_string(&profile).unwrap()
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
