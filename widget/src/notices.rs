//! Earlier feedback delivered or refused since the citizen last looked, and how
//! much still waits on this device (the state is `news`'s).

use glas_shared::i18n::{Arg, catalogue, key};
use leptos::prelude::*;

use crate::form::{Form, TEXT_FOCUS};
use crate::news::News;
use crate::outbox::Refusal;
use crate::outcome::ReceiptDetails;
use crate::ui::{Stage, TITLE, Ui};

#[component]
pub fn Notices() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let news = expect_context::<News>();

    Effect::new(move |_| {
        if news.with(|u| !u.delivered.is_empty()) {
            news.shown();
        }
    });
    let has_delivered = move || news.with(|u| !u.delivered.is_empty());
    let delivered = move || {
        news.with(|u| u.delivered.clone())
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
        news.dismiss(news.receipt_ids(), Vec::new());
        ui.focus(TITLE);
    };
    let refused = move || {
        news.with(|u| u.refused.clone())
            .into_iter()
            .map(|refusal| view! { <RefusalNotice refusal /> })
            .collect_view()
    };
    let pending = move || {
        let count = news.with(|u| u.pending);
        (count > 0 && !matches!(ui.stage(), Stage::Queued(_))).then(|| {
            let line = catalogue().format(
                ui.locale.get(),
                key::OUTBOX_PENDING,
                &[("count", Arg::Number(count))],
            );
            view! { <p class="pending">{line}</p> }
        })
    };

    view! {
        <Show when=has_delivered>
            <section class="notice">
                <h3>{ui.t(key::DELIVERED_TITLE)}</h3>
                {delivered}
                <button type="button" class="secondary" on:click=dismiss>
                    {ui.t(key::NOTICE_DISMISS)}
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
    let news = expect_context::<News>();
    let form = expect_context::<Form>();
    let Refusal { submission, errors } = refusal;
    let text = submission.text.clone();

    let reasons = move || {
        let locale = ui.locale.get();
        errors
            .iter()
            .map(|error| view! { <li>{error.message_in(locale)}</li> })
            .collect_view()
    };
    let id = submission.id.clone();
    let discard = move |_| {
        news.dismiss(Vec::new(), vec![id.clone()]);
        ui.focus(TITLE);
    };
    // Only into an empty form: never over what the citizen is writing now.
    let restore = move || {
        let submission = submission.clone();
        form.draft.is_blank().then(move || {
            let edit = move |_| {
                form.restore(&submission);
                news.dismiss(Vec::new(), vec![submission.id.clone()]);
                ui.edit();
                ui.focus(TEXT_FOCUS);
            };
            view! {
                <button type="button" class="secondary" on:click=edit>
                    {ui.t(key::REJECTED_EDIT)}
                </button>
            }
        })
    };

    view! {
        <section class="notice refused">
            <h3>{ui.t(key::REJECTED_TITLE)}</h3>
            <blockquote class="quote">{text}</blockquote>
            <ul class="reasons">{reasons}</ul>
            <div class="actions">
                {restore}
                <button type="button" class="secondary" on:click=discard>
                    {ui.t(key::REJECTED_DISCARD)}
                </button>
            </div>
        </section>
    }
}
