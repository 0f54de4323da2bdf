//! The citizen's feedback widget: a Leptos app (client-side rendered) that
//! mounts into the shadow root the loader (`widget/loader/glas.js`) made.
//!
//! The widget never trusts the network: a submission is written to the
//! device's outbox (IndexedDB) before it is sent, and leaves it only once the
//! server has answered with a receipt or a definitive refusal.

mod api;
mod app;
mod browser;
mod courier;
mod form;
mod json;
mod modal;
mod news;
mod notices;
mod options;
mod outbox;
mod outcome;
mod profile;
mod ui;
mod wire;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::ShadowRoot;

use crate::app::App;
use crate::options::Options;

/// Mounts the widget into `root`. Called by the loader once the Wasm is
/// instantiated; `options` is `{ api, locale, unit, channel, open, focus }`.
#[wasm_bindgen]
pub fn mount(root: ShadowRoot, options: JsValue) -> Result<(), JsValue> {
    let options = Options::from_js(&options);
    let covers = modal::covering(&root);
    let container = document().create_element("div")?;
    root.append_child(&container)?;
    // Event handlers are attached to each element, not delegated to the
    // document (Leptos's `delegation` feature is off), so they work inside a
    // shadow root.
    leptos::mount::mount_to(
        container.unchecked_into(),
        move || view! { <App options covers /> },
    )
    .forget();
    Ok(())
}
