//! The outcome of the citizen's last send: registered (with its receipt), or
//! saved on the device to be sent later. The kiosk shows it its own way
//! (`kiosk::visit`), with the receipt's details.

use glas_shared::i18n::{Arg, catalogue, key};
use glas_shared::{Reason, Status};
use leptos::prelude::*;

#[cfg(feature = "web")]
use crate::api::Why;
use crate::browser;
#[cfg(feature = "web")]
use crate::form::Form;
#[cfg(feature = "web")]
use crate::ui::Stage;
use crate::ui::{Ui, is_web_address, split_message};
use crate::wire::Receipt;

#[cfg(feature = "web")]
#[component]
pub fn Outcome() -> impl IntoView {
    let ui = expect_context::<Ui>();

    move || match ui.stage() {
        Stage::Sent(receipt) => {
            // Registered and counted, but the Charter does not examine it: say so plainly.
            let unexamined = receipt.status == Status::NotExamined;
            let title = if unexamined {
                ui.t(key::SENT_NOT_EXAMINED_TITLE)
            } else {
                ui.t(key::SENT_TITLE)
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
        Stage::Queued(why) => view! {
            <section class="outcome">
                <h3>{ui.t(key::QUEUED_TITLE)}</h3>
                <p>
                    {ui.t(match why {
                        Why::Offline => key::QUEUED_BODY,
                        Why::Busy => key::QUEUED_BODY_BUSY,
                        Why::Unreachable => key::QUEUED_BODY_UNREACHABLE,
                    })}
                </p>
                <SendAnother />
            </section>
        }
        .into_any(),
        Stage::Editing | Stage::Sending => ().into_any(),
    }
}

#[cfg(feature = "web")]
#[component]
fn SendAnother() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let form = expect_context::<Form>();
    let again = move |_| {
        ui.edit();
        ui.focus(&form.kind_focus());
    };

    view! {
        <button type="button" class="secondary" on:click=again>
            {ui.t(key::SEND_ANOTHER)}
        </button>
    }
}

/// The reference number, why it will not be examined (if so), the answer's
/// due date and, on the web, the tracking link. A kiosk shows no link, which
/// would take its screen away from the next person: the citizen takes the link
/// with them as a QR code (`kiosk::visit`).
#[component]
pub fn ReceiptDetails(receipt: Receipt) -> impl IntoView {
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
        let (before, after) = split_message(ui.locale.get(), key::SENT_REFERENCE, "reference", &[]);
        view! {
            {before}
            <span class="number">{reference.clone()}</span>
            {after}
        }
    };
    let reason_line = (status == Status::NotExamined).then_some(move || {
        let locale = ui.locale.get();
        let key = reason.map_or(Status::NotExamined.message_key(), Reason::message_key);
        catalogue().text(locale, key)
    });
    let due_line = due_on.map(|date| {
        move || {
            let locale = ui.locale.get();
            // "2 декември 2026 г." already ends with the period that ends the sentence.
            let date = browser::long_date(&date, locale);
            let date = date.trim_end_matches('.');
            catalogue().format(locale, key::SENT_DUE, &[("date", Arg::Str(date))])
        }
    });
    let tracking = (cfg!(feature = "web") && is_web_address(&tracking_url)).then_some(tracking_url);

    view! {
        <p class="reference">{reference_line}</p>
        {reason_line.map(|line| view! { <p>{line}</p> })}
        {due_line.map(|line| view! { <p>{line}</p> })}
        {tracking.map(|href| view! {
            <p>
                <a href=href>{ui.t(key::SENT_TRACK)}</a>
            </p>
        })}
    }
}
