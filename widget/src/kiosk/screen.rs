//! What every screen of the kiosk shares: the server it talks to, its words, the
//! language switch, and the visit on screen (which screen, and how it ends).

use glas_shared::Locale;
use glas_shared::i18n::{catalogue, key, kiosk};
use leptos::prelude::*;

use crate::courier::Courier;
use crate::ui::{TITLE, Ui};

/// The kiosk talks to the server that serves its page.
pub const API: &str = "";

/// The screens of a visit.
#[derive(Clone, Copy, PartialEq)]
pub enum Screen {
    /// "How were you served today?": where every visit starts.
    Rate,
    Thanks,
    /// The form: "tell us more".
    Tell,
}

/// The visit on screen, and how to end it.
#[derive(Clone, Copy)]
pub struct Visit {
    pub screen: RwSignal<Screen>,
    /// The visit's own language and stage.
    ui: Ui,
    courier: Courier,
    /// Counts the visits: a new count is a fresh visit.
    visits: RwSignal<u32>,
}

impl Visit {
    /// A visit on its first screen, counted in `visits`.
    pub fn new(ui: Ui, courier: Courier, visits: RwSignal<u32>) -> Self {
        Visit {
            screen: RwSignal::new(Screen::Rate),
            ui,
            courier,
            visits,
        }
    }

    /// Shows `screen`, its heading focused.
    pub fn show(self, screen: Screen) {
        self.screen.set(screen);
        self.ui.focus(TITLE);
    }

    /// Ends the visit: the next person starts afresh. Between two people is a good
    /// moment to deliver what waits, and to start a new release the service worker
    /// has taken in (`widget/loader/kiosk.js` marks the page).
    pub fn end(self) {
        self.courier.sync();
        let new_release = document()
            .document_element()
            .is_some_and(|html| html.has_attribute("data-new-release"));
        if new_release {
            let _ = window().location().reload();
            return;
        }
        self.visits.update(|n| *n += 1);
    }
}

/// The kiosk catalogue's message `key` in the screen's language, as a reactive view.
pub fn said(ui: Ui, key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    move || kiosk().text(ui.locale.get(), key)
}

/// The language switch, on every screen: each language named in itself.
#[component]
pub fn Languages() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let label = move || catalogue().text(ui.locale.get(), key::WIDGET_LANGUAGE);
    view! {
        <div class="languages" role="group" aria-label=label>
            {Locale::ALL
                .iter()
                .map(|&locale| {
                    view! {
                        <button
                            type="button"
                            lang=locale.as_str()
                            aria-pressed=move || (ui.locale.get() == locale).to_string()
                            on:click=move |_| ui.locale.set(locale)
                        >
                            {catalogue().text(locale, key::LOCALE_NAME)}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
