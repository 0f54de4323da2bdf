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

    /// The actions the server's code writes to `audit_log` by name: the fourth
    /// argument of `audit!` and the literal of an `INSERT INTO audit_log`.
    fn audit_actions_in_the_code() -> std::collections::BTreeSet<String> {
        fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, files);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut actions = std::collections::BTreeSet::new();
        for file in files {
            let code = std::fs::read_to_string(&file).unwrap();
            for (at, _) in code.match_indices("audit!(") {
                let args: Vec<&str> = code[at + 7..].splitn(5, ',').collect();
                if let Some(name) = args.get(3).and_then(|a| a.trim().strip_prefix('"')) {
                    actions.insert(name.split('"').next().unwrap().to_owned());
                }
            }
            for (at, _) in code.match_indices("INSERT INTO audit_log") {
                // The statement's own text: up to the string's closing quote.
                let statement = code[at..].split('"').next().unwrap();
                if let Some(values) = statement.split("VALUES").nth(1)
                    && let Some(name) = values.split('\'').nth(1)
                {
                    actions.insert(name.to_owned());
                }
            }
        }
        actions
    }

    #[test]
    fn every_audit_action_the_code_writes_is_named_in_bulgarian_and_english() {
        let actions = audit_actions_in_the_code();
        for expected in [
            "kiosk_added",
            "account_locked",
            "person_erase",
            "stats_rebuild",
        ] {
            assert!(
                actions.contains(expected),
                "the scan finds {expected}: {actions:?}"
            );
        }
        for action in actions {
            let key = format!("audit-action-{action}");
            for locale in [Locale::Bg, Locale::En] {
                assert!(desk().has(locale, &key), "{key} in {locale:?}");
            }
        }
    }
}
