//! The one message catalogue, written in Fluent (Project Fluent's `.ftl` files
//! under `shared/locales/`). The widget and the server both read it, so a citizen
//! sees the same words before sending and in the server's answer.
//!
//! `build.rs` parses the sources with Fluent's own parser and compiles them into
//! the static tables below; what remains to do at run time is to put the
//! arguments in and pick a plural form. The tests check every message, in every
//! language, against `fluent-bundle`.

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

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// A value for a `{ $placeable }` in a message.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Number(usize),
    Str(&'a str),
}

#[derive(Debug)]
pub struct Catalogue {
    _private: (),
}

/// The catalogue (compiled in; nothing to load).
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: Catalogue = Catalogue { _private: () };
    &CATALOGUE
}

impl Catalogue {
    fn pattern(&self, locale: Locale, key: &str) -> Option<&'static [Piece]> {
        let column = LOCALES.iter().position(|l| *l == locale.as_str())?;
        let row = MESSAGES.binary_search_by(|(id, _)| (*id).cmp(key)).ok()?;
        MESSAGES[row].1[column]
    }

    /// Whether `key` has a message in `locale`.
    pub fn has(&self, locale: Locale, key: &str) -> bool {
        self.pattern(locale, key).is_some()
    }

    /// The message `key` in `locale`, without arguments.
    pub fn text(&self, locale: Locale, key: &str) -> String {
        self.format(locale, key, &[])
    }

    /// The message `key` in `locale`. A missing key shows as the key itself, so a
    /// gap is visible rather than silent; the catalogue test keeps that from shipping.
    /// A missing argument shows as `{$name}`, as Fluent shows it.
    pub fn format(&self, locale: Locale, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let Some(pattern) = self.pattern(locale, key) else {
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

    fn source(locale: Locale) -> &'static str {
        match locale {
            Locale::Bg => include_str!("../locales/bg.ftl"),
            Locale::En => include_str!("../locales/en.ftl"),
            Locale::Tr => include_str!("../locales/tr.ftl"),
        }
    }

    /// `fluent-bundle`, the reference implementation, over the same source.
    fn reference_bundle(locale: Locale) -> FluentBundle<FluentResource> {
        let resource = FluentResource::try_new(source(locale).to_owned())
            .unwrap_or_else(|(_, errors)| panic!("{locale}.ftl has syntax errors: {errors:?}"));
        let mut bundle = FluentBundle::new(vec![locale.as_str().parse().unwrap()]);
        bundle.set_use_isolating(false);
        bundle.add_resource(resource).unwrap();
        bundle
    }

    /// The message ids defined in `locale`'s source.
    fn keys(locale: Locale) -> Vec<String> {
        let resource = fluent_syntax::parser::parse(source(locale)).expect("parses");
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
        let compiled: Vec<&str> = LOCALES.to_vec();
        let all: Vec<&str> = Locale::ALL.iter().map(|l| l.as_str()).collect();
        assert_eq!(compiled, all, "build.rs and Locale list the same languages");
        assert!(
            MESSAGES.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted for lookup"
        );
    }

    #[test]
    fn every_message_formats_as_fluent_bundle_formats_it() {
        let numbers = [0, 1, 2, 5, 11, 21, 100, 5000];
        let mut checked = 0;
        for locale in Locale::ALL {
            let bundle = reference_bundle(*locale);
            for key in keys(*locale) {
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
                        let expected = bundle.format_pattern(pattern, Some(&theirs), &mut errors);
                        assert!(errors.is_empty(), "{locale}: {key}: {errors:?}");
                        assert_eq!(
                            catalogue().format(*locale, &key, &ours),
                            expected,
                            "{locale}: {key} with {n}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 500, "{checked}");
    }

    #[test]
    fn a_missing_argument_shows_as_fluent_shows_it() {
        let bundle = reference_bundle(Locale::En);
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
        let all: std::collections::BTreeSet<String> =
            Locale::ALL.iter().flat_map(|l| keys(*l)).collect();
        let mut missing = Vec::new();
        for locale in Locale::ALL {
            for key in &all {
                if !catalogue().has(*locale, key) {
                    missing.push(format!("{locale}: {key}"));
                }
            }
        }
        assert!(missing.is_empty(), "missing translations: {missing:#?}");
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
