//! The public statistics: anonymised figures for a period and a unit, computed
//! from the rollups (never from `submissions`), the same for the page, the open
//! data and the yearly report.
//!
//! - [`rollup`]: what one submission counts in; kept in step by the store.
//! - [`period`]: whole, ended months.
//! - [`cube`] and [`suppress`]: every published count at once, small ones hidden.
//! - [`Stats::view`]: the figures of one period and unit.

pub mod chart;
pub mod command;
pub mod cube;
pub mod figures;
pub mod period;
pub mod rollup;
pub mod suppress;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use glas_shared::rating::Score;
use glas_shared::{Channel, Kind, Profile, Reason};
use time::{Date, OffsetDateTime};

use crate::clock::sofia_date;
use crate::store::stats::{Rollups, StatsVersion};
use crate::store::{Store, StoreError};
use cube::{Cell, Count, Cube, Detail, Family, Place, Time};
use period::Period;
use rollup::Month;
use suppress::{Shown, Sum, suppress};

/// Everything the statistics publish, as of one moment: the figures of the
/// ended months, and what is overdue today.
pub struct Stats {
    published: Arc<Published>,
    /// The last ended month.
    pub latest: Month,
    /// When the figures of the ended months were computed.
    pub computed_at: OffsetDateTime,
    /// Overdue today, by place (`places` order), hidden as the counts are.
    overdue: Vec<(Place, Shown)>,
}

/// The figures of the ended months. They change only when a month ends or a
/// change reaches an ended month (`stats_history`), so they are computed far
/// less often than anything is registered.
struct Published {
    cube: Cube,
    /// First answers by kind, place and month answered.
    durations: HashMap<(Kind, Place, Month), Days>,
    /// Corruption reports received, by year (ended months only).
    corruption: BTreeMap<i32, u64>,
    latest: Month,
    computed_at: OffsetDateTime,
    threshold: u64,
    kinds: Vec<Kind>,
    /// Kinds owed an answer (with a term in the profile).
    owed: Vec<Kind>,
}

/// How many working days answers took: `(working days, on time, count)`, sorted.
type Days = Vec<(u32, bool, u64)>;

/// The figures of one period and place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub period: Period,
    /// Its ended months.
    pub months: Vec<Month>,
    /// Some of its months have not ended: they are not in the figures yet.
    pub running: bool,
    pub place: Place,
    pub received: Shown,
    pub by_kind: Vec<(Kind, Shown)>,
    pub by_channel: Vec<(Channel, Shown)>,
    /// Each unit's (and "none named"); empty when the view is of one unit.
    pub by_unit: Vec<(Option<String>, Shown)>,
    /// Received, month by month.
    pub trend: Vec<(Month, Shown)>,
    pub answers: Vec<Answers>,
    pub not_examined: Shown,
    pub not_examined_by_reason: Vec<(Reason, Shown)>,
    /// Open and past their due date today (not a figure of the period).
    pub overdue_now: Shown,
    /// Corruption reports received in the period's last year (its ended months).
    pub corruption: (i32, Shown),
    /// Kiosk ratings in the period ("How were you served today?"), repeat taps
    /// left out, and by face.
    pub rated: Shown,
    pub by_score: Vec<(Score, Shown)>,
    /// Repeat taps on the kiosks, counted apart (`glas_shared::rating`).
    pub repeat_taps: Shown,
    pub latest: Month,
    pub computed_at: OffsetDateTime,
}

/// What was answered in the period, for one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    pub kind: Kind,
    /// Whether the kind is owed an answer within a term (else "on time" means nothing).
    pub owed: bool,
    pub answered: Shown,
    /// Shares and durations only for groups of at least the threshold.
    pub on_time_percent: Option<u32>,
    pub median_days: Option<u32>,
    pub p90_days: Option<u32>,
}

impl Stats {
    /// The figures of `rollups` as of `now`, small counts under `profile`'s
    /// threshold hidden: what the cache computes in two parts, in one go.
    pub fn compute(rollups: Rollups, profile: &Profile, now: OffsetDateTime) -> Stats {
        let today = sofia_date(now);
        let overdue = overdue_sums(&rollups, today);
        Stats::new(
            Arc::new(Published::compute(rollups, profile, now)),
            &overdue,
        )
    }

    /// `published` with `overdue` (open and past due today: `(kind, unit, count)`).
    fn new(published: Arc<Published>, overdue: &[(Kind, Option<String>, u64)]) -> Stats {
        let overdue = hide_overdue(overdue, &published.cube.places, published.threshold);
        Stats {
            latest: published.latest,
            computed_at: published.computed_at,
            published,
            overdue,
        }
    }

    /// The figures of `period` at `place`.
    pub fn view(&self, period: Period, place: Place) -> View {
        let p = &*self.published;
        let time = Time::of(period);
        let cell = |family, time, detail| {
            p.cube.get(&Cell {
                family,
                time,
                place: place.clone(),
                detail,
            })
        };
        let months = period.months(self.latest);
        let answers = p
            .kinds
            .iter()
            .map(|&kind| {
                let answered = cell(Family::Answered, time, Detail::Kind(kind));
                let big_enough = answered.count().is_some_and(|n| n >= p.threshold);
                let mut days: Days = months
                    .iter()
                    .filter_map(|&m| p.durations.get(&(kind, place.clone(), m)))
                    .flatten()
                    .copied()
                    .collect();
                days.sort_unstable();
                let total: u64 = days.iter().map(|(.., n)| n).sum();
                let on_time: u64 = days.iter().filter(|(_, t, _)| *t).map(|(.., n)| n).sum();
                let owed = p.owed.contains(&kind);
                Answers {
                    kind,
                    owed,
                    answered,
                    on_time_percent: (big_enough && owed && total > 0)
                        .then(|| percent(on_time, total)),
                    median_days: big_enough.then(|| quantile(&days, total, 50)).flatten(),
                    p90_days: big_enough.then(|| quantile(&days, total, 90)).flatten(),
                }
            })
            .collect();
        let year = months.last().map_or(self.latest.year, |m| m.year);
        let corruption = p.corruption.get(&year).copied().unwrap_or(0);
        View {
            period,
            running: period.is_running(self.latest),
            months: months.clone(),
            place: place.clone(),
            received: cell(Family::Received, time, Detail::All),
            by_kind: p
                .kinds
                .iter()
                .map(|&k| (k, cell(Family::Received, time, Detail::Kind(k))))
                .collect(),
            by_channel: Channel::ALL
                .iter()
                .map(|&c| (c, cell(Family::Received, time, Detail::Channel(c))))
                .collect(),
            by_unit: match place {
                Place::All => p.cube.places[1..]
                    .iter()
                    .map(|place| {
                        let Place::Unit(u) = place else {
                            unreachable!("places after the first are units")
                        };
                        (
                            u.clone(),
                            p.cube.get(&Cell {
                                family: Family::Received,
                                time,
                                place: place.clone(),
                                detail: Detail::All,
                            }),
                        )
                    })
                    .collect(),
                Place::Unit(_) => Vec::new(),
            },
            trend: months
                .iter()
                .map(|&m| (m, cell(Family::Received, Time::Month(m), Detail::All)))
                .collect(),
            answers,
            rated: cell(Family::Rated, time, Detail::All),
            by_score: Score::ALL
                .iter()
                .map(|&s| (s, cell(Family::Rated, time, Detail::Score(s))))
                .collect(),
            repeat_taps: cell(Family::RepeatTaps, time, Detail::All),
            not_examined: cell(Family::NotExamined, time, Detail::All),
            not_examined_by_reason: Reason::ALL
                .iter()
                .map(|&r| (r, cell(Family::NotExamined, time, Detail::Reason(r))))
                .collect(),
            overdue_now: self
                .overdue
                .iter()
                .find(|(p, _)| *p == place)
                .map_or(Shown::Count(0), |(_, s)| *s),
            corruption: (year, hide_small(corruption, p.threshold)),
            latest: self.latest,
            computed_at: self.computed_at,
        }
    }

    /// The ended months the figures hold, oldest first.
    pub fn months(&self) -> &[Month] {
        &self.published.cube.months
    }

    /// Every unit together, then each unit (and "none named").
    pub fn places(&self) -> &[Place] {
        &self.published.cube.places
    }

    /// Whether `place` is one the figures know (a unit of the profile or of the data).
    pub fn knows(&self, place: &Place) -> bool {
        self.published.cube.places.contains(place)
    }
}

impl Published {
    /// The figures of the ended months before `now` in `rollups` (later months'
    /// rows and what is open are not read).
    fn compute(rollups: Rollups, profile: &Profile, now: OffsetDateTime) -> Published {
        let latest = Month::of(sofia_date(now)).previous();
        let threshold = u64::from(profile.small_count_threshold);
        let kinds: Vec<Kind> = profile
            .kinds
            .accepted()
            .filter(|&k| k != Kind::Corruption)
            .collect();
        let owed = kinds
            .iter()
            .copied()
            .filter(|&k| profile.answer_within(k).is_some())
            .collect();
        let units: Vec<String> = profile
            .units
            .iter()
            .map(|u| u.id.as_ref().to_owned())
            .collect();
        let cube = Cube::build(&counts(&rollups, latest), latest, &units, &kinds, threshold);
        let mut days: HashMap<_, BTreeMap<(u32, bool), u64>> = HashMap::new();
        for (month, kind, unit, working_days, on_time, n) in &rollups.answered {
            if *month > latest || *kind == Kind::Corruption {
                continue;
            }
            for place in [Place::All, Place::Unit(unit.clone())] {
                *days
                    .entry((*kind, place, *month))
                    .or_default()
                    .entry((*working_days, *on_time))
                    .or_default() += n;
            }
        }
        let durations = days
            .into_iter()
            .map(|(key, days)| (key, days.into_iter().map(|((d, t), n)| (d, t, n)).collect()))
            .collect();
        let mut corruption = BTreeMap::new();
        for (month, kind, .., n) in &rollups.received {
            if *kind == Kind::Corruption && *month <= latest {
                *corruption.entry(month.year).or_default() += n;
            }
        }
        Published {
            cube,
            durations,
            corruption,
            latest,
            computed_at: now,
            threshold,
            kinds,
            owed,
        }
    }
}

/// The figures, kept until a change to them is committed (on any instance: the
/// versions are read from the database, see `Store::stats_version`) or the day in
/// Sofia changes. The ended months' figures are computed again from the rollups
/// only when a month ends or a change reaches an ended month; a change to what
/// is overdue costs one small query; a registration, nothing.
#[derive(Clone, Default)]
pub struct Cache(Arc<Mutex<Option<Cached>>>);

#[derive(Clone)]
struct Cached {
    version: StatsVersion,
    day: Date,
    stats: Arc<Stats>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stats::Cache")
    }
}

impl Cache {
    /// The figures as of `now`: from the cache while they hold, else the part
    /// that changed computed anew from the rollups.
    pub async fn get(
        &self,
        store: &Store,
        profile: &Profile,
        now: OffsetDateTime,
    ) -> Result<Arc<Stats>, StoreError> {
        // Read before the rollups: a change committed in between moves the
        // version again, and the next request computes again.
        let version = store.stats_version().await?;
        let day = sofia_date(now);
        let latest = Month::of(day).previous();
        let cached = self.0.lock().expect("not poisoned").clone();
        if let Some(cached) = &cached
            && cached.version == version
            && cached.day == day
        {
            return Ok(cached.stats.clone());
        }
        let published = match cached {
            Some(cached)
                if cached.version.published == version.published
                    && cached.stats.latest == latest =>
            {
                cached.stats.published.clone()
            }
            _ => {
                let rollups = store.published_rollups(latest).await?;
                Arc::new(Published::compute(rollups, profile, now))
            }
        };
        let overdue = store.overdue(day).await?;
        let stats = Arc::new(Stats::new(published, &overdue));
        *self.0.lock().expect("not poisoned") = Some(Cached {
            version,
            day,
            stats: stats.clone(),
        });
        Ok(stats)
    }
}

/// The rollups' monthly counts as the cube takes them; corruption reports are
/// left out (only their yearly total is published).
fn counts(r: &Rollups, latest: Month) -> Vec<Count> {
    let mut counts = Vec::new();
    for (month, kind, unit, channel, n) in &r.received {
        if *kind != Kind::Corruption && *month <= latest {
            counts.push(Count {
                family: Family::Received,
                month: *month,
                unit: unit.clone(),
                details: vec![Detail::Kind(*kind), Detail::Channel(*channel)],
                n: *n,
            });
        }
    }
    // By month, kind and unit: the working days are the durations' business.
    let mut answered: BTreeMap<(Month, Kind, &Option<String>), u64> = BTreeMap::new();
    for (month, kind, unit, _, _, n) in &r.answered {
        if *kind != Kind::Corruption && *month <= latest {
            *answered.entry((*month, *kind, unit)).or_default() += n;
        }
    }
    for ((month, kind, unit), n) in answered {
        counts.push(Count {
            family: Family::Answered,
            month,
            unit: unit.clone(),
            details: vec![Detail::Kind(kind)],
            n,
        });
    }
    for (month, kind, unit, reason, n) in &r.not_examined {
        if *kind != Kind::Corruption && *month <= latest {
            counts.push(Count {
                family: Family::NotExamined,
                month: *month,
                unit: unit.clone(),
                details: vec![Detail::Reason(*reason)],
                n: *n,
            });
        }
    }
    for (month, unit, score, repeat, n) in &r.rated {
        if *month <= latest {
            counts.push(Count {
                family: if *repeat {
                    Family::RepeatTaps
                } else {
                    Family::Rated
                },
                month: *month,
                unit: Some(unit.clone()),
                details: if *repeat {
                    Vec::new()
                } else {
                    vec![Detail::Score(*score)]
                },
                n: *n,
            });
        }
    }
    counts
}

/// Open items past their due date on `today` in `rollups`: `(kind, unit, count)`,
/// as `Store::overdue` reads them.
fn overdue_sums(rollups: &Rollups, today: Date) -> Vec<(Kind, Option<String>, u64)> {
    let mut sums: BTreeMap<(Kind, Option<String>), u64> = BTreeMap::new();
    for (due, kind, unit, n) in &rollups.open {
        if *due < today {
            *sums.entry((*kind, unit.clone())).or_default() += n;
        }
    }
    sums.into_iter().map(|((k, u), n)| (k, u, n)).collect()
}

/// What is overdue, by place, hidden as counts are; corruption reports are left
/// out (only their yearly total is published).
fn hide_overdue(
    overdue: &[(Kind, Option<String>, u64)],
    places: &[Place],
    threshold: u64,
) -> Vec<(Place, Shown)> {
    let values: Vec<u64> = places
        .iter()
        .map(|place| {
            overdue
                .iter()
                .filter(|(kind, unit, _)| {
                    *kind != Kind::Corruption
                        && match place {
                            Place::All => true,
                            Place::Unit(u) => u == unit,
                        }
                })
                .map(|(.., n)| n)
                .sum()
        })
        .collect();
    let sums = [Sum {
        total: 0,
        parts: (1..places.len()).collect(),
    }];
    places
        .iter()
        .cloned()
        .zip(suppress(&values, &sums, threshold))
        .collect()
}

/// How a unit is named in the open data and the query string: its id, or `none`
/// for feedback that named no unit.
pub fn unit_key(unit: Option<&str>) -> &str {
    unit.unwrap_or("none")
}

/// The place `?unit=` names: every unit when empty or `all`.
pub fn place_of(unit: Option<&str>) -> Place {
    match unit.map(str::trim) {
        None | Some("" | "all") => Place::All,
        Some("none") => Place::Unit(None),
        Some(id) => Place::Unit(Some(id.to_owned())),
    }
}

fn hide_small(n: u64, threshold: u64) -> Shown {
    if n > 0 && n < threshold {
        Shown::Small
    } else {
        Shown::Count(n)
    }
}

/// `part` of `whole` in whole percent, rounded half up.
fn percent(part: u64, whole: u64) -> u32 {
    u32::try_from((part * 200 + whole) / (2 * whole)).unwrap_or(100)
}

/// The `q`th percentile (nearest rank) of the working days in `days` (sorted,
/// with counts), `total` of them.
fn quantile(days: &[(u32, bool, u64)], total: u64, q: u64) -> Option<u32> {
    let rank = (total * q).div_ceil(100).max(1);
    let mut seen = 0;
    for &(d, _, n) in days {
        seen += n;
        if seen >= rank {
            return Some(d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        // 1, 2, 2, 3, 10 working days.
        let days = [(1, true, 1), (2, true, 2), (3, true, 1), (10, false, 1)];
        assert_eq!(quantile(&days, 5, 50), Some(2));
        assert_eq!(quantile(&days, 5, 90), Some(10));
        assert_eq!(quantile(&[], 0, 50), None);
    }

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(percent(1, 8), 13); // 12.5
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(5, 5), 100);
    }
}
