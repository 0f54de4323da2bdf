//! `GET /desk/audit`: the audit log for supervisors, newest first, by person,
//! submission and dates.

use axum::extract::{Query, State};
use maud::{Markup, html};
use serde::Deserialize;
use time::OffsetDateTime;

use super::{DeskError, staff_page};
use crate::app::AppState;
use crate::auth::{CurrentStaff, DeskLocale, Role};
use crate::desk_catalogue::text;
use crate::store::desk::{AuditEntry, AuditQuery};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditForm {
    staff: String,
    reference: String,
    from: String,
    until: String,
}

/// How many entries the page shows at most.
const LIMIT: i64 = 500;

pub async fn page(
    State(state): State<AppState>,
    staff: CurrentStaff,
    DeskLocale(locale): DeskLocale,
    Query(form): Query<AuditForm>,
) -> Result<Markup, DeskError> {
    if staff.member.role < Role::Supervisor {
        return Err(DeskError::Forbidden);
    }
    let day = |s: &str| {
        time::Date::parse(
            s.trim(),
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .ok()
        .map(|d| d.midnight().assume_utc())
    };
    let query = AuditQuery {
        staff_id: form.staff.trim().parse().ok(),
        reference: Some(form.reference.trim().to_owned()).filter(|r| !r.is_empty()),
        from: day(&form.from),
        until: day(&form.until).map(|d| d + time::Duration::days(1)),
        corruption: staff.member.corruption,
        limit: LIMIT,
    };
    let (entries, people) =
        tokio::try_join!(state.store.audit_log(&query), state.store.staff_names())?;
    let title = text(locale, "audit-title");
    Ok(staff_page(
        locale,
        &title,
        &staff,
        "/desk/audit",
        html! {
            h1 { (title) }
            form.filters method="get" action="/desk/audit" {
                fieldset {
                    legend { (text(locale, "inbox-filter")) }
                    p {
                        label for="staff" { (text(locale, "audit-who")) }
                        select id="staff" name="staff" {
                            option value="" { (text(locale, "inbox-any")) }
                            @for p in &people {
                                option value=(p.id) selected[form.staff == p.id.to_string()] { (p.name) }
                            }
                        }
                    }
                    p {
                        label for="reference" { (text(locale, "inbox-reference")) }
                        input id="reference" name="reference" type="text" value=(form.reference);
                    }
                    p {
                        label for="from" { (text(locale, "audit-from")) }
                        input id="from" name="from" type="date" value=(form.from);
                    }
                    p {
                        label for="until" { (text(locale, "audit-until")) }
                        input id="until" name="until" type="date" value=(form.until);
                    }
                    button type="submit" { (text(locale, "inbox-apply")) }
                }
            }
            table.history {
                caption { (title) }
                thead {
                    tr {
                        th scope="col" { (text(locale, "audit-when")) }
                        th scope="col" { (text(locale, "audit-who")) }
                        th scope="col" { (text(locale, "audit-what")) }
                        th scope="col" { (text(locale, "inbox-reference")) }
                        th scope="col" { (text(locale, "audit-details")) }
                    }
                }
                tbody {
                    @for entry in &entries {
                        tr {
                            td { (when(entry.at)) }
                            td { (entry.staff.as_deref().unwrap_or("—")) }
                            td { (text(locale, &format!("audit-action-{}", entry.action))) }
                            td {
                                @if let Some(r) = &entry.reference {
                                    a href={ "/desk/submissions/" (r) } { (r) }
                                }
                            }
                            td.citizen-text { (details(entry)) }
                        }
                    }
                }
            }
        },
    ))
}

/// An entry's time in Sofia, to the minute.
pub fn when(at: OffsetDateTime) -> String {
    let date = crate::clock::sofia_date(at);
    let local = crate::clock::sofia_time(at);
    format!("{} {local}", crate::desk::letter::date(date))
}

/// What changed, from before to after, as plain text.
pub fn details(entry: &AuditEntry) -> String {
    match (&entry.before, &entry.after) {
        (Some(before), Some(after)) => format!("{before} → {after}"),
        (None, Some(after)) => after.clone(),
        (Some(before), None) => before.clone(),
        (None, None) => String::new(),
    }
}
