//! The desk's words: the shared crate's server-only `desk` catalogue
//! (`shared/locales/desk/{bg,en}.ftl`, compiled only with its `server` feature, so
//! not one desk string reaches the widget's download). A key it lacks comes from
//! the citizens' catalogue, which holds the words both share (kinds, statuses,
//! reasons).

use glas_shared::Locale;
use glas_shared::i18n::{Arg, catalogue, desk};

/// The message `key` in `locale`.
pub fn text(locale: Locale, key: &str) -> String {
    format(locale, key, &[])
}

/// The message `key` in `locale`, with `{ $name }` arguments.
pub fn format(locale: Locale, key: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, Arg<'_>)> = args.iter().map(|(k, v)| (*k, Arg::Str(v))).collect();
    if desk().has(locale, key) || desk().has(Locale::Bg, key) {
        desk().format(locale, key, &args)
    } else {
        catalogue().format(locale, key, &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_put_in_and_shared_words_come_from_the_citizens_catalogue() {
        assert_eq!(
            format(Locale::En, "desk-signed-in-as", &[("name", "Мария")]),
            "Signed in as Мария"
        );
        assert_eq!(text(Locale::Bg, "kind-complaint"), "Жалба");
        assert_eq!(text(Locale::En, "channel-phone"), "Phone");
    }
}
