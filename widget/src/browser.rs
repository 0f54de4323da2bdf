//! The few browser services the widget needs beyond the DOM, called directly
//! through web-sys and js-sys to keep the download small.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use glas_shared::Locale;
use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::window;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

/// A fresh UUID v4 from `crypto.getRandomValues`, which, unlike
/// `crypto.randomUUID`, works on plain-HTTP pages too.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    if let Ok(crypto) = window().crypto() {
        // A failure leaves zeros, which the server refuses: better than a guessable id.
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    uuid_v4(bytes)
}

/// `random` as a version 4, RFC 4122 variant UUID: `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
fn uuid_v4(mut random: [u8; 16]) -> String {
    random[6] = (random[6] & 0x0f) | 0x40;
    random[8] = (random[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(36);
    for (i, byte) in random.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            id.push('-');
        }
        id.push(char::from(HEX[usize::from(byte >> 4)]));
        id.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    id
}

/// Now, by the device's clock, in RFC 3339.
pub fn now() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// Whether the browser believes it is offline. A `true` here is reliable; a `false` is not.
pub fn is_offline() -> bool {
    !window().navigator().on_line()
}

/// A day (`YYYY-MM-DD`) written the way the reader's language writes it, e.g.
/// "1 декември 2026 г.".
pub fn long_date(iso: &str, locale: Locale) -> String {
    let tag = match locale {
        Locale::Bg => "bg-BG",
        Locale::En => "en-GB",
        Locale::Tr => "tr-TR",
    };
    // A date-only ISO string is midnight UTC, so format it in UTC to keep the day.
    let options = js_sys::JSON::parse(
        r#"{"year":"numeric","month":"long","day":"numeric","timeZone":"UTC"}"#,
    )
    .unwrap_or_else(|_| Object::new().into());
    js_sys::Date::new(&JsValue::from_str(iso))
        .to_locale_date_string(tag, &options)
        .into()
}

/// Runs `job` while holding the Web Lock `name`, so that one tab of the origin
/// does the work at a time. `None` when another tab holds the lock.
///
/// Without Web Locks (older browsers, plain-HTTP pages) the job simply runs: it
/// only has to be safe to run twice, and the server's idempotency makes it so.
pub async fn exclusively<T, F, Fut>(name: &str, job: F) -> Option<T>
where
    T: 'static,
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = T> + 'static,
{
    let job = Rc::new(Cell::new(Some(job)));
    let result = Rc::new(Cell::new(None));

    let request = lock_manager().and_then(|locks| {
        let request: Function = Reflect::get(&locks, &"request".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let options = Object::new();
        Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE).ok()?;
        Some((locks, request, options))
    });
    let Some((locks, request, options)) = request else {
        let job = job.take()?;
        return Some(job().await);
    };

    let granted = {
        let (job, result) = (job.clone(), result.clone());
        // The lock is held until the promise this callback returns settles.
        Closure::once(move |lock: JsValue| -> Promise {
            let job = job.take().filter(|_| !lock.is_null());
            future_to_promise(async move {
                if let Some(job) = job {
                    result.set(Some(job().await));
                }
                Ok(JsValue::UNDEFINED)
            })
        })
    };
    let asked = request
        .call3(
            &locks,
            &name.into(),
            &options,
            granted.as_ref().unchecked_ref(),
        )
        .and_then(|promise| promise.dyn_into::<Promise>());
    let settled = match asked {
        Ok(promise) => JsFuture::from(promise).await.is_ok(),
        Err(_) => false,
    };
    // A browser that refuses the request (a sandboxed frame, say) never called
    // back: the job is still here, so run it unlocked.
    if !settled && let Some(job) = job.take() {
        return Some(job().await);
    }
    result.take()
}

fn lock_manager() -> Option<JsValue> {
    let locks = Reflect::get(&window().navigator(), &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_version_4_uuids() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let parsed = uuid::Uuid::parse_str(&uuid_v4([7; 16])).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122);
    }
}
