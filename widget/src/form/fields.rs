//! The form's fields: the kind, the message, the contact details, and the
//! summary of what is wrong after a failed send.

use std::time::Duration;

use glas_shared::fields::FeedbackText;
use glas_shared::i18n::{Arg, catalogue, key};
use glas_shared::{Field, Kind, obscene};
use leptos::either::Either;
use leptos::ev::{MouseEvent, SubmitEvent};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlFormElement, HtmlInputElement};

use super::privacy::PrivacyNotice;
use super::send::submit;
use super::state::{
    ADDRESS, EMAIL, Form, KIND, NAME, PHONE, SPECS, SUMMARY, Spec, TEXT, kind_id, spec_named,
};
use crate::courier::Courier;
use crate::profile::{self, Municipality};
use crate::ui::{Stage, Ui};

#[component]
pub fn FeedbackForm() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let form = expect_context::<Form>();
    let courier = expect_context::<Courier>();
    let draft = form.draft;
    form.shown();
    let sending = move || ui.stage() == Stage::Sending;
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // The trap's value, read from the form only now: it needs no signal.
        let trap = ev
            .target()
            .and_then(|target| {
                target
                    .unchecked_into::<HtmlFormElement>()
                    .get_with_name("website")
            })
            .map(|input| input.unchecked_into::<HtmlInputElement>().value())
            .unwrap_or_default();
        submit(ui, form, courier, trap);
    };
    // The click follows the pointerup in the same task: release after it.
    let released = window_event_listener_untyped("pointerup", move |_| {
        if form.holding.get_value() {
            set_timeout(move || form.release(), Duration::ZERO);
        }
    });
    let cancelled = window_event_listener_untyped("pointercancel", move |_| form.release());
    on_cleanup(move || {
        released.remove();
        cancelled.remove();
    });

    let unit = move || {
        let locale = ui.locale.get();
        form.unit_name(locale).map(|name| {
            let line = catalogue().format(locale, key::UNIT_ABOUT, &[("unit", Arg::Str(&name))]);
            view! { <p class="unit">{line}</p> }
        })
    };

    view! {
        <form novalidate on:submit=on_submit on:pointerdown=move |_| form.hold()>
            {unit}
            <ErrorSummary />
            <KindChoice />
            <MessageField />
            <fieldset class="contact" aria-describedby="glas-contact-hint">
                <legend>{ui.t(key::CONTACT_LEGEND)}</legend>
                <p id="glas-contact-hint" class="hint">{ui.t(key::CONTACT_HINT)}</p>
                <TextField spec=&NAME value=draft.name autocomplete="name" />
                <TextField spec=&EMAIL value=draft.email input_type="email" autocomplete="email" />
                <TextField spec=&PHONE value=draft.phone input_type="tel" autocomplete="tel" />
                <TextField spec=&ADDRESS value=draft.address autocomplete="street-address" multiline=true />
            </fieldset>
            // A trap for programs that fill in every field they find: people
            // never see it, and neither the keyboard nor a screen reader reaches it.
            <div class="trap" aria-hidden="true">
                <input name="website" tabindex="-1" autocomplete="off" />
            </div>
            <Show when=move || draft.is_anonymous_report()>
                <div class="warning">
                    <p id="glas-anonymous">{ui.t(key::ANONYMOUS_WARNING)}</p>
                    <p id="glas-anonymous-advice">{ui.t(key::ANONYMOUS_ADVICE)}</p>
                    <div class="check">
                        <input
                            type="checkbox"
                            id="glas-health"
                            aria-describedby="glas-anonymous"
                            bind:checked=draft.health_or_safety
                        />
                        <label for="glas-health">{ui.t(key::HEALTH_OR_SAFETY_LABEL)}</label>
                    </div>
                </div>
            </Show>
            <PrivacyNotice />
            <button type="submit" class="primary" aria-disabled=move || sending().then_some("true")>
                {move || if sending() { ui.t(key::SENDING)() } else { ui.t(key::SEND)() }}
            </button>
        </form>
    }
}

/// After a failed send: what is wrong, each item leading to its field.
#[component]
fn ErrorSummary() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let form = expect_context::<Form>();
    let items = Memo::new(move |_| {
        let locale = ui.locale.get();
        let mut items: Vec<(Option<&'static Spec>, String)> = SPECS
            .into_iter()
            .filter_map(|spec| form.error(spec.field, locale).map(|m| (Some(spec), m)))
            .collect();
        form.refused.with(|refused| {
            let general = refused.iter().filter(|e| spec_named(&e.field).is_none());
            items.extend(general.map(|e| (None, e.message_in(locale))));
        });
        items
    });
    let shown = move || {
        (form.attempted.get() || !form.refused.with(Vec::is_empty)) && !items.with(Vec::is_empty)
    };
    let item = move |(spec, message): (Option<&'static Spec>, String)| match spec {
        Some(spec) => {
            let text = if spec.field == Field::Kind {
                message
            } else {
                format!(
                    "{}: {message}",
                    catalogue().text(ui.locale.get_untracked(), spec.label)
                )
            };
            let target = form.target(spec);
            let href = format!("#{target}");
            let go = move |ev: MouseEvent| {
                ev.prevent_default();
                ui.focus(&target);
            };
            Either::Left(view! {
                <li>
                    <a href=href on:click=go>
                        {text}
                    </a>
                </li>
            })
        }
        None => Either::Right(view! { <li>{message}</li> }),
    };

    view! {
        <Show when=shown>
            <div id=SUMMARY class="summary" tabindex="-1">
                <p class="summary-title">{ui.t(key::ERROR_SUMMARY)}</p>
                <ul>{move || items.get().into_iter().map(item).collect_view()}</ul>
            </div>
        </Show>
    }
}

/// The kind of feedback: one radio per kind the municipality accepts, each
/// with what it is for and the profile's promise.
#[component]
fn KindChoice() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let form = expect_context::<Form>();
    let municipality = expect_context::<Municipality>();
    let error = Memo::new(move |_| form.error(Field::Kind, ui.locale.get()));
    // On a first visit the kinds wait (briefly) for the profile, so that none
    // is offered and then taken away. The radios are built again only when the
    // list itself changes (a refreshed profile that accepts the same kinds leaves
    // them, and the citizen's focus, alone).
    let kinds = Memo::new(move |_| {
        if !municipality.settled.get() {
            return Vec::new();
        }
        form.profile().with(|profile| match profile {
            Some(profile) => profile.kinds.accepted().collect(),
            None => Kind::ALL.to_vec(),
        })
    });
    let option = move |kind: Kind| {
        let id = kind_id(kind);
        let hint_id = format!("{id}-hint");
        let hint = move || {
            form.profile()
                .with(|p| profile::kind_hint(kind, ui.locale.get(), p.as_ref()))
        };
        view! {
            <div class="kind">
                <input
                    type="radio"
                    name="glas-kind"
                    id=id.clone()
                    value=kind.as_str()
                    aria-describedby=hint_id.clone()
                    bind:group=form.draft.kind
                    on:change=move |_| form.touch(Field::Kind)
                />
                <label for=id>{ui.t(kind.label_key())}</label>
                <p id=hint_id class="hint">{hint}</p>
            </div>
        }
    };

    view! {
        <fieldset
            class="kinds"
            role="radiogroup"
            aria-invalid=move || error.with(Option::is_some).then_some("true")
            aria-describedby=move || error.with(Option::is_some).then_some(KIND.error)
        >
            <legend>{ui.t(KIND.label)}</legend>
            <ErrorMessage spec=&KIND error />
            {move || kinds.get().into_iter().map(option).collect_view()}
        </fieldset>
    }
}

/// The message itself, with a running count of its characters, and a polite
/// word when it reads as obscene or insulting.
#[component]
fn MessageField() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let form = expect_context::<Form>();
    let error = Memo::new(move |_| form.error(Field::Text, ui.locale.get()));
    let count = Memo::new(move |_| form.draft.text.with(|text| text.chars().count()));
    let count_line = move || {
        let args = [
            ("count", Arg::Number(count.get())),
            ("max", Arg::Number(FeedbackText::MAX_CHARS)),
        ];
        catalogue().format(ui.locale.get(), key::TEXT_COUNT, &args)
    };
    let rude = rude_while_typing(form.draft.text);
    let described = move || {
        let mut ids = Vec::with_capacity(3);
        if error.with(Option::is_some) {
            ids.push(TEXT.error);
        }
        if rude.get() {
            ids.push(OBSCENE);
        }
        ids.push("glas-text-count");
        ids.join(" ")
    };

    view! {
        <div class="field">
            <label for=TEXT.input>{ui.t(TEXT.label)}</label>
            <ErrorMessage spec=&TEXT error />
            <textarea
                id=TEXT.input
                rows="6"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described
                bind:value=form.draft.text
                on:blur=move |_| form.leave(Field::Text)
            ></textarea>
            // A live region must be in the page before what it announces.
            <div class="live" aria-live="polite">
                <Show when=move || rude.get()>
                    <p id=OBSCENE class="caution">{ui.t(key::OBSCENE_WARNING)}</p>
                </Show>
            </div>
            <p id="glas-text-count" class="count" class:over=move || { count.get() > FeedbackText::MAX_CHARS }>
                {count_line}
            </p>
        </div>
    }
}

const OBSCENE: &str = "glas-text-obscene";
/// The text is checked for obscene words once typing pauses: a long text is
/// not rescanned on every key, and the warning does not flicker (or get
/// announced) halfway through a word.
const TYPING_PAUSE: Duration = Duration::from_millis(400);

/// Whether `text`, as of the citizen's last pause, would be flagged as obscene.
/// It never stops them sending: the Charter lets a person decide.
fn rude_while_typing(text: RwSignal<String>) -> RwSignal<bool> {
    let rude = RwSignal::new(false);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let check = move || {
        if let Some(now) = text.try_with_untracked(|text| obscene::is_flagged(text))
            && rude.try_get_untracked() != Some(now)
        {
            rude.try_set(now);
        }
    };
    Effect::new(move |_| {
        text.track();
        if let Some(pending) = timer.try_update_value(Option::take).flatten() {
            pending.clear();
        }
        timer.try_set_value(set_timeout_with_handle(check, TYPING_PAUSE).ok());
    });
    on_cleanup(move || {
        if let Some(pending) = timer.try_update_value(Option::take).flatten() {
            pending.clear();
        }
    });
    rude
}

/// One labelled contact field.
#[component]
fn TextField(
    spec: &'static Spec,
    value: RwSignal<String>,
    autocomplete: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let form = expect_context::<Form>();
    let error = Memo::new(move |_| form.error(spec.field, ui.locale.get()));
    let invalid = move || error.with(Option::is_some).then_some("true");
    let described = move || error.with(Option::is_some).then_some(spec.error);
    let leave = move |_| form.leave(spec.field);
    let control = if multiline {
        Either::Left(view! {
            <textarea
                id=spec.input
                rows="3"
                autocomplete=autocomplete
                aria-invalid=invalid
                aria-describedby=described
                bind:value=value
                on:blur=leave
            ></textarea>
        })
    } else {
        Either::Right(view! {
            <input
                type=input_type
                id=spec.input
                autocomplete=autocomplete
                spellcheck="false"
                aria-invalid=invalid
                aria-describedby=described
                bind:value=value
                on:blur=leave
            />
        })
    };

    view! {
        <div class="field">
            <label for=spec.input>{ui.t(spec.label)}</label>
            <ErrorMessage spec error />
            {control}
        </div>
    }
}

#[component]
fn ErrorMessage(spec: &'static Spec, error: Memo<Option<String>>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|message| view! { <p id=spec.error class="error">{message}</p> })
    }
}
