//! The widget's shell: the launcher, the panel, and the language switch.

use glas_shared::Locale;
use glas_shared::i18n::{catalogue, key};
use leptos::html;
use leptos::prelude::*;

use crate::courier::Courier;
use crate::form::{FeedbackForm, Form};
use crate::modal;
use crate::news::News;
use crate::notices::Notices;
use crate::options::Options;
use crate::outcome::Outcome;
use crate::profile::Municipality;
use crate::ui::{TITLE, Ui};

#[component]
pub fn App(options: Options, covers: ReadSignal<bool>) -> impl IntoView {
    let ui = Ui::new(&options, covers);
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
            ui.open.set(true);
        }
        count
    });
    courier.start();
    modal::make_page_inert(Signal::derive(move || ui.modal()), ui.launcher);

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
            {ui.t(key::WIDGET_LAUNCHER)}
        </button>
    }
}

#[component]
fn Panel() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let news = expect_context::<News>();

    let heading = NodeRef::<html::H2>::new();
    heading.on_load(move |heading| {
        if ui.take_summons() {
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
            aria-modal=move || ui.modal().to_string()
            on:keydown=move |ev| {
                if ui.modal()
                    && let Some(panel) = ui.panel.get_untracked()
                {
                    modal::keep_focus_inside(&ev, &panel);
                }
            }
            aria-labelledby=TITLE
            node_ref=ui.panel
        >
            <div class="head">
                <h2 id=TITLE tabindex="-1" node_ref=heading>
                    {ui.t(key::WIDGET_TITLE)}
                </h2>
                <button type="button" class="close" on:click=move |_| ui.close()>
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
