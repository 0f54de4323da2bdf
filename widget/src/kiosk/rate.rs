//! The first screen's question and its four faces, and what a tap leaves: a
//! rating queued on the kiosk (IndexedDB, `outbox`), delivered by the courier
//! in batches, exactly once. A tap within `REPEAT_WITHIN` of the kiosk's previous
//! one is marked a repeat here, as the server marks it again.

use glas_shared::i18n::kiosk_key;
use glas_shared::rating::{REPEAT_WITHIN, Score};
use leptos::logging::warn;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::screen::{Screen, Visit, said};
use crate::browser;
use crate::courier::Courier;
use crate::outbox::{self, Queued};
use crate::ui::{TITLE, Ui};

/// The kiosk's ratings: when it was last tapped, whoever tapped it.
#[derive(Clone, Copy)]
pub struct Ratings {
    last_tap: StoredValue<Option<f64>>,
}

impl Ratings {
    pub fn new() -> Self {
        Ratings {
            last_tap: StoredValue::new(None),
        }
    }

    /// Queues a tap on `score` made now, and hands it to the courier.
    fn record(self, score: Score, courier: Courier) {
        let now = js_sys::Date::now();
        let repeat = self
            .last_tap
            .get_value()
            .is_some_and(|last| is_repeat(last, now));
        self.last_tap.set_value(Some(now));
        let id = browser::new_id();
        let body = rating_json(&id, score, &browser::now(), repeat);
        spawn_local(async move {
            match outbox::put_rating(&Queued { id, body }).await {
                Ok(()) => courier.sync(),
                Err(_) => warn!("glas: a rating could not be saved on the kiosk"),
            }
        });
    }
}

/// The kiosk's half of the repeat rule, on its clock in milliseconds.
fn is_repeat(last: f64, now: f64) -> bool {
    (0.0..(REPEAT_WITHIN.whole_milliseconds() as f64)).contains(&(now - last))
}

/// A `NewRating` as JSON: every value is the kiosk's own (a UUID, a number, a
/// time from the browser's clock), none needs escaping.
fn rating_json(id: &str, score: Score, created_at: &str, repeat: bool) -> String {
    format!(
        r#"{{"id":"{id}","score":{},"created_at":"{created_at}","repeat":{repeat}}}"#,
        score.value()
    )
}

fn label(score: Score) -> &'static str {
    match score {
        Score::VeryUnhappy => kiosk_key::KIOSK_SCORE_1,
        Score::Unhappy => kiosk_key::KIOSK_SCORE_2,
        Score::Happy => kiosk_key::KIOSK_SCORE_3,
        Score::VeryHappy => kiosk_key::KIOSK_SCORE_4,
    }
}

/// "How were you served today?" and the four faces, from very unhappy to very happy.
#[component]
pub fn Rate() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let visit = expect_context::<Visit>();
    let ratings = expect_context::<Ratings>();
    let courier = expect_context::<Courier>();

    view! {
        <h1 id=TITLE class="question" tabindex="-1">{said(ui, kiosk_key::KIOSK_QUESTION)}</h1>
        <div class="faces">
            {Score::ALL
                .iter()
                .map(|&score| {
                    let n = score.value();
                    let rate = move |_| {
                        ratings.record(score, courier);
                        visit.show(Screen::Thanks);
                    };
                    view! {
                        <button type="button" class=format!("face face-{n}") on:click=rate>
                            <Face score />
                            <span>{said(ui, label(score))}</span>
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// A face drawn in SVG (no emoji font needed): the mouth turns from a deep frown
/// to a wide smile. Its button's text says the same in words.
#[component]
fn Face(score: Score) -> impl IntoView {
    let mouth = match score {
        Score::VeryUnhappy => "M19 47 Q32 33 45 47",
        Score::Unhappy => "M21 45 Q32 39 43 45",
        Score::Happy => "M21 40 Q32 47 43 40",
        Score::VeryHappy => "M17 37 Q32 56 47 37",
    };
    view! {
        <svg viewBox="0 0 64 64" aria-hidden="true" focusable="false">
            <circle cx="32" cy="32" r="29" />
            <circle class="eye" cx="23" cy="25" r="3.5" />
            <circle class="eye" cx="41" cy="25" r="3.5" />
            <path d=mouth />
        </svg>
    }
}

/// Thanks for the rating, and the way on to the form.
#[component]
pub fn Thanks() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let visit = expect_context::<Visit>();

    view! {
        <h1 id=TITLE tabindex="-1">{said(ui, kiosk_key::KIOSK_THANKS)}</h1>
        <p class="lead">{said(ui, kiosk_key::KIOSK_THANKS_BODY)}</p>
        <div class="actions">
            <button type="button" class="primary" on:click=move |_| visit.show(Screen::Tell)>
                {said(ui, kiosk_key::KIOSK_TELL_MORE)}
            </button>
            <button type="button" class="secondary" on:click=move |_| visit.end()>
                {said(ui, kiosk_key::KIOSK_DONE)}
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use glas_shared::rating::{NewRating, Rating};

    use super::*;

    #[test]
    fn a_queued_rating_is_what_the_server_reads() {
        let id = "0b9e7a52-4e2c-4d7e-9a51-6a7d2f0c9b11";
        let json = rating_json(id, Score::Happy, "2026-11-30T10:00:05.000Z", true);
        let dto: NewRating = serde_json::from_str(&json).unwrap();
        let rating = Rating::parse(&dto).expect("valid");
        assert_eq!((rating.score, rating.repeat), (Score::Happy, true));
        assert_eq!(rating.id.to_string(), id);
    }

    #[test]
    fn a_tap_within_ten_seconds_of_the_last_is_a_repeat() {
        assert!(is_repeat(1_000.0, 1_000.0));
        assert!(is_repeat(1_000.0, 10_999.0));
        assert!(!is_repeat(1_000.0, 11_000.0));
        // A clock set back is no reason to call a tap a repeat.
        assert!(!is_repeat(11_000.0, 1_000.0));
    }
}
