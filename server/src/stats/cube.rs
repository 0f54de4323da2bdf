//! Every count the statistics publish, for every period and unit at once, with
//! the small ones hidden over all of them together.
//!
//! The figures of one view (a period, one unit or all) are cells of this cube.
//! Hiding is decided once for the whole cube, not per view: two views that
//! overlap (a quarter and one of its months, all units and one unit) show the same
//! cells the same way, so subtracting one from the other finds nothing hidden.

use std::collections::{BTreeSet, HashMap};

use glas_shared::rating::Score;
use glas_shared::{Channel, Kind, Reason};

use super::period::Period;
use super::rollup::Month;
use super::suppress::{Shown, Sum, suppress};

/// What a count counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Received in the period.
    Received,
    /// Answered (a first answer) in the period.
    Answered,
    /// Received in the period and not examined.
    NotExamined,
    /// Kiosk ratings that count in the period, repeat taps left out.
    Rated,
    /// Repeat taps on the kiosks in the period, counted apart.
    RepeatTaps,
}

/// A stretch of time the cube holds: each ended month, and the quarters, years
/// and the last twelve months made of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Time {
    Month(Month),
    Quarter(i32, u8),
    Year(i32),
    Last12,
}

impl Time {
    pub fn of(period: Period) -> Time {
        match period {
            Period::Month(m) => Time::Month(m),
            Period::Quarter { year, quarter } => Time::Quarter(year, quarter),
            Period::Year(year) => Time::Year(year),
            Period::Last12 { .. } => Time::Last12,
        }
    }
}

/// Every unit together, or one: `Unit(None)` is feedback that named none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    All,
    Unit(Option<String>),
}

/// A breakdown: all of the family, or one kind, channel or reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Detail {
    All,
    Kind(Kind),
    Channel(Channel),
    Reason(Reason),
    Score(Score),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cell {
    pub family: Family,
    pub time: Time,
    pub place: Place,
    pub detail: Detail,
}

/// A monthly count from the rollups (corruption reports left out: they are
/// published only as a yearly total).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub family: Family,
    pub month: Month,
    pub unit: Option<String>,
    /// Its breakdowns: a kind and a channel for what was received, a kind for
    /// what was answered, a reason for what was not examined, a face for a rating.
    pub details: Vec<Detail>,
    pub n: u64,
}

/// The kinds, channels and reasons each family is broken down by.
pub fn breakdowns(family: Family, kinds: &[Kind]) -> Vec<Vec<Detail>> {
    match family {
        Family::Received => vec![
            kinds.iter().map(|&k| Detail::Kind(k)).collect(),
            Channel::ALL.iter().map(|&c| Detail::Channel(c)).collect(),
        ],
        Family::Answered => vec![kinds.iter().map(|&k| Detail::Kind(k)).collect()],
        Family::NotExamined => vec![Reason::ALL.iter().map(|&r| Detail::Reason(r)).collect()],
        Family::Rated => vec![Score::ALL.iter().map(|&s| Detail::Score(s)).collect()],
        Family::RepeatTaps => Vec::new(),
    }
}

pub const FAMILIES: [Family; 5] = [
    Family::Received,
    Family::Answered,
    Family::NotExamined,
    Family::Rated,
    Family::RepeatTaps,
];

pub struct Cube {
    index: HashMap<Cell, usize>,
    shown: Vec<Shown>,
    /// The ended months it holds, oldest first.
    pub months: Vec<Month>,
    pub places: Vec<Place>,
}

impl Cube {
    /// The cube of `counts`, for the months from the first with a count (or a year
    /// before `latest`, if later) to `latest`, the units of the profile and any
    /// other the counts name, and `kinds` (what the profile accepts, corruption
    /// reports left out).
    pub fn build(
        counts: &[Count],
        latest: Month,
        units: &[String],
        kinds: &[Kind],
        threshold: u64,
    ) -> Cube {
        let last12 = Period::Last12 { until: latest }.all_months();
        let first = counts
            .iter()
            .map(|c| c.month)
            .chain([last12[0]])
            .min()
            .unwrap_or(last12[0]);
        let months: Vec<Month> = std::iter::successors(Some(first), |m| Some(m.next()))
            .take_while(|m| *m <= latest)
            .collect();
        let mut unit_ids: BTreeSet<Option<String>> = units.iter().cloned().map(Some).collect();
        unit_ids.insert(None);
        unit_ids.extend(counts.iter().map(|c| c.unit.clone()));
        let places: Vec<Place> = std::iter::once(Place::All)
            .chain(unit_ids.into_iter().map(Place::Unit))
            .collect();

        // Time: each month, each quarter and year (of its ended months), the last 12.
        let mut quarters: Vec<((i32, u8), Vec<Month>)> = Vec::new();
        let mut years: Vec<(i32, Vec<Month>)> = Vec::new();
        for &m in &months {
            let q = (m.year, (m.month - 1) / 3 + 1);
            match quarters.last_mut() {
                Some((key, ms)) if *key == q => ms.push(m),
                _ => quarters.push((q, vec![m])),
            }
            match years.last_mut() {
                Some((year, ms)) if *year == m.year => ms.push(m),
                _ => years.push((m.year, vec![m])),
            }
        }
        let mut times: Vec<Time> = months.iter().map(|&m| Time::Month(m)).collect();
        times.extend(quarters.iter().map(|((y, q), _)| Time::Quarter(*y, *q)));
        times.extend(years.iter().map(|(y, _)| Time::Year(*y)));
        times.push(Time::Last12);
        let mut time_sums: Vec<(Time, Vec<Time>)> = Vec::new();
        for ((y, q), ms) in &quarters {
            time_sums.push((
                Time::Quarter(*y, *q),
                ms.iter().map(|&m| Time::Month(m)).collect(),
            ));
        }
        for (y, ms) in &years {
            time_sums.push((Time::Year(*y), ms.iter().map(|&m| Time::Month(m)).collect()));
            let qs = quarters
                .iter()
                .filter(|((qy, _), _)| qy == y)
                .map(|((qy, q), _)| Time::Quarter(*qy, *q))
                .collect();
            time_sums.push((Time::Year(*y), qs));
        }
        time_sums.push((
            Time::Last12,
            last12.iter().map(|&m| Time::Month(m)).collect(),
        ));

        // Every cell, zero or not: a zero can be a part of a sum like any other.
        let mut index = HashMap::new();
        let mut cells: Vec<Cell> = Vec::new();
        for family in FAMILIES {
            let details: Vec<Detail> = std::iter::once(Detail::All)
                .chain(breakdowns(family, kinds).into_iter().flatten())
                .collect();
            for &time in &times {
                for place in &places {
                    for &detail in &details {
                        let cell = Cell {
                            family,
                            time,
                            place: place.clone(),
                            detail,
                        };
                        index.insert(cell.clone(), cells.len());
                        cells.push(cell);
                    }
                }
            }
        }
        let mut values = vec![0_u64; cells.len()];
        let mut add = |cell: Cell, n: u64| {
            if let Some(&i) = index.get(&cell) {
                values[i] += n;
            }
        };
        for c in counts {
            // The month, and every quarter, year and last 12 made of months it is in
            // (each sum over quarters has a twin over months, so none is counted twice).
            let month = Time::Month(c.month);
            let in_time = std::iter::once(month).chain(
                time_sums
                    .iter()
                    .filter(|(_, parts)| parts.contains(&month))
                    .map(|(t, _)| *t),
            );
            for time in in_time {
                for place in [Place::All, Place::Unit(c.unit.clone())] {
                    for detail in std::iter::once(Detail::All).chain(c.details.iter().copied()) {
                        add(
                            Cell {
                                family: c.family,
                                time,
                                place: place.clone(),
                                detail,
                            },
                            c.n,
                        );
                    }
                }
            }
        }

        let at = |cell: Cell| index[&cell];
        let mut sums = Vec::new();
        for family in FAMILIES {
            let groups = breakdowns(family, kinds);
            let details: Vec<Detail> = std::iter::once(Detail::All)
                .chain(groups.iter().flatten().copied())
                .collect();
            for place in &places {
                for &detail in &details {
                    for (total, parts) in &time_sums {
                        let cell = |time| Cell {
                            family,
                            time,
                            place: place.clone(),
                            detail,
                        };
                        sums.push(Sum {
                            total: at(cell(*total)),
                            parts: parts.iter().map(|&t| at(cell(t))).collect(),
                        });
                    }
                }
            }
            for &time in &times {
                for &detail in &details {
                    let cell = |place: &Place| Cell {
                        family,
                        time,
                        place: place.clone(),
                        detail,
                    };
                    sums.push(Sum {
                        total: at(cell(&Place::All)),
                        parts: places[1..].iter().map(|p| at(cell(p))).collect(),
                    });
                }
                for place in &places {
                    for group in &groups {
                        let cell = |detail| Cell {
                            family,
                            time,
                            place: place.clone(),
                            detail,
                        };
                        sums.push(Sum {
                            total: at(cell(Detail::All)),
                            parts: group.iter().map(|&d| at(cell(d))).collect(),
                        });
                    }
                }
            }
        }
        let shown = suppress(&values, &sums, threshold);
        Cube {
            index,
            shown,
            months,
            places,
        }
    }

    /// How `cell` is published; a cell outside the cube (a month before the first
    /// count) is a zero.
    pub fn get(&self, cell: &Cell) -> Shown {
        self.index
            .get(cell)
            .map_or(Shown::Count(0), |&i| self.shown[i])
    }
}
