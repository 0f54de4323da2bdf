//! The desk's own messages (Bulgarian and English), in Fluent files under
//! `server/locales/desk/`: staff read them, citizens never do, so they do not
//! ship to the widget. A missing message shows as its key; a test keeps the two
//! languages' keys equal.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use glas_shared::Locale;
use glas_shared::i18n::{Arg, catalogue};

const BG: &str = include_str!("../locales/desk/bg.ftl");
const EN: &str = include_str!("../locales/desk/en.ftl");

fn bundle(lang: &str, source: &str) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(source.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("desk catalogue {lang}: {errors:?}"));
    let mut bundle = FluentBundle::new_concurrent(vec![lang.parse().expect("a language tag")]);
    // Plain text in HTML pages: no bidi isolation marks around arguments.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("desk catalogue {lang}: {errors:?}"));
    bundle
}

static BUNDLES: LazyLock<[FluentBundle<FluentResource>; 2]> =
    LazyLock::new(|| [bundle("bg", BG), bundle("en", EN)]);

/// The message `key` in `locale` (English for English, Bulgarian otherwise).
pub fn text(locale: Locale, key: &str) -> String {
    format(locale, key, &[])
}

/// The message `key` in `locale`, with `{ $name }` arguments.
pub fn format(locale: Locale, key: &str, args: &[(&str, &str)]) -> String {
    let bundle = &BUNDLES[usize::from(locale == Locale::En)];
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        // The words staff and citizens share (kinds, statuses, reasons) are the
        // citizens' catalogue's.
        let args: Vec<(&str, Arg<'_>)> = args.iter().map(|(k, v)| (*k, Arg::Str(v))).collect();
        return catalogue().format(locale, key, &args);
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, *value);
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(source: &str) -> Vec<&str> {
        source
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with(' '))
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
            .collect()
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        assert_eq!(keys(BG), keys(EN));
        for key in keys(BG) {
            for locale in [Locale::Bg, Locale::En] {
                assert_ne!(text(locale, key), key, "{key} in {locale:?}");
            }
        }
    }

    #[test]
    fn arguments_are_put_in() {
        assert_eq!(
            format(Locale::En, "desk-signed-in-as", &[("name", "Мария")]),
            "Signed in as Мария"
        );
    }
}
