//! Passwords that are long enough and still guessed first: the most common ones
//! (the list Django ships, `server/data/README.md`), the same with digits or
//! punctuation around them, one piece repeated or a run of the keyboard's order,
//! and passwords made of what an attacker knows about the account — its e-mail
//! address, its owner's name, the municipality's name, "Glas". NIST SP 800-63B
//! (5.1.1.2) asks for exactly these checks, and for no rules of composition.
//! Everything is compared in lower case.

use std::collections::HashSet;
use std::io::Read;
use std::sync::LazyLock;

use flate2::read::GzDecoder;
use glas_shared::Profile;

/// Why a password of an acceptable length is still refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    /// On the list of common passwords, maybe with digits or punctuation added,
    /// or one piece repeated, or a run like `abcdef…`, `123456…`.
    Common,
    /// Made only of the account's e-mail address or name, the municipality's name
    /// or Glas's (digits between them do not help).
    Personal,
}

/// What a given account's password must not be made of: the words of its e-mail
/// address and name, of the municipality's names and id, and Glas's own name.
#[derive(Debug, Clone)]
pub struct PasswordContext {
    words: HashSet<String>,
}

/// Words no Glas password may be made of, whatever the account.
const ALWAYS: [&str; 2] = ["glas", "глас"];

impl PasswordContext {
    /// For the account `email`, `name`, in the municipality of `profile`.
    pub fn new(email: &str, name: &str, profile: &Profile) -> PasswordContext {
        let mut context = PasswordContext::default();
        for text in [
            email,
            name,
            &profile.id,
            &profile.name.bg,
            &profile.name.en,
            &profile.name.tr,
        ] {
            context.add(text);
        }
        context
    }

    /// Adds the words of `text`: each run of letters and digits, and each run of
    /// letters within it (`ivan1985@abv.bg` gives `ivan1985`, `ivan`, `abv`, `bg`).
    fn add(&mut self, text: &str) {
        let lower = text.to_lowercase();
        for run in lower.split(|c: char| !c.is_alphanumeric()) {
            self.insert(run);
            for letters in run.split(|c: char| !c.is_alphabetic()) {
                self.insert(letters);
            }
        }
    }

    fn insert(&mut self, word: &str) {
        // One letter would make almost anything "made of" the words.
        if word.chars().count() >= 2 {
            self.words.insert(word.to_owned());
        }
    }

    /// Whether `s` is one or more of the words, one after another (any order,
    /// any repeats).
    fn made_of_words(&self, s: &str) -> bool {
        // reachable[i]: the first i bytes are made of words.
        let mut reachable = vec![false; s.len() + 1];
        reachable[0] = true;
        for start in 0..s.len() {
            if !reachable[start] || !s.is_char_boundary(start) {
                continue;
            }
            for word in &self.words {
                if s[start..].starts_with(word.as_str()) {
                    reachable[start + word.len()] = true;
                }
            }
        }
        !s.is_empty() && reachable[s.len()]
    }
}

impl Default for PasswordContext {
    /// Glas's own name only (no account, no municipality).
    fn default() -> PasswordContext {
        PasswordContext {
            words: ALWAYS.iter().map(|w| (*w).to_owned()).collect(),
        }
    }
}

/// The list, inflated on first use (19,640 lower-case passwords).
static COMMON: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut text = String::new();
    GzDecoder::new(&include_bytes!("../../data/common-passwords.txt.gz")[..])
        .read_to_string(&mut text)
        .expect("the compiled-in list of common passwords inflates as UTF-8");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
});

/// What is wrong with `password` beyond its length, if anything.
pub fn weakness(password: &str, context: &PasswordContext) -> Option<Weakness> {
    let lower = password.to_lowercase();
    // Spaces and punctuation taken out: `i love you!` is `iloveyou`.
    let squeezed: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    // And digits around it: `Sunshine-2026` is `sunshine`.
    let core = squeezed.trim_matches(|c: char| c.is_ascii_digit());
    let common = |s: &str| !s.is_empty() && COMMON.contains(s);
    if common(&lower) || common(&squeezed) || common(core) {
        return Some(Weakness::Common);
    }
    if repeated(&squeezed) || run(&squeezed) || squeezed.is_empty() {
        return Some(Weakness::Common);
    }
    // Digits anywhere do not hide the words: `Ivan1985Ivanov` is `ivanivanov`.
    let letters: String = squeezed.chars().filter(|c| c.is_alphabetic()).collect();
    if context.made_of_words(&squeezed) || context.made_of_words(&letters) {
        return Some(Weakness::Personal);
    }
    None
}

/// One piece of at most four characters, repeated: `aaaa…`, `abab…`, `123123…`.
fn repeated(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    (1..=4.min(chars.len() / 2)).any(|n| chars.iter().skip(n).zip(&chars).all(|(a, b)| a == b))
}

/// Characters each one after (or each one before) the last: `abcdef…`,
/// `987654…`, and `1234567890…` (0 after 9).
fn run(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 2 {
        return false;
    }
    let next = |a: char, b: char| a == '9' && b == '0' || b as u32 == a as u32 + 1;
    let up = chars.windows(2).all(|w| next(w[0], w[1]));
    let down = chars.windows(2).all(|w| next(w[1], w[0]));
    up || down
}

#[cfg(test)]
mod tests {
    use super::*;

    fn haskovo() -> Profile {
        crate::profile::load(None).unwrap()
    }

    #[test]
    fn the_list_is_the_whole_of_djangos() {
        assert_eq!(COMMON.len(), 19_640);
        assert!(COMMON.contains("iloveyou"));
        assert!(COMMON.contains("q1w2e3r4t5y6"));
    }

    #[test]
    fn common_passwords_are_refused_in_any_case_and_dressed_up() {
        let none = PasswordContext::default();
        for common in [
            "q1w2e3r4t5y6",
            "QWERTY123456",
            "1qaz2wsx3edc",
            "Sunshine-2026!",
            "2026 iloveyou !!",
            "I love you 1234",
            "superman12345",
            "aaaaaaaaaaaa",
            "abcabcabcabc",
            "123123123123",
            "abcdefghijklmn",
            "1234567890123",
            "9876543210987",
            "!!!!!!!!!!!!!!",
        ] {
            assert_eq!(weakness(common, &none), Some(Weakness::Common), "{common}");
        }
    }

    #[test]
    fn passwords_made_of_the_account_or_the_municipality_are_refused() {
        let context = PasswordContext::new("ivan.ivanov1985@abv.bg", "Иван Иванов", &haskovo());
        for personal in [
            "ivan.ivanov1985@abv.bg",
            "IvanIvanov2026",
            "ivanov1985ivan",
            "Ivan-2026-Ivanov",
            "Иван Иванов 2026",
            "Haskovo2026!!",
            "Хасково-Хасково",
            "glas-haskovo",
            "Глас Хасково 1",
            "municipality-haskovo",
        ] {
            assert_eq!(
                weakness(personal, &context),
                Some(Weakness::Personal),
                "{personal}"
            );
        }
    }

    #[test]
    fn ordinary_passphrases_and_random_passwords_pass() {
        let context = PasswordContext::new("clerk@haskovo.bg", "Мария Петрова", &haskovo());
        for fine in [
            "correct horse battery",
            "e2e-Хасково-служител-2026",
            "a new and long passphrase",
            "9f8e7d6c5b4a3",
            "Мария обича морето 2026",
            "haskovo has a fine fortress",
            "4815-1623-4208",
        ] {
            assert_eq!(weakness(fine, &context), None, "{fine}");
        }
    }
}
