//! The feedback form. It checks the draft with the same rules the server
//! applies (`glas_shared`), as the citizen types.

use std::time::Duration;

use glas_shared::fields::FeedbackText;
use glas_shared::i18n::{Arg, catalogue};
use glas_shared::obscene;
use glas_shared::{
    AuthorDto, Channel, Field, FieldError, Invalid, Kind, Locale, NewSubmission, Profile,
    Submission,
};
use leptos::either::Either;
use leptos::ev::{MouseEvent, SubmitEvent};
use leptos::logging::warn;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::{Stage, Ui, split_message};
use crate::browser;
use crate::courier::{Courier, Handed};
use crate::profile::{self, Municipality};
use crate::status::wording;

/// How the form shows one field the citizen fills in.
#[derive(Debug, PartialEq, Eq)]
struct Spec {
    field: Field,
    /// The id of the control that takes focus when the field is wrong; none
    /// for the kind, whose radios depend on the profile (see `Form::target`).
    input: &'static str,
    error: &'static str,
    label: &'static str,
}

const KIND: Spec = Spec {
    field: Field::Kind,
    input: "",
    error: "glas-kind-error",
    label: "kind-legend",
};
const TEXT: Spec = Spec {
    field: Field::Text,
    input: TEXT_FOCUS,
    error: "glas-text-error",
    label: "text-label",
};
const NAME: Spec = Spec {
    field: Field::AuthorName,
    input: "glas-name",
    error: "glas-name-error",
    label: "name-label",
};
const EMAIL: Spec = Spec {
    field: Field::AuthorEmail,
    input: "glas-email",
    error: "glas-email-error",
    label: "email-label",
};
const PHONE: Spec = Spec {
    field: Field::AuthorPhone,
    input: "glas-phone",
    error: "glas-phone-error",
    label: "phone-label",
};
const ADDRESS: Spec = Spec {
    field: Field::AuthorAddress,
    input: "glas-address",
    error: "glas-address-error",
    label: "address-label",
};
/// In the order they appear, which is the order errors are listed and focused.
const SPECS: [&Spec; 6] = [&KIND, &TEXT, &NAME, &EMAIL, &PHONE, &ADDRESS];

pub const TEXT_FOCUS: &str = "glas-text";
const SUMMARY: &str = "glas-summary";

fn spec(field: Field) -> Option<&'static Spec> {
    SPECS.into_iter().find(|spec| spec.field == field)
}

fn spec_named(name: &str) -> Option<&'static Spec> {
    SPECS.into_iter().find(|spec| spec.field.as_str() == name)
}

fn kind_id(kind: Kind) -> String {
    format!("glas-kind-{kind}")
}

/// The page's `data-unit`, unless the profile says there is no such unit:
/// the citizen could not fix that, so their feedback goes without it.
fn known_unit(
    unit: StoredValue<Option<String>>,
    profile: RwSignal<Option<Profile>>,
) -> Option<String> {
    let unit = unit.get_value()?;
    let known = profile.with(|profile| profile.as_ref().is_none_or(|p| p.unit(&unit).is_some()));
    known.then_some(unit)
}

/// What the citizen has written so far, exactly as typed.
#[derive(Clone, Copy)]
pub struct Draft {
    kind: RwSignal<String>,
    text: RwSignal<String>,
    name: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
    address: RwSignal<String>,
    health_or_safety: RwSignal<bool>,
}

impl Draft {
    fn new() -> Self {
        Draft {
            kind: RwSignal::new(String::new()),
            text: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            address: RwSignal::new(String::new()),
            health_or_safety: RwSignal::new(false),
        }
    }

    fn texts(self) -> [RwSignal<String>; 6] {
        [
            self.kind,
            self.text,
            self.name,
            self.email,
            self.phone,
            self.address,
        ]
    }

    /// Whether there is no message to lose.
    pub fn is_blank(self) -> bool {
        self.text.with(|text| text.trim().is_empty())
    }

    /// No name, and a kind the Charter does not examine anonymously unless
    /// health or safety is at stake. (Without a name the submission is either
    /// anonymous or, with other contact details, asked for the name.)
    fn is_anonymous_report(self) -> bool {
        let at_stake = self
            .kind
            .with(|kind| Kind::parse(kind).is_ok_and(Kind::anonymous_needs_health_or_safety));
        at_stake && self.name.with(|name| name.trim().is_empty())
    }

    /// The author, or `None` when every contact field is blank.
    fn author(self) -> Option<AuthorDto> {
        let given =
            |field: RwSignal<String>| field.with(|v| (!v.trim().is_empty()).then(|| v.clone()));
        let (email, phone, address) = (given(self.email), given(self.phone), given(self.address));
        let name = self.name.get();
        if name.trim().is_empty() && email.is_none() && phone.is_none() && address.is_none() {
            return None;
        }
        Some(AuthorDto {
            name,
            email,
            phone,
            address,
        })
    }
}

/// The form's state: the draft, and which of its problems to show.
#[derive(Clone, Copy)]
pub struct Form {
    pub draft: Draft,
    channel: Channel,
    /// The page's `data-unit`, as given.
    unit: StoredValue<Option<String>>,
    profile: RwSignal<Option<Profile>>,
    /// Every problem of the draft, whether shown yet or not.
    problems: Memo<Vec<Invalid>>,
    touched: RwSignal<Vec<Field>>,
    /// A pointer is down in the form: fields left now are touched once it is up.
    holding: StoredValue<bool>,
    left_while_holding: StoredValue<Vec<Field>>,
    attempted: RwSignal<bool>,
    /// The server's reasons for refusing the last send.
    refused: RwSignal<Vec<FieldError>>,
}

impl Form {
    pub fn new(channel: Channel, unit: Option<String>, profile: RwSignal<Option<Profile>>) -> Self {
        let draft = Draft::new();
        let unit = StoredValue::new(unit);
        let problems = Memo::new(move |_| {
            // Stand-ins for the values made at sending time, which are valid by construction.
            let probe = Form::wire(
                draft,
                channel,
                known_unit(unit, profile),
                "00000000-0000-0000-0000-000000000000",
                "2026-01-01T00:00:00Z",
                Locale::Bg,
            );
            profile
                .with(|profile| Submission::parse(&probe, profile.as_ref()))
                .err()
                .unwrap_or_default()
                .into_iter()
                .filter(|invalid| spec(invalid.field).is_some())
                .collect()
        });
        Effect::new(move |_| {
            if let Some(given) = unit.get_value()
                && known_unit(unit, profile).is_none()
            {
                warn!("glas: data-unit {given:?} is not in the municipality profile; ignoring it");
            }
        });
        let refused = RwSignal::new(Vec::new());
        // The server's reasons were about what was sent: an edit makes them stale.
        Effect::new(move |_| {
            for text in draft.texts() {
                text.track();
            }
            refused.set(Vec::new());
        });
        Form {
            draft,
            channel,
            unit,
            profile,
            problems,
            touched: RwSignal::new(Vec::new()),
            holding: StoredValue::new(false),
            left_while_holding: StoredValue::new(Vec::new()),
            attempted: RwSignal::new(false),
            refused,
        }
    }

    fn wire(
        draft: Draft,
        channel: Channel,
        unit: Option<String>,
        id: &str,
        created_at: &str,
        locale: Locale,
    ) -> NewSubmission {
        NewSubmission {
            id: id.to_owned(),
            kind: draft.kind.get(),
            text: draft.text.get(),
            channel: channel.as_str().to_owned(),
            unit,
            author: draft.author(),
            health_or_safety: draft.is_anonymous_report() && draft.health_or_safety.get(),
            created_at: created_at.to_owned(),
            locale: locale.as_str().to_owned(),
        }
    }

    /// The draft as a submission with a fresh id, stamped now.
    fn submission(self, locale: Locale) -> NewSubmission {
        untrack(|| {
            Form::wire(
                self.draft,
                self.channel,
                known_unit(self.unit, self.profile),
                &browser::new_id(),
                &browser::now(),
                locale,
            )
        })
    }

    /// The id of the control to focus when `spec`'s field is wrong.
    fn target(self, spec: &Spec) -> String {
        if spec.field == Field::Kind {
            self.kind_focus()
        } else {
            spec.input.to_owned()
        }
    }

    /// The id of the first kind on offer.
    pub fn kind_focus(self) -> String {
        let first = self
            .profile
            .with_untracked(|profile| profile.as_ref().and_then(|p| p.kinds.accepted().next()));
        kind_id(first.unwrap_or(Kind::ALL[0]))
    }

    /// The profile's name for the unit this feedback is about, if it knows one.
    fn unit_name(self, locale: Locale) -> Option<String> {
        let id = known_unit(self.unit, self.profile)?;
        self.profile.with(|profile| {
            let unit = profile.as_ref()?.unit(&id)?;
            Some(unit.name.get(locale).to_owned())
        })
    }

    /// The message to show for `field`, if any: the rule it breaks once the
    /// citizen has left it or tried to send, else the server's reason.
    fn error(self, field: Field, locale: Locale) -> Option<String> {
        let shown = self.attempted.get() || self.touched.with(|touched| touched.contains(&field));
        let broken = shown
            .then(|| {
                self.problems.with(|problems| {
                    problems
                        .iter()
                        .find(|i| i.field == field)
                        .map(|i| i.problem)
                })
            })
            .flatten();
        broken.map(|problem| problem.message(locale)).or_else(|| {
            self.refused.with(|refused| {
                refused
                    .iter()
                    .find(|e| e.field == field.as_str())
                    .map(|e| wording(e, locale))
            })
        })
    }

    fn touch(self, field: Field) {
        if !self
            .touched
            .with_untracked(|touched| touched.contains(&field))
        {
            self.touched.update(|touched| touched.push(field));
        }
    }

    /// The citizen left `field`, which brings up its error. While a pointer is
    /// down that waits until it is released: an error appearing above the button
    /// being clicked would move it between mousedown and mouseup, and the click
    /// (on Send, say) would be lost.
    fn leave(self, field: Field) {
        if self.holding.get_value() {
            self.left_while_holding
                .update_value(|left| left.push(field));
        } else {
            self.touch(field);
        }
    }

    fn hold(self) {
        self.holding.set_value(true);
    }

    /// Called once the pointer is up and the click, if any, has been handled.
    fn release(self) {
        self.holding.set_value(false);
        for field in self
            .left_while_holding
            .try_update_value(std::mem::take)
            .unwrap_or_default()
        {
            self.touch(field);
        }
    }

    fn clear(self) {
        for text in self.draft.texts() {
            text.set(String::new());
        }
        self.draft.health_or_safety.set(false);
        self.touched.set(Vec::new());
        self.attempted.set(false);
        self.refused.set(Vec::new());
    }

    /// Puts a refused submission back into the form to be corrected.
    pub fn restore(self, submission: &NewSubmission) {
        self.clear();
        let author = submission.author.clone().unwrap_or_default();
        let draft = self.draft;
        draft.kind.set(submission.kind.clone());
        draft.text.set(submission.text.clone());
        draft.name.set(author.name);
        draft.email.set(author.email.unwrap_or_default());
        draft.phone.set(author.phone.unwrap_or_default());
        draft.address.set(author.address.unwrap_or_default());
        draft.health_or_safety.set(submission.health_or_safety);
        self.attempted.set(true);
    }
}

/// Checks the draft and, when it passes, hands it to the courier.
fn submit(ui: Ui, form: Form, courier: Courier) {
    if ui.stage.get_untracked() == Stage::Sending {
        return;
    }
    form.attempted.set(true);
    form.refused.set(Vec::new());
    if let Some(first) = form
        .problems
        .with_untracked(|problems| problems.first().and_then(|i| spec(i.field)))
    {
        ui.focus(&form.target(first));
        return;
    }
    ui.stage.set(Stage::Sending);
    spawn_local(async move {
        let locale = ui.locale.get_untracked();
        let mut handed = courier.send(&form.submission(locale)).await;
        // A page may name a service unit the server does not know. The citizen
        // cannot fix that, so their feedback goes without it.
        if let Handed::Refused(errors) = &handed
            && !errors.is_empty()
            && errors.iter().all(|e| e.field == Field::Unit.as_str())
            && form.unit.get_value().is_some()
        {
            warn!(
                "glas: the server does not know data-unit {:?}; sending without it",
                form.unit.get_value()
            );
            form.unit.set_value(None);
            handed = courier.send(&form.submission(locale)).await;
        }
        match handed {
            Handed::Registered(receipt) => {
                form.clear();
                ui.show(Stage::Sent(receipt));
            }
            Handed::Queued => {
                form.clear();
                ui.show(Stage::Queued);
            }
            Handed::Refused(errors) => {
                let first = errors
                    .iter()
                    .find_map(|e| spec_named(&e.field))
                    .map_or(SUMMARY.to_owned(), |spec| form.target(spec));
                form.refused.set(errors);
                ui.stage.set(Stage::Editing);
                ui.focus(&first);
            }
            Handed::Failed => {
                let error = FieldError {
                    field: Field::Body.as_str().into(),
                    code: "unavailable".into(),
                    message: String::new(),
                };
                form.refused.set(vec![error]);
                ui.stage.set(Stage::Editing);
                ui.focus(SUMMARY);
            }
        }
    });
}

#[component]
pub fn FeedbackForm() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let form = expect_context::<Form>();
    let courier = expect_context::<Courier>();
    let draft = form.draft;
    let sending = move || ui.stage.get() == Stage::Sending;
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submit(ui, form, courier);
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
            let line = catalogue().format(locale, "unit-about", &[("unit", Arg::Str(&name))]);
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
                <legend>{ui.t("contact-legend")}</legend>
                <p id="glas-contact-hint" class="hint">{ui.t("contact-hint")}</p>
                <TextField spec=&NAME value=draft.name autocomplete="name" />
                <TextField spec=&EMAIL value=draft.email input_type="email" autocomplete="email" />
                <TextField spec=&PHONE value=draft.phone input_type="tel" autocomplete="tel" />
                <TextField spec=&ADDRESS value=draft.address autocomplete="street-address" multiline=true />
            </fieldset>
            <Show when=move || draft.is_anonymous_report()>
                <div class="warning">
                    <p id="glas-anonymous">{ui.t("anonymous-warning")}</p>
                    <p id="glas-anonymous-advice">{ui.t("anonymous-advice")}</p>
                    <div class="check">
                        <input
                            type="checkbox"
                            id="glas-health"
                            aria-describedby="glas-anonymous"
                            bind:checked=draft.health_or_safety
                        />
                        <label for="glas-health">{ui.t("health-or-safety-label")}</label>
                    </div>
                </div>
            </Show>
            <PrivacyNotice />
            <button type="submit" class="primary" aria-disabled=move || sending().then_some("true")>
                {move || if sending() { ui.t("sending")() } else { ui.t("send")() }}
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
            items.extend(general.map(|e| (None, wording(e, locale))));
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
                <p class="summary-title">{ui.t("error-summary")}</p>
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
    // is offered and then taken away.
    let kinds = move || {
        if !municipality.settled.get() {
            return Vec::new();
        }
        form.profile.with(|profile| match profile {
            Some(profile) => profile.kinds.accepted().collect(),
            None => Kind::ALL.to_vec(),
        })
    };
    let option = move |kind: Kind| {
        let id = kind_id(kind);
        let hint_id = format!("{id}-hint");
        let hint = move || {
            form.profile
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
                <label for=id>{ui.t(kind_label(kind))}</label>
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
            <For each=kinds key=|kind| *kind children=option />
        </fieldset>
    }
}

fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Complaint => "kind-complaint",
        Kind::Signal => "kind-signal",
        Kind::Proposal => "kind-proposal",
        Kind::Praise => "kind-praise",
        Kind::Comment => "kind-comment",
        Kind::Corruption => "kind-corruption",
    }
}

/// Who keeps the contact details, why, for how long, and where to ask.
#[component]
fn PrivacyNotice() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let form = expect_context::<Form>();
    move || {
        let locale = ui.locale.get();
        let c = catalogue();
        form.profile.with(|profile| match profile {
            None => Either::Left(view! {
                <div class="privacy">
                    <p>{c.text(locale, "privacy-notice-general")}</p>
                </div>
            }),
            Some(profile) => {
                let period = profile::retention(profile.personal_data_retention_days, locale);
                let notice = c.format(
                    locale,
                    "privacy-notice",
                    &[
                        ("municipality", Arg::Str(profile.name.get(locale))),
                        ("period", Arg::Str(&period)),
                    ],
                );
                let email = profile.contacts.email.clone();
                let (before, after) = split_message(locale, "privacy-ask", "email", &[]);
                let more = is_web_address(&profile.privacy_url).then(|| {
                    let href = profile.privacy_url.clone();
                    view! { <a href=href>{c.text(locale, "privacy-link")}</a> }
                });
                Either::Right(view! {
                    <div class="privacy">
                        <p>{notice}</p>
                        <p>
                            {before}
                            <a href=format!("mailto:{email}")>{email.clone()}</a>
                            {after}
                            " "
                            {more}
                        </p>
                    </div>
                })
            }
        })
    }
}

/// Only ever a web address in a link, whatever the server says.
pub fn is_web_address(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
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
        catalogue().format(ui.locale.get(), "text-count", &args)
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
                    <p id=OBSCENE class="caution">{ui.t("obscene-warning")}</p>
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

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(kind: &str, name: &str, email: &str) -> Draft {
        let draft = Draft::new();
        draft.kind.set(kind.into());
        draft
            .text
            .set("Улицата пред блок 12 не е почистена.".into());
        draft.name.set(name.into());
        draft.email.set(email.into());
        draft
    }

    fn wire(draft: Draft) -> NewSubmission {
        let id = "0b9e7a52-4e2c-4d7e-9a51-6a7d2f0c9b11";
        Form::wire(
            draft,
            Channel::Web,
            None,
            id,
            "2026-11-24T09:15:00.000Z",
            Locale::En,
        )
    }

    #[test]
    fn blank_contact_fields_send_no_author() {
        let submission = wire(draft("praise", "  ", ""));
        assert_eq!(submission.author, None);
        assert!(Submission::try_from(&submission).is_ok());
    }

    #[test]
    fn a_contact_field_without_a_name_asks_for_the_name() {
        let submission = wire(draft("complaint", "", "ivan@example.com"));
        let author = submission.author.clone().expect("an author");
        assert_eq!(author.email.as_deref(), Some("ivan@example.com"));
        assert_eq!(author.phone, None, "blank optional fields are left out");
        let errors = Submission::try_from(&submission).unwrap_err();
        assert_eq!(
            errors.iter().map(|e| e.field).collect::<Vec<_>>(),
            [Field::AuthorName]
        );
    }

    #[test]
    fn the_anonymity_warning_is_for_examined_kinds_without_a_name() {
        assert!(draft("complaint", "", "").is_anonymous_report());
        assert!(draft("corruption", " ", "").is_anonymous_report());
        assert!(!draft("complaint", "Иван Петров", "").is_anonymous_report());
        assert!(!draft("praise", "", "").is_anonymous_report());
    }

    #[test]
    fn health_or_safety_goes_only_with_the_warning() {
        let anonymous = draft("signal", "", "");
        anonymous.health_or_safety.set(true);
        assert!(wire(anonymous).health_or_safety);

        let named = draft("signal", "Иван Петров", "");
        named.health_or_safety.set(true);
        assert!(!wire(named).health_or_safety);
    }

    #[test]
    fn a_unit_the_profile_does_not_know_is_left_out() {
        let profile = RwSignal::new(None);
        let unit = StoredValue::new(Some("local-taxes".to_owned()));
        assert_eq!(
            known_unit(unit, profile).as_deref(),
            Some("local-taxes"),
            "without a profile, the server decides"
        );
        profile.set(Some(crate::profile::tests::haskovo()));
        assert_eq!(known_unit(unit, profile), None);
        unit.set_value(Some("centre".to_owned()));
        assert_eq!(known_unit(unit, profile).as_deref(), Some("centre"));
    }

    #[test]
    fn the_profile_decides_which_kinds_pass() {
        let profile = crate::profile::tests::haskovo();
        let comment = wire(draft("comment", "", ""));
        assert!(Submission::try_from(&comment).is_ok());
        let errors = Submission::parse(&comment, Some(&profile)).unwrap_err();
        assert_eq!(errors[0].problem.code(), "kind_not_accepted");
        assert!(spec(errors[0].field).is_some(), "shown on the kinds");
    }

    #[test]
    fn every_field_the_rules_check_has_a_place_in_the_form() {
        let everything_wrong = NewSubmission {
            kind: "rant".into(),
            text: String::new(),
            author: Some(AuthorDto {
                name: String::new(),
                email: Some("nope".into()),
                phone: Some("12".into()),
                address: Some("x".into()),
            }),
            ..wire(draft("praise", "", ""))
        };
        for invalid in Submission::try_from(&everything_wrong).unwrap_err() {
            assert!(
                spec(invalid.field).is_some(),
                "{} has no place in the form",
                invalid.field.as_str()
            );
        }
    }
}
