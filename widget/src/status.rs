//! What the citizen is told: the outcome of sending, and news about earlier
//! feedback that waited on this device.

use glas_shared::i18n::{Arg, catalogue};
use glas_shared::{FieldError, Locale, Receipt, Status};
use leptos::prelude::*;
use web_sys::VisibilityState;

use crate::app::{Stage, TITLE, Ui, split_message};
use crate::browser;
use crate::courier::Courier;
use crate::form::{Form, TEXT_FOCUS, is_web_address};
use crate::outbox::Refusal;

/// The outcome of the citizen's last send: registered, or saved for later.
#[component]
pub fn Outcome() -> impl IntoView {
    let ui = expect_context::<Ui>();

    move || match ui.stage.get() {
        Stage::Sent(receipt) => {
            // Registered and counted, but the Charter does not examine it: say so plainly.
            let unexamined = receipt.status == Status::NotExamined;
            let title = if unexamined {
                ui.t("sent-not-examined-title")
            } else {
                ui.t("sent-title")
            };
            view! {
                <section class="outcome" class:unexamined=unexamined>
                    <h3>{title}</h3>
                    <ReceiptDetails receipt />
                    <SendAnother />
                </section>
            }
            .into_any()
        }
        Stage::Queued => view! {
            <section class="outcome">
                <h3>{ui.t("queued-title")}</h3>
                <p>{ui.t("queued-body")}</p>
                <SendAnother />
            </section>
        }
        .into_any(),
        Stage::Editing | Stage::Sending => ().into_any(),
    }
}

#[component]
fn SendAnother() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let form = expect_context::<Form>();
    let again = move |_| {
        ui.stage.set(Stage::Editing);
        ui.focus(&form.kind_focus());
    };

    view! {
        <button type="button" class="secondary" on:click=again>
            {ui.t("send-another")}
        </button>
    }
}

/// The reference number, why it will not be examined (if so), the answer's
/// due date and the tracking link.
#[component]
fn ReceiptDetails(receipt: Receipt) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let Receipt {
        reference,
        status,
        reason,
        due_on,
        tracking_url,
        ..
    } = receipt;
    // The number sits in its own span so that it never breaks at its hyphen.
    let reference_line = move || {
        let (before, after) = split_message(ui.locale.get(), "sent-reference", "reference", &[]);
        view! {
            {before}
            <span class="number">{reference.clone()}</span>
            {after}
        }
    };
    let reason_line = (status == Status::NotExamined).then_some(move || {
        let locale = ui.locale.get();
        match reason {
            Some(reason) => catalogue().text(locale, &format!("reason-{reason}")),
            None => catalogue().text(locale, "status-not_examined"),
        }
    });
    let due_line = due_on.map(|date| {
        move || {
            let locale = ui.locale.get();
            // "2 декември 2026 г." already ends with the period that ends the sentence.
            let date = browser::long_date(date, locale);
            let date = date.trim_end_matches('.');
            catalogue().format(locale, "sent-due", &[("date", Arg::Str(date))])
        }
    });
    let tracking = is_web_address(&tracking_url).then_some(tracking_url);

    view! {
        <p class="reference">{reference_line}</p>
        {reason_line.map(|line| view! { <p>{line}</p> })}
        {due_line.map(|line| view! { <p>{line}</p> })}
        {tracking.map(|href| view! {
            <p>
                <a href=href>{ui.t("sent-track")}</a>
            </p>
        })}
    }
}

/// Earlier feedback delivered or refused since the citizen last looked, and
/// how much still waits on this device.
#[component]
pub fn Notices() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let courier = expect_context::<Courier>();
    let unseen = courier.unseen;

    // Receipts on a visible page have been seen: they stay on screen until
    // dismissed, but another page of the site will not show them again.
    Effect::new(move |_| {
        let ids: Vec<String> =
            unseen.with(|u| u.delivered.iter().map(|r| r.id.to_string()).collect());
        if !ids.is_empty() && document().visibility_state() == VisibilityState::Visible {
            courier.seen(ids, Vec::new());
        }
    });
    let has_delivered = move || unseen.with(|u| !u.delivered.is_empty());
    let delivered = move || {
        unseen
            .with(|u| u.delivered.clone())
            .into_iter()
            .map(|receipt| {
                view! {
                    <div class="receipt">
                        <ReceiptDetails receipt />
                    </div>
                }
            })
            .collect_view()
    };
    let dismiss = move |_| {
        let ids = unseen.with_untracked(|u| u.delivered.iter().map(|r| r.id.to_string()).collect());
        courier.forget(ids, Vec::new());
        ui.focus(TITLE);
    };
    let refused = move || {
        unseen
            .with(|u| u.refused.clone())
            .into_iter()
            .map(|refusal| view! { <RefusalNotice refusal /> })
            .collect_view()
    };
    let pending = move || {
        let count = unseen.with(|u| u.pending);
        (count > 0 && ui.stage.get() != Stage::Queued).then(|| {
            let line = catalogue().format(
                ui.locale.get(),
                "outbox-pending",
                &[("count", Arg::Number(count))],
            );
            view! { <p class="pending">{line}</p> }
        })
    };

    view! {
        <Show when=has_delivered>
            <section class="notice">
                <h3>{ui.t("delivered-title")}</h3>
                {delivered}
                <button type="button" class="secondary" on:click=dismiss>
                    {ui.t("notice-dismiss")}
                </button>
            </section>
        </Show>
        {refused}
        {pending}
    }
}

/// Feedback the server refused after it waited on this device. Its text is
/// shown, and can go back into the form, so nothing the citizen wrote is lost.
#[component]
fn RefusalNotice(refusal: Refusal) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let courier = expect_context::<Courier>();
    let form = expect_context::<Form>();
    let Refusal { submission, errors } = refusal;
    let text = submission.text.clone();

    let reasons = move || {
        let locale = ui.locale.get();
        errors
            .iter()
            .map(|error| view! { <li>{wording(error, locale)}</li> })
            .collect_view()
    };
    let id = submission.id.clone();
    let discard = move |_| {
        courier.forget(Vec::new(), vec![id.clone()]);
        ui.focus(TITLE);
    };
    // Only into an empty form: never over what the citizen is writing now.
    let restore = move || {
        let submission = submission.clone();
        form.draft.is_blank().then(move || {
            let edit = move |_| {
                form.restore(&submission);
                courier.forget(Vec::new(), vec![submission.id.clone()]);
                ui.stage.set(Stage::Editing);
                ui.focus(TEXT_FOCUS);
            };
            view! {
                <button type="button" class="secondary" on:click=edit>
                    {ui.t("rejected-edit")}
                </button>
            }
        })
    };

    view! {
        <section class="notice refused">
            <h3>{ui.t("rejected-title")}</h3>
            <blockquote class="quote">{text}</blockquote>
            <ul class="reasons">{reasons}</ul>
            <div class="actions">
                {restore}
                <button type="button" class="secondary" on:click=discard>
                    {ui.t("rejected-discard")}
                </button>
            </div>
        </section>
    }
}

/// An error as the citizen reads it: the server's words, or, when it sent
/// none, the catalogue's for its code.
pub fn wording(error: &FieldError, locale: Locale) -> String {
    if error.message.is_empty() {
        catalogue().text(locale, &format!("error-{}", error.code.replace('_', "-")))
    } else {
        error.message.clone()
    }
}
