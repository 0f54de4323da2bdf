//! What one submission adds to the statistics' rollups.
//!
//! The public figures are read from small tables of counts (`stats_*`), never from
//! `submissions`. A submission adds one to a row of each rollup its state puts it
//! in; a change moves it from the rows of its state before to those of its state
//! after, in the same transaction as the change (`store/stats.rs`). `glas stats
//! rebuild` recomputes every row from the submissions with the same function.
//!
//! Rows are keyed by the calendar month in Europe/Sofia: every period the page
//! offers is made of whole months (see `stats::Period`), so a finer key would only
//! multiply the rows the page reads.

use std::collections::BTreeMap;

use glas_shared::calendar::Calendar;
use glas_shared::rating::Score;
use glas_shared::{Channel, Kind, Reason, Status};
use time::{Date, OffsetDateTime};

use crate::clock::sofia_date;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
}

impl Month {
    pub fn of(date: Date) -> Month {
        Month {
            year: date.year(),
            month: u8::from(date.month()),
        }
    }

    /// The month after this one.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month before this one.
    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// Whether this month has ended at `now` (or ends within [`ENDING`]): its
    /// figures may already be published.
    pub fn is_published(self, now: OffsetDateTime) -> bool {
        self < Month::of(sofia_date(now + ENDING))
    }

    /// `2026-11`, as stored and as in the open data.
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    pub fn parse(key: &str) -> Option<Month> {
        let (year, month) = key.split_once('-')?;
        let (year, month) = (year.parse().ok()?, month.parse().ok()?);
        (1..=12).contains(&month).then_some(Month { year, month })
    }
}

/// A submission's state, as far as the statistics see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub kind: Kind,
    /// The unit the citizen named, if any.
    pub unit: Option<String>,
    pub channel: Channel,
    /// By the device's clock.
    pub created_at: OffsetDateTime,
    pub received_at: OffsetDateTime,
    pub status: Status,
    pub reason: Option<Reason>,
    pub due_on: Option<Date>,
    pub answered_at: Option<OffsetDateTime>,
}

/// One row of one rollup.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// Received in `month`.
    Received {
        month: Month,
        kind: Kind,
        unit: Option<String>,
        channel: Channel,
    },
    /// Answered (first answer) in `month`, `working_days` after it was received;
    /// on time when answered on or before the day it was due.
    Answered {
        month: Month,
        kind: Kind,
        unit: Option<String>,
        working_days: u32,
        on_time: bool,
    },
    /// Received in `month` and not examined, for `reason`.
    NotExamined {
        month: Month,
        kind: Kind,
        unit: Option<String>,
        reason: Reason,
    },
    /// Still open (registered or in review), due on `due_on`.
    Open {
        due_on: Date,
        kind: Kind,
        unit: Option<String>,
    },
    /// A kiosk's rating that counts in `month` (by `ratings.counted_at`), given
    /// in `unit`; a repeat tap is counted apart.
    Rated {
        month: Month,
        unit: String,
        score: Score,
        repeat: bool,
    },
}

/// `received 2026-11 complaint unit=centre channel=web`: a row, for people.
impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = |u: &Option<String>| u.clone().unwrap_or_else(|| "none".into());
        match self {
            Key::Received {
                month,
                kind,
                unit: u,
                channel,
            } => {
                write!(
                    f,
                    "received {} {kind} unit={} channel={channel}",
                    month.key(),
                    unit(u)
                )
            }
            Key::Answered {
                month,
                kind,
                unit: u,
                working_days,
                on_time,
            } => write!(
                f,
                "answered {} {kind} unit={} working_days={working_days} on_time={on_time}",
                month.key(),
                unit(u)
            ),
            Key::NotExamined {
                month,
                kind,
                unit: u,
                reason,
            } => {
                write!(
                    f,
                    "not_examined {} {kind} unit={} reason={reason}",
                    month.key(),
                    unit(u)
                )
            }
            Key::Open {
                due_on,
                kind,
                unit: u,
            } => {
                write!(f, "open due_on={due_on} {kind} unit={}", unit(u))
            }
            Key::Rated {
                month,
                unit,
                score,
                repeat,
            } => write!(
                f,
                "rated {} unit={unit} score={} repeat={repeat}",
                month.key(),
                score.value()
            ),
        }
    }
}

/// How long before a day (or a month) ends its rows already count as past: a
/// transaction that began before midnight in Sofia may commit after it, when the
/// figures may already have been computed for the new day.
const ENDING: time::Duration = time::Duration::minutes(10);

impl Key {
    /// Whether this row is in figures the page may already have published at
    /// `now`: a month that has ended (or ends within [`ENDING`]). A change to
    /// such a row raises `stats_history.published`, so that the ended months'
    /// figures are computed again; a change to this month's rows does not.
    pub fn is_published(&self, now: OffsetDateTime) -> bool {
        match self {
            Key::Received { month, .. }
            | Key::Answered { month, .. }
            | Key::NotExamined { month, .. }
            | Key::Rated { month, .. } => month.is_published(now),
            Key::Open { .. } => false,
        }
    }

    /// Whether this row counts in what is overdue at `now` (open and due before
    /// today, or before tomorrow within [`ENDING`] of midnight). A change to
    /// such a row raises `stats_history.overdue`. A registration is due in the
    /// future, so it never does.
    pub fn is_overdue(&self, now: OffsetDateTime) -> bool {
        match self {
            Key::Open { due_on, .. } => *due_on < sofia_date(now + ENDING),
            _ => false,
        }
    }
}

/// The row a kiosk's rating counts in: the month of `counted_at` in Sofia (the
/// kiosk's clock when plausible: `glas_shared::rating::counted_at`).
pub fn rated(counted_at: OffsetDateTime, unit: &str, score: Score, repeat: bool) -> Key {
    Key::Rated {
        month: Month::of(sofia_date(counted_at)),
        unit: unit.to_owned(),
        score,
        repeat,
    }
}

/// The rows `s` counts in, once each. What a kiosk collected counts in the month
/// it was made, by the kiosk's clock when that is plausible
/// (`glas_shared::rating::counted_at`: a kiosk offline over a month's end); the
/// rest in the month it was received. Answer times run from receipt, always.
pub fn keys(s: &Snapshot, calendar: &Calendar) -> Vec<Key> {
    let received = sofia_date(s.received_at);
    let counted = match s.channel {
        Channel::Kiosk => sofia_date(glas_shared::rating::counted_at(s.created_at, s.received_at)),
        _ => received,
    };
    let mut keys = vec![Key::Received {
        month: Month::of(counted),
        kind: s.kind,
        unit: s.unit.clone(),
        channel: s.channel,
    }];
    match s.status {
        Status::Registered | Status::InReview => {
            if let Some(due_on) = s.due_on {
                keys.push(Key::Open {
                    due_on,
                    kind: s.kind,
                    unit: s.unit.clone(),
                });
            }
        }
        Status::NotExamined => keys.push(Key::NotExamined {
            month: Month::of(counted),
            kind: s.kind,
            unit: s.unit.clone(),
            // A status without a reason is an old row's: counted, not dropped.
            reason: s.reason.unwrap_or(Reason::OutsideCompetence),
        }),
        Status::Answered | Status::Forwarded => {}
    }
    if let Some(answered_at) = s.answered_at {
        let answered = sofia_date(answered_at);
        keys.push(Key::Answered {
            month: Month::of(answered),
            kind: s.kind,
            unit: s.unit.clone(),
            working_days: calendar.working_days_between(received, answered),
            on_time: s.due_on.is_none_or(|due| answered <= due),
        });
    }
    keys
}

/// How much each row changes: `+1` for each row of `after`, `−1` for each of
/// `before`, rows whose change is zero left out. In key order, so that two
/// transactions update shared rows in the same order and cannot deadlock.
pub fn delta(
    before: Option<&Snapshot>,
    after: Option<&Snapshot>,
    calendar: &Calendar,
) -> Vec<(Key, i64)> {
    let mut changes: BTreeMap<Key, i64> = BTreeMap::new();
    for key in before.map(|s| keys(s, calendar)).unwrap_or_default() {
        *changes.entry(key).or_default() -= 1;
    }
    for key in after.map(|s| keys(s, calendar)).unwrap_or_default() {
        *changes.entry(key).or_default() += 1;
    }
    changes.into_iter().filter(|(_, n)| *n != 0).collect()
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    fn complaint() -> Snapshot {
        Snapshot {
            kind: Kind::Complaint,
            unit: Some("centre".into()),
            channel: Channel::Web,
            created_at: datetime!(2026-10-31 23:29 UTC),
            // 23:30 UTC on 31 October is 01:30 on 1 November in Sofia.
            received_at: datetime!(2026-10-31 23:30 UTC),
            status: Status::Registered,
            reason: None,
            due_on: Some(date!(2026 - 11 - 09)),
            answered_at: None,
        }
    }

    #[test]
    fn what_a_kiosk_collected_counts_when_it_was_made_if_its_clock_is_plausible() {
        // Made on the kiosk on 30 October, offline over the weekend, received on
        // 2 November: October's, by the kiosk's clock; the answer's term still
        // runs from receipt.
        let kiosk = Snapshot {
            channel: Channel::Kiosk,
            created_at: datetime!(2026-10-30 14:00 UTC),
            received_at: datetime!(2026-11-02 07:00 UTC),
            ..complaint()
        };
        let received = |s: &Snapshot| {
            keys(s, &Calendar::default())
                .into_iter()
                .find_map(|k| match k {
                    Key::Received { month, .. } => Some(month.key()),
                    _ => None,
                })
                .unwrap()
        };
        assert_eq!(received(&kiosk), "2026-10");
        // The same from the web counts when it was received.
        let web = Snapshot {
            channel: Channel::Web,
            ..kiosk.clone()
        };
        assert_eq!(received(&web), "2026-11");
        // A kiosk whose clock says 1970 counts when it was received.
        let reset = Snapshot {
            created_at: datetime!(1970-01-01 00:00 UTC),
            ..kiosk
        };
        assert_eq!(received(&reset), "2026-11");
    }

    #[test]
    fn a_new_complaint_counts_as_received_in_its_sofia_month_and_open() {
        let keys = keys(&complaint(), &Calendar::default());
        assert_eq!(
            keys,
            [
                Key::Received {
                    month: Month {
                        year: 2026,
                        month: 11
                    },
                    kind: Kind::Complaint,
                    unit: Some("centre".into()),
                    channel: Channel::Web,
                },
                Key::Open {
                    due_on: date!(2026 - 11 - 09),
                    kind: Kind::Complaint,
                    unit: Some("centre".into()),
                },
            ]
        );
    }

    #[test]
    fn answering_moves_it_from_open_to_answered_and_keeps_it_received() {
        let before = complaint();
        let after = Snapshot {
            status: Status::Answered,
            // Friday 6 November in Sofia: 1 Nov is a Sunday, so Mon 2 … Fri 6 is 5 working days.
            answered_at: Some(datetime!(2026-11-06 10:00 UTC)),
            ..before.clone()
        };
        let delta = delta(Some(&before), Some(&after), &Calendar::default());
        assert_eq!(
            delta,
            [
                (
                    Key::Answered {
                        month: Month {
                            year: 2026,
                            month: 11
                        },
                        kind: Kind::Complaint,
                        unit: Some("centre".into()),
                        working_days: 5,
                        on_time: true,
                    },
                    1
                ),
                (
                    Key::Open {
                        due_on: date!(2026 - 11 - 09),
                        kind: Kind::Complaint,
                        unit: Some("centre".into()),
                    },
                    -1
                ),
            ]
        );
    }

    #[test]
    fn an_answer_after_the_due_day_is_late() {
        let s = Snapshot {
            status: Status::Answered,
            answered_at: Some(datetime!(2026-11-10 08:00 UTC)),
            ..complaint()
        };
        assert!(keys(&s, &Calendar::default()).contains(&Key::Answered {
            month: Month {
                year: 2026,
                month: 11
            },
            kind: Kind::Complaint,
            unit: Some("centre".into()),
            working_days: 7,
            on_time: false,
        }));
    }

    #[test]
    fn a_change_that_moves_nothing_changes_no_row() {
        let s = complaint();
        assert!(delta(Some(&s), Some(&s), &Calendar::default()).is_empty());
    }

    #[test]
    fn only_rows_of_ended_months_are_published() {
        let key = |month| Key::NotExamined {
            month,
            kind: Kind::Complaint,
            unit: None,
            reason: Reason::Anonymous,
        };
        let october = Month {
            year: 2026,
            month: 10,
        };
        let november = Month {
            year: 2026,
            month: 11,
        };
        // 12:00 in Sofia on 30 November.
        let noon = datetime!(2026-11-30 10:00 UTC);
        assert!(key(october).is_published(noon));
        assert!(!key(november).is_published(noon));
        // 23:55 in Sofia: November is about to end, and may be computed before this commits.
        assert!(key(november).is_published(datetime!(2026-11-30 21:55 UTC)));
        let open = Key::Open {
            due_on: date!(2026 - 10 - 01),
            kind: Kind::Complaint,
            unit: None,
        };
        assert!(
            !open.is_published(noon),
            "what is open is not a figure of a month"
        );
        assert!(open.is_overdue(noon));
        assert!(!key(october).is_overdue(noon));
    }

    #[test]
    fn only_what_is_already_due_is_overdue() {
        let due = |due_on| Key::Open {
            due_on,
            kind: Kind::Complaint,
            unit: None,
        };
        let noon = datetime!(2026-11-30 10:00 UTC);
        assert!(due(date!(2026 - 11 - 29)).is_overdue(noon));
        assert!(
            !due(date!(2026 - 11 - 30)).is_overdue(noon),
            "due today is not late"
        );
        // 23:55 in Sofia: what is due today is late before the change commits.
        assert!(due(date!(2026 - 11 - 30)).is_overdue(datetime!(2026-11-30 21:55 UTC)));
        // A complaint registered now is due in seven days.
        let registered = complaint();
        let keys = keys(&registered, &Calendar::default());
        assert!(!keys.iter().any(|k| k.is_overdue(registered.received_at)));
        assert!(!keys.iter().any(|k| k.is_published(registered.received_at)));
    }

    #[test]
    fn months_step_over_the_year() {
        let december = Month {
            year: 2026,
            month: 12,
        };
        assert_eq!(december.next().key(), "2027-01");
        assert_eq!(december.next().previous(), december);
        assert_eq!(Month::parse("2026-12"), Some(december));
        assert_eq!(Month::parse("2026-13"), None);
    }
}
