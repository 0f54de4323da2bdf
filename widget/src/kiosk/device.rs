//! The kiosk's enrolment: the device token it got for a one-time code, and the
//! unit it serves. Both stay in the origin's localStorage (`glas-kiosk`), so that
//! a kiosk that restarts offline still knows what it is. The token goes with
//! every call to the server (`api`); a `401` to it means the kiosk was revoked,
//! and staff, not citizens, see a discreet mark until it is enrolled again.

use std::cell::OnceCell;

use leptos::prelude::*;
use web_sys::Storage;

use crate::json::Json;

/// Where the enrolment is kept.
const STORAGE_KEY: &str = "glas-kiosk";
/// The path of the enrolment link the desk gives: `/kiosk/enrol#CODE`.
const ENROL_PATH: &str = "/kiosk/enrol";
/// Where the kiosk's screen lives once enrolled.
const KIOSK_PATH: &str = "/kiosk";

/// What the server gave the kiosk for its code.
#[derive(Clone, PartialEq)]
pub struct Enrolled {
    pub token: String,
    pub unit: String,
}

#[derive(Clone, Copy)]
pub struct Device {
    pub enrolment: RwSignal<Option<Enrolled>>,
    /// The server refused the token since the kiosk last had it accepted.
    pub refused: RwSignal<bool>,
}

thread_local! {
    /// The kiosk's device, for `api`, which adds its token to every call.
    static DEVICE: OnceCell<Device> = const { OnceCell::new() };
}

impl Device {
    /// The enrolment kept on the device, if any.
    pub fn load() -> Self {
        let enrolment = storage()
            .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|text| Json::parse(&text))
            .and_then(|json| {
                Some(Enrolled {
                    token: json.str("token")?,
                    unit: json.str("unit")?,
                })
            });
        let device = Device {
            enrolment: RwSignal::new(enrolment),
            refused: RwSignal::new(false),
        };
        DEVICE.with(|cell| {
            let _ = cell.set(device);
        });
        device
    }

    /// Keeps the kiosk's new token and unit.
    pub fn enrol(self, enrolled: Enrolled) {
        let mut json = Json::object();
        json.set_str("token", &enrolled.token);
        json.set_str("unit", &enrolled.unit);
        if let Some(storage) = storage() {
            // Without storage the kiosk works until it restarts, then asks again.
            let _ = storage.set_item(STORAGE_KEY, &json.text());
        }
        self.refused.set(false);
        self.enrolment.set(Some(enrolled));
    }
}

/// The kiosk's token, for the `Authorization` header.
pub fn token() -> Option<String> {
    DEVICE.with(|cell| {
        cell.get()?
            .enrolment
            .with_untracked(|e| e.as_ref().map(|e| e.token.clone()))
    })
}

/// The server answered a call with `status`: a `401` means the token is revoked
/// or unknown.
pub fn answered(status: u16) {
    if status == 401 {
        DEVICE.with(|cell| {
            if let Some(device) = cell.get()
                && !device.refused.get_untracked()
            {
                device.refused.set(true);
            }
        });
    }
}

/// The server took an authenticated call: the token is good.
pub fn accepted() {
    DEVICE.with(|cell| {
        if let Some(device) = cell.get()
            && device.refused.get_untracked()
        {
            device.refused.set(false);
        }
    });
}

/// The code of the enrolment link the kiosk was opened with, if any; the address
/// becomes `/kiosk` at once, so that a reload never tries a used code again.
pub fn code_in_link() -> Option<String> {
    let location = window().location();
    if location.pathname().ok()? != ENROL_PATH {
        return None;
    }
    let code = location.hash().ok()?;
    let code = code.trim_start_matches('#').trim().to_owned();
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(KIOSK_PATH));
    }
    (!code.is_empty()).then_some(code)
}

fn storage() -> Option<Storage> {
    window().local_storage().ok().flatten()
}
