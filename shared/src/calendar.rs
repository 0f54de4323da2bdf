//! Which days the municipality works: the Bulgarian holiday calendar.
//!
//! Official holidays are those of the Labour Code, чл. 154, ал. 1: ten fixed dates
//! and the four Orthodox Easter days. By ал. 2, a fixed holiday that falls on a
//! Saturday or Sunday gives the first working day after it off; the Easter days
//! never do, as they always surround a weekend. On top of that the government
//! declares extra days off and extra working Saturdays each year; the municipality
//! profile lists them, and [`Calendar`] carries them.

use time::{Date, Duration, Month, Weekday};

/// The fixed official holidays (Labour Code, чл. 154, ал. 1), in date order.
const FIXED_HOLIDAYS: [(Month, u8); 10] = [
    (Month::January, 1),    // Нова година
    (Month::March, 3),      // Ден на Освобождението
    (Month::May, 1),        // Ден на труда
    (Month::May, 6),        // Гергьовден, Ден на храбростта и Българската армия
    (Month::May, 24),       // Ден на светите Кирил и Методий, на българската писменост
    (Month::September, 6),  // Ден на Съединението
    (Month::September, 22), // Ден на Независимостта
    (Month::December, 24),  // Бъдни вечер
    (Month::December, 25),  // Рождество Христово
    (Month::December, 26),  // Рождество Христово
];

/// Good Friday, Holy Saturday, Easter Sunday and Easter Monday, as days from Easter.
const EASTER_DAYS: [i64; 4] = [-2, -1, 0, 1];

/// The working days of one municipality: the official calendar plus the profile's
/// extra days off and extra working days.
///
/// A date listed as both an extra day off and an extra working day is a day off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    /// Sorted, without duplicates.
    extra_days_off: Vec<Date>,
    /// Sorted, without duplicates.
    extra_working_days: Vec<Date>,
}

impl Calendar {
    /// A calendar with the government's extra days off (e.g. a Monday between a
    /// holiday and a weekend) and extra working days (the Saturday that pays for it).
    pub fn new(mut extra_days_off: Vec<Date>, mut extra_working_days: Vec<Date>) -> Calendar {
        extra_days_off.sort_unstable();
        extra_days_off.dedup();
        extra_working_days.sort_unstable();
        extra_working_days.dedup();
        Calendar {
            extra_days_off,
            extra_working_days,
        }
    }

    /// A profile's extra day off is never worked; its extra working day always is,
    /// even on a weekend or a holiday; any other day is worked unless it is a
    /// weekend or in [`days_off`].
    pub fn is_working_day(&self, date: Date) -> bool {
        if self.extra_days_off.binary_search(&date).is_ok() {
            return false;
        }
        if self.extra_working_days.binary_search(&date).is_ok() {
            return true;
        }
        !is_weekend(date) && days_off(date.year()).binary_search(&date).is_err()
    }

    /// `date` itself when it is a working day, else the first working day after it.
    ///
    /// # Panics
    /// When no working day follows `date` before the last day `time::Date` can hold.
    pub fn next_working_day(&self, mut date: Date) -> Date {
        while !self.is_working_day(date) {
            date = date
                .next_day()
                .expect("a working day before the year 9999 ends");
        }
        date
    }

    /// The `n`th working day after `date` (`date` itself not counted).
    ///
    /// # Panics
    /// As [`Calendar::next_working_day`].
    pub fn add_working_days(&self, mut date: Date, n: u32) -> Date {
        for _ in 0..n {
            date = self.next_working_day(date.next_day().expect("a day before the year 9999 ends"));
        }
        date
    }

    /// How many working days follow `from` up to and including `to`: 0 when `to`
    /// is `from` or before it. An answer given on the next working day took 1.
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut days = 0;
        let mut date = from;
        while date < to {
            date = date.next_day().expect("a day before the year 9999 ends");
            if self.is_working_day(date) {
                days += 1;
            }
        }
        days
    }
}

/// The official holidays of `year` that are days off, in date order: the fixed
/// holidays and the Easter days (including those on a weekend), plus the days off
/// that the Labour Code gives for fixed holidays on a Saturday or Sunday.
///
/// Each fixed holiday on a weekend gives one day off: the first weekday after it
/// that is not already a holiday or another holiday's day off. So 25 and 26 Dec on
/// Saturday and Sunday give Monday 27 and Tuesday 28 Dec, and 1 May on the Saturday
/// of Easter gives the Tuesday after Easter Monday. A moved day never leaves the
/// year: the latest possible is 28 Dec.
///
/// # Panics
/// When `year` is outside the years `time::Date` can hold (±9999).
pub fn days_off(year: i32) -> Vec<Date> {
    let fixed: Vec<Date> = FIXED_HOLIDAYS
        .iter()
        .map(|&(month, day)| {
            Date::from_calendar_date(year, month, day).expect("a year time::Date can hold")
        })
        .collect();
    let easter = orthodox_easter(year);
    let mut off: Vec<Date> = fixed.clone();
    off.extend(EASTER_DAYS.iter().map(|&d| easter + Duration::days(d)));
    off.sort_unstable();
    off.dedup();

    for holiday in fixed.into_iter().filter(|&d| is_weekend(d)) {
        let mut moved = holiday;
        while is_weekend(moved) || off.contains(&moved) {
            moved = moved.next_day().expect("28 Dec at the latest");
        }
        let at = off.binary_search(&moved).unwrap_err();
        off.insert(at, moved);
    }
    off
}

/// Orthodox Easter Sunday of `year`, as a Gregorian date.
///
/// Meeus' Julian algorithm gives the date in the Julian calendar, which the
/// Orthodox Church still uses for Easter; it is then moved to the Gregorian
/// calendar, which runs ahead by `year / 100 − year / 400 − 2` days from March
/// onwards (13 days for 1900–2099, 14 for 2100–2199).
///
/// # Panics
/// When `year` is outside the years `time::Date` can hold (±9999).
pub fn orthodox_easter(year: i32) -> Date {
    let a = year.rem_euclid(4);
    let b = year.rem_euclid(7);
    let c = year.rem_euclid(19);
    let d = (19 * c + 15) % 30;
    let e = (2 * a + 4 * b - d + 34) % 7;
    // Julian Easter is `d + e` days after the Julian 22 March.
    let julian_to_gregorian = year.div_euclid(100) - year.div_euclid(400) - 2;
    let gregorian_22_march =
        Date::from_calendar_date(year, Month::March, 22).expect("a year time::Date can hold");
    gregorian_22_march + Duration::days(i64::from(d + e + julian_to_gregorian))
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// Random dates and calendars for the property tests here and in `deadline`.
#[cfg(test)]
pub(crate) mod strategies {
    use super::Calendar;
    use proptest::prelude::*;
    use time::macros::date;
    use time::{Date, Duration};

    pub(crate) fn any_date() -> impl Strategy<Value = Date> {
        let first = date!(1900 - 01 - 01).to_julian_day();
        let last = date!(2200 - 12 - 31).to_julian_day();
        (first..=last).prop_map(|day| Date::from_julian_day(day).unwrap())
    }

    fn shifted(date: Date, offsets: Vec<i64>) -> Vec<Date> {
        offsets
            .into_iter()
            .map(|o| date + Duration::days(o))
            .collect()
    }

    /// A calendar whose extra days fall close enough to `date` to matter.
    pub(crate) fn any_calendar_near(date: Date) -> impl Strategy<Value = Calendar> {
        let offsets = || prop::collection::vec(-5i64..40, 0..8);
        (offsets(), offsets())
            .prop_map(move |(off, on)| Calendar::new(shifted(date, off), shifted(date, on)))
    }
}

#[cfg(test)]
mod tests {
    use super::strategies::{any_calendar_near, any_date};
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn orthodox_easter_matches_the_published_dates_2020_to_2035() {
        let published = [
            date!(2020 - 04 - 19),
            date!(2021 - 05 - 02),
            date!(2022 - 04 - 24),
            date!(2023 - 04 - 16),
            date!(2024 - 05 - 05),
            date!(2025 - 04 - 20),
            date!(2026 - 04 - 12),
            date!(2027 - 05 - 02),
            date!(2028 - 04 - 16),
            date!(2029 - 04 - 08),
            date!(2030 - 04 - 28),
            date!(2031 - 04 - 13),
            date!(2032 - 05 - 02),
            date!(2033 - 04 - 24),
            date!(2034 - 04 - 09),
            date!(2035 - 04 - 29),
        ];
        for easter in published {
            assert_eq!(orthodox_easter(easter.year()), easter);
        }
    }

    #[test]
    fn working_days_between_skip_weekends_and_holidays() {
        let calendar = Calendar::default();
        // Friday 18 Dec 2026 to Monday 28 Dec: 21, 22 and 23 are worked; 24 to 27
        // are Christmas and a weekend, and 28 is the day off for 26 Dec, a Saturday.
        assert_eq!(
            calendar.working_days_between(date!(2026 - 12 - 18), date!(2026 - 12 - 28)),
            3
        );
        assert_eq!(
            calendar.working_days_between(date!(2026 - 12 - 18), date!(2026 - 12 - 18)),
            0
        );
        assert_eq!(
            calendar.working_days_between(date!(2026 - 12 - 28), date!(2026 - 12 - 18)),
            0
        );
    }

    #[test]
    fn the_four_easter_days_are_days_off() {
        let off = days_off(2026);
        for day in [
            date!(2026 - 04 - 10), // Good Friday
            date!(2026 - 04 - 11), // Holy Saturday
            date!(2026 - 04 - 12), // Easter Sunday
            date!(2026 - 04 - 13), // Easter Monday
        ] {
            assert!(off.contains(&day), "{day}");
        }
        assert_eq!(date!(2026 - 04 - 10).weekday(), Weekday::Friday);
        let calendar = Calendar::default();
        assert!(calendar.is_working_day(date!(2026 - 04 - 09)));
        assert!(!calendar.is_working_day(date!(2026 - 04 - 10)));
        assert!(!calendar.is_working_day(date!(2026 - 04 - 13)));
        assert!(calendar.is_working_day(date!(2026 - 04 - 14)));
    }

    #[test]
    fn every_fixed_holiday_is_a_day_off() {
        let off = days_off(2026);
        for day in [
            date!(2026 - 01 - 01),
            date!(2026 - 03 - 03),
            date!(2026 - 05 - 01),
            date!(2026 - 05 - 06),
            date!(2026 - 05 - 24),
            date!(2026 - 09 - 06),
            date!(2026 - 09 - 22),
            date!(2026 - 12 - 24),
            date!(2026 - 12 - 25),
            date!(2026 - 12 - 26),
        ] {
            assert!(off.contains(&day), "{day}");
        }
    }

    #[test]
    fn the_whole_of_2026() {
        // Fixed holidays on a weekend in 2026: 24 May (Sun) → Mon 25 May,
        // 6 Sep (Sun) → Mon 7 Sep, 26 Dec (Sat) → Mon 28 Dec (27 Dec is a Sunday).
        assert_eq!(
            days_off(2026),
            vec![
                date!(2026 - 01 - 01),
                date!(2026 - 03 - 03),
                date!(2026 - 04 - 10),
                date!(2026 - 04 - 11),
                date!(2026 - 04 - 12),
                date!(2026 - 04 - 13),
                date!(2026 - 05 - 01),
                date!(2026 - 05 - 06),
                date!(2026 - 05 - 24),
                date!(2026 - 05 - 25),
                date!(2026 - 09 - 06),
                date!(2026 - 09 - 07),
                date!(2026 - 09 - 22),
                date!(2026 - 12 - 24),
                date!(2026 - 12 - 25),
                date!(2026 - 12 - 26),
                date!(2026 - 12 - 28),
            ]
        );
    }

    #[test]
    fn a_fixed_holiday_on_a_weekday_moves_nothing() {
        // 3 Mar 2026 is a Tuesday: the days around it are ordinary.
        assert_eq!(date!(2026 - 03 - 03).weekday(), Weekday::Tuesday);
        let calendar = Calendar::default();
        assert!(calendar.is_working_day(date!(2026 - 03 - 02)));
        assert!(!calendar.is_working_day(date!(2026 - 03 - 03)));
        assert!(calendar.is_working_day(date!(2026 - 03 - 04)));
    }

    #[test]
    fn christmas_2026_on_thursday_to_saturday_gives_monday_28_off() {
        let off = days_off(2026);
        let december: Vec<Date> = off
            .into_iter()
            .filter(|d| d.month() == Month::December)
            .collect();
        assert_eq!(
            december,
            vec![
                date!(2026 - 12 - 24),
                date!(2026 - 12 - 25),
                date!(2026 - 12 - 26),
                date!(2026 - 12 - 28),
            ]
        );
        assert!(Calendar::default().is_working_day(date!(2026 - 12 - 29)));
    }

    #[test]
    fn christmas_2027_on_a_weekend_gives_monday_and_tuesday_off() {
        // 24 Dec Fri (a weekday), 25 Sat → Mon 27, 26 Sun → Tue 28.
        let off = days_off(2027);
        let december: Vec<Date> = off
            .into_iter()
            .filter(|d| d.month() == Month::December)
            .collect();
        assert_eq!(
            december,
            vec![
                date!(2027 - 12 - 24),
                date!(2027 - 12 - 25),
                date!(2027 - 12 - 26),
                date!(2027 - 12 - 27),
                date!(2027 - 12 - 28),
            ]
        );
        assert!(Calendar::default().is_working_day(date!(2027 - 12 - 29)));
    }

    #[test]
    fn two_working_days_after_christmas_eve_2027_skip_the_moved_days_off() {
        // Thu 23 Dec 2027 → Wed 29 (24–28 are off), then Thu 30.
        let calendar = Calendar::default();
        assert_eq!(
            calendar.add_working_days(date!(2027 - 12 - 23), 1),
            date!(2027 - 12 - 29)
        );
        assert_eq!(
            calendar.add_working_days(date!(2027 - 12 - 23), 2),
            date!(2027 - 12 - 30)
        );
        // A Friday: Monday and Tuesday.
        assert_eq!(
            calendar.add_working_days(date!(2026 - 11 - 27), 2),
            date!(2026 - 12 - 01)
        );
        assert_eq!(
            calendar.add_working_days(date!(2026 - 11 - 27), 0),
            date!(2026 - 11 - 27)
        );
    }

    #[test]
    fn labour_day_2027_on_holy_saturday_gives_tuesday_after_easter_off() {
        // 1 May 2027 is Holy Saturday, 2 May Easter, 3 May Easter Monday: the day
        // off for 1 May is the first working day, Tuesday 4 May.
        let calendar = Calendar::default();
        assert_eq!(date!(2027 - 05 - 01).weekday(), Weekday::Saturday);
        for day in [
            date!(2027 - 04 - 30),
            date!(2027 - 05 - 01),
            date!(2027 - 05 - 02),
            date!(2027 - 05 - 03),
            date!(2027 - 05 - 04),
        ] {
            assert!(!calendar.is_working_day(day), "{day}");
        }
        assert!(calendar.is_working_day(date!(2027 - 05 - 05)));
        assert!(!calendar.is_working_day(date!(2027 - 05 - 06)));
        assert!(calendar.is_working_day(date!(2027 - 05 - 07)));
    }

    #[test]
    fn the_profile_adds_days_off_and_working_saturdays() {
        // A government decision of the kind made every few years: Friday 2 Jan
        // 2026 off, worked off on Saturday 10 Jan.
        let calendar = Calendar::new(vec![date!(2026 - 01 - 02)], vec![date!(2026 - 01 - 10)]);
        assert!(!calendar.is_working_day(date!(2026 - 01 - 02)));
        assert!(calendar.is_working_day(date!(2026 - 01 - 10)));
        assert!(!calendar.is_working_day(date!(2026 - 01 - 03)));
        assert_eq!(
            calendar.next_working_day(date!(2026 - 01 - 01)),
            date!(2026 - 01 - 05)
        );
        assert_eq!(
            Calendar::default().next_working_day(date!(2026 - 01 - 01)),
            date!(2026 - 01 - 02)
        );
    }

    #[test]
    fn a_date_listed_both_ways_is_a_day_off() {
        let both = date!(2026 - 01 - 10);
        let calendar = Calendar::new(vec![both], vec![both]);
        assert!(!calendar.is_working_day(both));
    }

    #[test]
    fn new_sorts_and_deduplicates() {
        let a = date!(2026 - 01 - 02);
        let b = date!(2026 - 01 - 05);
        assert_eq!(
            Calendar::new(vec![b, a, b], vec![]),
            Calendar::new(vec![a, b], vec![])
        );
    }

    proptest! {
        #[test]
        fn working_days_between_counts_what_add_working_days_adds(
            date in any_date(),
            n in 0u32..80,
        ) {
            let calendar = Calendar::default();
            let later = calendar.add_working_days(date, n);
            prop_assert_eq!(calendar.working_days_between(date, later), n);
        }

        #[test]
        fn easter_is_a_sunday(year in 1583i32..=9999) {
            prop_assert_eq!(orthodox_easter(year).weekday(), Weekday::Sunday);
        }

        #[test]
        fn easter_is_thirteen_days_after_the_julian_date_in_1900_to_2099(year in 1900i32..=2099) {
            // Meeus' month and day, read as a Gregorian date and moved by 13.
            let (a, b, c) = (year % 4, year % 7, year % 19);
            let d = (19 * c + 15) % 30;
            let e = (2 * a + 4 * b - d + 34) % 7;
            let month = Month::try_from(((d + e + 114) / 31) as u8).unwrap();
            let day = ((d + e + 114) % 31 + 1) as u8;
            let julian = Date::from_calendar_date(year, month, day).unwrap();
            prop_assert_eq!(orthodox_easter(year), julian + Duration::days(13));
            prop_assert!(orthodox_easter(year) >= date!(2000 - 04 - 04).replace_year(year).unwrap());
            prop_assert!(orthodox_easter(year) <= date!(2000 - 05 - 08).replace_year(year).unwrap());
        }

        #[test]
        fn every_fixed_holiday_on_a_weekend_gives_one_weekday_off(year in 1900i32..=2200) {
            let off = days_off(year);
            prop_assert!(off.windows(2).all(|w| w[0] < w[1]), "sorted without duplicates");
            prop_assert!(off.iter().all(|d| d.year() == year));
            let easter = orthodox_easter(year);
            let official: Vec<Date> = FIXED_HOLIDAYS
                .iter()
                .map(|&(m, d)| Date::from_calendar_date(year, m, d).unwrap())
                .chain(EASTER_DAYS.iter().map(|&d| easter + Duration::days(d)))
                .collect();
            let moved: Vec<Date> = off.iter().copied().filter(|d| !official.contains(d)).collect();
            let on_weekend = FIXED_HOLIDAYS
                .iter()
                .map(|&(m, d)| Date::from_calendar_date(year, m, d).unwrap())
                .filter(|&d| is_weekend(d))
                .count();
            prop_assert_eq!(moved.len(), on_weekend);
            prop_assert!(moved.iter().all(|&d| !is_weekend(d)));
        }

        #[test]
        fn next_working_day_is_the_first_working_day_on_or_after(
            (date, calendar) in any_date().prop_flat_map(|d| (Just(d), any_calendar_near(d)))
        ) {
            let next = calendar.next_working_day(date);
            prop_assert!(next >= date);
            prop_assert!(calendar.is_working_day(next));
            let mut day = date;
            while day < next {
                prop_assert!(!calendar.is_working_day(day));
                day = day.next_day().unwrap();
            }
            prop_assert_eq!(calendar.next_working_day(next), next);
        }
    }
}
