//! The municipality profile: everything that makes Glas one municipality's own.
//! Haskovo's is the built-in default (`profiles/haskovo.toml`); another
//! municipality writes its own file and points `GLAS_PROFILE` at it.
//!
//! Values are checked while they are read, so a bad profile is refused with the
//! line and field of the mistake (the server reads TOML; the widget gets the
//! same profile as JSON from `GET /api/v1/profile`).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::calendar::Calendar;
use crate::choice::{Kind, Locale};
use crate::deadline::Term;
use crate::fields::UnitId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// A short id, e.g. `haskovo`.
    pub id: String,
    pub name: Localized,
    pub contacts: Contacts,
    pub reception_hours: Localized,
    /// Where the full privacy notice is published.
    pub privacy_url: String,
    /// How long personal data is kept after receipt, in days.
    pub personal_data_retention_days: u32,
    /// Which kinds the municipality accepts, and how soon each is answered.
    pub kinds: Kinds,
    #[serde(default)]
    pub calendar: CalendarExtras,
    /// Origins of the municipality's sites that may embed the widget.
    #[serde(default)]
    #[cfg_attr(feature = "server", schema(value_type = Vec<String>))]
    pub allowed_origins: Vec<Origin>,
    #[serde(deserialize_with = "unique_units")]
    pub units: Vec<Unit>,
    /// How the kiosks in the service units behave.
    #[serde(default)]
    pub kiosk: KioskSettings,
    /// The public statistics hide any count from 1 to one less than this. The
    /// server's alone: not sent to the widget, not compiled into it.
    #[cfg(feature = "server")]
    #[serde(default = "default_small_count_threshold", skip_serializing)]
    #[schema(ignore)]
    pub small_count_threshold: u32,
    /// The licence of the statistics' open data (the server's alone).
    #[cfg(feature = "server")]
    #[serde(default, skip_serializing)]
    #[schema(ignore)]
    pub open_data_licence: Licence,
}

#[cfg(feature = "server")]
fn default_small_count_threshold() -> u32 {
    5
}

/// How the kiosks behave (`[kiosk]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct KioskSettings {
    /// Seconds without a touch after which a kiosk starts over for the next person,
    /// forgetting what was written; it warns 10 seconds before. From 20 to 600.
    #[serde(default = "default_idle_seconds", deserialize_with = "idle_seconds")]
    pub idle_seconds: u32,
}

impl Default for KioskSettings {
    fn default() -> Self {
        KioskSettings {
            idle_seconds: default_idle_seconds(),
        }
    }
}

/// What a kiosk waits when the profile does not say.
pub const DEFAULT_IDLE_SECONDS: u32 = 60;
/// The shortest and longest wait a profile may set: the warning alone takes 10 s,
/// and a kiosk left for longer than 10 minutes shows the next person too much.
pub const IDLE_SECONDS: std::ops::RangeInclusive<u32> = 20..=600;

fn default_idle_seconds() -> u32 {
    DEFAULT_IDLE_SECONDS
}

fn idle_seconds<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let seconds = u32::deserialize(d)?;
    if !IDLE_SECONDS.contains(&seconds) {
        return Err(serde::de::Error::custom(format!(
            "idle_seconds must be from {} to {}, not {seconds}",
            IDLE_SECONDS.start(),
            IDLE_SECONDS.end()
        )));
    }
    Ok(seconds)
}

/// A licence, by its short name and where its text is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    pub name: String,
    pub url: String,
}

/// Creative Commons Attribution 4.0.
impl Default for Licence {
    fn default() -> Licence {
        Licence {
            name: "CC BY 4.0".into(),
            url: "https://creativecommons.org/licenses/by/4.0/".into(),
        }
    }
}

/// A text in each of Glas's languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub bg: String,
    pub en: String,
    pub tr: String,
}

impl Localized {
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::Bg => &self.bg,
            Locale::En => &self.en,
            Locale::Tr => &self.tr,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    pub address: Localized,
    /// General information line.
    pub phone: String,
    /// The line for complaints, signals and proposals.
    pub feedback_phone: String,
    /// The corruption line (the Charter keeps one apart).
    pub corruption_phone: String,
    pub email: String,
    pub website: String,
}

/// One accepted kind. A kind the profile leaves out is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct KindRule {
    /// How soon an answer is owed (`"7d"`, `"2m"`); none for praise and comments.
    #[serde(default)]
    #[cfg_attr(feature = "server", schema(value_type = Option<String>, pattern = "^[0-9]+[dm]$"))]
    pub answer_within: Option<Term>,
    /// How soon, when staff mark that an inspection is needed (the Charter, rule 3:
    /// a complaint's 7 days become the Administrative Procedure Code's term).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "server", schema(value_type = Option<String>, pattern = "^[0-9]+[dm]$"))]
    pub with_inspection: Option<Term>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, try_from = "KindsTable")]
pub struct Kinds {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complaint: Option<KindRule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signal: Option<KindRule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposal: Option<KindRule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub praise: Option<KindRule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<KindRule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corruption: Option<KindRule>,
}

/// `Kinds` as written, before the check that at least one kind is accepted.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindsTable {
    complaint: Option<KindRule>,
    signal: Option<KindRule>,
    proposal: Option<KindRule>,
    praise: Option<KindRule>,
    comment: Option<KindRule>,
    corruption: Option<KindRule>,
}

impl TryFrom<KindsTable> for Kinds {
    type Error = String;

    fn try_from(t: KindsTable) -> Result<Self, Self::Error> {
        let kinds = Kinds {
            complaint: t.complaint,
            signal: t.signal,
            proposal: t.proposal,
            praise: t.praise,
            comment: t.comment,
            corruption: t.corruption,
        };
        if kinds.accepted().next().is_none() {
            return Err("a profile must accept at least one kind of feedback".into());
        }
        Ok(kinds)
    }
}

impl Kinds {
    pub fn rule(&self, kind: Kind) -> Option<KindRule> {
        match kind {
            Kind::Complaint => self.complaint,
            Kind::Signal => self.signal,
            Kind::Proposal => self.proposal,
            Kind::Praise => self.praise,
            Kind::Comment => self.comment,
            Kind::Corruption => self.corruption,
        }
    }

    /// The accepted kinds, in the Charter's order.
    pub fn accepted(&self) -> impl Iterator<Item = Kind> + '_ {
        Kind::ALL
            .iter()
            .copied()
            .filter(|k| self.rule(*k).is_some())
    }
}

/// Days off and working days the government declares beyond the Labour Code's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CalendarExtras {
    #[serde(default, with = "iso_dates")]
    #[cfg_attr(feature = "server", schema(value_type = Vec<String>))]
    pub extra_days_off: Vec<Date>,
    #[serde(default, with = "iso_dates")]
    #[cfg_attr(feature = "server", schema(value_type = Vec<String>))]
    pub extra_working_days: Vec<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Unit {
    #[cfg_attr(feature = "server", schema(value_type = String, pattern = "^[a-z0-9-]{1,64}$"))]
    pub id: UnitId,
    pub name: Localized,
    pub address: Localized,
}

/// A web origin such as `https://www.haskovo.bg`: scheme, host and optional port, nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Origin(String);

impl TryFrom<String> for Origin {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"));
        let valid = rest.is_some_and(|host| {
            !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        });
        if valid {
            Ok(Origin(s))
        } else {
            Err(format!(
                "{s:?} is not an origin like \"https://www.example.bg\" (scheme and host, no path)"
            ))
        }
    }
}

impl From<Origin> for String {
    fn from(o: Origin) -> String {
        o.0
    }
}

impl AsRef<str> for Origin {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

fn unique_units<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Unit>, D::Error> {
    let units = Vec::<Unit>::deserialize(d)?;
    for (i, unit) in units.iter().enumerate() {
        if units[..i].iter().any(|u| u.id == unit.id) {
            return Err(serde::de::Error::custom(format!(
                "the unit id {:?} is used twice",
                unit.id.as_ref()
            )));
        }
    }
    Ok(units)
}

mod iso_dates {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(dates: &[Date], s: S) -> Result<S::Ok, S::Error> {
        let strings: Vec<String> = dates.iter().map(|d| crate::day::format(*d)).collect();
        strings.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Date>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|s| {
                crate::day::parse(s).ok_or_else(|| {
                    serde::de::Error::custom(format!("{s:?} is not a date like \"2026-12-31\""))
                })
            })
            .collect()
    }
}

impl Profile {
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id.as_ref() == id)
    }

    /// How soon `kind` is answered; `None` when no answer is owed or the kind is not accepted.
    pub fn answer_within(&self, kind: Kind) -> Option<Term> {
        self.kinds.rule(kind).and_then(|r| r.answer_within)
    }

    /// Working days and days off in this municipality.
    pub fn calendar(&self) -> Calendar {
        Calendar::new(
            self.calendar.extra_days_off.clone(),
            self.calendar.extra_working_days.clone(),
        )
    }

    /// The day an answer is due for `kind` received on `received` (a date in Europe/Sofia).
    pub fn due_on(&self, kind: Kind, received: Date) -> Option<Date> {
        self.answer_within(kind)
            .map(|term| crate::deadline::due_on(term, received, &self.calendar()))
    }

    /// The day an answer is due once staff have marked that an inspection is
    /// needed: the kind's `with_inspection` term from the same day of receipt, or
    /// the ordinary deadline when the profile gives the kind no longer term.
    pub fn due_on_with_inspection(&self, kind: Kind, received: Date) -> Option<Date> {
        match self.kinds.rule(kind).and_then(|r| r.with_inspection) {
            Some(term) => Some(crate::deadline::due_on(term, received, &self.calendar())),
            None => self.due_on(kind, received),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::*;
    use crate::strategies::any_json;

    /// A small valid profile, as JSON.
    fn profile() -> Value {
        json!({
            "id": "test", "privacy_url": "https://x.example/privacy",
            "personal_data_retention_days": 30,
            "name": {"bg": "Община", "en": "Municipality", "tr": "Belediye"},
            "reception_hours": {"bg": "-", "en": "-", "tr": "-"},
            "contacts": {"address": {"bg": "-", "en": "-", "tr": "-"}, "phone": "1",
                "feedback_phone": "2", "corruption_phone": "3", "email": "a@b.example",
                "website": "https://b.example"},
            "kinds": {"complaint": {"answer_within": "7d", "with_inspection": "1m"}, "praise": {}},
            "calendar": {"extra_days_off": ["2026-12-31"], "extra_working_days": []},
            "allowed_origins": ["https://www.b.example"],
            "units": [{"id": "centre", "name": {"bg": "Ц", "en": "C", "tr": "M"},
                "address": {"bg": "-", "en": "-", "tr": "-"}}],
            "kiosk": {"idle_seconds": 90}
        })
    }

    /// Where a value may be put: every field the profile reads, and a new one.
    const PLACES: &[&str] = &[
        "/id",
        "/name",
        "/name/bg",
        "/contacts",
        "/contacts/email",
        "/privacy_url",
        "/personal_data_retention_days",
        "/kinds",
        "/kinds/complaint",
        "/kinds/complaint/answer_within",
        "/kinds/signal",
        "/kinds/praise",
        "/calendar",
        "/calendar/extra_days_off",
        "/calendar/extra_days_off/0",
        "/allowed_origins",
        "/allowed_origins/0",
        "/units",
        "/units/0",
        "/units/0/id",
        "/units/1",
        "/kiosk",
        "/kiosk/idle_seconds",
        "/extra",
    ];

    const KEYS: &[&str] = &[
        "id",
        "name",
        "bg",
        "en",
        "tr",
        "answer_within",
        "with_inspection",
        "complaint",
        "praise",
        "extra_days_off",
        "idle_seconds",
        "address",
    ];

    /// Values a profile's fields might hold by mistake, and anything at all.
    fn any_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            "[0-9]{0,6}[dmy]?".prop_map(Value::from),
            "[+-]?[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(|d| json!([d])),
            "(https?://)?\\PC{0,20}".prop_map(|o| json!([o])),
            (0u32..1000).prop_map(Value::from),
            any_json(KEYS),
            Just(
                json!({"id": "centre", "name": {"bg": "-", "en": "-", "tr": "-"},
                "address": {"bg": "-", "en": "-", "tr": "-"}})
            ),
            Just(json!({})),
        ]
    }

    /// `profile` with `value` at `place` (its parent's member or item).
    fn with(mut profile: Value, place: &str, value: Value) -> Value {
        let (parent, last) = place.rsplit_once('/').unwrap();
        match profile.pointer_mut(parent) {
            Some(Value::Object(members)) => {
                members.insert(last.to_owned(), value);
            }
            Some(Value::Array(items)) => match last.parse::<usize>() {
                Ok(i) if i < items.len() => items[i] = value,
                _ => items.push(value),
            },
            _ => {}
        }
        profile
    }

    #[test]
    fn the_small_profile_is_valid() {
        let read: Profile = serde_json::from_value(profile()).unwrap();
        assert_eq!(read.kiosk.idle_seconds, 90);
        assert_eq!(
            read.kinds.accepted().collect::<Vec<_>>(),
            [Kind::Complaint, Kind::Praise]
        );
    }

    proptest! {
        #[test]
        fn any_value_anywhere_is_read_or_refused_and_what_is_read_holds_the_rules(
            place in proptest::sample::select(PLACES),
            value in any_value(),
        ) {
            let Ok(read) = serde_json::from_value::<Profile>(with(profile(), place, value)) else {
                return Ok(());
            };
            prop_assert!(read.kinds.accepted().next().is_some());
            for (i, unit) in read.units.iter().enumerate() {
                prop_assert!(read.units[..i].iter().all(|u| u.id != unit.id));
            }
            prop_assert!(IDLE_SECONDS.contains(&read.kiosk.idle_seconds));
            for origin in &read.allowed_origins {
                let host = origin.as_ref().split_once("://").map(|(_, host)| host);
                prop_assert!(host.is_some_and(|h| !h.is_empty() && !h.contains(['/', '?', '#', '@', ' '])), "{:?}", origin);
            }
            // What the widget gets is what the server read.
            let sent = serde_json::to_value(&read).unwrap();
            prop_assert_eq!(serde_json::from_value::<Profile>(sent).unwrap(), read);
        }

        #[test]
        fn an_origin_is_a_scheme_and_a_host_only(
            s in prop_oneof!["(https?|ftp)://[a-z0-9.:\\[\\]/@?#-]{0,30}", "https?://\\PC{0,20}", any::<String>()]
        ) {
            let read = serde_json::from_value::<Origin>(json!(s));
            let host = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
            let plain = host.is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)));
            prop_assert_eq!(read.is_ok(), plain, "{:?}", s);
            if let Ok(origin) = read {
                prop_assert_eq!(serde_json::to_value(&origin).unwrap(), json!(s));
            }
        }

        #[test]
        fn idle_seconds_are_taken_only_from_20_to_600(seconds in prop_oneof![0u64..700, any::<u64>()]) {
            let read = serde_json::from_value::<Profile>(with(profile(), "/kiosk/idle_seconds", json!(seconds)));
            prop_assert_eq!(read.is_ok(), (20..=600).contains(&seconds));
        }

        #[test]
        fn a_unit_id_used_twice_is_refused(id in "[a-z0-9-]{1,12}") {
            let unit = json!({"id": id, "name": {"bg": "-", "en": "-", "tr": "-"},
                "address": {"bg": "-", "en": "-", "tr": "-"}});
            let twice = with(profile(), "/units", json!([unit.clone(), unit]));
            prop_assert!(serde_json::from_value::<Profile>(twice).is_err());
        }
    }
}
