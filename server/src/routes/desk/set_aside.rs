//! `GET /desk/set-aside`: what was kept aside as probably a robot's (`screening`),
//! newest first, for supervisors to look through and release what a person sent.

use axum::extract::State;
use maud::{Markup, html};

use super::inbox::kind_name;
use super::{DeskError, staff_page};
use crate::app::AppState;
use crate::auth::{CurrentStaff, DeskLocale, Role};
use crate::clock;
use crate::desk::letter::date;
use crate::desk_catalogue::text;
use crate::screening::SetAside;

/// How many the page lists at most.
const LIMIT: i64 = 500;

pub async fn page(
    State(state): State<AppState>,
    staff: CurrentStaff,
    DeskLocale(locale): DeskLocale,
) -> Result<Markup, DeskError> {
    if staff.member.role < Role::Supervisor {
        return Err(DeskError::Forbidden);
    }
    let items = state
        .store
        .set_aside_items(staff.member.corruption, LIMIT)
        .await?;
    let title = text(locale, "set-aside-title");
    Ok(staff_page(
        locale,
        &title,
        &staff,
        "/desk/set-aside",
        html! {
            h1 { (title) }
            p { (text(locale, "set-aside-intro")) }
            @if items.is_empty() {
                p { (text(locale, "set-aside-empty")) }
            } @else {
                table {
                    thead {
                        tr {
                            th scope="col" { (text(locale, "inbox-reference")) }
                            th scope="col" { (text(locale, "inbox-kind")) }
                            th scope="col" { (text(locale, "inbox-received")) }
                            th scope="col" { (text(locale, "set-aside-why")) }
                            th scope="col" { (text(locale, "set-aside-excerpt")) }
                        }
                    }
                    tbody {
                        @for item in &items {
                            tr {
                                td { a href={ "/desk/submissions/" (item.reference) } { (item.reference) } }
                                td { (kind_name(locale, item.kind)) }
                                td { (date(clock::sofia_date(item.received_at))) }
                                td { (why(locale, item.why)) }
                                td.citizen-text { (item.excerpt) }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// Why it was kept aside, in the desk's words.
pub fn why(locale: glas_shared::Locale, why: SetAside) -> String {
    text(
        locale,
        match why {
            SetAside::Trap => "set-aside-trap",
            SetAside::TooFast => "set-aside-too-fast",
        },
    )
}
