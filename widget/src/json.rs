//! JSON through the browser's own `JSON.parse` and `JSON.stringify`, with
//! `serde-wasm-bindgen` between JavaScript values and our types, so that the
//! widget does not carry a JSON parser and printer of its own (serde_json cost
//! the download some 60 KB before compression). Native builds (the unit tests)
//! use serde_json for the same job.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// `text` as a `T`, or why not.
#[cfg(target_arch = "wasm32")]
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|e| format!("{e:?}"))?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// `value` as JSON text: `null` for `None`, objects for maps, as serde_json writes them.
#[cfg(target_arch = "wasm32")]
pub fn stringify<T: Serialize>(value: &T) -> Result<String, String> {
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())?;
    js_sys::JSON::stringify(&value)
        .map(String::from)
        .map_err(|e| format!("{e:?}"))
}

#[cfg(not(target_arch = "wasm32"))]
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[cfg(not(target_arch = "wasm32"))]
pub fn stringify<T: Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}
