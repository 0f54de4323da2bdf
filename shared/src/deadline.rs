//! When an answer is owed.
//!
//! The Charter: a complaint is answered within 7 days of receipt; signals,
//! proposals and corruption reports are decided within 2 months (АПК чл. 118, 121);
//! praise and comments are owed no answer. A deadline that ends on a day off moves
//! to the next working day. This module knows weekends; the Bulgarian holiday
//! calendar and the profile's extra days off are the Charter issue's work.

use time::{Date, Duration, Month, Weekday};

use crate::choice::Kind;

/// The day an answer is due for `kind` received on `received` (a date in Europe/Sofia).
pub fn due_on(kind: Kind, received: Date) -> Option<Date> {
    let raw = match kind {
        Kind::Complaint => received + Duration::days(7),
        Kind::Signal | Kind::Proposal | Kind::Corruption => add_months(received, 2),
        Kind::Praise | Kind::Comment => return None,
    };
    Some(next_working_day(raw))
}

/// `date` itself when it is a working day, else the first working day after it.
pub fn next_working_day(mut date: Date) -> Date {
    while matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) {
        date = date
            .next_day()
            .expect("dates this close to now have a next day");
    }
    date
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
    use time::macros::date;

    #[test]
    fn complaints_are_due_in_seven_days() {
        // Tuesday 24 Nov 2026 → Tuesday 1 Dec 2026.
        assert_eq!(
            due_on(Kind::Complaint, date!(2026 - 11 - 24)),
            Some(date!(2026 - 12 - 01))
        );
    }

    #[test]
    fn a_deadline_on_a_weekend_moves_to_monday() {
        // Saturday 5 Dec 2026 + 7 = Saturday 12 Dec → Monday 14 Dec.
        assert_eq!(
            due_on(Kind::Complaint, date!(2026 - 12 - 05)),
            Some(date!(2026 - 12 - 14))
        );
    }

    #[test]
    fn signals_are_due_in_two_months_clamped_to_the_month() {
        assert_eq!(
            due_on(Kind::Signal, date!(2026 - 12 - 31)),
            Some(date!(2027 - 03 - 01))
        );
        assert_eq!(add_months(date!(2026 - 12 - 31), 2), date!(2027 - 02 - 28));
        assert_eq!(add_months(date!(2027 - 11 - 15), 2), date!(2028 - 01 - 15));
    }

    #[test]
    fn praise_and_comments_are_owed_no_answer() {
        assert_eq!(due_on(Kind::Praise, date!(2026 - 11 - 24)), None);
        assert_eq!(due_on(Kind::Comment, date!(2026 - 11 - 24)), None);
    }
}
