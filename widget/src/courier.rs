//! Delivers what the outbox holds: the citizen's submission at once, and in the
//! background whatever is left, when the page opens, when the device comes back
//! online, and on a backoff timer while anything is waiting. What the citizen is
//! told about it afterwards is `news`'s business.

use std::time::Duration;

use glas_shared::FieldError;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Delivery, Why};
use crate::browser;
use crate::news::News;
use crate::outbox::{self, Queued, Settled};
use crate::wire::Receipt;

const FIRST_RETRY: Duration = Duration::from_secs(5);
const LAST_RETRY: Duration = Duration::from_secs(5 * 60);
/// Submissions per batch request: well under the server's limit of
/// `glas_shared::MAX_BATCH`, so that a batch of long texts stays a small request.
const BATCH: usize = 20;
/// The Web Lock that lets one tab of the site drain the outbox at a time.
const LOCK: &str = "glas-sync";

/// What became of the submission the citizen just sent.
#[derive(Clone)]
pub enum Handed {
    Registered(Receipt),
    Refused(Vec<FieldError>),
    /// Saved in the outbox, for the reason given; the courier will deliver it.
    Queued(Why),
    /// Neither delivered nor saved (no IndexedDB and no network): the form keeps it.
    Failed,
}

#[derive(Clone, Copy)]
pub struct Courier {
    api: StoredValue<String>,
    busy: StoredValue<bool>,
    retry: StoredValue<Duration>,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// Ids the form is delivering itself, which the background leaves alone.
    in_hand: StoredValue<Vec<String>>,
    /// Told after every delivery, so the panel shows what happened.
    news: News,
}

impl Courier {
    pub fn new(api: String, news: News) -> Self {
        Courier {
            api: StoredValue::new(api),
            busy: StoredValue::new(false),
            retry: StoredValue::new(FIRST_RETRY),
            timer: StoredValue::new(None),
            in_hand: StoredValue::new(Vec::new()),
            news,
        }
    }

    /// Delivers what earlier visits left behind, and whatever is left later on.
    pub fn start(self) {
        self.sync();
        // The widget lives as long as the page, so the listener is never removed.
        let _ = window_event_listener(leptos::ev::online, move |_| self.sync());
    }

    /// Saves `queued` in the outbox, then tries to deliver it at once.
    pub async fn send(self, queued: Queued) -> Handed {
        self.in_hand.update_value(|ids| ids.push(queued.id.clone()));
        let saved = outbox::put(&queued).await.is_ok();
        let delivery = api::deliver(&self.api.get_value(), &queued.body).await;
        self.in_hand
            .update_value(|ids| ids.retain(|id| *id != queued.id));

        let handed = match delivery {
            Delivery::Registered(receipt) => Handed::Registered(receipt),
            Delivery::Refused(errors) => Handed::Refused(errors),
            Delivery::Later(why) if saved => Handed::Queued(why),
            Delivery::Later(_) => Handed::Failed,
        };
        if saved && !matches!(handed, Handed::Queued(_)) {
            // The citizen sees the answer on the spot: nothing to keep.
            let _ = outbox::settle(&[(queued, Settled::Seen)]).await;
        }
        self.refresh().await;
        handed
    }

    /// Drains the outbox now, unless a drain is already running in this tab.
    pub fn sync(self) {
        if self.busy.get_value() {
            return;
        }
        self.busy.set_value(true);
        if let Some(timer) = self.timer.try_update_value(Option::take).flatten() {
            timer.clear();
        }
        spawn_local(async move {
            let (api, in_hand) = (self.api.get_value(), self.in_hand.get_value());
            let progress = browser::exclusively(LOCK, move || drain(api, in_hand)).await;
            self.busy.set_value(false);
            if progress == Some(true) {
                self.retry.set_value(FIRST_RETRY);
            }
            self.refresh().await;
        });
    }

    /// Rereads the outbox, and keeps a retry timer running while anything waits.
    async fn refresh(self) {
        let Some(pending) = self.news.refresh().await else {
            return;
        };
        if pending == 0 {
            self.retry.set_value(FIRST_RETRY);
        } else if self.timer.with_value(Option::is_none) && !self.busy.get_value() {
            let delay = self.retry.get_value();
            self.retry.set_value((delay * 2).min(LAST_RETRY));
            let timer = set_timeout_with_handle(move || self.sync(), delay).ok();
            self.timer.set_value(timer);
        }
    }
}

/// Delivers the outbox, batch by batch, and settles every answer. Returns
/// whether anything was answered. Stops at the first batch the network or the
/// server could not take.
async fn drain(api: String, in_hand: Vec<String>) -> bool {
    #[cfg(feature = "kiosk")]
    let rated = drain_ratings(&api).await;
    #[cfg(not(feature = "kiosk"))]
    let rated = false;
    let Ok(queued) = outbox::queued().await else {
        return rated;
    };
    let queued: Vec<Queued> = queued
        .into_iter()
        .filter(|q| !in_hand.contains(&q.id))
        .collect();
    let mut progress = rated;
    for chunk in queued.chunks(BATCH) {
        let batch = match chunk {
            [one] => Some(vec![api::deliver(&api, &one.body).await]),
            _ => api::deliver_batch(&api, chunk).await,
        };
        let deliveries = match batch {
            Some(deliveries) => deliveries,
            None => {
                let mut one_by_one = Vec::with_capacity(chunk.len());
                for item in chunk {
                    one_by_one.push(api::deliver(&api, &item.body).await);
                }
                one_by_one
            }
        };
        let answered: Vec<(Queued, Settled)> = chunk
            .iter()
            .zip(deliveries)
            .filter_map(|(item, delivery)| match delivery {
                Delivery::Registered(receipt) => Some((item.clone(), Settled::Delivered(receipt))),
                Delivery::Refused(errors) => Some((item.clone(), Settled::Refused(errors))),
                Delivery::Later(_) => None,
            })
            .collect();
        if answered.is_empty() || outbox::settle(&answered).await.is_err() {
            break;
        }
        progress = true;
    }
    progress
}

/// Ratings per request: a rating is a hundred bytes, so a kiosk's day of them
/// goes in a few requests.
#[cfg(feature = "kiosk")]
const RATINGS_BATCH: usize = glas_shared::MAX_BATCH;

/// Delivers a kiosk's ratings, batch by batch, and takes off the kiosk those the
/// server is done with. Returns whether any were; stops at the first batch that
/// was not taken.
#[cfg(feature = "kiosk")]
async fn drain_ratings(api: &str) -> bool {
    let Ok(ratings) = outbox::ratings().await else {
        return false;
    };
    let mut progress = false;
    for chunk in ratings.chunks(RATINGS_BATCH) {
        let done = api::deliver_ratings(api, chunk).await;
        let ids: Vec<&str> = chunk
            .iter()
            .zip(done)
            .filter(|(_, done)| *done)
            .map(|(rating, _)| rating.id.as_str())
            .collect();
        if ids.is_empty() || outbox::forget_ratings(&ids).await.is_err() {
            break;
        }
        progress = true;
    }
    progress
}
