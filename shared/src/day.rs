//! A day written `YYYY-MM-DD`, as the wire and the profile write it.
//!
//! Equivalent to `time`'s `[year]-[month]-[day]` (the tests compare the two), but
//! without its general format-description interpreter, which is a sizeable part of
//! the widget's download for this one fixed shape.

use time::{Date, Month};

/// The day `s` names, if it is exactly `[+-]YYYY-MM-DD` and exists.
pub fn parse(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let (negative, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0i32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + i32::from(d - b'0'))
        })
    };
    let year = number(&b[..4])?;
    let month = Month::try_from(u8::try_from(number(&b[5..7])?).ok()?).ok()?;
    let day = u8::try_from(number(&b[8..])?).ok()?;
    Date::from_calendar_date(if negative { -year } else { year }, month, day).ok()
}

/// `date` as `YYYY-MM-DD` (a year before 1 BC gets a minus sign).
pub fn format(date: Date) -> String {
    let year = date.year();
    let mut out = String::with_capacity(11);
    if year < 0 {
        out.push('-');
    }
    push_digits(&mut out, year.unsigned_abs(), 4);
    out.push('-');
    push_digits(&mut out, u32::from(u8::from(date.month())), 2);
    out.push('-');
    push_digits(&mut out, u32::from(date.day()), 2);
    out
}

fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
    }
}

/// `#[serde(with = "crate::day::option")]` for an `Option<Date>`.
pub mod option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        date.map(super::format).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|s| {
                super::parse(&s).ok_or_else(|| {
                    serde::de::Error::invalid_value(
                        serde::de::Unexpected::Str(&s),
                        &"a YYYY-MM-DD date",
                    )
                })
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::format_description;

    const FORMAT: &[time::format_description::BorrowedFormatItem<'_>] =
        format_description!("[year]-[month]-[day]");

    #[test]
    fn reads_and_writes_a_day() {
        let day = time::macros::date!(2026 - 12 - 01);
        assert_eq!(parse("2026-12-01"), Some(day));
        assert_eq!(format(day), "2026-12-01");
        assert_eq!(parse("2026-02-30"), None);
        assert_eq!(parse("2026-12-1"), None);
        assert_eq!(parse("2026-12-01 "), None);
    }

    proptest! {
        #[test]
        fn parses_like_time(s in r"[+-]?[0-9]{3,5}-[0-9]{1,3}-[0-9]{1,3}|.{0,12}") {
            prop_assert_eq!(parse(&s), Date::parse(&s, FORMAT).ok(), "{:?}", s);
        }

        #[test]
        fn reading_any_text_never_panics_and_reads_only_what_it_writes(
            s in prop_oneof![any::<String>(), "\\PC{0,200}", "[+-]?[0-9٠-٩]{4}.[0-9]{2}.[0-9]{2}"]
        ) {
            if let Some(date) = parse(&s) {
                // Only `YYYY-MM-DD` with ASCII digits is read (a sign aside: "+2026"
                // and "-0000" are spellings of years too).
                let written = format(date);
                prop_assert_eq!(written.trim_start_matches(['+', '-']), s.trim_start_matches(['+', '-']));
                prop_assert_eq!(parse(&written), Some(date));
            }
        }

        #[test]
        fn optional_days_round_trip_through_json(
            julian in proptest::option::of(Date::MIN.to_julian_day()..=Date::MAX.to_julian_day()),
            other in "\\PC{0,12}",
        ) {
            #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
            struct Due(#[serde(with = "super::option")] Option<Date>);
            let due = Due(julian.map(|j| Date::from_julian_day(j).unwrap()));
            let json = serde_json::to_value(&due).unwrap();
            prop_assert_eq!(serde_json::from_value::<Due>(json).unwrap(), due);
            // Any other string is read as its day, or refused.
            let read = serde_json::from_value::<Due>(serde_json::json!(other));
            prop_assert_eq!(read.ok(), parse(&other).map(|d| Due(Some(d))));
        }

        #[test]
        fn formats_like_time(julian in Date::MIN.to_julian_day()..=Date::MAX.to_julian_day()) {
            let date = Date::from_julian_day(julian).unwrap();
            prop_assert_eq!(format(date), date.format(FORMAT).unwrap());
            prop_assert_eq!(parse(&format(date)), Some(date));
        }
    }
}
