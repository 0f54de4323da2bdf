//! The kiosk's health, told to the desk: when it was last seen, how much waits on
//! it and since when, and which release it runs. Sent when the kiosk starts, when
//! its network comes back, and every few minutes.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::device;
use super::screen::API;
use crate::api;
use crate::json::Json;
use crate::outbox::{self, Queued};

const EVERY: Duration = Duration::from_secs(5 * 60);

/// Beats now and from now on. The kiosk lives as long as the page, so neither
/// the timer nor the listener is ever removed.
pub fn start() {
    beat();
    let _ = set_interval_with_handle(beat, EVERY);
    let _ = window_event_listener(leptos::ev::online, move |_| beat());
}

/// Tells the server how the kiosk is, if it is enrolled.
pub fn beat() {
    if device::token().is_none() {
        return;
    }
    spawn_local(async {
        let mut waiting = outbox::queued().await.unwrap_or_default();
        waiting.extend(outbox::ratings().await.unwrap_or_default());
        if api::heartbeat(API, &body(&waiting, env!("CARGO_PKG_VERSION"))).await {
            device::accepted();
        }
    });
}

/// The heartbeat's JSON: the queue's length, the oldest item's time (RFC 3339 from
/// the kiosk's clock, so the earliest is the least) and the app's version.
fn body(waiting: &[Queued], version: &str) -> String {
    let oldest = waiting
        .iter()
        .filter_map(|item| Json::parse(&item.body)?.str("created_at"))
        .min();
    let oldest = oldest.map_or_else(|| "null".to_owned(), |at| Json::string(&at).text());
    format!(
        r#"{{"queue_length":{},"oldest_unsent_at":{oldest},"app_version":{}}}"#,
        waiting.len(),
        Json::string(version).text()
    )
}

#[cfg(test)]
mod tests {
    use glas_shared::rating::Heartbeat;

    use super::*;

    #[test]
    fn the_heartbeat_says_how_much_waits_and_since_when() {
        let waiting = [
            Queued {
                id: "a".into(),
                body: r#"{"id":"a","score":4,"created_at":"2026-11-30T10:00:05.000Z"}"#.into(),
            },
            Queued {
                id: "b".into(),
                body: r#"{"id":"b","kind":"praise","created_at":"2026-11-29T08:00:00.000Z"}"#
                    .into(),
            },
        ];
        let beat: Heartbeat = serde_json::from_str(&body(&waiting, "0.1.0")).unwrap();
        assert_eq!(beat.queue_length, 2);
        assert_eq!(
            beat.oldest_unsent_at.as_deref(),
            Some("2026-11-29T08:00:00.000Z")
        );
        assert_eq!(beat.app_version, "0.1.0");

        let idle: Heartbeat = serde_json::from_str(&body(&[], "0.1.0")).unwrap();
        assert_eq!((idle.queue_length, idle.oldest_unsent_at), (0, None));
    }
}
