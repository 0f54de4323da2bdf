//! Time as the municipality counts it: Europe/Sofia.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, LazyLock};

use jiff::tz::TimeZone;
use time::{Date, Month, OffsetDateTime};

static SOFIA: LazyLock<TimeZone> = LazyLock::new(|| {
    TimeZone::get("Europe/Sofia").expect("the bundled time zone database has Europe/Sofia")
});

/// Where "now" comes from: the system, or, in tests, a fixed instant or one the
/// test moves.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(OffsetDateTime),
    Manual(ManualClock),
}

/// A test's clock: stands still until the test moves it; clones share the time.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    pub fn new(at: OffsetDateTime) -> ManualClock {
        ManualClock(Arc::new(AtomicI64::new(millis(at))))
    }

    pub fn advance(&self, by: time::Duration) {
        self.0
            .fetch_add(by.whole_milliseconds() as i64, Ordering::SeqCst);
    }

    /// Moves the clock to `at` (forwards, as a test's story goes).
    pub fn set(&self, at: OffsetDateTime) {
        self.0.store(millis(at), Ordering::SeqCst);
    }

    pub fn now(&self) -> OffsetDateTime {
        let ms = self.0.load(Ordering::SeqCst);
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
            .expect("a time within range")
    }
}

fn millis(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000_000) as i64
}

impl Clock {
    /// Now, to the millisecond (what the database keeps, so a stored receipt reads back equal).
    pub fn now(&self) -> OffsetDateTime {
        let now = match self {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::Fixed(t) => *t,
            Clock::Manual(clock) => clock.now(),
        };
        // Stored in UTC, so that stored times compare in order.
        now.replace_millisecond(now.millisecond())
            .expect("a valid millisecond")
            .to_offset(time::UtcOffset::UTC)
    }
}

/// The time of day in Sofia at the instant `t`, as `HH:MM`.
pub fn sofia_time(t: OffsetDateTime) -> String {
    let ts = jiff::Timestamp::from_second(t.unix_timestamp()).expect("a timestamp in jiff's range");
    let z = ts.to_zoned(SOFIA.clone());
    format!("{:02}:{:02}", z.hour(), z.minute())
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
