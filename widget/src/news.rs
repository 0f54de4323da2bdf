//! What the citizen has not been told yet about earlier feedback that waited on
//! this device: receipts delivered in the background, refusals, and how much is
//! still waiting. The one place that decides when a receipt has been seen.

use leptos::prelude::*;
#[cfg(feature = "web")]
use leptos::task::spawn_local;
#[cfg(feature = "web")]
use web_sys::VisibilityState;

use crate::outbox::{self, Unseen};

#[derive(Clone, Copy)]
pub struct News {
    unseen: RwSignal<Unseen>,
}

impl News {
    pub fn new() -> Self {
        News {
            unseen: RwSignal::new(Unseen::default()),
        }
    }

    /// Rereads the outbox; how many submissions still wait in it.
    pub async fn refresh(self) -> Option<usize> {
        let unseen = outbox::unseen().await.ok()?;
        let pending = unseen.pending;
        self.unseen.set(unseen);
        Some(pending)
    }
}

/// What the web page's panel tells the citizen (a kiosk tells nobody: see `outbox`).
#[cfg(feature = "web")]
impl News {
    /// Reads `f` of what is unseen (tracked).
    pub fn with<T>(self, f: impl FnOnce(&Unseen) -> T) -> T {
        self.unseen.with(f)
    }

    /// The receipts are on a visible page: they stay on screen until dismissed,
    /// but no other page of the site shows them again.
    pub fn shown(self) {
        if document().visibility_state() == VisibilityState::Visible {
            let ids = self.receipt_ids();
            if !ids.is_empty() {
                forget_on_device(ids, Vec::new());
            }
        }
    }

    /// The panel that showed the receipts was closed: they have been seen.
    pub fn closed(self) {
        let ids = self.receipt_ids();
        if !ids.is_empty() {
            self.dismiss(ids, Vec::new());
        }
    }

    /// Takes receipts and refusals off the screen and out of the device.
    pub fn dismiss(self, receipts: Vec<String>, refusals: Vec<String>) {
        self.unseen.update(|unseen| {
            unseen.delivered.retain(|r| !receipts.contains(&r.id));
            unseen
                .refused
                .retain(|r| !refusals.contains(&r.submission.id));
        });
        forget_on_device(receipts, refusals);
    }

    /// The ids of the receipts on screen.
    pub fn receipt_ids(self) -> Vec<String> {
        self.unseen
            .with_untracked(|unseen| unseen.delivered.iter().map(|r| r.id.clone()).collect())
    }
}

#[cfg(feature = "web")]
fn forget_on_device(receipts: Vec<String>, refusals: Vec<String>) {
    spawn_local(async move {
        let _ = outbox::forget(&receipts, &refusals).await;
    });
}
