//! The staff's enrolment screen: the code from the desk's Kiosks page, typed or
//! from the enrolment link, traded for the kiosk's token (`device`).

use glas_shared::Locale;
use glas_shared::i18n::{kiosk, kiosk_key};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::device::{Device, Enrolled};
use super::heartbeat;
use super::screen::{API, Languages, said};
use crate::api::{self, Enrolment};
use crate::courier::Courier;
use crate::ui::{TITLE, Ui};

const CODE_INPUT: &str = "glas-enrol-code";
const CODE_ERROR: &str = "glas-enrol-error";

/// The staff's screen: the code from the desk's Kiosks page, typed or from the
/// enrolment link. A kiosk that was enrolled before can go back to its visits.
#[component]
pub fn Enrol(code: Option<String>, enrolling: RwSignal<bool>) -> impl IntoView {
    let device = expect_context::<Device>();
    let courier = expect_context::<Courier>();
    let ui = Ui::new(Locale::default());
    provide_context(ui);
    let value = RwSignal::new(code.clone().unwrap_or_default());
    let problem = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);

    let submit = move || {
        if busy.get_untracked() {
            return;
        }
        let code = value.get_untracked().trim().to_uppercase();
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            let answer = api::enrol(API, &code).await;
            busy.set(false);
            match answer {
                Enrolment::Enrolled { token, unit } => {
                    device.enrol(Enrolled { token, unit });
                    enrolling.set(false);
                    // What waited for a good token goes now, and the desk hears of it.
                    courier.sync();
                    heartbeat::beat();
                }
                Enrolment::Refused => problem.set(Some(kiosk_key::KIOSK_ENROL_INVALID)),
                Enrolment::Unreachable => problem.set(Some(kiosk_key::KIOSK_ENROL_UNREACHABLE)),
            }
        });
    };
    if code.is_some() {
        submit();
    } else {
        ui.focus(CODE_INPUT);
    }
    let error = move || problem.get().map(|key| kiosk().text(ui.locale.get(), key));
    let was_enrolled = move || device.enrolment.with(Option::is_some);

    view! {
        <div class="kiosk" lang=move || ui.locale.get().as_str() node_ref=ui.root>
            <header class="bar">
                <span></span>
                <Languages />
            </header>
            <main class="screen enrol">
                <h1 id=TITLE tabindex="-1">{said(ui, kiosk_key::KIOSK_ENROL_TITLE)}</h1>
                <p class="lead">{said(ui, kiosk_key::KIOSK_ENROL_BODY)}</p>
                <form on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }>
                    <div class="field">
                        <label for=CODE_INPUT>{said(ui, kiosk_key::KIOSK_ENROL_CODE)}</label>
                        <input
                            id=CODE_INPUT
                            type="text"
                            autocomplete="off"
                            autocapitalize="characters"
                            spellcheck="false"
                            aria-invalid=move || problem.with(Option::is_some).to_string()
                            aria-describedby=CODE_ERROR
                            prop:value=value
                            on:input=move |ev| value.set(event_target_value(&ev))
                        />
                        <p id=CODE_ERROR class="error" role="alert">{error}</p>
                    </div>
                    <div class="actions">
                        <button type="submit" class="primary" aria-busy=move || busy.get().to_string()>
                            {said(ui, kiosk_key::KIOSK_ENROL_SUBMIT)}
                        </button>
                        <Show when=was_enrolled>
                            <button type="button" class="secondary" on:click=move |_| enrolling.set(false)>
                                {said(ui, kiosk_key::KIOSK_DONE)}
                            </button>
                        </Show>
                    </div>
                </form>
            </main>
        </div>
    }
}
