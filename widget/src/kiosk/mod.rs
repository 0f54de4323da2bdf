//! The kiosk's screen (the `kiosk` bundle), on the page Glas serves at `/kiosk`:
//! a touch screen in a service hall that replaces the paper box. One person after
//! another taps a face for how they were served and, if they want, tells more in
//! the same form as on the web, preset to channel `kiosk` and the kiosk's unit.
//!
//! - `screen`: what every screen shares (the words, the language switch, the
//!   visit on screen);
//! - `device`: the kiosk's enrolment (its token and unit); `enrol`, the staff's
//!   screen that gets it;
//! - `visit`: one person's visit, from the question to "Finish": its screens,
//!   and the outcome of what they sent;
//! - `rate`: the four faces, and the ratings queued on the kiosk;
//! - `idle`: the countdown that starts a fresh visit for the next person;
//! - `heartbeat`: the kiosk's health, told to the desk.
//!
//! Each visit is a fresh tree of components with its own `Ui` and `Form`, so
//! nothing one person typed or was shown survives into the next visit.

pub mod device;
mod enrol;
mod heartbeat;
mod idle;
mod rate;
mod screen;
mod visit;

use glas_shared::Locale;
use glas_shared::i18n::{kiosk, kiosk_key};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::courier::Courier;
use crate::news::News;
use crate::profile::Municipality;
use device::Device;
use enrol::Enrol;
use rate::Ratings;
use screen::API;
use visit::Visits;

/// Mounts the kiosk's screen into `root`, replacing what the page shows while it
/// starts. Called by the kiosk page's start (`widget/loader/kiosk.js`).
#[wasm_bindgen]
pub fn mount_kiosk(root: HtmlElement) -> Result<(), JsValue> {
    root.set_inner_html("");
    leptos::mount::mount_to(root, || view! { <Kiosk /> }).forget();
    Ok(())
}

#[component]
fn Kiosk() -> impl IntoView {
    let device = Device::load();
    let municipality = Municipality::load(API.to_owned(), None);
    let news = News::new();
    let courier = Courier::new(API.to_owned(), news);
    provide_context(device);
    provide_context(municipality);
    provide_context(news);
    provide_context(courier);
    provide_context(Ratings::new());
    courier.start();
    heartbeat::start();

    // The enrolment link (`/kiosk/enrol#CODE`) enrols the kiosk, even one that
    // was enrolled before (a revoked kiosk gets a new code).
    let code = device::code_in_link();
    let enrolling = RwSignal::new(code.is_some());
    let screen = move || {
        if enrolling.get() || device.enrolment.with(Option::is_none) {
            let code = code.clone();
            view! { <Enrol code enrolling /> }.into_any()
        } else {
            let unit = device
                .enrolment
                .with(|e| e.as_ref().map(|e| e.unit.clone()))
                .unwrap_or_default();
            view! { <Visits unit /> }.into_any()
        }
    };
    // Staff only: the kiosk's token was refused (revoked, or unknown to the server).
    // What it collects stays queued until it is enrolled again.
    let mark = move || device.refused.get() && !enrolling.get();

    view! {
        {screen}
        <Show when=mark>
            <button type="button" class="mark" lang="bg" on:click=move |_| enrolling.set(true)>
                {kiosk().text(Locale::Bg, kiosk_key::KIOSK_MARK_NOT_ENROLLED)}
            </button>
        </Show>
    }
}
