//! The next person must never see what the last one wrote. A visit that has left
//! the first screen (or its language) ends after the profile's `idle_seconds`
//! without a touch, a thanks screen sooner; `WARN` seconds before, a countdown
//! says so, announced to screen readers, and any touch keeps the visit.

use glas_shared::Locale;
use glas_shared::i18n::{Arg, kiosk, kiosk_key};
use leptos::ev;
use leptos::prelude::*;
use std::time::Duration;

use super::screen::{Screen, Visit, said};
use crate::profile::Municipality;
use crate::ui::{Stage, Ui};

/// How long before the end the countdown shows.
pub const WARN: u32 = 10;
/// A thanks screen has nothing to lose: it gives way to the next person sooner.
const THANKS_FOR: u32 = 20;

/// Watches the visit for touches; the seconds left, while the countdown shows.
pub fn watch(visit: Visit, ui: Ui, municipality: Municipality) -> ReadSignal<Option<u32>> {
    let left = RwSignal::new(None::<u32>);
    let last_touch = StoredValue::new(js_sys::Date::now());
    let touched = move || {
        last_touch.set_value(js_sys::Date::now());
        if left.get_untracked().is_some() {
            left.set(None);
        }
    };
    let listeners = [
        window_event_listener(ev::pointerdown, move |_| touched()),
        window_event_listener(ev::keydown, move |_| touched()),
        window_event_listener(ev::input, move |_| touched()),
    ];
    let tick = move || {
        let screen = visit.screen.get_untracked();
        let fresh = screen == Screen::Rate && ui.locale.get_untracked() == Locale::default();
        // Nothing to forget; and a visit is never cut off in the middle of a send
        // (the form is saved on the kiosk first, and the send ends within seconds).
        if fresh || ui.stage_untracked() == Stage::Sending {
            touched();
            return;
        }
        let limit = if screen == Screen::Thanks {
            THANKS_FOR
        } else {
            municipality.profile.with_untracked(|profile| {
                profile
                    .as_ref()
                    .map_or(glas_shared::profile::DEFAULT_IDLE_SECONDS, |p| {
                        p.idle_seconds
                    })
            })
        };
        let idle = ((js_sys::Date::now() - last_touch.get_value()) / 1000.0) as u32;
        match countdown(limit, idle) {
            None => visit.end(),
            Some(warning) => {
                if left.get_untracked() != warning {
                    left.set(warning);
                }
            }
        }
    };
    let timer = set_interval_with_handle(tick, Duration::from_secs(1)).ok();
    on_cleanup(move || {
        for listener in listeners {
            listener.remove();
        }
        if let Some(timer) = timer {
            timer.clear();
        }
    });
    left.read_only()
}

/// After `idle` seconds of a visit that ends at `limit`: `None` when it is over,
/// else the seconds to show on the countdown, if it shows yet.
fn countdown(limit: u32, idle: u32) -> Option<Option<u32>> {
    let remaining = limit.checked_sub(idle).filter(|r| *r > 0)?;
    Some((remaining <= WARN).then_some(remaining))
}

/// The warning: its sentence is announced once, as it appears; the seconds
/// beside it change every second, for the eye alone.
#[component]
pub fn Countdown(left: ReadSignal<Option<u32>>) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let warning = move || {
        kiosk().format(
            ui.locale.get(),
            kiosk_key::KIOSK_IDLE,
            &[("seconds", Arg::Number(WARN as usize))],
        )
    };
    view! {
        <Show when=move || left.get().is_some()>
            <div class="countdown" role="alert">
                <p class="seconds" aria-hidden="true">{move || left.get().unwrap_or(0)}</p>
                <p>{warning}</p>
                <button type="button" class="primary">{said(ui, kiosk_key::KIOSK_IDLE_STAY)}</button>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_shows_for_the_last_ten_seconds_then_the_visit_ends() {
        assert_eq!(countdown(60, 0), Some(None));
        assert_eq!(countdown(60, 49), Some(None));
        assert_eq!(countdown(60, 50), Some(Some(10)));
        assert_eq!(countdown(60, 59), Some(Some(1)));
        assert_eq!(countdown(60, 60), None);
        assert_eq!(countdown(60, 600), None);
    }
}
