//! Values that passed their rule. Each has a private field and one way in: `parse`.

use email_address::{EmailAddress, Options};

use crate::invalid::Problem;

/// Whether `c` shows nothing and moves nothing a reader can see: zero-width
/// spaces and joiners, the soft hyphen, word joiners, byte-order marks,
/// variation selectors, tags, Hangul fillers, and the bidirectional marks,
/// embeddings, overrides and isolates, which would reorder what a clerk reads
/// (U+202E turns "txt.exe" into "exe.txt"). Every value is taken without them.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{34F}' | '\u{61C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{E0000}'..='\u{E0FFF}')
}

/// `s` without its invisible characters (see [`is_invisible`]) and trimmed.
fn visible(s: &str) -> String {
    s.chars()
        .filter(|c| !is_invisible(*c))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Whether `s` shows anything: an optional value that does not was not given.
pub fn shows_anything(s: &str) -> bool {
    s.chars().any(|c| !c.is_whitespace() && !is_invisible(c))
}

fn has_control(s: &str, allow_newlines: bool) -> bool {
    s.chars()
        .any(|c| c.is_control() && !(allow_newlines && matches!(c, '\n' | '\r' | '\t')))
}

/// Takes `s` without invisible characters, trimmed, and checks its length in
/// characters and that it holds no control characters.
fn bounded(s: &str, min: usize, max: usize, allow_newlines: bool) -> Result<String, Problem> {
    let trimmed = &visible(s);
    let len = trimmed.chars().count();
    if len == 0 {
        return Err(Problem::Required);
    }
    if len < min {
        return Err(Problem::TooShort { min });
    }
    if len > max {
        return Err(Problem::TooLong { max });
    }
    if has_control(trimmed, allow_newlines) {
        return Err(Problem::ControlCharacters);
    }
    Ok(trimmed.to_owned())
}

macro_rules! text_value {
    ($(#[$meta:meta])* $name:ident, min = $min:expr, max = $max:expr, multiline = $multi:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub const MIN_CHARS: usize = $min;
            pub const MAX_CHARS: usize = $max;

            pub fn parse(s: &str) -> Result<Self, Problem> {
                bounded(s, $min, $max, $multi).map($name)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

text_value!(
    /// What the citizen wrote: trimmed, 5 to 5,000 characters.
    FeedbackText, min = 5, max = 5000, multiline = true
);
text_value!(
    /// A person's name as they give it.
    PersonName, min = 2, max = 200, multiline = false
);
text_value!(
    /// A postal address for a written answer.
    PostalAddress, min = 5, max = 500, multiline = true
);

/// An email address that a mail server would accept: checked by the
/// `email_address` crate against RFC 5322, with a dotted domain and no display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(s: &str) -> Result<Self, Problem> {
        let trimmed = &visible(s);
        if trimmed.is_empty() {
            return Err(Problem::Required);
        }
        if trimmed.len() > Self::MAX_CHARS {
            return Err(Problem::TooLong {
                max: Self::MAX_CHARS,
            });
        }
        let options = Options::default()
            .with_required_tld()
            .without_domain_literal()
            .without_display_text();
        EmailAddress::parse_with_options(trimmed, options)
            .map(|email| Email(email.as_str().to_owned()))
            .map_err(|_| Problem::InvalidEmail)
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A phone number in E.164 (`+359…`). Bulgarian numbers may be written the
/// national way (`0888 123 456`, `038/603-320`) or with `+359`/`00359`; numbers of
/// other countries must start with `+` or `00`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(s: &str) -> Result<Self, Problem> {
        let trimmed = &visible(s);
        if trimmed.is_empty() {
            return Err(Problem::Required);
        }
        let mut digits = String::with_capacity(trimmed.len());
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '(' | ')' | '/' | '.' => {}
                '+' if i == 0 => {}
                _ => return Err(Problem::InvalidPhone),
            }
        }
        let international = if trimmed.starts_with('+') {
            Some(digits.as_str())
        } else {
            digits.strip_prefix("00")
        };
        let national = match international {
            Some(number) => match number.strip_prefix("359") {
                Some(national) => national,
                // Another country's number: E.164 allows up to 15 digits.
                None if (8..=15).contains(&number.len()) && !number.starts_with('0') => {
                    return Ok(Phone(format!("+{number}")));
                }
                None => return Err(Problem::InvalidPhone),
            },
            None => digits.strip_prefix('0').ok_or(Problem::InvalidPhone)?,
        };
        // Bulgarian national significant numbers have 8 (landlines) or 9 (mobiles) digits.
        if (8..=9).contains(&national.len()) && !national.starts_with('0') {
            Ok(Phone(format!("+359{national}")))
        } else {
            Err(Problem::InvalidPhone)
        }
    }
}

impl AsRef<str> for Phone {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A service unit's id from the municipality profile: `a-z`, `0-9` and `-`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitId(String);

impl TryFrom<String> for UnitId {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        UnitId::parse(&s)
            .map_err(|_| format!("{s:?} is not a unit id: use a-z, 0-9 and -, at most 64"))
    }
}

impl From<UnitId> for String {
    fn from(id: UnitId) -> String {
        id.0
    }
}

impl UnitId {
    pub const MAX_CHARS: usize = 64;

    pub fn parse(s: &str) -> Result<Self, Problem> {
        let ok = !s.is_empty()
            && s.len() <= Self::MAX_CHARS
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(UnitId(s.to_owned()))
        } else {
            Err(Problem::InvalidUnit)
        }
    }
}

impl AsRef<str> for UnitId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn feedback_text_is_trimmed_and_bounded() {
        assert_eq!(
            FeedbackText::parse("  Благодаря!  ").unwrap().as_ref(),
            "Благодаря!"
        );
        assert_eq!(FeedbackText::parse(" \n\t "), Err(Problem::Required));
        assert_eq!(
            FeedbackText::parse("Лошо"),
            Err(Problem::TooShort { min: 5 })
        );
        assert_eq!(
            FeedbackText::parse(&"я".repeat(5001)),
            Err(Problem::TooLong { max: 5000 })
        );
        assert!(
            FeedbackText::parse(&"я".repeat(5000)).is_ok(),
            "the limit counts characters, not bytes"
        );
        assert!(FeedbackText::parse("Първи ред\nвтори ред").is_ok());
        assert_eq!(
            FeedbackText::parse("Здравей\u{0}свят"),
            Err(Problem::ControlCharacters)
        );
    }

    #[test]
    fn a_value_of_invisible_characters_is_empty() {
        let zero_width = "\u{200B}\u{200B}";
        assert_eq!(PersonName::parse(zero_width), Err(Problem::Required));
        assert_eq!(
            FeedbackText::parse(&"\u{200B}".repeat(5)),
            Err(Problem::Required)
        );
        assert_eq!(
            FeedbackText::parse("\u{FEFF}\u{00A0}\u{2060}\u{3000}\u{180E}"),
            Err(Problem::Required)
        );
        assert_eq!(Email::parse("\u{200D}\u{200C}"), Err(Problem::Required));
        assert_eq!(Phone::parse("\u{2063}"), Err(Problem::Required));
        assert!(!shows_anything("\u{200B} \u{FE0F}\u{E0041}"));
        assert!(shows_anything("\u{200B}я"));
        // Only what shows counts towards a minimum.
        assert_eq!(
            FeedbackText::parse("Ло\u{200B}\u{200B}\u{200B}шо"),
            Err(Problem::TooShort { min: 5 })
        );
    }

    #[test]
    fn invisible_characters_and_bidirectional_overrides_are_taken_out() {
        assert_eq!(
            PersonName::parse("Иван\u{202E}вортеП").unwrap().as_ref(),
            "ИванвортеП"
        );
        assert_eq!(
            FeedbackText::parse("Файл\u{2067} doc.exe\u{2069} е вирус")
                .unwrap()
                .as_ref(),
            "Файл doc.exe е вирус"
        );
        assert_eq!(
            Email::parse("ivan\u{200B}@example.com").unwrap().as_ref(),
            "ivan@example.com"
        );
        assert_eq!(
            Phone::parse("0888\u{200B}123\u{FEFF}456").unwrap().as_ref(),
            "+359888123456"
        );
    }

    #[test]
    fn names_are_one_line() {
        assert!(PersonName::parse("Иван Петров").is_ok());
        assert_eq!(
            PersonName::parse("Иван\nПетров"),
            Err(Problem::ControlCharacters)
        );
        assert_eq!(PersonName::parse("И"), Err(Problem::TooShort { min: 2 }));
    }

    #[test]
    fn emails_are_checked_properly() {
        for good in [
            "kmet@haskovo.bg",
            "ivan.petrov+glas@mail.example.com",
            "\"quoted name\"@example.org",
        ] {
            assert!(Email::parse(good).is_ok(), "{good} should be accepted");
        }
        for bad in [
            "kmet",
            "kmet@",
            "@haskovo.bg",
            "kmet@haskovo",
            "a b@haskovo.bg",
            "Ivan <ivan@example.com>",
            "ivan@[127.0.0.1]",
            "ivan@@example.com",
        ] {
            assert_eq!(
                Email::parse(bad),
                Err(Problem::InvalidEmail),
                "{bad} should be refused"
            );
        }
        assert_eq!(Email::parse("  "), Err(Problem::Required));
    }

    #[test]
    fn bulgarian_phone_numbers_become_e164() {
        for (given, e164) in [
            ("0888 123 456", "+359888123456"),
            ("+359 88 812 3456", "+359888123456"),
            ("00359888123456", "+359888123456"),
            ("038/603-320", "+35938603320"),
            ("(02) 981 00 00", "+35929810000"),
            ("+90 212 555 12 34", "+902125551234"),
        ] {
            assert_eq!(Phone::parse(given).unwrap().as_ref(), e164, "{given}");
        }
        for bad in [
            "123",
            "0888-12",
            "+359 0888 123 456",
            "phone me",
            "08881234567890",
            "888123456",
        ] {
            assert_eq!(
                Phone::parse(bad),
                Err(Problem::InvalidPhone),
                "{bad} should be refused"
            );
        }
    }

    #[test]
    fn unit_ids_are_slugs() {
        assert!(UnitId::parse("centre-for-citizens-1").is_ok());
        for bad in ["", "Центр", "UPPER", "a b", &"a".repeat(65)] {
            assert_eq!(UnitId::parse(bad), Err(Problem::InvalidUnit), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn parsed_text_is_always_within_its_rule(s in "\\PC{0,60}") {
            if let Ok(text) = FeedbackText::parse(&s) {
                let len = text.as_ref().chars().count();
                prop_assert!((FeedbackText::MIN_CHARS..=FeedbackText::MAX_CHARS).contains(&len));
                prop_assert_eq!(text.as_ref().trim(), text.as_ref());
            }
        }

        #[test]
        fn parsed_values_hold_nothing_invisible(s in "[\\PC\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FEFF}]{0,80}") {
            for parsed in [
                FeedbackText::parse(&s).map(|v| v.0),
                PersonName::parse(&s).map(|v| v.0),
                PostalAddress::parse(&s).map(|v| v.0),
                Email::parse(&s).map(|v| v.0),
            ]
            .into_iter()
            .flatten()
            {
                prop_assert!(!parsed.chars().any(is_invisible), "{parsed:?}");
                prop_assert!(shows_anything(&parsed));
            }
        }

        #[test]
        fn text_parsing_is_idempotent(s in "\\PC{0,80}") {
            if let Ok(text) = FeedbackText::parse(&s) {
                prop_assert_eq!(FeedbackText::parse(text.as_ref()), Ok(text.clone()));
            }
        }

        #[test]
        fn any_national_mobile_number_normalises(n in 870_000_000u32..=899_999_999u32, sep in "[ -]?") {
            let s = n.to_string();
            let written = format!("0{}{}{}", &s[..2], sep, &s[2..]);
            let e164 = format!("+359{s}");
            prop_assert_eq!(Phone::parse(&written).map(|p| p.as_ref().to_owned()), Ok(e164.clone()));
            prop_assert_eq!(Phone::parse(&e164).map(|p| p.as_ref().to_owned()), Ok(e164.clone()));
        }

        #[test]
        fn normalised_phones_parse_to_themselves(s in "[+0-9 ()/.-]{0,20}") {
            if let Ok(phone) = Phone::parse(&s) {
                prop_assert!(phone.as_ref().starts_with('+'));
                prop_assert_eq!(Phone::parse(phone.as_ref()), Ok(phone.clone()));
            }
        }

        #[test]
        fn phone_and_email_parsers_never_panic(s in "\\PC{0,80}") {
            let _ = Phone::parse(&s);
            let _ = Email::parse(&s);
            let _ = UnitId::parse(&s);
        }

        #[test]
        fn unit_ids_are_exactly_the_short_lowercase_slugs(
            s in prop_oneof!["[a-z0-9-]{0,70}", "[a-zA-Z0-9 _-]{0,8}", any::<String>()]
        ) {
            let slug = (1..=UnitId::MAX_CHARS).contains(&s.len())
                && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            match UnitId::parse(&s) {
                Ok(id) => {
                    prop_assert!(slug, "{:?}", s);
                    prop_assert_eq!(id.as_ref(), s.as_str());
                    // The profile reads it through serde the same way.
                    let read: UnitId = serde_json::from_value(serde_json::json!(s)).unwrap();
                    prop_assert_eq!(read, id);
                }
                Err(problem) => {
                    prop_assert!(!slug, "{:?}", s);
                    prop_assert_eq!(problem, Problem::InvalidUnit);
                    prop_assert!(serde_json::from_value::<UnitId>(serde_json::json!(s)).is_err());
                }
            }
        }

        #[test]
        fn long_and_strange_values_never_panic_a_parser(
            s in prop_oneof![
                4 => any::<String>(),
                1 => "\\PC{4990,5010}",
                4 => "[ \t\n\u{200B}\u{202E}\u{FEFF}a-zа-я]{0,300}",
            ]
        ) {
            for parsed in [
                FeedbackText::parse(&s).map(|v| v.0),
                PersonName::parse(&s).map(|v| v.0),
                PostalAddress::parse(&s).map(|v| v.0),
                Email::parse(&s).map(|v| v.0),
                Phone::parse(&s).map(|v| v.0),
            ]
            .into_iter()
            .flatten()
            {
                prop_assert!(!parsed.is_empty());
                prop_assert!(!has_control(&parsed, true));
            }
            if let Ok(text) = FeedbackText::parse(&s) {
                prop_assert!(text.as_ref().chars().count() <= FeedbackText::MAX_CHARS);
                prop_assert_eq!(FeedbackText::parse(text.as_ref()), Ok(text.clone()));
            }
            if let Ok(name) = PersonName::parse(&s) {
                prop_assert_eq!(PersonName::parse(name.as_ref()), Ok(name.clone()));
            }
            if let Ok(address) = PostalAddress::parse(&s) {
                prop_assert_eq!(PostalAddress::parse(address.as_ref()), Ok(address.clone()));
            }
            if let Ok(email) = Email::parse(&s) {
                prop_assert_eq!(Email::parse(email.as_ref()), Ok(email.clone()));
            }
        }

        #[test]
        fn plausible_emails_are_accepted(local in "[a-z][a-z0-9.]{0,20}[a-z0-9]", domain in "[a-z]{2,20}", tld in "[a-z]{2,6}") {
            let s = format!("{local}@{domain}.{tld}");
            if !local.contains("..") {
                prop_assert!(Email::parse(&s).is_ok(), "{} refused", s);
            }
        }
    }
}
