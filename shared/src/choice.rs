//! The closed sets of values the wire contract allows.

use serde::{Deserialize, Serialize};

use crate::invalid::Problem;

macro_rules! choice {
    ($(#[$meta:meta])* $name:ident, $problem:expr, { $($variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as it travels on the wire and is stored.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            pub fn parse(s: &str) -> Result<Self, Problem> {
                match s { $($wire => Ok($name::$variant),)+ _ => Err($problem) }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

choice!(
    /// What the citizen is telling the municipality (the Charter's kinds).
    Kind, Problem::UnknownKind, {
        Complaint => "complaint",
        Signal => "signal",
        Proposal => "proposal",
        Praise => "praise",
        Comment => "comment",
        Corruption => "corruption",
    }
);

choice!(
    /// How the submission reached the municipality.
    Channel, Problem::UnknownChannel, {
        Web => "web",
        Kiosk => "kiosk",
        Phone => "phone",
        InPerson => "in_person",
    }
);

choice!(
    /// The languages Glas speaks. Bulgarian is the default.
    Locale, Problem::UnknownLocale, {
        Bg => "bg",
        En => "en",
        Tr => "tr",
    }
);

choice!(
    /// Where a registered submission stands.
    Status, Problem::UnknownStatus, {
        Registered => "registered",
        InReview => "in_review",
        Answered => "answered",
        NotExamined => "not_examined",
        Forwarded => "forwarded",
    }
);

choice!(
    /// Why a submission is not examined (the Charter and АПК чл. 111).
    Reason, Problem::UnknownStatus, {
        Anonymous => "anonymous",
        Obscene => "obscene",
        OutsideCompetence => "outside_competence",
        PersonalData => "personal_data",
    }
);

// `choice!` declares the enum, so `#[derive(Default)]` cannot be put on it.
#[allow(clippy::derivable_impls)]
impl Default for Locale {
    fn default() -> Self {
        Locale::Bg
    }
}

impl Locale {
    /// Picks a locale from a BCP 47 tag such as a page's `lang` ("bg-BG", "tr").
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::parse(&primary).ok()
    }

    /// Picks the first supported language of an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .find_map(Locale::from_tag)
    }
}

impl Status {
    /// Whether the case is closed: answered, not examined, or forwarded to another body.
    pub fn is_closed(self) -> bool {
        !matches!(self, Status::Registered | Status::InReview)
    }

    /// The catalogue's key for how a citizen reads this status.
    pub fn message_key(self) -> &'static str {
        use crate::i18n::key;
        match self {
            Status::Registered => key::STATUS_REGISTERED,
            Status::InReview => key::STATUS_IN_REVIEW,
            Status::Answered => key::STATUS_ANSWERED,
            Status::NotExamined => key::STATUS_NOT_EXAMINED,
            Status::Forwarded => key::STATUS_FORWARDED,
        }
    }
}

impl Reason {
    /// The catalogue's key for why a submission is not examined, as a citizen reads it.
    pub fn message_key(self) -> &'static str {
        use crate::i18n::key;
        match self {
            Reason::Anonymous => key::REASON_ANONYMOUS,
            Reason::Obscene => key::REASON_OBSCENE,
            Reason::OutsideCompetence => key::REASON_OUTSIDE_COMPETENCE,
            Reason::PersonalData => key::REASON_PERSONAL_DATA,
        }
    }
}

impl Kind {
    /// The catalogue's key for this kind's name.
    pub fn label_key(self) -> &'static str {
        use crate::i18n::key;
        match self {
            Kind::Complaint => key::KIND_COMPLAINT,
            Kind::Signal => key::KIND_SIGNAL,
            Kind::Proposal => key::KIND_PROPOSAL,
            Kind::Praise => key::KIND_PRAISE,
            Kind::Comment => key::KIND_COMMENT,
            Kind::Corruption => key::KIND_CORRUPTION,
        }
    }

    /// Whether the Charter owes the citizen a written answer for this kind.
    pub fn expects_answer(self) -> bool {
        !matches!(self, Kind::Praise | Kind::Comment)
    }

    /// Whether an anonymous submission of this kind goes unexamined unless it
    /// concerns a threat to health or safety (the Charter; АПК чл. 111, ал. 4).
    pub fn anonymous_needs_health_or_safety(self) -> bool {
        matches!(self, Kind::Complaint | Kind::Signal | Kind::Corruption)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_round_trips_through_its_wire_value() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Ok(*k));
            let json = serde_json::to_string(k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Ok(*c));
        }
        for s in Status::ALL {
            assert_eq!(
                serde_json::to_string(s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
    }

    #[test]
    fn unknown_values_are_refused_with_their_own_code() {
        assert_eq!(Kind::parse("Complaint"), Err(Problem::UnknownKind));
        assert_eq!(Channel::parse("email"), Err(Problem::UnknownChannel));
        assert_eq!(Locale::parse("de"), Err(Problem::UnknownLocale));
    }

    #[test]
    fn locale_follows_language_tags() {
        assert_eq!(Locale::from_tag("bg-BG"), Some(Locale::Bg));
        assert_eq!(Locale::from_tag("EN_gb"), Some(Locale::En));
        assert_eq!(Locale::from_tag("tr"), Some(Locale::Tr));
        assert_eq!(Locale::from_tag("de-DE"), None);
        assert_eq!(
            Locale::from_accept_language("de-DE,de;q=0.9,tr;q=0.8,en;q=0.5"),
            Some(Locale::Tr)
        );
    }

    use proptest::prelude::*;

    /// Every value any choice puts on the wire.
    fn wire_values() -> Vec<&'static str> {
        let mut all: Vec<&str> = Kind::ALL.iter().map(|c| c.as_str()).collect();
        all.extend(Channel::ALL.iter().map(|c| c.as_str()));
        all.extend(Locale::ALL.iter().map(|c| c.as_str()));
        all.extend(Status::ALL.iter().map(|c| c.as_str()));
        all.extend(Reason::ALL.iter().map(|c| c.as_str()));
        all
    }

    /// Wire values, wire values a little wrong, and anything at all.
    fn near_wire_values() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::sample::select(wire_values()).prop_map(str::to_owned),
            (
                proptest::sample::select(wire_values()),
                "\\PC{0,2}",
                any::<bool>()
            )
                .prop_map(|(v, extra, upper)| {
                    let v = if upper {
                        v.to_uppercase()
                    } else {
                        v.to_owned()
                    };
                    format!("{v}{extra}")
                }),
            any::<String>(),
        ]
    }

    /// `parse` takes exactly the wire values, and serde reads what `parse` reads.
    fn parses_like_serde<T>(
        s: &str,
        all: &[T],
        parse: fn(&str) -> Result<T, Problem>,
        as_str: fn(T) -> &'static str,
    ) -> Result<(), TestCaseError>
    where
        T: Copy
            + PartialEq
            + std::fmt::Debug
            + std::fmt::Display
            + serde::Serialize
            + serde::de::DeserializeOwned,
    {
        let parsed = parse(s).ok();
        prop_assert_eq!(parsed, all.iter().copied().find(|c| as_str(*c) == s));
        let read: Option<T> = serde_json::from_value(serde_json::Value::String(s.to_owned())).ok();
        prop_assert_eq!(read, parsed);
        if let Some(c) = parsed {
            prop_assert_eq!(c.to_string(), s);
            prop_assert_eq!(serde_json::to_value(c).unwrap(), serde_json::json!(s));
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn every_choice_takes_exactly_its_wire_values(s in near_wire_values()) {
            parses_like_serde(&s, Kind::ALL, Kind::parse, Kind::as_str)?;
            parses_like_serde(&s, Channel::ALL, Channel::parse, Channel::as_str)?;
            parses_like_serde(&s, Locale::ALL, Locale::parse, Locale::as_str)?;
            parses_like_serde(&s, Status::ALL, Status::parse, Status::as_str)?;
            parses_like_serde(&s, Reason::ALL, Reason::parse, Reason::as_str)?;
        }

        #[test]
        fn a_language_tag_is_read_by_its_primary_subtag_in_any_case(
            locale in proptest::sample::select(Locale::ALL),
            separator in "[-_]",
            rest in "\\PC{0,20}",
            upper in any::<bool>(),
            space in "[ \t]{0,2}",
        ) {
            let primary = if upper { locale.as_str().to_uppercase() } else { locale.as_str().to_owned() };
            let tag = format!("{space}{primary}{separator}{rest}");
            prop_assert_eq!(Locale::from_tag(&tag), Some(locale), "{:?}", tag);
        }

        #[test]
        fn accept_language_picks_the_first_language_glas_speaks(
            before in proptest::collection::vec("(de|fr|ru|\\*|x-[a-z]{1,8}|b|bgr|english)(-[A-Za-z]{2})?(;q=0\\.[0-9])?", 0..6),
            locale in proptest::sample::select(Locale::ALL),
            after in proptest::collection::vec("\\PC{0,12}", 0..4),
        ) {
            let mut parts = before.clone();
            parts.push(format!("{}-XX;q=0.1", locale.as_str()));
            parts.extend(after);
            let header = parts.join(", ");
            prop_assert_eq!(Locale::from_accept_language(&header), Some(locale), "{:?}", header);
            prop_assert_eq!(Locale::from_accept_language(&before.join(",")), None);
        }

        #[test]
        fn reading_any_accept_language_never_panics(header in prop_oneof![
            4 => any::<String>(),
            1 => "\\PC{0,2000}",
            4 => "([a-zA-Z*;=.0-9_-]{0,12},? ?){0,50}",
        ]) {
            if let Some(locale) = Locale::from_accept_language(&header) {
                // What it found is one of the header's own tags.
                prop_assert!(header.split(',').any(|part| Locale::from_tag(part.split(';').next().unwrap()) == Some(locale)));
            }
        }
    }
}
