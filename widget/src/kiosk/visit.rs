//! One person's visit to the kiosk, from the question to "Finish" (or to the idle
//! countdown's end): its screens, its language, and the outcome of what they sent.
//! Each visit is a fresh tree of components, with its own `Ui` and `Form`.

use glas_shared::i18n::{catalogue, key, kiosk, kiosk_key};
use glas_shared::{Channel, Locale, Status};
use leptos::prelude::*;

use super::idle::{self, Countdown};
use super::rate::{Rate, Thanks};
use super::screen::{Languages, Screen, Visit, said};
use crate::courier::Courier;
use crate::form::{FeedbackForm, Form};
use crate::outcome::ReceiptDetails;
use crate::profile::Municipality;
use crate::ui::{Stage, TITLE, Ui, is_web_address};

/// Visit after visit, for the kiosk's `unit`.
#[component]
pub fn Visits(unit: String) -> impl IntoView {
    let visits = RwSignal::new(0_u32);
    move || {
        visits.track();
        let unit = unit.clone();
        view! { <OneVisit unit visits /> }
    }
}

#[component]
fn OneVisit(unit: String, visits: RwSignal<u32>) -> impl IntoView {
    let municipality = expect_context::<Municipality>();
    let courier = expect_context::<Courier>();
    let ui = Ui::new(Locale::default());
    let form = Form::new(Channel::Kiosk, Some(unit.clone()), municipality.profile);
    let visit = Visit::new(ui, courier, visits);
    provide_context(ui);
    provide_context(form);
    provide_context(visit);
    let left = idle::watch(visit, ui, municipality);

    // The page speaks the visit's language.
    Effect::new(move |_| {
        let locale = ui.locale.get();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", locale.as_str());
        }
        document().set_title(&kiosk().text(locale, kiosk_key::KIOSK_PAGE_TITLE));
    });
    let unit_name = move || {
        let locale = ui.locale.get();
        municipality.profile.with(|profile| {
            let name = profile.as_ref()?.unit(&unit)?;
            Some(name.get(locale).to_owned())
        })
    };
    let screen = move || match visit.screen.get() {
        Screen::Rate => view! { <Rate /> }.into_any(),
        Screen::Thanks => view! { <Thanks /> }.into_any(),
        Screen::Tell => view! { <Tell /> }.into_any(),
    };

    view! {
        <div class="kiosk" node_ref=ui.root>
            <header class="bar">
                <p class="unit-name">{unit_name}</p>
                <Languages />
            </header>
            <main class="screen">{screen}</main>
            <Countdown left />
        </div>
    }
}

/// "Tell us more": the web's form, then what became of it.
#[component]
fn Tell() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let visit = expect_context::<Visit>();

    view! {
        <h1 id=TITLE tabindex="-1">{said(ui, kiosk_key::KIOSK_FORM_TITLE)}</h1>
        <div class="status" role="status" tabindex="-1" node_ref=ui.status>
            <Outcome />
        </div>
        <Show when=move || ui.editing()>
            <FeedbackForm />
        </Show>
        <div class="actions finish">
            <button type="button" class="secondary" on:click=move |_| visit.end()>
                {said(ui, kiosk_key::KIOSK_DONE)}
            </button>
        </div>
    }
}

/// What became of the form: its reference number and a QR code of the tracking
/// link to take away on a phone (the kiosk's screen is no place to follow it), or
/// the word that it waits on the kiosk.
#[component]
fn Outcome() -> impl IntoView {
    let ui = expect_context::<Ui>();

    move || match ui.stage() {
        Stage::Sent(receipt) => {
            let title = if receipt.status == Status::NotExamined {
                ui.t(key::SENT_NOT_EXAMINED_TITLE)
            } else {
                ui.t(key::SENT_TITLE)
            };
            let qr = is_web_address(&receipt.tracking_url).then(|| {
                let src = format!("{}/qr.svg", receipt.tracking_url);
                view! {
                    <figure class="qr">
                        <img src=src alt=said(ui, kiosk_key::KIOSK_QR_ALT) />
                        <figcaption>{said(ui, kiosk_key::KIOSK_QR)}</figcaption>
                    </figure>
                }
            });
            view! {
                <section class="outcome">
                    <h2>{title}</h2>
                    <ReceiptDetails receipt />
                    {qr}
                </section>
            }
            .into_any()
        }
        Stage::Queued(_) => view! {
            <section class="outcome">
                <h2>{move || catalogue().text(ui.locale.get(), key::QUEUED_TITLE)}</h2>
                <p>{said(ui, kiosk_key::KIOSK_QUEUED)}</p>
            </section>
        }
        .into_any(),
        Stage::Editing | Stage::Sending => ().into_any(),
    }
}
