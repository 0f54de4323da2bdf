//! The web page's shell around the widget's screens: the launcher, the panel
//! (a dialog, modal where it covers the page: see `modal`), and the language switch.

use glas_shared::Locale;
use glas_shared::i18n::{catalogue, key};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::ShadowRoot;

use crate::courier::Courier;
use crate::form::{FeedbackForm, Form};
use crate::modal;
use crate::news::News;
use crate::notices::Notices;
use crate::options::Options;
use crate::outcome::Outcome;
use crate::profile::Municipality;
use crate::ui::{TITLE, Ui};

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

/// The launcher and the panel: whether the panel is open, and how it takes and
/// gives back focus.
#[derive(Clone, Copy)]
struct Shell {
    open: RwSignal<bool>,
    /// Whether the panel, when open, covers the page (see `modal`).
    covers: ReadSignal<bool>,
    /// Whether the panel should take focus when it opens: yes when the citizen
    /// opened it, no when it opened itself to show news.
    summoned: StoredValue<bool>,
    launcher: NodeRef<html::Button>,
}

impl Shell {
    fn new(open: bool, covers: ReadSignal<bool>) -> Self {
        Shell {
            open: RwSignal::new(open),
            covers,
            summoned: StoredValue::new(open),
            launcher: NodeRef::new(),
        }
    }

    /// Whether the panel is open and covers the page: a modal dialog (tracked).
    fn modal(self) -> bool {
        self.open.get() && self.covers.get()
    }

    /// The citizen opens the panel: it takes focus.
    fn summon(self) {
        self.summoned.set_value(true);
        self.open.set(true);
    }

    /// Whether the panel, as it appears, should take focus (once).
    fn take_summons(self) -> bool {
        self.summoned
            .try_update_value(std::mem::take)
            .unwrap_or(false)
    }

    /// Closes the panel and gives focus back to the launcher (no longer inert
    /// behind a modal panel: see `modal`).
    fn close(self) {
        self.open.set(false);
        if let Some(launcher) = self.launcher.get_untracked() {
            let _ = launcher.remove_attribute("inert");
            let _ = launcher.focus();
        }
    }
}

#[component]
pub fn App(options: Options, covers: ReadSignal<bool>) -> impl IntoView {
    let ui = Ui::new(options.locale);
    let shell = Shell::new(options.open, covers);
    let municipality = Municipality::load(options.api.clone(), options.profile.clone());
    let news = News::new();
    let courier = Courier::new(options.api.clone(), news);
    let form = Form::new(options.channel, options.unit.clone(), municipality.profile);
    provide_context(ui);
    provide_context(municipality);
    provide_context(news);
    provide_context(courier);
    provide_context(form);

    // News about earlier feedback (delivered, or refused) opens the panel, without
    // taking focus, so the citizen sees the reference number appear.
    Effect::new(move |told: Option<usize>| {
        let (count, waiting) = news.with(|unseen| {
            (
                unseen.delivered.len() + unseen.refused.len(),
                unseen.pending,
            )
        });
        if count > told.unwrap_or(0) {
            if waiting == 0 {
                ui.queue_emptied();
            }
            shell.open.set(true);
        }
        count
    });
    courier.start();
    modal::make_page_inert(Signal::derive(move || shell.modal()), shell.launcher);

    if options.focus && !options.open {
        shell.launcher.on_load(|launcher| {
            let _ = launcher.focus();
        });
    }

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && shell.open.get_untracked() {
            ev.stop_propagation();
            shell.close();
        }
    };

    view! {
        <div class="glas" lang=move || ui.locale.get().as_str() on:keydown=on_keydown>
            <Launcher shell />
            <Show when=move || shell.open.get()>
                <Panel shell />
            </Show>
        </div>
    }
}

#[component]
fn Launcher(shell: Shell) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let toggle = move |_| {
        if shell.open.get_untracked() {
            shell.close()
        } else {
            shell.summon()
        }
    };

    view! {
        <button
            type="button"
            class="launcher"
            node_ref=shell.launcher
            aria-haspopup="dialog"
            aria-expanded=move || shell.open.get().to_string()
            aria-controls=move || shell.open.get().then_some("glas-panel")
            on:click=toggle
        >
            {ui.t(key::WIDGET_LAUNCHER)}
        </button>
    }
}

#[component]
fn Panel(shell: Shell) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let news = expect_context::<News>();

    let heading = NodeRef::<html::H2>::new();
    heading.on_load(move |heading| {
        if shell.take_summons() {
            let _ = heading.focus();
        }
    });
    // The panel was open while it showed the receipts: they have been seen.
    on_cleanup(move || news.closed());
    let editing = move || ui.editing();

    view! {
        <div
            id="glas-panel"
            class="panel"
            role="dialog"
            aria-modal=move || shell.modal().to_string()
            on:keydown=move |ev| {
                if shell.modal()
                    && let Some(root) = ui.root.get_untracked()
                {
                    modal::keep_focus_inside(&ev, &root);
                }
            }
            aria-labelledby=TITLE
            node_ref=ui.root
        >
            <div class="head">
                <h2 id=TITLE tabindex="-1" node_ref=heading>
                    {ui.t(key::WIDGET_TITLE)}
                </h2>
                <button type="button" class="close" on:click=move |_| shell.close()>
                    <span class="close-icon" aria-hidden="true">"×"</span>
                    {ui.t(key::WIDGET_CLOSE)}
                </button>
            </div>
            <LanguageSelect />
            <div class="status" role="status" tabindex="-1" node_ref=ui.status>
                <Notices />
                <Outcome />
            </div>
            <Show when=editing>
                <p class="intro">{ui.t(key::WIDGET_INTRO)}</p>
                <FeedbackForm />
            </Show>
        </div>
    }
}

/// The language switch, labelled in all three languages (the current one first)
/// so that anyone can find it.
#[component]
fn LanguageSelect() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let label = move || {
        let current = ui.locale.get();
        let others = Locale::ALL
            .iter()
            .copied()
            .filter(move |locale| *locale != current);
        std::iter::once(current)
            .chain(others)
            .enumerate()
            .map(|(i, locale)| {
                view! {
                    {(i > 0).then_some(" / ")}
                    <span lang=locale.as_str()>{catalogue().text(locale, key::WIDGET_LANGUAGE)}</span>
                }
            })
            .collect_view()
    };
    let choose = move |ev| {
        if let Ok(locale) = Locale::parse(&event_target_value(&ev)) {
            ui.locale.set(locale);
        }
    };

    view! {
        <div class="lang">
            <label for="glas-lang">{label}</label>
            <select id="glas-lang" on:change=choose prop:value=move || ui.locale.get().as_str()>
                {Locale::ALL
                    .iter()
                    .map(|locale| {
                        view! {
                            <option
                                value=locale.as_str()
                                lang=locale.as_str()
                                selected=*locale == ui.locale.get_untracked()
                            >
                                {catalogue().text(*locale, key::LOCALE_NAME)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
