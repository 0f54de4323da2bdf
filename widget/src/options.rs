//! What the loader passes to `mount`, read from the embedding `<script>` tag.

use glas_shared::{Channel, Locale};
use js_sys::{Promise, Reflect};
use leptos::logging::warn;
use wasm_bindgen::{JsCast, JsValue};

#[derive(Clone)]
pub struct Options {
    /// The server's origin, e.g. `https://glas.haskovo.bg`.
    pub api: String,
    pub locale: Locale,
    /// The service unit named by `data-unit`, as given (see `form::unit`).
    pub unit: Option<String>,
    pub channel: Channel,
    /// The citizen clicked the launcher: open the panel and take focus.
    pub open: bool,
    /// The loader's launcher had focus: give it to ours.
    pub focus: bool,
    /// The loader's request for the profile, sent beside the Wasm's: resolves to
    /// its JSON text, or `null`.
    pub profile: Option<Promise>,
}

impl Options {
    /// Reads the loader's options object. A web editor's typo must not stop a
    /// citizen from writing, so a bad value falls back to the default, with a
    /// console warning for the editor.
    pub fn from_js(options: &JsValue) -> Options {
        let text = |key: &str| {
            Reflect::get(options, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_string())
        };
        let flag = |key: &str| {
            Reflect::get(options, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_bool())
                == Some(true)
        };

        let channel = text("channel").map_or(Ok(Channel::Web), |channel| Channel::parse(&channel));
        let channel = channel.unwrap_or_else(|_| {
            warn!("glas: data-channel is not a known channel; using \"web\"");
            Channel::Web
        });
        Options {
            api: text("api")
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_owned(),
            locale: text("locale")
                .and_then(|tag| Locale::from_tag(&tag))
                .unwrap_or_default(),
            unit: text("unit"),
            channel,
            open: flag("open"),
            focus: flag("focus"),
            profile: Reflect::get(options, &JsValue::from_str("profile"))
                .ok()
                .and_then(|v| v.dyn_into().ok()),
        }
    }
}
