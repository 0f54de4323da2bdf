//! Time as the municipality counts it: Europe/Sofia.

use std::sync::LazyLock;

use jiff::tz::TimeZone;
use time::{Date, Month, OffsetDateTime};

static SOFIA: LazyLock<TimeZone> = LazyLock::new(|| {
    TimeZone::get("Europe/Sofia").expect("the bundled time zone database has Europe/Sofia")
});

/// Where "now" comes from: the system, or a fixed instant in tests.
#[derive(Debug, Clone, Copy, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(OffsetDateTime),
}

impl Clock {
    /// Now, to the millisecond (what the database keeps, so a stored receipt reads back equal).
    pub fn now(self) -> OffsetDateTime {
        let now = match self {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::Fixed(t) => t,
        };
        // Stored in UTC, so that stored times compare in order.
        now.replace_millisecond(now.millisecond())
            .expect("a valid millisecond")
            .to_offset(time::UtcOffset::UTC)
    }
}

/// The calendar date in Sofia at the instant `t`.
pub fn sofia_date(t: OffsetDateTime) -> Date {
    let ts = jiff::Timestamp::from_second(t.unix_timestamp()).expect("a timestamp in jiff's range");
    let d = ts.to_zoned(SOFIA.clone()).date();
    let month = Month::try_from(d.month() as u8).expect("1..=12");
    Date::from_calendar_date(i32::from(d.year()), month, d.day() as u8).expect("a valid date")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn the_year_turns_in_sofia_before_it_turns_in_utc() {
        // 22:30 UTC on 31 Dec is 00:30 on 1 Jan in Sofia (UTC+2 in winter).
        assert_eq!(
            sofia_date(datetime!(2026-12-31 22:30 UTC)),
            date!(2027 - 01 - 01)
        );
        assert_eq!(
            sofia_date(datetime!(2026-12-31 21:30 UTC)),
            date!(2026 - 12 - 31)
        );
        // Summer time is UTC+3.
        assert_eq!(
            sofia_date(datetime!(2026-07-01 21:30 UTC)),
            date!(2026 - 07 - 02)
        );
    }
}
