//! The one message catalogue, in Fluent (Project Fluent's `.ftl` files under
//! `shared/locales/`). The widget and the server both read it, so a citizen sees
//! the same words before sending and in the server's answer.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::choice::Locale;

/// The catalogue's sources, compiled in so that no file is read at run time.
pub const SOURCES: &[(Locale, &str)] = &[
    (Locale::Bg, include_str!("../locales/bg.ftl")),
    (Locale::En, include_str!("../locales/en.ftl")),
    (Locale::Tr, include_str!("../locales/tr.ftl")),
];

/// A value for a `{ $placeable }` in a message.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Number(usize),
    Str(&'a str),
}

pub struct Catalogue {
    bundles: Vec<(Locale, FluentBundle<FluentResource>)>,
}

/// The catalogue, parsed once on first use.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(Catalogue::load)
}

impl Catalogue {
    fn load() -> Catalogue {
        let bundles = SOURCES
            .iter()
            .map(|(locale, source)| {
                // The sources are compiled in and a test parses them (and shows the
                // errors), so a failure here is a bug in this build, not a condition to
                // recover from. The errors' `Debug` is left out of the widget's download.
                let resource = FluentResource::try_new((*source).to_owned())
                    .unwrap_or_else(|_| panic!("{locale}.ftl does not parse"));
                let lang: LanguageIdentifier =
                    locale.as_str().parse().expect("a valid language tag");
                let mut bundle = FluentBundle::new_concurrent(vec![lang]);
                // Plain text: no Unicode isolation marks around placeables.
                bundle.set_use_isolating(false);
                bundle
                    .add_resource(resource)
                    .unwrap_or_else(|_| panic!("{locale}.ftl has a message twice"));
                (*locale, bundle)
            })
            .collect();
        Catalogue { bundles }
    }

    fn bundle(&self, locale: Locale) -> &FluentBundle<FluentResource> {
        &self
            .bundles
            .iter()
            .find(|(l, _)| *l == locale)
            .expect("every locale has a bundle")
            .1
    }

    /// Whether `key` has a message in `locale`.
    pub fn has(&self, locale: Locale, key: &str) -> bool {
        self.bundle(locale).has_message(key)
    }

    /// The message `key` in `locale`, without arguments.
    pub fn text(&self, locale: Locale, key: &str) -> String {
        self.format(locale, key, &[])
    }

    /// The message `key` in `locale`. A missing key shows as the key itself, so a
    /// gap is visible rather than silent; the catalogue test keeps that from shipping.
    pub fn format(&self, locale: Locale, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let bundle = self.bundle(locale);
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
                Arg::Str(s) => fluent_args.set(*name, FluentValue::from(*s)),
            }
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invalid::ALL_PROBLEMS;

    /// The message ids defined in `locale`'s source.
    fn keys(locale: Locale) -> Vec<String> {
        let source = SOURCES.iter().find(|(l, _)| *l == locale).unwrap().1;
        let resource = fluent_syntax::parser::parse(source).expect("parses");
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
    fn every_catalogue_parses_without_errors() {
        for (locale, source) in SOURCES {
            if let Err((_, errors)) = FluentResource::try_new((*source).to_owned()) {
                panic!("{locale}.ftl has syntax errors: {errors:?}");
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
        assert!(
            message.contains("5000") || message.contains("5,000"),
            "{message}"
        );
        assert_ne!(
            crate::Problem::Required.message(Locale::Bg),
            crate::Problem::Required.message(Locale::En)
        );
    }
}
