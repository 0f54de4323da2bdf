//! `GET /desk`: the inbox, soonest due first, with its filters and their counts;
//! `GET /desk/inbox.csv`: the same filter as a spreadsheet.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use glas_shared::{Channel, Kind, Locale, Status};
use maud::{Markup, html};

use super::{DeskError, staff_page, viewer};
use crate::app::AppState;
use crate::auth::{CurrentStaff, DeskLocale};
use crate::clock;
use crate::desk::inbox::{Dates, Filter, FilterForm, PAGE_SIZE};
use crate::desk::letter::date;
use crate::desk_catalogue::{format, text};
use crate::store::StoreError;
use crate::store::desk::{Assignable, InboxCounts, InboxItem};

pub async fn page(
    State(state): State<AppState>,
    staff: CurrentStaff,
    DeskLocale(locale): DeskLocale,
    Query(form): Query<FilterForm>,
) -> Result<Markup, DeskError> {
    let viewer = viewer(&staff.member);
    let filter = Filter::parse(&form, viewer.staff_id);
    let dates = Dates::new(&state.profile, clock::sofia_date(state.clock.now()));
    let (items, counts, people, ()) = tokio::try_join!(
        state.store.inbox(&viewer, &filter, dates),
        state.store.inbox_counts(&viewer, dates),
        state.store.staff_names(),
        audit_search(&state, viewer.staff_id, &filter, "inbox"),
    )?;
    let title = text(locale, "inbox-title");
    Ok(staff_page(
        locale,
        &title,
        &staff,
        "/desk",
        html! {
            h1 { (title) }
            (quick_filters(locale, &counts))
            (filter_form(&state, locale, &form, &people))
            (table(&state, locale, &items, dates, &filter, &form))
        },
    ))
}

/// Writes to the audit log that a member of staff looked for a citizen's
/// submissions by e-mail address (by the address's keyed hash), if the filter
/// holds one.
async fn audit_search(
    state: &AppState,
    staff_id: i64,
    filter: &Filter,
    view: &str,
) -> Result<(), StoreError> {
    match &filter.email {
        Some(email) => {
            state
                .store
                .audit_email_search(staff_id, email, view, state.clock.now())
                .await
        }
        None => Ok(()),
    }
}

fn quick_filters(locale: Locale, counts: &InboxCounts) -> Markup {
    let links = [
        ("", "inbox-open", counts.open),
        ("due=overdue", "inbox-overdue", counts.overdue),
        ("due=soon", "inbox-soon", counts.soon),
        ("flagged=1", "inbox-flagged", counts.flagged),
        ("assignee=nobody", "inbox-unassigned", counts.unassigned),
        ("assignee=me", "inbox-mine", counts.mine),
    ];
    html! {
        nav aria-label=(text(locale, "inbox-quick")) {
            ul.quick {
                @for (query, key, count) in links {
                    li {
                        a href={ "/desk" @if !query.is_empty() { "?" (query) } } {
                            (text(locale, key)) " " span.count { "(" (count) ")" }
                        }
                    }
                }
            }
        }
    }
}

fn select(
    name: &str,
    label: &str,
    current: &str,
    options: &[(String, String)],
    any: &str,
) -> Markup {
    html! {
        p {
            label for=(name) { (label) }
            select id=(name) name=(name) {
                option value="" selected[current.is_empty()] { (any) }
                @for (value, shown) in options {
                    option value=(value) selected[current == value] { (shown) }
                }
            }
        }
    }
}

fn filter_form(
    state: &AppState,
    locale: Locale,
    form: &FilterForm,
    people: &[Assignable],
) -> Markup {
    let any = text(locale, "inbox-any");
    let kinds: Vec<(String, String)> = state
        .profile
        .kinds
        .accepted()
        .map(|k| (k.as_str().to_owned(), kind_name(locale, k)))
        .collect();
    let units: Vec<(String, String)> = state
        .profile
        .units
        .iter()
        .map(|u| (u.id.as_ref().to_owned(), u.name.get(locale).to_owned()))
        .collect();
    let mut statuses = vec![("all".to_owned(), text(locale, "inbox-status-all"))];
    statuses.extend(
        Status::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), status_name(locale, *s))),
    );
    let channels: Vec<(String, String)> = Channel::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), channel_name(locale, *c)))
        .collect();
    let mut assignees = vec![
        ("me".to_owned(), text(locale, "inbox-mine")),
        ("nobody".to_owned(), text(locale, "inbox-unassigned")),
    ];
    assignees.extend(people.iter().map(|p| (p.id.to_string(), p.name.clone())));
    let due = [
        ("overdue".to_owned(), text(locale, "inbox-overdue")),
        ("soon".to_owned(), text(locale, "inbox-soon")),
    ];
    let csv = format!("/desk/inbox.csv?{}", Filter::default().query(form, 0));
    html! {
        form.filters method="get" action="/desk" {
            fieldset {
                legend { (text(locale, "inbox-filter")) }
                (select("kind", &text(locale, "inbox-kind"), &form.kind, &kinds, &any))
                (select("unit", &text(locale, "inbox-unit"), &form.unit, &units, &any))
                (select("status", &text(locale, "inbox-status"), &form.status, &statuses, &text(locale, "inbox-open")))
                (select("channel", &text(locale, "inbox-channel"), &form.channel, &channels, &any))
                (select("assignee", &text(locale, "inbox-assignee"), &form.assignee, &assignees, &any))
                (select("due", &text(locale, "inbox-due"), &form.due, &due, &any))
                p {
                    label for="email" { (text(locale, "inbox-email")) }
                    input type="email" id="email" name="email" value=(form.email)
                        autocomplete="off" aria-describedby="email-hint";
                    " "
                    span id="email-hint" { (text(locale, "inbox-email-hint")) }
                }
                p {
                    input type="checkbox" id="flagged" name="flagged" value="1" checked[!form.flagged.is_empty()];
                    label for="flagged" { (text(locale, "inbox-flagged")) }
                }
                button type="submit" { (text(locale, "inbox-apply")) }
            }
        }
        p { a href=(csv) download { (text(locale, "inbox-csv")) } }
    }
}

fn table(
    state: &AppState,
    locale: Locale,
    items: &[InboxItem],
    dates: Dates,
    filter: &Filter,
    form: &FilterForm,
) -> Markup {
    html! {
        @if items.is_empty() {
            p { (text(locale, "inbox-empty")) }
        } @else {
            table.inbox {
                caption { (format(locale, "inbox-caption", &[("count", &items.len().to_string())])) }
                thead {
                    tr {
                        th scope="col" { (text(locale, "inbox-reference")) }
                        th scope="col" { (text(locale, "inbox-due")) }
                        th scope="col" { (text(locale, "inbox-kind")) }
                        th scope="col" { (text(locale, "inbox-status")) }
                        th scope="col" { (text(locale, "inbox-unit")) }
                        th scope="col" { (text(locale, "inbox-assignee")) }
                        th scope="col" { (text(locale, "inbox-received")) }
                        th scope="col" { (text(locale, "inbox-text")) }
                    }
                }
                tbody {
                    @for item in items {
                        @let overdue = is_overdue(item.status, item.due_on, dates);
                        tr.overdue[overdue] {
                            th scope="row" {
                                a href={ "/desk/submissions/" (item.reference) } { (item.reference) }
                            }
                            td {
                                (due_cell(locale, item.status, item.due_on, dates))
                            }
                            td { (kind_name(locale, item.kind)) }
                            td { (status_name(locale, item.status)) }
                            td { (unit_name(state, locale, item.unit.as_deref())) }
                            td { (item.assignee.as_deref().unwrap_or("—")) }
                            td { (date(clock::sofia_date(item.received_at))) " " (channel_name(locale, item.channel)) }
                            td {
                                @if item.flagged_obscene {
                                    strong.flag { (text(locale, "flag-obscene")) } " "
                                }
                                @if item.health_or_safety {
                                    strong.flag { (text(locale, "flag-health")) } " "
                                }
                                (item.excerpt)
                            }
                        }
                    }
                }
            }
            nav.pages aria-label=(text(locale, "inbox-pages")) {
                @if filter.page > 0 {
                    a href={ "/desk?" (filter.query(form, filter.page - 1)) } rel="prev" { (text(locale, "inbox-previous")) }
                    " "
                }
                @if items.len() == PAGE_SIZE as usize {
                    a href={ "/desk?" (filter.query(form, filter.page + 1)) } rel="next" { (text(locale, "inbox-next")) }
                }
            }
        }
    }
}

pub fn is_overdue(status: Status, due_on: Option<time::Date>, dates: Dates) -> bool {
    matches!(status, Status::Registered | Status::InReview)
        && due_on.is_some_and(|d| d < dates.today)
}

/// The due date; when overdue, said in words and marked, not by colour alone.
pub fn due_cell(
    locale: Locale,
    status: Status,
    due_on: Option<time::Date>,
    dates: Dates,
) -> Markup {
    html! {
        @match due_on {
            None => { "—" }
            Some(due) => {
                @if is_overdue(status, due_on, dates) {
                    strong.overdue-badge { "⚠ " (text(locale, "inbox-overdue-badge")) }
                    " " (date(due))
                } @else {
                    (date(due))
                }
            }
        }
    }
}

pub fn kind_name(locale: Locale, kind: Kind) -> String {
    text(locale, kind.label_key())
}

pub fn status_name(locale: Locale, status: Status) -> String {
    text(locale, status.message_key())
}

pub fn channel_name(locale: Locale, channel: Channel) -> String {
    text(locale, &format!("channel-{channel}"))
}

pub fn unit_name(state: &AppState, locale: Locale, unit: Option<&str>) -> String {
    match unit {
        None => "—".to_owned(),
        Some(id) => state
            .profile
            .unit(id)
            .map_or_else(|| id.to_owned(), |u| u.name.get(locale).to_owned()),
    }
}

/// The rows the CSV export holds at most.
const CSV_LIMIT: i64 = 100_000;

/// The filtered inbox as CSV (RFC 4180, UTF-8 with a BOM so that spreadsheet
/// programs show Cyrillic). No text and no personal data: references, dates,
/// states and who has it.
pub async fn csv(
    State(state): State<AppState>,
    staff: CurrentStaff,
    DeskLocale(locale): DeskLocale,
    Query(form): Query<FilterForm>,
) -> Result<impl IntoResponse, DeskError> {
    let viewer = viewer(&staff.member);
    let filter = Filter::parse(&form, viewer.staff_id);
    let dates = Dates::new(&state.profile, clock::sofia_date(state.clock.now()));
    let (items, ()) = tokio::try_join!(
        state.store.inbox_all(&viewer, &filter, dates, CSV_LIMIT),
        audit_search(&state, viewer.staff_id, &filter, "csv"),
    )?;
    let mut out = String::from("\u{feff}");
    let header = [
        "inbox-reference",
        "inbox-kind",
        "inbox-status",
        "inbox-channel",
        "inbox-unit",
        "inbox-assignee",
        "inbox-received",
        "inbox-due",
        "inbox-overdue",
        "inbox-flagged",
    ];
    push_row(&mut out, header.iter().map(|k| text(locale, k)));
    for item in &items {
        let yes_no = |b: bool| text(locale, if b { "accounts-yes" } else { "accounts-no" });
        push_row(
            &mut out,
            [
                item.reference.clone(),
                kind_name(locale, item.kind),
                status_name(locale, item.status),
                channel_name(locale, item.channel),
                unit_name(&state, locale, item.unit.as_deref()),
                item.assignee.clone().unwrap_or_default(),
                clock::sofia_date(item.received_at).to_string(),
                item.due_on.map(|d| d.to_string()).unwrap_or_default(),
                yes_no(is_overdue(item.status, item.due_on, dates)),
                yes_no(item.flagged_obscene || item.health_or_safety),
            ]
            .into_iter(),
        );
    }
    let name = format!("attachment; filename=\"glas-inbox-{}.csv\"", dates.today);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        out,
    ))
}

/// One CSV record: fields quoted when they need it, quotes doubled, CRLF.
fn push_row(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        // A leading =, +, - or @ would be a formula to a spreadsheet program.
        let field = if field.starts_with(['=', '+', '-', '@']) {
            format!("'{field}")
        } else {
            field
        };
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::push_row;

    #[test]
    fn csv_fields_are_quoted_as_rfc_4180_says_and_formulas_defused() {
        let mut out = String::new();
        push_row(
            &mut out,
            [
                "a,b".to_owned(),
                "say \"hi\"".to_owned(),
                "=1+1".to_owned(),
                "plain".to_owned(),
            ]
            .into_iter(),
        );
        assert_eq!(out, "\"a,b\",\"say \"\"hi\"\"\",'=1+1,plain\r\n");
    }
}
