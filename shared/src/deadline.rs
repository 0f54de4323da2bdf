//! When an answer is owed.
//!
//! The Charter: a complaint is answered within 7 days of receipt; signals,
//! proposals and corruption reports are decided within 2 months (АПК чл. 118, 121).
//! The municipality profile names each term. A term counts calendar days or months
//! from the day of receipt, and a deadline whose last day is not a working day moves
//! to the next working day (the [`Calendar`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

use crate::calendar::Calendar;

/// How long an answer may take: "7d" (calendar days) or "2m" (months) in profiles and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Term {
    Days(u16),
    Months(u8),
}

/// A term that is not a number followed by `d` or `m`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a number of days like \"7d\" or months like \"2m\", got {0:?}")]
pub struct InvalidTerm(pub String);

impl FromStr for Term {
    type Err = InvalidTerm;

    fn from_str(s: &str) -> Result<Term, InvalidTerm> {
        // Digits only: `u16::from_str` would also take "+7".
        let digits = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
        let term = match (s.strip_suffix('d'), s.strip_suffix('m')) {
            (Some(days), _) if digits(days) => days.parse().ok().map(Term::Days),
            (_, Some(months)) if digits(months) => months.parse().ok().map(Term::Months),
            _ => None,
        };
        term.ok_or_else(|| InvalidTerm(s.to_owned()))
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Days(days) => write!(f, "{days}d"),
            Term::Months(months) => write!(f, "{months}m"),
        }
    }
}

impl TryFrom<String> for Term {
    type Error = InvalidTerm;

    fn try_from(s: String) -> Result<Term, InvalidTerm> {
        s.parse()
    }
}

impl From<Term> for String {
    fn from(term: Term) -> String {
        term.to_string()
    }
}

/// The day an answer with `term` is due for something received on `received` (a date in Europe/Sofia).
///
/// The term's last day, moved to the next working day when it is not one.
pub fn due_on(term: Term, received: Date, calendar: &Calendar) -> Date {
    let last_day = match term {
        Term::Days(days) => received + Duration::days(i64::from(days)),
        Term::Months(months) => add_months(received, months),
    };
    calendar.next_working_day(last_day)
}

/// The same day `months` later, or that month's last day when it is shorter.
pub fn add_months(date: Date, months: u8) -> Date {
    let zero_based = date.month() as i32 - 1 + i32::from(months);
    let year = date.year() + zero_based / 12;
    let month = Month::try_from((zero_based % 12 + 1) as u8).expect("1..=12");
    let day = date.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).expect("a day that exists")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::strategies::{any_calendar_near, any_date};
    use proptest::prelude::*;
    use time::macros::date;

    const SEVEN_DAYS: Term = Term::Days(7);
    const TWO_MONTHS: Term = Term::Months(2);

    fn due(term: Term, received: Date) -> Date {
        due_on(term, received, &Calendar::default())
    }

    #[test]
    fn a_complaint_on_an_ordinary_tuesday_is_due_the_next_tuesday() {
        // Tue 24 Nov 2026 + 7 = Tue 1 Dec 2026, a working day.
        assert_eq!(
            due(SEVEN_DAYS, date!(2026 - 11 - 24)),
            date!(2026 - 12 - 01)
        );
    }

    #[test]
    fn a_deadline_on_a_weekend_moves_to_monday() {
        // Sat 5 Dec 2026 + 7 = Sat 12 Dec → Mon 14 Dec.
        assert_eq!(
            due(SEVEN_DAYS, date!(2026 - 12 - 05)),
            date!(2026 - 12 - 14)
        );
    }

    #[test]
    fn a_complaint_on_the_friday_before_christmas_2026_is_due_on_the_29th() {
        // Fri 18 Dec + 7 = Fri 25 Dec (Christmas) → Sat 26 (holiday) → Sun 27 →
        // Mon 28 (off for 26 Dec on a Saturday) → Tue 29 Dec.
        assert_eq!(
            due(SEVEN_DAYS, date!(2026 - 12 - 18)),
            date!(2026 - 12 - 29)
        );
    }

    #[test]
    fn a_complaint_on_good_friday_2027_is_due_on_7_may() {
        // Fri 30 Apr 2027 (Good Friday; 1 May Holy Saturday, 2 May Easter, 3 May
        // Easter Monday, 4 May off for 1 May, 6 May St George's Day) + 7 =
        // Fri 7 May, a working day.
        assert_eq!(
            due(SEVEN_DAYS, date!(2027 - 04 - 30)),
            date!(2027 - 05 - 07)
        );
        // 30 Apr + 2 months = Wed 30 Jun 2027, a working day.
        assert_eq!(
            due(TWO_MONTHS, date!(2027 - 04 - 30)),
            date!(2027 - 06 - 30)
        );
    }

    #[test]
    fn a_complaint_on_christmas_eve_is_due_on_new_years_eve() {
        // Thu 24 Dec 2026 + 7 = Thu 31 Dec; the day off for 26 Dec (Mon 28) is
        // before it and 31 Dec is not a holiday.
        assert_eq!(
            due(SEVEN_DAYS, date!(2026 - 12 - 24)),
            date!(2026 - 12 - 31)
        );
        // Fri 24 Dec 2027 + 7 = Fri 31 Dec; the days off for 25 and 26 Dec (Mon 27,
        // Tue 28) are before it.
        assert_eq!(
            due(SEVEN_DAYS, date!(2027 - 12 - 24)),
            date!(2027 - 12 - 31)
        );
    }

    #[test]
    fn a_deadline_on_a_profile_day_off_moves_and_a_working_saturday_holds() {
        // Tue 24 Nov 2026 + 7 = Tue 1 Dec; a declared day off moves it to Wed 2 Dec.
        let calendar = Calendar::new(vec![date!(2026 - 12 - 01)], vec![]);
        assert_eq!(
            due_on(SEVEN_DAYS, date!(2026 - 11 - 24), &calendar),
            date!(2026 - 12 - 02)
        );
        // Sat 5 Dec + 7 = Sat 12 Dec, declared a working day: due that Saturday.
        let calendar = Calendar::new(vec![], vec![date!(2026 - 12 - 12)]);
        assert_eq!(
            due_on(SEVEN_DAYS, date!(2026 - 12 - 05), &calendar),
            date!(2026 - 12 - 12)
        );
    }

    #[test]
    fn months_clamp_to_the_end_of_a_shorter_month() {
        assert_eq!(add_months(date!(2026 - 12 - 31), 2), date!(2027 - 02 - 28));
        assert_eq!(add_months(date!(2027 - 12 - 31), 2), date!(2028 - 02 - 29));
        assert_eq!(add_months(date!(2027 - 11 - 15), 2), date!(2028 - 01 - 15));
        assert_eq!(add_months(date!(2026 - 01 - 31), 0), date!(2026 - 01 - 31));
        assert_eq!(add_months(date!(2026 - 01 - 31), 25), date!(2028 - 02 - 29));
        // Sun 28 Feb 2027 → Mon 1 Mar 2027.
        assert_eq!(
            due(TWO_MONTHS, date!(2026 - 12 - 31)),
            date!(2027 - 03 - 01)
        );
    }

    #[test]
    fn terms_read_and_write_as_in_the_profile() {
        assert_eq!("7d".parse(), Ok(Term::Days(7)));
        assert_eq!("2m".parse(), Ok(Term::Months(2)));
        assert_eq!(Term::Days(7).to_string(), "7d");
        assert_eq!(Term::Months(2).to_string(), "2m");
        assert_eq!(serde_json::to_string(&Term::Days(7)).unwrap(), "\"7d\"");
        assert_eq!(
            serde_json::from_str::<Term>("\"2m\"").unwrap(),
            Term::Months(2)
        );
    }

    #[test]
    fn malformed_terms_are_refused_with_an_example() {
        for bad in [
            "", "d", "m", "7", "7w", "+7d", "-7d", " 7d", "7d ", "7 d", "7D", "7dd", "256m",
            "65536d", "7д", "д",
        ] {
            let error = bad.parse::<Term>().unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("expected a number of days like \"7d\" or months like \"2m\", got {bad:?}")
            );
        }
        let json = serde_json::from_str::<Term>("\"seven days\"").unwrap_err();
        assert!(json.to_string().contains("like \"7d\""), "{json}");
    }

    fn any_term() -> impl Strategy<Value = Term> {
        prop_oneof![
            (0u16..=400).prop_map(Term::Days),
            (0u8..=24).prop_map(Term::Months),
        ]
    }

    fn last_day(term: Term, received: Date) -> Date {
        match term {
            Term::Days(days) => received + Duration::days(i64::from(days)),
            Term::Months(months) => add_months(received, months),
        }
    }

    proptest! {
        #[test]
        fn due_on_is_the_first_working_day_from_the_terms_last_day(
            (received, term, calendar) in (any_date(), any_term()).prop_flat_map(|(received, term)| {
                (Just(received), Just(term), any_calendar_near(last_day(term, received)))
            })
        ) {
            let due = due_on(term, received, &calendar);
            let earliest = last_day(term, received);
            prop_assert!(calendar.is_working_day(due));
            prop_assert!(due >= earliest);
            let mut day = earliest;
            while day < due {
                prop_assert!(!calendar.is_working_day(day), "{day} is a working day before {due}");
                day = day.next_day().unwrap();
            }
        }

        #[test]
        fn add_months_keeps_the_day_or_ends_the_month(date in any_date(), months in 0u8..=255) {
            let later = add_months(date, months);
            let month_count = |d: Date| d.year() * 12 + d.month() as i32;
            prop_assert_eq!(month_count(later) - month_count(date), i32::from(months));
            prop_assert!(
                later.day() == date.day()
                    || (later.day() < date.day() && later.next_day().unwrap().day() == 1)
            );
        }

        #[test]
        fn terms_round_trip_through_their_string_form(term in prop_oneof![
            any::<u16>().prop_map(Term::Days),
            any::<u8>().prop_map(Term::Months),
        ]) {
            prop_assert_eq!(term.to_string().parse::<Term>(), Ok(term));
            let json = serde_json::to_string(&term).unwrap();
            prop_assert_eq!(serde_json::from_str::<Term>(&json).unwrap(), term);
        }

        #[test]
        fn parsing_never_panics(s in prop_oneof!["\\PC{0,8}", any::<String>(), "[+-]?[0-9٠-٩]{0,30}[dmDM ]?"]) {
            if let Ok(term) = s.parse::<Term>() {
                // Only digits and `d` or `m` are read: written back, the same term
                // (leading zeros aside).
                prop_assert!(s.ends_with(['d', 'm']) && s[..s.len() - 1].bytes().all(|b| b.is_ascii_digit()), "{:?}", s);
                prop_assert_eq!(term.to_string().parse::<Term>(), Ok(term));
            }
        }

        #[test]
        fn a_term_too_long_for_its_unit_is_refused(days in 65_536u64..u64::MAX, months in 256u64..u64::MAX) {
            let (days, months) = (format!("{days}d"), format!("{months}m"));
            prop_assert!(days.parse::<Term>().is_err());
            prop_assert!(months.parse::<Term>().is_err());
            let padded = format!("0000{months}");
            prop_assert!(padded.parse::<Term>().is_err());
        }
    }
}
