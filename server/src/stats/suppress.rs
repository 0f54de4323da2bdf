//! Small counts are hidden, and so is whatever would let one be worked out.
//!
//! The published figures are counts in cells (a kind in a month at a unit, a
//! channel in a year everywhere, …) tied together by sums: a year is its
//! months, "every unit" is the units, "every kind" is the kinds. Hiding a small
//! count protects nothing if the total and the other parts are shown, so:
//!
//! 1. **Primary:** a count from 1 to `threshold − 1` is hidden ("<5").
//! 2. **Secondary**, until nothing changes, for every sum `total = part₁ + … + partₙ`:
//!    - one hidden cell alone in a sum can be worked out from the rest: a second
//!      one is hidden;
//!    - with the total shown, the hidden parts add up to the total less the
//!      shown ones: if that is from 1 to `threshold − 1`, it is as good as a small
//!      count, and another part (or, failing that, the total) is hidden.
//!
//!    The cell hidden is the shown one with the smallest count that is not zero
//!    (the least information lost), then a zero, then the total.
//!
//! Cells are only ever hidden, never shown again, so the loop ends. One function
//! for the page, the JSON, the CSV and the yearly report: they show the same
//! cells.

/// A sum the figures keep: `total` is the sum of `parts` (indices into the cells).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// How a cell is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Count(u64),
    /// From 1 to the threshold less one.
    Small,
    /// Not small itself, hidden so that a small one cannot be worked out.
    Hidden,
}

impl Shown {
    pub fn count(self) -> Option<u64> {
        match self {
            Shown::Count(n) => Some(n),
            Shown::Small | Shown::Hidden => None,
        }
    }
}

/// Which of `counts` may be shown, given the sums that tie them together.
pub fn suppress(counts: &[u64], sums: &[Sum], threshold: u64) -> Vec<Shown> {
    let mut shown: Vec<Shown> = counts
        .iter()
        .map(|&n| {
            if n > 0 && n < threshold {
                Shown::Small
            } else {
                Shown::Count(n)
            }
        })
        .collect();
    let hidden = |shown: &[Shown], i: usize| shown[i].count().is_none();
    loop {
        let mut changed = false;
        for sum in sums {
            let members = || std::iter::once(sum.total).chain(sum.parts.iter().copied());
            let hidden_members = members().filter(|&i| hidden(&shown, i)).count();
            let hidden_parts: u64 = sum
                .parts
                .iter()
                .filter(|&&i| hidden(&shown, i))
                .map(|&i| counts[i])
                .sum();
            let exposed = hidden_members == 1
                || (!hidden(&shown, sum.total) && hidden_parts > 0 && hidden_parts < threshold);
            if !exposed {
                continue;
            }
            let shown_parts = || sum.parts.iter().copied().filter(|&i| !hidden(&shown, i));
            let next = shown_parts()
                .filter(|&i| counts[i] > 0)
                .min_by_key(|&i| (counts[i], i))
                .or_else(|| shown_parts().next())
                .or_else(|| Some(sum.total).filter(|&i| !hidden(&shown, i)));
            if let Some(i) = next {
                shown[i] = Shown::Hidden;
                changed = true;
            }
        }
        if !changed {
            return shown;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(total: usize, parts: &[usize]) -> Sum {
        Sum {
            total,
            parts: parts.to_vec(),
        }
    }

    /// Every sum, as a reader holding the shown cells would check it: no hidden
    /// cell can be worked out exactly, and no hidden group adds up to a small count.
    fn assert_protected(counts: &[u64], sums: &[Sum], shown: &[Shown], threshold: u64) {
        for s in sums {
            let members: Vec<usize> = std::iter::once(s.total).chain(s.parts.clone()).collect();
            let hidden: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| shown[i].count().is_none())
                .collect();
            assert_ne!(hidden.len(), 1, "{s:?}: one hidden cell can be worked out");
            if shown[s.total].count().is_some() {
                let rest: u64 = hidden.iter().map(|&i| counts[i]).sum();
                assert!(
                    rest == 0 || rest >= threshold,
                    "{s:?}: the hidden parts add up to {rest}"
                );
            }
        }
    }

    #[test]
    fn nothing_small_shows_everything() {
        let counts = [30, 10, 20];
        let sums = [sum(0, &[1, 2])];
        let shown = suppress(&counts, &sums, 5);
        assert_eq!(
            shown,
            [Shown::Count(30), Shown::Count(10), Shown::Count(20)]
        );
    }

    #[test]
    fn zero_is_shown_it_is_not_small() {
        let counts = [10, 0, 10];
        let shown = suppress(&counts, &[sum(0, &[1, 2])], 5);
        assert_eq!(shown, [Shown::Count(10), Shown::Count(0), Shown::Count(10)]);
    }

    #[test]
    fn a_small_count_takes_the_next_smallest_with_it() {
        // total 43 = 3 + 25 + 15: 3 is small; 15 goes too, or 43 − 25 − 15 gives it away.
        let counts = [43, 3, 25, 15];
        let sums = [sum(0, &[1, 2, 3])];
        let shown = suppress(&counts, &sums, 5);
        assert_eq!(
            shown,
            [
                Shown::Count(43),
                Shown::Small,
                Shown::Count(25),
                Shown::Hidden
            ]
        );
        assert_protected(&counts, &sums, &shown, 5);
    }

    #[test]
    fn two_small_counts_that_add_up_to_a_small_one_take_a_third() {
        // 1 + 2 = 3 would be known from 50 − 47.
        let counts = [56, 1, 2, 47, 6];
        let sums = [sum(0, &[1, 2, 3, 4])];
        let shown = suppress(&counts, &sums, 5);
        assert_eq!(shown[4], Shown::Hidden);
        assert_eq!(shown[3], Shown::Count(47));
        assert_protected(&counts, &sums, &shown, 5);
    }

    #[test]
    fn a_small_total_hides_a_part_too() {
        // Everything is small: the total 4 = 4 + 0; hiding the total alone would
        // leave it equal to the shown parts.
        let counts = [4, 4, 0];
        let sums = [sum(0, &[1, 2])];
        let shown = suppress(&counts, &sums, 5);
        assert_eq!(shown, [Shown::Small, Shown::Small, Shown::Count(0)]);
        assert_protected(&counts, &sums, &shown, 5);
    }

    #[test]
    fn a_secondary_suppression_is_followed_through_every_sum_it_is_in() {
        // Two kinds × two units, with totals both ways (a 2×2 table and its margins):
        //            unit A  unit B  | all
        //   kind X     2      20     |  22
        //   kind Y    30      40     |  70
        //   all       32      60     |  92
        let (xa, xb, x, ya, yb, y, a, b, all) = (0, 1, 2, 3, 4, 5, 6, 7, 8);
        let counts = [2, 20, 22, 30, 40, 70, 32, 60, 92];
        let sums = [
            sum(x, &[xa, xb]),
            sum(y, &[ya, yb]),
            sum(a, &[xa, ya]),
            sum(b, &[xb, yb]),
            sum(all, &[x, y]),
            sum(all, &[a, b]),
        ];
        let shown = suppress(&counts, &sums, 5);
        assert_eq!(shown[xa], Shown::Small);
        assert_protected(&counts, &sums, &shown, 5);
        // The classic rectangle: xa, xb, ya, yb hidden, every margin shown.
        for i in [x, y, a, b, all] {
            assert!(shown[i].count().is_some(), "margin {i} shown");
        }
    }

    #[test]
    fn a_period_that_differs_by_one_submission_does_not_give_it_away() {
        // Complaints: October 20, November 1, December 0; the quarter 21.
        let (oct, nov, dec, q4) = (0, 1, 2, 3);
        let counts = [20, 1, 0, 21];
        let sums = [sum(q4, &[oct, nov, dec])];
        let shown = suppress(&counts, &sums, 5);
        assert_eq!(shown[nov], Shown::Small);
        // October and the quarter are not both shown: 21 − 20 would be November's.
        assert!(shown[oct].count().is_none() || shown[q4].count().is_none());
        assert_protected(&counts, &sums, &shown, 5);
    }

    #[test]
    fn the_result_is_protected_on_many_tables() {
        // A pseudo-random 4×5 table with margins, many times over.
        let mut seed = 7_u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % 12
        };
        for _ in 0..500 {
            let (rows, cols) = (4, 5);
            let mut counts = vec![0; rows * cols];
            for c in counts.iter_mut() {
                *c = next();
            }
            let cell = |r: usize, c: usize| r * cols + c;
            let row_total = |r: usize| rows * cols + r;
            let col_total = |c: usize| rows * cols + rows + c;
            let grand = rows * cols + rows + cols;
            let mut all = counts.clone();
            all.extend((0..rows).map(|r| (0..cols).map(|c| counts[cell(r, c)]).sum::<u64>()));
            all.extend((0..cols).map(|c| (0..rows).map(|r| counts[cell(r, c)]).sum::<u64>()));
            all.push(counts.iter().sum());
            let mut sums: Vec<Sum> = (0..rows)
                .map(|r| {
                    sum(
                        row_total(r),
                        &(0..cols).map(|c| cell(r, c)).collect::<Vec<_>>(),
                    )
                })
                .collect();
            sums.extend((0..cols).map(|c| {
                sum(
                    col_total(c),
                    &(0..rows).map(|r| cell(r, c)).collect::<Vec<_>>(),
                )
            }));
            sums.push(sum(grand, &(0..rows).map(row_total).collect::<Vec<_>>()));
            sums.push(sum(grand, &(0..cols).map(col_total).collect::<Vec<_>>()));
            let shown = suppress(&all, &sums, 5);
            assert_protected(&all, &sums, &shown, 5);
            for (i, s) in shown.iter().enumerate() {
                if all[i] > 0 && all[i] < 5 {
                    assert_eq!(*s, Shown::Small);
                }
            }
        }
    }
}
