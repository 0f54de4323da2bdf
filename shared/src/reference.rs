//! Registration numbers ("входящ номер").
//!
//! Format: `YYYY-NNNNNN`, the year of receipt in Europe/Sofia and a sequence that
//! starts at 1 each year, zero-padded to six digits (wider past 999,999).
//! Sorting the strings sorts by year, then by order of registration.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reference {
    year: i32,
    seq: u64,
}

impl Reference {
    pub fn new(year: i32, seq: u64) -> Self {
        Reference { year, seq }
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn seq(&self) -> u64 {
        self.seq
    }

    pub fn parse(s: &str) -> Option<Self> {
        let (year, seq) = s.split_once('-')?;
        if year.len() != 4
            || seq.len() < 6
            || !year.bytes().chain(seq.bytes()).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Some(Reference {
            year: year.parse().ok()?,
            seq: seq.parse().ok()?,
        })
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:06}", self.year, self.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn references_read_as_documented() {
        assert_eq!(Reference::new(2026, 123).to_string(), "2026-000123");
        assert_eq!(Reference::new(2026, 1_234_567).to_string(), "2026-1234567");
        assert_eq!(
            Reference::parse("2026-000123"),
            Some(Reference::new(2026, 123))
        );
        assert_eq!(Reference::parse("2026-123"), None);
        assert_eq!(Reference::parse("26-000123"), None);
    }

    proptest! {
        #[test]
        fn references_round_trip(year in 2000i32..9999, seq in 1u64..100_000_000) {
            let r = Reference::new(year, seq);
            prop_assert_eq!(Reference::parse(&r.to_string()), Some(r));
        }

        #[test]
        fn parsing_any_text_never_panics_and_what_parses_prints_back(
            s in prop_oneof![
                any::<String>(),
                "\\PC{0,400}",
                "[0-9٠-٩]{0,6}-[0-9٠-٩+ ]{0,30}",
            ]
        ) {
            if let Some(r) = Reference::parse(&s) {
                // What parsed is ASCII digits; printed, it parses to itself.
                prop_assert!(s.is_ascii(), "{:?}", s);
                prop_assert_eq!(Reference::parse(&r.to_string()), Some(r));
            }
        }

        #[test]
        fn a_written_reference_is_read_as_written(year in 0i32..=9999, seq in "[0-9]{6,19}") {
            let written = format!("{year:04}-{seq}");
            let r = Reference::parse(&written).expect("a year and six digits or more");
            prop_assert_eq!(r.year(), year);
            prop_assert_eq!(r.seq(), seq.parse::<u64>().unwrap());
            if seq.len() == 6 || !seq.starts_with('0') {
                prop_assert_eq!(r.to_string(), written);
            }
        }

        #[test]
        fn reference_strings_sort_like_references(a in 1u64..10_000_000, b in 1u64..10_000_000) {
            let (ra, rb) = (Reference::new(2026, a), Reference::new(2026, b));
            if a.to_string().len() == b.to_string().len() || (a < 1_000_000 && b < 1_000_000) {
                prop_assert_eq!(ra.to_string().cmp(&rb.to_string()), ra.cmp(&rb));
            }
        }
    }
}
