//! The message catalogues, written in Fluent (Project Fluent's `.ftl` files under
//! `shared/locales/<audience>/`), one per audience:
//!
//! - [`catalogue()`], `locales/citizen/` (bg, en, tr): what the widget shows, and the
//!   server's API errors. The widget and the server both read it, so a citizen sees
//!   the same words before sending and in the server's answer.
//! - [`pages()`], `locales/pages/` (bg, en, tr): the pages the server renders for
//!   citizens (the tracking page).
//! - [`desk()`], `locales/desk/` (bg, en): the staff desk.
//! - [`kiosk()`], `locales/kiosk/` (bg, en, tr): what only the kiosk's screen says
//!   (the rating, the countdown, enrolment).
//!
//! The pages' and the desk's exist only with the `server` feature, which only
//! `glas-server` turns on, and the kiosk's only with the `kiosk` feature, which only
//! the kiosk's bundle turns on: every word in the widget's Wasm is a word the citizen
//! may read there, and `cargo xtask widget` checks that no other key is in it. A key belongs to one
//! catalogue (`build.rs` stops at a key two of them define).
//!
//! `build.rs` parses the sources with Fluent's own parser and compiles them into
//! static tables; what remains to do at run time is to put the arguments in and
//! pick a plural form. The tests check every message, in every language, against
//! `fluent-bundle`.

use crate::choice::Locale;

/// A compiled pattern's parts.
#[derive(Debug)]
pub(crate) enum Piece {
    Text(&'static str),
    /// `{ $name }`.
    Var(&'static str),
    /// `{ $var -> [key] … *[other] … }`: keys are plural categories or exact values.
    Select {
        var: &'static str,
        variants: &'static [(&'static str, &'static [Piece])],
        default: usize,
    },
}

include!(concat!(env!("OUT_DIR"), "/citizen.rs"));
#[cfg(any(feature = "server", test))]
include!(concat!(env!("OUT_DIR"), "/pages.rs"));
#[cfg(any(feature = "server", test))]
include!(concat!(env!("OUT_DIR"), "/desk.rs"));
#[cfg(any(feature = "kiosk", test))]
include!(concat!(env!("OUT_DIR"), "/kiosk.rs"));

/// A value for a `{ $placeable }` in a message.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Number(usize),
    Str(&'a str),
}

/// One audience's messages (compiled in; nothing to load).
#[derive(Debug)]
pub struct Catalogue {
    /// The languages, in the order of `patterns`' columns; the first is the fallback.
    locales: &'static [&'static str],
    /// Sorted, for binary search.
    keys: &'static [&'static str],
    /// Row by row, one row per key and one column per language.
    patterns: &'static [Option<&'static [Piece]>],
}

/// The citizen's messages: the widget's words and the API's errors.
pub fn catalogue() -> &'static Catalogue {
    &CITIZEN
}

/// The pages the server renders for citizens (the tracking page).
#[cfg(any(feature = "server", test))]
pub fn pages() -> &'static Catalogue {
    &PAGES
}

/// The staff desk's messages, in Bulgarian and English.
#[cfg(any(feature = "server", test))]
pub fn desk() -> &'static Catalogue {
    &DESK
}

/// What only the kiosk's screen says.
#[cfg(any(feature = "kiosk", test))]
pub fn kiosk() -> &'static Catalogue {
    &KIOSK
}

impl Catalogue {
    fn column(&self, locale: Locale) -> Option<usize> {
        self.locales.iter().position(|l| *l == locale.as_str())
    }

    fn pattern(&self, column: usize, key: &str) -> Option<&'static [Piece]> {
        let row = self.keys.binary_search(&key).ok()?;
        self.patterns[row * self.locales.len() + column]
    }

    /// The languages this catalogue is written in.
    pub fn locales(&self) -> impl Iterator<Item = Locale> {
        Locale::ALL
            .iter()
            .copied()
            .filter(|locale| self.locales.contains(&locale.as_str()))
    }

    /// Whether `key` has a message in `locale`.
    pub fn has(&self, locale: Locale, key: &str) -> bool {
        self.column(locale)
            .and_then(|column| self.pattern(column, key))
            .is_some()
    }

    /// The message `key` in `locale`, without arguments.
    pub fn text(&self, locale: Locale, key: &str) -> String {
        self.format(locale, key, &[])
    }

    /// The message `key` in `locale`. A missing key shows as the key itself, so a
    /// gap is visible rather than silent; the catalogue test keeps that from shipping.
    /// A missing argument shows as `{$name}`, as Fluent shows it. A language the
    /// catalogue is not written in (Turkish at the desk) reads its first, Bulgarian.
    pub fn format(&self, locale: Locale, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let Some(pattern) = self.pattern(self.column(locale).unwrap_or(0), key) else {
            return key.to_owned();
        };
        let mut out = String::new();
        write_pattern(&mut out, pattern, args);
        out
    }
}

fn write_pattern(out: &mut String, pattern: &[Piece], args: &[(&str, Arg<'_>)]) {
    let arg = |var: &str| args.iter().find(|(name, _)| *name == var).map(|(_, a)| *a);
    for piece in pattern {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Var(var) => match arg(var) {
                Some(Arg::Str(s)) => out.push_str(s),
                Some(Arg::Number(n)) => out.push_str(&n.to_string()),
                None => {
                    out.push_str("{$");
                    out.push_str(var);
                    out.push('}');
                }
            },
            Piece::Select {
                var,
                variants,
                default,
            } => {
                let position = |matches: &dyn Fn(&str) -> bool| {
                    variants.iter().position(|(key, _)| matches(key))
                };
                // As Fluent does: an exact value first, then the plural category.
                let chosen = match arg(var) {
                    Some(Arg::Str(s)) => position(&|key| key == s),
                    Some(Arg::Number(n)) => position(&|key| key.parse() == Ok(n))
                        .or_else(|| position(&|key| key == plural_category(n))),
                    None => None,
                };
                write_pattern(out, variants[chosen.unwrap_or(*default)].1, args);
            }
        }
    }
}

/// The CLDR plural category of a whole number. Bulgarian, English and Turkish
/// share the rule for integers: `one` for 1, `other` for every other; a test
/// holds this to CLDR's data for every language of the catalogue.
fn plural_category(n: usize) -> &'static str {
    if n == 1 { "one" } else { "other" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invalid::ALL_PROBLEMS;
    use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

    /// Every catalogue, by its directory under `locales/`.
    fn catalogues() -> [(&'static str, &'static Catalogue); 4] {
        [
            ("citizen", catalogue()),
            ("pages", pages()),
            ("desk", desk()),
            ("kiosk", kiosk()),
        ]
    }

    fn source(name: &str, locale: Locale) -> &'static str {
        match (name, locale) {
            ("citizen", Locale::Bg) => include_str!("../locales/citizen/bg.ftl"),
            ("citizen", Locale::En) => include_str!("../locales/citizen/en.ftl"),
            ("citizen", Locale::Tr) => include_str!("../locales/citizen/tr.ftl"),
            ("pages", Locale::Bg) => include_str!("../locales/pages/bg.ftl"),
            ("pages", Locale::En) => include_str!("../locales/pages/en.ftl"),
            ("pages", Locale::Tr) => include_str!("../locales/pages/tr.ftl"),
            ("desk", Locale::Bg) => include_str!("../locales/desk/bg.ftl"),
            ("desk", Locale::En) => include_str!("../locales/desk/en.ftl"),
            ("kiosk", Locale::Bg) => include_str!("../locales/kiosk/bg.ftl"),
            ("kiosk", Locale::En) => include_str!("../locales/kiosk/en.ftl"),
            ("kiosk", Locale::Tr) => include_str!("../locales/kiosk/tr.ftl"),
            _ => panic!("no source for {name}/{locale}.ftl here: add it"),
        }
    }

    /// `fluent-bundle`, the reference implementation, over the same source.
    fn reference_bundle(name: &str, locale: Locale) -> FluentBundle<FluentResource> {
        let resource = FluentResource::try_new(source(name, locale).to_owned()).unwrap_or_else(
            |(_, errors)| panic!("{name}/{locale}.ftl has syntax errors: {errors:?}"),
        );
        let mut bundle = FluentBundle::new(vec![locale.as_str().parse().unwrap()]);
        bundle.set_use_isolating(false);
        bundle.add_resource(resource).unwrap();
        bundle
    }

    /// The message ids defined in the catalogue `name`'s source for `locale`.
    fn keys(name: &str, locale: Locale) -> Vec<String> {
        let resource = fluent_syntax::parser::parse(source(name, locale)).expect("parses");
        resource
            .body
            .iter()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_compiled_tables_follow_the_locales() {
        for (name, c) in catalogues() {
            assert!(
                c.locales.iter().all(|l| Locale::parse(l).is_ok()),
                "{name}: {:?}",
                c.locales
            );
            assert_eq!(c.locales[0], "bg", "{name}: Bulgarian first, the fallback");
            assert!(c.keys.windows(2).all(|w| w[0] < w[1]), "{name}: sorted");
            assert_eq!(c.patterns.len(), c.keys.len() * c.locales.len(), "{name}");
        }
        // Citizens may read every language the widget offers.
        for (name, c) in [
            ("citizen", catalogue()),
            ("pages", pages()),
            ("kiosk", kiosk()),
        ] {
            assert!(c.locales().eq(Locale::ALL.iter().copied()), "{name}");
        }
        assert!(desk().locales().eq([Locale::Bg, Locale::En]));
    }

    #[test]
    fn every_message_formats_as_fluent_bundle_formats_it() {
        let numbers = [0, 1, 2, 5, 11, 21, 100, 5000];
        let mut checked = 0;
        for (name, c) in catalogues() {
            let mut checked_here = 0;
            for locale in c.locales() {
                let bundle = reference_bundle(name, locale);
                for key in keys(name, locale) {
                    let pattern = bundle.get_message(&key).unwrap().value().unwrap();
                    for n in numbers {
                        let value = format!("v{n}");
                        // Every variable any message uses, as a number and as text.
                        let names = [
                            "count",
                            "max",
                            "min",
                            "term",
                            "phone",
                            "municipality",
                            "period",
                            "email",
                            "unit",
                            "reference",
                            "date",
                            "kind",
                            "received",
                            "name",
                            "position",
                            "by",
                            "due",
                            "link",
                            "id",
                            "password",
                            "overdue",
                            "soon",
                            "quarter",
                            "year",
                            "time",
                            "month",
                            "percent",
                            "threshold",
                            "largest",
                            "seconds",
                        ];
                        for as_number in [true, false] {
                            let ours: Vec<(&str, Arg<'_>)> = names
                                .iter()
                                .map(|name| {
                                    let arg = if as_number
                                        || *name == "count"
                                        || *name == "max"
                                        || *name == "min"
                                    {
                                        Arg::Number(n)
                                    } else {
                                        Arg::Str(&value)
                                    };
                                    (*name, arg)
                                })
                                .collect();
                            let mut theirs = FluentArgs::new();
                            for (name, arg) in &ours {
                                match arg {
                                    Arg::Number(n) => theirs.set(*name, FluentValue::from(*n)),
                                    Arg::Str(s) => theirs.set(*name, FluentValue::from(*s)),
                                }
                            }
                            let mut errors = Vec::new();
                            let expected =
                                bundle.format_pattern(pattern, Some(&theirs), &mut errors);
                            assert!(errors.is_empty(), "{name}/{locale}: {key}: {errors:?}");
                            assert_eq!(
                                c.format(locale, &key, &ours),
                                expected,
                                "{name}/{locale}: {key} with {n}"
                            );
                            checked_here += 1;
                        }
                    }
                }
            }
            assert!(checked_here > 0, "{name}: nothing checked");
            checked += checked_here;
        }
        assert!(checked > 500, "{checked}");
    }

    #[test]
    fn a_missing_argument_shows_as_fluent_shows_it() {
        let bundle = reference_bundle("citizen", Locale::En);
        let pattern = bundle
            .get_message("sent-reference")
            .unwrap()
            .value()
            .unwrap();
        let mut errors = Vec::new();
        let expected = bundle.format_pattern(pattern, None, &mut errors);
        assert_eq!(catalogue().text(Locale::En, "sent-reference"), expected);
    }

    #[test]
    fn plural_categories_follow_cldr_for_every_language() {
        use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
        for locale in Locale::ALL {
            let rules = PluralRules::create(
                locale
                    .as_str()
                    .parse::<unic_langid::LanguageIdentifier>()
                    .unwrap(),
                PluralRuleType::CARDINAL,
            )
            .unwrap();
            for n in 0..=10_000usize {
                let expected = match rules.select(n).unwrap() {
                    PluralCategory::ONE => "one",
                    PluralCategory::OTHER => "other",
                    other => panic!("{locale}: {n} is {other:?}; plural_category needs it"),
                };
                assert_eq!(plural_category(n), expected, "{locale}: {n}");
            }
        }
    }

    #[test]
    fn no_key_is_missing_in_any_language() {
        let mut missing = Vec::new();
        for (name, c) in catalogues() {
            let all: std::collections::BTreeSet<String> =
                c.locales().flat_map(|l| keys(name, l)).collect();
            for locale in c.locales() {
                for key in &all {
                    if !c.has(locale, key) {
                        missing.push(format!("{name}/{locale}: {key}"));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "missing translations: {missing:#?}");
    }

    #[test]
    fn a_language_the_catalogue_is_not_written_in_reads_bulgarian() {
        assert!(!desk().has(Locale::Tr, "desk-title"));
        assert_eq!(
            desk().text(Locale::Tr, "desk-title"),
            desk().text(Locale::Bg, "desk-title")
        );
    }

    #[test]
    fn each_audience_has_its_own_messages() {
        assert!(catalogue().has(Locale::En, "sent-title"));
        assert!(!catalogue().has(Locale::En, "track-title"));
        assert!(!catalogue().has(Locale::En, "desk-title"));
        assert!(pages().has(Locale::Tr, "track-title"));
        assert!(desk().has(Locale::Bg, "desk-title"));
        assert!(!desk().has(Locale::Bg, "sent-title"));
    }

    #[test]
    fn an_unknown_key_shows_as_itself() {
        assert_eq!(
            catalogue().text(Locale::Bg, "no-such-message"),
            "no-such-message"
        );
    }

    #[test]
    fn every_problem_has_a_message_in_every_language() {
        for locale in Locale::ALL {
            for problem in ALL_PROBLEMS {
                let message = problem.message(*locale);
                assert!(
                    !message.starts_with("error-"),
                    "{locale}: no message for {}",
                    problem.code()
                );
            }
        }
    }

    #[test]
    fn messages_take_their_arguments() {
        let message = crate::Problem::TooLong { max: 5000 }.message(Locale::En);
        assert!(message.contains("5000"), "{message}");
        assert_ne!(
            crate::Problem::Required.message(Locale::Bg),
            crate::Problem::Required.message(Locale::En)
        );
    }
}
