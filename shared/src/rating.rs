//! A kiosk's one-tap satisfaction rating ("How were you served today?"), and
//! the two rules the kiosk and the server both apply to what a kiosk sends:
//! which taps are repeats, and when a kiosk's clock is believed.
//!
//! # Repeats
//! A tap on a face less than [`REPEAT_WITHIN`] after the previous tap on the same
//! kiosk (by the kiosk's clock) is a *repeat*: a child playing with the screen,
//! a citizen who changed their mind, a double tap. Repeats are not dropped: they
//! are stored, marked, and counted apart in the statistics, so nobody's tap is
//! silently deleted and nobody can stuff the figures by tapping. The kiosk marks
//! them as they happen; the server marks them again from the ratings it holds
//! (a kiosk that lost its memory, or two batches that arrive out of order,
//! cannot unmark one). A repeat's repeat is a repeat too: the window runs from
//! the previous tap, whatever it was.
//!
//! # Clocks
//! Kiosks keep their own time, and their clocks drift, or were never set. The
//! server keeps both the kiosk's `created_at` and its own time of receipt. The
//! statistics count a rating (or a kiosk's submission) at the kiosk's time when
//! that is plausible: not later than [`CLOCK_AHEAD`] after the server received
//! it (a clock running fast), and not earlier than [`HELD_AT_MOST`] before (a
//! kiosk offline for a long holiday, or a clock reset to 1970). Otherwise they
//! count it at the server's time of receipt. [`counted_at`] is the rule.

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::invalid::{Field, Invalid, Problem};

/// Taps on one kiosk closer together than this: the later one is a repeat.
pub const REPEAT_WITHIN: Duration = Duration::seconds(10);

/// How far ahead of the server's clock a kiosk's may run and still be believed.
pub const CLOCK_AHEAD: Duration = Duration::minutes(5);

/// How long a kiosk may hold what it collected before the server receives it
/// and still have its time believed: long enough for a kiosk offline over the
/// longest holidays.
pub const HELD_AT_MOST: Duration = Duration::days(31);

/// How the citizen was served: four faces, with no middle one to hide behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Score {
    VeryUnhappy = 1,
    Unhappy = 2,
    Happy = 3,
    VeryHappy = 4,
}

impl Score {
    pub const ALL: [Score; 4] = [
        Score::VeryUnhappy,
        Score::Unhappy,
        Score::Happy,
        Score::VeryHappy,
    ];

    /// 1 (very unhappy) to 4 (very happy), as on the wire and in the database.
    pub fn value(self) -> u8 {
        self as u8
    }

    pub fn from_value(value: i64) -> Option<Score> {
        Score::ALL
            .into_iter()
            .find(|s| i64::from(s.value()) == value)
    }
}

/// A rating as a kiosk sends it (`POST /api/v1/ratings`, in a batch). The unit
/// is not in it: it is the unit the kiosk is enrolled for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct NewRating {
    /// A UUID made by the kiosk: the idempotency key.
    #[cfg_attr(feature = "server", schema(format = Uuid))]
    pub id: String,
    /// 1 (very unhappy) to 4 (very happy).
    #[cfg_attr(feature = "server", schema(minimum = 1, maximum = 4))]
    pub score: i64,
    /// RFC 3339, by the kiosk's clock.
    #[cfg_attr(feature = "server", schema(format = DateTime))]
    pub created_at: String,
    /// The kiosk already took it for a repeat.
    #[serde(default)]
    pub repeat: bool,
}

/// `POST /api/v1/ratings`: a kiosk's ratings, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RatingBatch {
    /// At most 100.
    #[cfg_attr(feature = "server", schema(max_items = 100))]
    pub ratings: Vec<NewRating>,
}

/// What became of one rating: `201` stored now, `200` stored before (a replay),
/// `409` its id was stored with other content, `422` refused (see `errors`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RatingResult {
    /// The rating's `id` as sent.
    pub id: Option<String>,
    /// The HTTP status the rating would have had on its own: 201, 200, 409 or 422.
    pub status: u16,
    /// Stored as a repeat (the kiosk's word, or the server's rule).
    #[serde(default)]
    pub repeat: bool,
    #[serde(default)]
    pub errors: Vec<crate::FieldError>,
}

/// The answer to a [`RatingBatch`], item by item, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RatingResults {
    pub results: Vec<RatingResult>,
}

/// `POST /api/v1/kiosk/enrol`: the one-time code an administrator gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Enrol {
    /// `XXXX-XXXX` as the desk shows it (case, spaces and dashes do not matter),
    /// valid for 30 minutes, used once.
    pub code: String,
}

/// The answer to [`Enrol`]: the device token to send as `Authorization: Bearer`
/// with every request from now on, and the unit the kiosk serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Enrolled {
    pub token: String,
    pub unit: String,
}

/// `POST /api/v1/kiosk/heartbeat`: how a kiosk is, by its own account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Heartbeat {
    /// Submissions and ratings waiting on the kiosk.
    pub queue_length: u32,
    /// When the oldest of them was made (RFC 3339, the kiosk's clock).
    #[serde(default)]
    #[cfg_attr(feature = "server", schema(format = DateTime))]
    pub oldest_unsent_at: Option<String>,
    /// The kiosk's release (kept to its first 64 characters).
    pub app_version: String,
}

/// A rating, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rating {
    pub id: Uuid,
    pub score: Score,
    pub created_at: OffsetDateTime,
    pub repeat: bool,
}

impl Rating {
    /// Every problem with `dto`, or the rating.
    pub fn parse(dto: &NewRating) -> Result<Rating, Vec<Invalid>> {
        let id = Uuid::parse_str(&dto.id).map_err(|_| Invalid::new(Field::Id, Problem::InvalidId));
        let score =
            Score::from_value(dto.score).ok_or(Invalid::new(Field::Score, Problem::InvalidShape));
        let created_at = OffsetDateTime::parse(&dto.created_at, &Rfc3339)
            .map_err(|_| Invalid::new(Field::CreatedAt, Problem::InvalidDateTime));
        match (id, score, created_at) {
            (Ok(id), Ok(score), Ok(created_at)) => Ok(Rating {
                id,
                score,
                created_at,
                repeat: dto.repeat,
            }),
            (id, score, created_at) => Err([id.err(), score.err(), created_at.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }
}

/// Whether a tap at `at` repeats the tap before it on the same kiosk, made at
/// `previous` (both by the kiosk's clock).
pub fn is_repeat(previous: Option<OffsetDateTime>, at: OffsetDateTime) -> bool {
    previous.is_some_and(|previous| previous <= at && at - previous < REPEAT_WITHIN)
}

/// The time the statistics count something a kiosk made at `created_at` (its
/// clock) and the server received at `received_at` (the server's).
pub fn counted_at(created_at: OffsetDateTime, received_at: OffsetDateTime) -> OffsetDateTime {
    let plausible =
        created_at <= received_at + CLOCK_AHEAD && created_at >= received_at - HELD_AT_MOST;
    if plausible { created_at } else { received_at }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn dto() -> NewRating {
        NewRating {
            id: "0b9f3a52-8d1c-4e55-9a77-2f4c6b1d0e11".into(),
            score: 3,
            created_at: "2026-11-30T09:15:00+02:00".into(),
            repeat: false,
        }
    }

    #[test]
    fn a_rating_is_one_of_four_faces() {
        for score in 1..=4 {
            let rating = Rating::parse(&NewRating { score, ..dto() }).unwrap();
            assert_eq!(i64::from(rating.score.value()), score);
        }
        for score in [0, 5, -1, 100] {
            let errors = Rating::parse(&NewRating { score, ..dto() }).unwrap_err();
            assert_eq!(
                errors,
                vec![Invalid::new(Field::Score, Problem::InvalidShape)]
            );
        }
    }

    #[test]
    fn every_problem_is_told_at_once() {
        let errors = Rating::parse(&NewRating {
            id: "nope".into(),
            score: 9,
            created_at: "today".into(),
            repeat: false,
        })
        .unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, [Field::Id, Field::Score, Field::CreatedAt]);
    }

    use proptest::prelude::*;

    /// Ids, scores and times: valid ones, nearly valid ones, and anything.
    fn any_dto() -> impl Strategy<Value = NewRating> {
        let id = prop_oneof![
            any::<u128>().prop_map(|n| Uuid::from_u128(n).to_string()),
            any::<u128>().prop_map(|n| Uuid::from_u128(n).simple().to_string().to_uppercase()),
            "\\PC{0,40}",
            any::<String>(),
        ];
        let created_at = prop_oneof![
            (-62_135_596_800i64..253_402_300_799, -23i8..=23).prop_map(|(secs, h)| {
                OffsetDateTime::from_unix_timestamp(secs)
                    .unwrap()
                    .to_offset(time::UtcOffset::from_hms(h, 0, 0).unwrap())
                    .format(&Rfc3339)
                    .unwrap()
            }),
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})",
            any::<String>(),
        ];
        (
            id,
            prop_oneof![0i64..=5, any::<i64>()],
            created_at,
            any::<bool>(),
        )
            .prop_map(|(id, score, created_at, repeat)| NewRating {
                id,
                score,
                created_at,
                repeat,
            })
    }

    proptest! {
        #[test]
        fn a_rating_parses_exactly_when_each_part_does(dto in any_dto()) {
            let id = Uuid::parse_str(&dto.id).ok();
            let score = Score::from_value(dto.score);
            let at = OffsetDateTime::parse(&dto.created_at, &Rfc3339).ok();
            match Rating::parse(&dto) {
                Ok(rating) => {
                    prop_assert_eq!(Some(rating.id), id);
                    prop_assert_eq!(Some(rating.score), score);
                    prop_assert_eq!(Some(rating.created_at), at);
                    prop_assert_eq!(rating.repeat, dto.repeat);
                }
                Err(errors) => {
                    // Each bad part once, in the kiosk's order.
                    let expected: Vec<Field> = [
                        (id.is_none(), Field::Id),
                        (score.is_none(), Field::Score),
                        (at.is_none(), Field::CreatedAt),
                    ]
                    .into_iter()
                    .filter_map(|(bad, field)| bad.then_some(field))
                    .collect();
                    prop_assert!(!expected.is_empty());
                    prop_assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(), expected);
                }
            }
        }

        #[test]
        fn a_score_is_one_of_four_faces(value in prop_oneof![-2i64..=7, any::<i64>()]) {
            match Score::from_value(value) {
                Some(score) => prop_assert_eq!(i64::from(score.value()), value),
                None => prop_assert!(!(1..=4).contains(&value)),
            }
        }

        #[test]
        fn what_a_kiosk_sends_reads_back_as_sent(ratings in proptest::collection::vec(any_dto(), 0..8)) {
            let batch = RatingBatch { ratings };
            let json = serde_json::to_string(&batch).unwrap();
            prop_assert_eq!(serde_json::from_str::<RatingBatch>(&json).unwrap(), batch);
        }

        #[test]
        fn a_kiosk_clock_counts_only_within_its_window(
            created in -1_000_000_000i64..1_000_000_000,
            received in -1_000_000_000i64..1_000_000_000,
        ) {
            let created = OffsetDateTime::from_unix_timestamp(created).unwrap();
            let received = OffsetDateTime::from_unix_timestamp(received).unwrap();
            let counted = counted_at(created, received);
            prop_assert!(counted == created || counted == received);
            prop_assert!(counted <= received + CLOCK_AHEAD);
            prop_assert!(counted >= received - HELD_AT_MOST);
        }
    }

    #[test]
    fn a_tap_soon_after_the_last_is_a_repeat() {
        let first = datetime!(2026-11-30 09:00:00 UTC);
        assert!(!is_repeat(None, first));
        assert!(is_repeat(Some(first), first + Duration::seconds(3)));
        assert!(is_repeat(
            Some(first),
            first + Duration::milliseconds(9_999)
        ));
        assert!(!is_repeat(Some(first), first + REPEAT_WITHIN));
        assert!(!is_repeat(Some(first), first + Duration::minutes(2)));
        // The same instant twice (a double tap the clock cannot tell apart).
        assert!(is_repeat(Some(first), first));
        // An earlier tap is never a repeat of a later one.
        assert!(!is_repeat(Some(first), first - Duration::seconds(1)));
    }

    #[test]
    fn a_kiosk_clock_is_believed_only_when_plausible() {
        let received = datetime!(2026-11-30 12:00:00 UTC);
        // Offline for a few days: its own time counts.
        let days_ago = received - Duration::days(4);
        assert_eq!(counted_at(days_ago, received), days_ago);
        // A little fast: still believed.
        let fast = received + Duration::minutes(4);
        assert_eq!(counted_at(fast, received), fast);
        // Far ahead, or reset to long ago: the server's time counts.
        assert_eq!(
            counted_at(received + Duration::hours(3), received),
            received
        );
        assert_eq!(
            counted_at(datetime!(1970-01-01 00:00 UTC), received),
            received
        );
        assert_eq!(
            counted_at(received - Duration::days(40), received),
            received
        );
    }
}
