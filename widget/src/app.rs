//! The widget's shell: the launcher, the panel, and the state they share.

use glas_shared::i18n::{Arg, catalogue};
use glas_shared::{Locale, Receipt};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::courier::Courier;
use crate::form::{FeedbackForm, Form};
use crate::options::Options;
use crate::profile::Municipality;
use crate::status::{Notices, Outcome};

/// The panel's heading: it names the dialog, and takes focus when what had it goes away.
pub const TITLE: &str = "glas-title";

/// Where the citizen is in sending one piece of feedback.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    Editing,
    Sending,
    Sent(Receipt),
    Queued,
}

/// State every part of the widget reads.
#[derive(Clone, Copy)]
pub struct Ui {
    pub locale: RwSignal<Locale>,
    pub open: RwSignal<bool>,
    pub stage: RwSignal<Stage>,
    /// Whether the panel should take focus when it opens: yes when the citizen
    /// opened it, no when it opened itself to show news.
    summoned: StoredValue<bool>,
    launcher: NodeRef<html::Button>,
    panel: NodeRef<html::Div>,
    status: NodeRef<html::Div>,
}

impl Ui {
    fn new(options: &Options) -> Self {
        Ui {
            locale: RwSignal::new(options.locale),
            open: RwSignal::new(options.open),
            stage: RwSignal::new(Stage::Editing),
            summoned: StoredValue::new(options.open),
            launcher: NodeRef::new(),
            panel: NodeRef::new(),
            status: NodeRef::new(),
        }
    }

    /// The catalogue's message `key` in the current language, as a reactive view.
    pub fn t(self, key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || catalogue().text(self.locale.get(), key)
    }

    fn summon(self) {
        self.summoned.set_value(true);
        self.open.set(true);
    }

    fn close(self) {
        self.open.set(false);
        if let Some(launcher) = self.launcher.get_untracked() {
            let _ = launcher.focus();
        }
    }

    /// Moves focus to the panel's element `id` once the coming render is done.
    pub fn focus(self, id: &str) {
        let panel = self.panel;
        let selector = format!("#{id}");
        request_animation_frame(move || {
            let target = panel
                .get_untracked()
                .and_then(|panel| panel.query_selector(&selector).ok().flatten());
            if let Some(target) = target {
                let _ = target.unchecked_into::<HtmlElement>().focus();
            }
        });
    }

    /// Shows an outcome in the status region and moves focus there.
    pub fn show(self, stage: Stage) {
        self.stage.set(stage);
        let status = self.status;
        request_animation_frame(move || {
            if let Some(status) = status.get_untracked() {
                let _ = status.focus();
            }
        });
    }
}

/// The message `key` split around its placeable `slot`, so that an element (a
/// link, a number that must not break) can stand there.
pub fn split_message(
    locale: Locale,
    key: &str,
    slot: &str,
    args: &[(&str, Arg<'_>)],
) -> (String, String) {
    let mut args = args.to_vec();
    args.push((slot, Arg::Str("\u{0}")));
    let line = catalogue().format(locale, key, &args);
    match line.split_once('\u{0}') {
        Some((before, after)) => (before.to_owned(), after.to_owned()),
        None => (line, String::new()),
    }
}

#[component]
pub fn App(options: Options) -> impl IntoView {
    let ui = Ui::new(&options);
    let municipality = Municipality::load(options.api.clone(), options.profile.clone());
    let courier = Courier::new(options.api.clone());
    let form = Form::new(options.channel, options.unit.clone(), municipality.profile);
    provide_context(ui);
    provide_context(municipality);
    provide_context(courier);
    provide_context(form);

    // News about earlier feedback (delivered, or refused) opens the panel, without
    // taking focus, so the citizen sees the reference number appear.
    Effect::new(move |told: Option<usize>| {
        let news = courier
            .unseen
            .with(|unseen| unseen.delivered.len() + unseen.refused.len());
        if news > told.unwrap_or(0) {
            let waiting = courier.unseen.with_untracked(|unseen| unseen.pending);
            if waiting == 0 && ui.stage.get_untracked() == Stage::Queued {
                ui.stage.set(Stage::Editing);
            }
            ui.open.set(true);
        }
        news
    });
    courier.start();

    if options.focus && !options.open {
        ui.launcher.on_load(|launcher| {
            let _ = launcher.focus();
        });
    }

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && ui.open.get_untracked() {
            ev.stop_propagation();
            ui.close();
        }
    };

    view! {
        <div class="glas" lang=move || ui.locale.get().as_str() on:keydown=on_keydown>
            <Launcher />
            <Show when=move || ui.open.get()>
                <Panel />
            </Show>
        </div>
    }
}

#[component]
fn Launcher() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let toggle = move |_| {
        if ui.open.get_untracked() {
            ui.close()
        } else {
            ui.summon()
        }
    };

    view! {
        <button
            type="button"
            class="launcher"
            node_ref=ui.launcher
            aria-haspopup="dialog"
            aria-expanded=move || ui.open.get().to_string()
            aria-controls=move || ui.open.get().then_some("glas-panel")
            on:click=toggle
        >
            {ui.t("widget-launcher")}
        </button>
    }
}

#[component]
fn Panel() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let courier = expect_context::<Courier>();

    let heading = NodeRef::<html::H2>::new();
    heading.on_load(move |heading| {
        if ui
            .summoned
            .try_update_value(std::mem::take)
            .unwrap_or(false)
        {
            let _ = heading.focus();
        }
    });
    // The panel was open while it showed the receipts: they have been seen.
    on_cleanup(move || {
        let seen = courier.unseen.with_untracked(|unseen| {
            unseen
                .delivered
                .iter()
                .map(|r| r.id.to_string())
                .collect::<Vec<_>>()
        });
        if !seen.is_empty() {
            courier.forget(seen, Vec::new());
        }
    });
    let editing = move || matches!(ui.stage.get(), Stage::Editing | Stage::Sending);

    view! {
        <div
            id="glas-panel"
            class="panel"
            role="dialog"
            aria-modal="false"
            aria-labelledby=TITLE
            node_ref=ui.panel
        >
            <div class="head">
                <h2 id=TITLE tabindex="-1" node_ref=heading>
                    {ui.t("widget-title")}
                </h2>
                <button type="button" class="close" on:click=move |_| ui.close()>
                    <span class="close-icon" aria-hidden="true">"×"</span>
                    {ui.t("widget-close")}
                </button>
            </div>
            <LanguageSelect />
            <div class="status" role="status" tabindex="-1" node_ref=ui.status>
                <Notices />
                <Outcome />
            </div>
            <Show when=editing>
                <p class="intro">{ui.t("widget-intro")}</p>
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
                    <span lang=locale.as_str()>{catalogue().text(locale, "widget-language")}</span>
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
                                {catalogue().text(*locale, "locale-name")}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
