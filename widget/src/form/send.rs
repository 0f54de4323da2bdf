//! Sending: the draft is checked, then handed to the courier, and the outcome
//! shown; a refusal goes back to the form, its first field focused.

use glas_shared::{Field, FieldError, Problem};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{Form, SUMMARY, spec, spec_named};
use crate::courier::{Courier, Handed};
use crate::ui::{Stage, Ui};

/// Checks the draft and, when it passes, hands it to the courier with what a
/// program put in the form's `trap`.
pub fn submit(ui: Ui, form: Form, courier: Courier, trap: String) {
    if ui.stage_untracked() == Stage::Sending {
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
    if !ui.start_sending() {
        return;
    }
    spawn_local(async move {
        let locale = ui.locale.get_untracked();
        let mut handed = courier.send(form.queued(locale, &trap)).await;
        // A page may name a service unit the server does not know: the
        // citizen cannot fix that, so their feedback goes without it.
        if let Handed::Refused(errors) = &handed
            && !errors.is_empty()
            && errors.iter().all(|e| e.field == Field::Unit.as_str())
            && form.unit.refused()
        {
            handed = courier.send(form.queued(locale, &trap)).await;
        }
        match handed {
            Handed::Registered(receipt) => {
                form.clear();
                ui.show(Stage::Sent(receipt));
            }
            Handed::Queued(why) => {
                form.clear();
                ui.show(Stage::Queued(why));
            }
            Handed::Refused(errors) => {
                let first = errors
                    .iter()
                    .find_map(|e| spec_named(&e.field))
                    .map_or(SUMMARY.to_owned(), |spec| form.target(spec));
                form.refused.set(errors);
                ui.edit();
                ui.focus(&first);
            }
            Handed::Failed => {
                // Neither sent nor saved: the form keeps it, and says so.
                let error = FieldError::worded_by_code(Field::Body, Problem::Unavailable);
                form.refused.set(vec![error]);
                ui.edit();
                ui.focus(SUMMARY);
            }
        }
    });
}
