//! JSON through the browser's own `JSON.parse` and `JSON.stringify`, read and
//! written field by field with `js_sys::Reflect`, so that the widget carries no
//! JSON library and no serde (serde_json cost the download some 60 KB, serde's
//! generated readers some 40 KB more). Reading takes only the fields the widget
//! needs and ignores the rest, so a newer server's additions never make an older
//! widget refuse an answer.
//!
//! Native builds (the unit tests) have no browser: the same API over
//! `serde_json::Value`.

/// A JSON value: an object, an array, a string, a number, a boolean or null.
#[derive(Clone)]
pub struct Json(Inner);

#[cfg(target_arch = "wasm32")]
type Inner = wasm_bindgen::JsValue;
#[cfg(not(target_arch = "wasm32"))]
type Inner = serde_json::Value;

impl Json {
    /// `text` parsed, or `None` when it is not JSON.
    #[cfg(target_arch = "wasm32")]
    pub fn parse(text: &str) -> Option<Json> {
        js_sys::JSON::parse(text).ok().map(Json)
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(text: &str) -> Option<Json> {
        serde_json::from_str(text).ok().map(Json)
    }

    /// The value as JSON text.
    #[cfg(target_arch = "wasm32")]
    pub fn text(&self) -> String {
        js_sys::JSON::stringify(&self.0)
            .map(String::from)
            .unwrap_or_default()
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub fn text(&self) -> String {
        self.0.to_string()
    }

    /// The member `key` of an object; `None` when it is missing or null.
    #[cfg(target_arch = "wasm32")]
    pub fn get(&self, key: &str) -> Option<Json> {
        if !self.0.is_object() {
            return None;
        }
        let value = js_sys::Reflect::get(&self.0, &key.into()).ok()?;
        (!value.is_undefined() && !value.is_null()).then_some(Json(value))
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub fn get(&self, key: &str) -> Option<Json> {
        self.0.get(key).filter(|v| !v.is_null()).cloned().map(Json)
    }

    #[cfg(target_arch = "wasm32")]
    pub fn as_string(&self) -> Option<String> {
        self.0.as_string()
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub fn as_string(&self) -> Option<String> {
        self.0.as_str().map(str::to_owned)
    }

    pub fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }

    pub fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }

    /// The items of an array (none for anything else).
    #[cfg(target_arch = "wasm32")]
    pub fn items(&self) -> Vec<Json> {
        if !js_sys::Array::is_array(&self.0) {
            return Vec::new();
        }
        js_sys::Array::from(&self.0).iter().map(Json).collect()
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub fn items(&self) -> Vec<Json> {
        self.0
            .as_array()
            .map(|items| items.iter().cloned().map(Json).collect())
            .unwrap_or_default()
    }

    /// The member `key` as a string.
    pub fn str(&self, key: &str) -> Option<String> {
        self.get(key)?.as_string()
    }

    /// The member `key` as a whole number that fits `u32`.
    pub fn u32(&self, key: &str) -> Option<u32> {
        let n = self.get(key)?.as_f64()?;
        (n >= 0.0 && n <= f64::from(u32::MAX) && n.fract() == 0.0).then_some(n as u32)
    }

    /// A JSON string.
    pub fn string(value: &str) -> Json {
        Json(value.into())
    }

    /// A JSON array of `items`.
    #[cfg(target_arch = "wasm32")]
    pub fn array(items: impl IntoIterator<Item = Json>) -> Json {
        Json(
            items
                .into_iter()
                .map(|item| item.0)
                .collect::<js_sys::Array>()
                .into(),
        )
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub fn array(items: impl IntoIterator<Item = Json>) -> Json {
        Json(items.into_iter().map(|item| item.0).collect())
    }

    /// An empty JSON object.
    #[cfg(target_arch = "wasm32")]
    pub fn object() -> Json {
        Json(js_sys::Object::new().into())
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub fn object() -> Json {
        Json(serde_json::Value::Object(Default::default()))
    }

    /// Sets the member `key` of an object.
    #[cfg(target_arch = "wasm32")]
    pub fn set(&mut self, key: &str, value: Json) {
        // Setting a property on a plain object cannot fail.
        let _ = js_sys::Reflect::set(&self.0, &key.into(), &value.0);
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub fn set(&mut self, key: &str, value: Json) {
        if let Some(object) = self.0.as_object_mut() {
            object.insert(key.to_owned(), value.0);
        }
    }

    /// Sets the member `key` to a string.
    pub fn set_str(&mut self, key: &str, value: &str) {
        self.set(key, Json::string(value));
    }

    /// Sets the member `key` to a boolean.
    pub fn set_bool(&mut self, key: &str, value: bool) {
        self.set(key, Json(value.into()));
    }

    /// Sets the member `key` to a whole number.
    pub fn set_u32(&mut self, key: &str, value: u32) {
        self.set(key, Json(value.into()));
    }

    /// Sets the member `key` to a string, or to null for `None`.
    pub fn set_opt_str(&mut self, key: &str, value: Option<&str>) {
        match value {
            Some(value) => self.set_str(key, value),
            None => self.set(key, Json::null()),
        }
    }

    #[cfg(target_arch = "wasm32")]
    pub fn null() -> Json {
        Json(wasm_bindgen::JsValue::NULL)
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub fn null() -> Json {
        Json(serde_json::Value::Null)
    }
}

#[cfg(target_arch = "wasm32")]
impl From<wasm_bindgen::JsValue> for Json {
    fn from(value: wasm_bindgen::JsValue) -> Json {
        Json(value)
    }
}
