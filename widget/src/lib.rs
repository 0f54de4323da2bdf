//! The citizen's feedback widget: a Leptos app (client-side rendered) in two
//! bundles, by cargo feature. `web` mounts into the shadow root the loader
//! (`widget/loader/glas.js`) made on a municipal page; `kiosk` is the kiosk's
//! screen in a service hall (`kiosk`), on the page Glas serves at `/kiosk`. Both
//! show the same form, from the same modules.
//!
//! The widget never trusts the network: a submission is written to the
//! device's outbox (IndexedDB) before it is sent, and leaves it only once the
//! server has answered with a receipt or a definitive refusal.

mod api;
#[cfg(feature = "web")]
mod app;
mod browser;
mod courier;
mod form;
mod json;
#[cfg(feature = "kiosk")]
mod kiosk;
#[cfg(feature = "web")]
mod modal;
mod news;
#[cfg(feature = "web")]
mod notices;
#[cfg(feature = "web")]
mod options;
mod outbox;
mod outcome;
mod profile;
mod ui;
mod wire;

#[cfg(feature = "web")]
pub use app::mount;
#[cfg(feature = "kiosk")]
pub use kiosk::mount_kiosk;
