//! Loading the municipality profile: Haskovo's is built in; `GLAS_PROFILE` names another.

use std::path::Path;

use glas_shared::Profile;

/// Haskovo Municipality, from its Client Charter: the profile when none is named.
pub const HASKOVO: &str = include_str!("../../profiles/haskovo.toml");

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("cannot read the municipality profile {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// The TOML error names the line, the column and the field.
    #[error("the municipality profile {path} is not valid:\n{source}")]
    Invalid {
        path: String,
        source: toml::de::Error,
    },
}

/// The profile at `path`, or Haskovo's when there is none.
pub fn load(path: Option<&Path>) -> Result<Profile, ProfileError> {
    match path {
        None => parse(HASKOVO, "(built-in Haskovo profile)"),
        Some(path) => {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Read {
                path: name.clone(),
                source,
            })?;
            parse(&text, &name)
        }
    }
}

pub fn parse(text: &str, name: &str) -> Result<Profile, ProfileError> {
    toml::from_str(text).map_err(|source| ProfileError::Invalid {
        path: name.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use glas_shared::Kind;
    use proptest::prelude::*;

    use super::*;

    const EXAMPLE: &str = include_str!("../../profiles/example.toml");

    #[test]
    fn the_built_in_profile_is_haskovos_charter() {
        let p = load(None).unwrap();
        assert_eq!(p.name.bg, "Община Хасково");
        assert_eq!(p.contacts.feedback_phone, "038/603-320");
        assert_eq!(p.contacts.corruption_phone, "038/603-481");
        assert_eq!(p.contacts.email, "kmet@haskovo.bg");
        assert_eq!(p.kinds.accepted().collect::<Vec<_>>(), Kind::ALL);
        assert_eq!(
            p.answer_within(Kind::Complaint)
                .map(|t| t.to_string())
                .as_deref(),
            Some("7d")
        );
        assert_eq!(p.answer_within(Kind::Praise), None);
    }

    #[test]
    fn the_example_profile_is_valid_and_different() {
        let p = parse(EXAMPLE, "example.toml").unwrap();
        assert_eq!(p.id, "primerno");
        assert!(p.kinds.rule(Kind::Corruption).is_none());
        assert!(p.unit("kmetstvo-sever").is_some());
        assert!(p.unit("centre").is_none());
    }

    fn error(text: &str) -> String {
        parse(text, "bad.toml").unwrap_err().to_string()
    }

    #[test]
    fn a_bad_profile_is_refused_with_its_line_and_field() {
        let missing = error(&HASKOVO.replace("email = \"kmet@haskovo.bg\"\n", ""));
        assert!(missing.contains("missing field `email`"), "{missing}");
        assert!(missing.contains("line"), "{missing}");

        let term = error(&HASKOVO.replace("answer_within = \"7d\"", "answer_within = \"a week\""));
        let line = HASKOVO
            .lines()
            .position(|l| l.contains("answer_within = \"7d\""))
            .unwrap()
            + 1;
        assert!(term.contains(&format!("line {line}")), "{term}");
        assert!(term.contains("answer_within"), "{term}");

        let unit = error(&HASKOVO.replace("id = \"local-taxes\"", "id = \"Local Taxes\""));
        assert!(
            unit.contains("Local Taxes") && unit.contains("line"),
            "{unit}"
        );

        let twice = error(&HASKOVO.replace("id = \"local-taxes\"", "id = \"centre\""));
        assert!(twice.contains("used twice"), "{twice}");

        let typo = error(&HASKOVO.replace("[reception_hours]", "[reception_houres]"));
        assert!(typo.contains("reception_houres"), "{typo}");

        let origin = error(&HASKOVO.replace("\"https://haskovo.bg\"]", "\"haskovo.bg/feedback\"]"));
        assert!(origin.contains("not an origin"), "{origin}");

        let none = error(&HASKOVO.replace("complaint = { answer_within = \"7d\", with_inspection = \"2m\" }\nsignal = { answer_within = \"2m\" }\nproposal = { answer_within = \"2m\" }\npraise = {}\ncomment = {}\ncorruption = { answer_within = \"2m\" }\n", ""));
        assert!(none.contains("at least one kind"), "{none}");

        let hasty = error(&HASKOVO.replace("idle_seconds = 60", "idle_seconds = 5"));
        assert!(
            hasty.contains("idle_seconds must be from 20 to 600, not 5"),
            "{hasty}"
        );
    }

    #[test]
    fn a_kiosk_waits_a_minute_unless_the_profile_says_otherwise() {
        assert_eq!(load(None).unwrap().kiosk.idle_seconds, 60);
        let quiet = parse(
            &HASKOVO.replace("[kiosk]\nidle_seconds = 60\n", ""),
            "haskovo.toml",
        )
        .unwrap();
        assert_eq!(
            quiet.kiosk.idle_seconds,
            glas_shared::profile::DEFAULT_IDLE_SECONDS
        );
        let patient = parse(
            &HASKOVO.replace("idle_seconds = 60", "idle_seconds = 120"),
            "haskovo.toml",
        )
        .unwrap();
        assert_eq!(patient.kiosk.idle_seconds, 120);
    }

    /// Haskovo's profile with line `line` (0-based) replaced: by `value` as the
    /// line's value when it has one, else as the whole line.
    fn with_line(line: usize, value: &str) -> String {
        HASKOVO
            .lines()
            .enumerate()
            .map(|(i, l)| match l.split_once(" = ") {
                _ if i != line => l.to_owned(),
                Some((key, _)) if !value.is_empty() => format!("{key} = {value}"),
                _ => value.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// An operator's slip anywhere in the file (a line gone, a value mistyped)
        /// is read, or refused with the line it is on; what is read is what the
        /// widget then gets.
        #[test]
        fn any_change_to_one_line_is_read_or_refused_naming_a_line(
            line in 0..HASKOVO.lines().count(),
            value in prop_oneof![
                Just(String::new()),
                "\\PC{0,30}",
                "\"[^\"\\\\]{0,16}\"",
                "[0-9]{1,12}",
                "\\[\"[0-9a-z:/.-]{0,20}\"\\]",
                "\\{ ?[a-z_]{1,16} = \"[0-9a-z]{0,4}\" ?\\}",
            ],
        ) {
            match parse(&with_line(line, &value), "changed.toml") {
                Ok(profile) => {
                    let json = serde_json::to_value(&profile).unwrap();
                    let back: Profile = serde_json::from_value(json).unwrap();
                    prop_assert_eq!(back.kinds, profile.kinds);
                    prop_assert_eq!(back.units, profile.units);
                }
                Err(e) => {
                    let e = e.to_string();
                    prop_assert!(e.contains("changed.toml") && e.contains("line"), "{}", e);
                }
            }
        }

        #[test]
        fn any_text_is_read_or_refused(text in any::<String>()) {
            let _ = parse(&text, "any.toml");
        }
    }
}
