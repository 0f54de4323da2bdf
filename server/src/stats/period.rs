//! The periods the statistics are shown for: whole calendar months only.
//!
//! A month is shown once it has ended, never while it is running: figures that
//! change with every registration could be read twice, a minute apart, and
//! subtracted to learn what the one submission in between was about. Every
//! period is a union of whole, ended months, so every figure is a sum of monthly
//! rollup rows and the same cells are hidden whichever period is asked for.

use std::fmt;

use super::rollup::Month;

/// A period of whole, ended months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Month(Month),
    /// 1 to 4.
    Quarter {
        year: i32,
        quarter: u8,
    },
    Year(i32),
    /// The twelve months up to and including `until` (the default: the last
    /// twelve ended months).
    Last12 {
        until: Month,
    },
}

impl Period {
    /// The default period when `latest` is the last ended month.
    pub fn default_for(latest: Month) -> Period {
        Period::Last12 { until: latest }
    }

    /// `2026-10`, `2026-Q4`, `2026` or `last-12`; `None` when it names nothing, or a
    /// period with no ended month by `latest`.
    pub fn parse(s: &str, latest: Month) -> Option<Period> {
        let s = s.trim();
        let period = if s.is_empty() || s == "last-12" {
            Period::default_for(latest)
        } else if let Some((year, q)) = s.split_once("-Q") {
            let quarter: u8 = q.parse().ok()?;
            (1..=4).contains(&quarter).then_some(Period::Quarter {
                year: year.parse().ok()?,
                quarter,
            })?
        } else if s.len() == 4 {
            Period::Year(s.parse().ok()?)
        } else {
            Period::Month(Month::parse(s)?)
        };
        (!period.months(latest).is_empty()).then_some(period)
    }

    /// The value of `?period=` that names this period.
    pub fn key(self) -> String {
        match self {
            Period::Month(m) => m.key(),
            Period::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            Period::Year(year) => year.to_string(),
            Period::Last12 { .. } => "last-12".to_owned(),
        }
    }

    /// Every month of the period, in order.
    pub fn all_months(self) -> Vec<Month> {
        let (first, count) = match self {
            Period::Month(m) => (m, 1),
            Period::Quarter { year, quarter } => (
                Month {
                    year,
                    month: (quarter - 1) * 3 + 1,
                },
                3,
            ),
            Period::Year(year) => (Month { year, month: 1 }, 12),
            Period::Last12 { until } => {
                let mut first = until;
                for _ in 0..11 {
                    first = first.previous();
                }
                (first, 12)
            }
        };
        std::iter::successors(Some(first), |m| Some(m.next()))
            .take(count)
            .collect()
    }

    /// The months of the period that have ended by `latest` (a year or quarter
    /// still running has only some).
    pub fn months(self, latest: Month) -> Vec<Month> {
        self.all_months()
            .into_iter()
            .filter(|m| *m <= latest)
            .collect()
    }

    /// Whether some of its months have not ended by `latest`.
    pub fn is_running(self, latest: Month) -> bool {
        self.all_months().last().is_some_and(|m| *m > latest)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOVEMBER: Month = Month {
        year: 2026,
        month: 11,
    };

    #[test]
    fn the_default_is_the_last_twelve_ended_months() {
        let p = Period::parse("", NOVEMBER).unwrap();
        let months = p.months(NOVEMBER);
        assert_eq!(months.len(), 12);
        assert_eq!(months[0].key(), "2025-12");
        assert_eq!(months[11].key(), "2026-11");
    }

    #[test]
    fn a_running_year_has_its_ended_months() {
        let p = Period::parse("2026", NOVEMBER).unwrap();
        assert_eq!(p.months(NOVEMBER).len(), 11);
        assert!(p.is_running(NOVEMBER));
        assert!(
            !Period::parse("2025", NOVEMBER)
                .unwrap()
                .is_running(NOVEMBER)
        );
    }

    #[test]
    fn quarters_and_months_parse_and_print_back() {
        for key in ["2026-Q3", "2026-10", "2025"] {
            assert_eq!(Period::parse(key, NOVEMBER).unwrap().key(), key);
        }
        let q4 = Period::parse("2026-Q4", NOVEMBER).unwrap();
        assert_eq!(q4.months(NOVEMBER).len(), 2);
    }

    #[test]
    fn a_month_not_ended_or_nonsense_is_not_a_period() {
        for key in [
            "2026-12",
            "2027",
            "2026-Q5",
            "2026-13",
            "next week",
            "2026-Q0",
        ] {
            assert_eq!(Period::parse(key, NOVEMBER), None, "{key}");
        }
    }
}
