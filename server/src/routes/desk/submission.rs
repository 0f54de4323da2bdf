//! `GET /desk/submissions/{reference}`: one submission with its author, history,
//! answers and the forms for every action; `POST …/{action}` does one
//! (`take`, `assign`, `status`, `note`, `inspection`); `GET|POST …/answer` writes
//! the formal answer.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use glas_shared::{Kind, Locale, Reason, Status};
use maud::{Markup, html};
use serde::Deserialize;

use super::inbox::{channel_name, due_cell, kind_name, status_name, unit_name};
use super::{DeskError, Fields, set_aside, staff_page, viewer};
use crate::app::AppState;
use crate::auth::{CurrentStaff, DeskLocale, Role};
use crate::clock;
use crate::desk::actions::{self, Action, Actor, Context, Refusal};
use crate::desk::inbox::Dates;
use crate::desk::letter::{self, date};
use crate::desk_catalogue::{format, text};
use crate::store::desk::{Answer, AuditEntry, DeskItem};
use crate::store::mail::MailStatus;

/// Loads the submission for `staff`, or "not found" when it does not exist for
/// them. A read of a corruption report is written to the audit log.
async fn load(
    state: &AppState,
    staff: &CurrentStaff,
    reference: &str,
    view: &str,
) -> Result<DeskItem, DeskError> {
    let item = state
        .store
        .desk_item(reference)
        .await?
        .ok_or(DeskError::NotFound)?;
    if !viewer(&staff.member).sees(item.kind, item.handling_unit.as_deref(), item.assignee_id) {
        return Err(DeskError::NotFound);
    }
    if item.kind == Kind::Corruption {
        state
            .store
            .record_read(staff.member.id, item.id, state.clock.now(), view)
            .await?;
    }
    Ok(item)
}

pub async fn page(
    State(state): State<AppState>,
    staff: CurrentStaff,
    DeskLocale(locale): DeskLocale,
    Path(reference): Path<String>,
) -> Result<Markup, DeskError> {
    let item = load(&state, &staff, &reference, "page").await?;
    render(&state, &staff, locale, &item, None).await
}

/// A refused action, to show on the page again.
struct Problem {
    field: &'static str,
    message: String,
}

async fn render(
    state: &AppState,
    staff: &CurrentStaff,
    locale: Locale,
    item: &DeskItem,
    problem: Option<Problem>,
) -> Result<Markup, DeskError> {
    let (history, answers, mail) = tokio::try_join!(
        state.store.history(item.id),
        state.store.answers(item.id),
        state.store.mail_for(item.id),
    )?;
    let dates = Dates::new(&state.profile, clock::sofia_date(state.clock.now()));
    let title = format(
        locale,
        "submission-title",
        &[
            ("kind", &kind_name(locale, item.kind)),
            ("reference", &item.reference),
        ],
    );
    let path = format!("/desk/submissions/{}", item.reference);
    let supervisor = staff.member.role >= Role::Supervisor;
    let assignable = if supervisor {
        state.store.assignable().await?
    } else {
        Vec::new()
    };
    Ok(staff_page(
        locale,
        &title,
        staff,
        &path,
        html! {
            h1 { (title) }
            @if let Some(why) = item.set_aside {
                div.warning role="note" {
                    p { strong { (text(locale, "set-aside-banner")) } " " (set_aside::why(locale, why)) }
                    @if supervisor {
                        form method="post" action={ (path) "/release" } {
                            (csrf(staff))
                            button type="submit" { (text(locale, "action-release")) }
                        }
                    }
                }
            }
            @if let Some(problem) = &problem {
                div.error-summary role="alert" aria-labelledby="problem-title" {
                    h2 id="problem-title" { (text(locale, "desk-problem")) }
                    p { a href={ "#" (problem.field) } { (problem.message) } }
                }
            }
            dl.facts {
                dt { (text(locale, "inbox-status")) }
                dd {
                    (status_name(locale, item.status))
                    @if let Some(reason) = item.reason {
                        " — " (text(locale, reason.message_key()))
                    }
                    @if let Some(body) = &item.forwarded_to {
                        " — " (body)
                    }
                }
                dt { (text(locale, "inbox-due")) }
                dd { (due_cell(locale, item.status, item.due_on, dates)) }
                @if let Some(reason) = &item.inspection_reason {
                    dt { (text(locale, "submission-inspection")) }
                    dd { (reason) }
                }
                dt { (text(locale, "inbox-received")) }
                dd { (date(clock::sofia_date(item.received_at))) }
                dt { (text(locale, "inbox-channel")) }
                dd { (channel_name(locale, item.channel)) }
                dt { (text(locale, "submission-citizen-unit")) }
                dd { (unit_name(state, locale, item.unit.as_deref())) }
                dt { (text(locale, "inbox-unit")) }
                dd { (unit_name(state, locale, item.handling_unit.as_deref())) }
                dt { (text(locale, "inbox-assignee")) }
                dd { (item.assignee.as_deref().unwrap_or("—")) }
                @if item.flagged_obscene || item.health_or_safety {
                    dt { (text(locale, "inbox-flagged")) }
                    dd {
                        @if item.flagged_obscene { strong.flag { (text(locale, "flag-obscene")) } " " }
                        @if item.health_or_safety { strong.flag { (text(locale, "flag-health")) } }
                    }
                }
            }
            section aria-labelledby="text-title" {
                h2 id="text-title" { (text(locale, "submission-text")) }
                div.citizen-text lang=(item.locale) { (item.text) }
            }
            section aria-labelledby="author-title" {
                h2 id="author-title" { (text(locale, "submission-author")) }
                @match &item.author {
                    None => p { (text(locale, "submission-anonymous")) },
                    Some(a) => dl.facts {
                        dt { (text(locale, "submission-name")) }
                        dd { (a.name) }
                        @if let Some(email) = &a.email {
                            dt { (text(locale, "submission-email")) }
                            dd { (email) }
                        }
                        @if let Some(phone) = &a.phone {
                            dt { (text(locale, "submission-phone")) }
                            dd { (phone) }
                        }
                        @if let Some(address) = &a.address {
                            dt { (text(locale, "submission-address")) }
                            dd.citizen-text { (address) }
                        }
                    },
                }
            }
            (answers_section(state, staff, locale, item, &answers, &mail))
            @if item.set_aside.is_none() {
                (actions_section(state, staff, locale, item, supervisor, &assignable, &answers))
            }
            (history_section(locale, &history))
        },
    ))
}

fn answers_section(
    state: &AppState,
    staff: &CurrentStaff,
    locale: Locale,
    item: &DeskItem,
    answers: &[Answer],
    mail: &[MailStatus],
) -> Markup {
    html! {
        section aria-labelledby="answers-title" {
            h2 id="answers-title" { (text(locale, "submission-answers")) }
            @if answers.is_empty() {
                p { (text(locale, "submission-no-answer")) }
            }
            @for answer in answers {
                article.answer aria-labelledby={ "answer-" (answer.id) } {
                    h3 id={ "answer-" (answer.id) } {
                        (format(locale, "submission-answer-by", &[
                            ("name", &answer.signer_name),
                            ("date", &date(clock::sofia_date(answer.created_at))),
                        ]))
                        @if let Some(corrects) = answer.corrects {
                            " " (format(locale, "submission-corrects", &[("id", &corrects.to_string())]))
                        }
                    }
                    div.letter {
                        (letter::render(&state.profile, &letter::Letter {
                            kind: item.kind,
                            reference: &item.reference,
                            received_at: item.received_at,
                            at: answer.created_at,
                            body: &answer.body,
                            signer_name: &answer.signer_name,
                            signer_position: &answer.signer_position,
                            correction: answer.corrects.is_some(),
                        }, Locale::parse(&item.locale).unwrap_or_default()))
                    }
                    p {
                        a href={ "/desk/submissions/" (item.reference) "/answer?corrects=" (answer.id) } {
                            (text(locale, "submission-correct"))
                        }
                    }
                }
            }
            @if !mail.is_empty() {
                h3 #mail-title { (text(locale, "submission-mail")) }
                ul {
                    @for m in mail {
                        li {
                            (m.to) " — "
                            @match (m.sent_at, m.rejected_at) {
                                (Some(at), _) => { (format(locale, "mail-sent", &[("date", &date(clock::sofia_date(at)))])) }
                                (None, Some(at)) => {
                                    strong { (text(locale, "mail-rejected-title")) }
                                    " " (format(locale, "mail-rejected", &[("date", &date(clock::sofia_date(at)))]))
                                    @if let Some(error) = &m.last_error { " (" (error) ")" }
                                    form method="post" action={ "/desk/submissions/" (item.reference) "/mail/" (m.id) "/resend" } {
                                        (csrf(staff))
                                        button type="submit" { (text(locale, "mail-resend")) }
                                    }
                                }
                                (None, None) => {
                                    strong { (text(locale, "mail-unsent")) }
                                    " " (format(locale, "mail-attempts", &[("count", &m.attempts.to_string())]))
                                    @if let Some(error) = &m.last_error { " (" (error) ")" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn csrf(staff: &CurrentStaff) -> Markup {
    html! { input type="hidden" name="csrf" value=(staff.csrf); }
}

fn actions_section(
    state: &AppState,
    staff: &CurrentStaff,
    locale: Locale,
    item: &DeskItem,
    supervisor: bool,
    assignable: &[crate::store::desk::Assignable],
    answers: &[Answer],
) -> Markup {
    let base = format!("/desk/submissions/{}", item.reference);
    let open = matches!(item.status, Status::Registered | Status::InReview);
    html! {
        section aria-labelledby="actions-title" {
            h2 id="actions-title" { (text(locale, "submission-actions")) }
            p {
                a.button href={ (base) "/answer" } { (text(locale, "submission-write-answer")) }
            }
            @if item.assignee_id != Some(staff.member.id) {
                form method="post" action={ (base) "/take" } {
                    (csrf(staff))
                    button type="submit" { (text(locale, "action-take")) }
                }
            }
            @if supervisor {
                form method="post" action={ (base) "/assign" } {
                    (csrf(staff))
                    fieldset {
                        legend { (text(locale, "action-assign")) }
                        p {
                            label for="unit" { (text(locale, "inbox-unit")) }
                            select id="unit" name="unit" {
                                option value="" { (text(locale, "action-keep")) }
                                @for unit in &state.profile.units {
                                    option value=(unit.id.as_ref()) { (unit.name.get(locale)) }
                                }
                            }
                        }
                        p {
                            label for="staff" { (text(locale, "inbox-assignee")) }
                            select id="staff" name="staff" {
                                option value="" { (text(locale, "action-keep")) }
                                @for person in assignable {
                                    option value=(person.id) { (person.name) }
                                }
                            }
                        }
                        button type="submit" { (text(locale, "action-assign-submit")) }
                    }
                }
            }
            form method="post" action={ (base) "/status" } {
                (csrf(staff))
                fieldset {
                    legend { (text(locale, "action-status")) }
                    p {
                        label for="status" { (text(locale, "inbox-status")) }
                        select id="status" name="status" {
                            @for status in [Status::InReview, Status::NotExamined, Status::Forwarded, Status::Answered] {
                                @if status != Status::Answered || !answers.is_empty() {
                                    option value=(status.as_str()) selected[item.status == status] { (status_name(locale, status)) }
                                }
                            }
                        }
                    }
                    p {
                        label for="reason" { (text(locale, "action-reason")) }
                        select id="reason" name="reason" aria-describedby="reason-hint" {
                            option value="" { "—" }
                            @for reason in Reason::ALL {
                                option value=(reason.as_str()) selected[item.reason == Some(*reason)] {
                                    (text(locale, reason.message_key()))
                                }
                            }
                        }
                        br;
                        span id="reason-hint" { (text(locale, "action-reason-hint")) }
                    }
                    p {
                        label for="forwarded_to" { (text(locale, "action-forwarded-to")) }
                        input id="forwarded_to" name="forwarded_to" type="text" maxlength="200"
                            value=(item.forwarded_to.as_deref().unwrap_or(""));
                    }
                    button type="submit" { (text(locale, "action-status-submit")) }
                }
            }
            form method="post" action={ (base) "/note" } {
                (csrf(staff))
                p {
                    label for="text" { (text(locale, "action-note")) }
                    textarea id="text" name="text" rows="3" maxlength=(actions::MAX_NOTE) required {}
                }
                button type="submit" { (text(locale, "action-note-submit")) }
            }
            @if supervisor && open {
                form method="post" action={ (base) "/inspection" } {
                    (csrf(staff))
                    p {
                        label for="inspection-reason" { (text(locale, "action-inspection")) }
                        textarea id="inspection-reason" name="reason" rows="2" maxlength=(actions::MAX_NOTE) required {}
                    }
                    button type="submit" { (text(locale, "action-inspection-submit")) }
                }
            }
        }
    }
}

fn history_section(locale: Locale, history: &[AuditEntry]) -> Markup {
    html! {
        section aria-labelledby="history-title" {
            h2 id="history-title" { (text(locale, "submission-history")) }
            table.history {
                caption.visually-hidden { (text(locale, "submission-history")) }
                thead {
                    tr {
                        th scope="col" { (text(locale, "audit-when")) }
                        th scope="col" { (text(locale, "audit-who")) }
                        th scope="col" { (text(locale, "audit-what")) }
                        th scope="col" { (text(locale, "audit-details")) }
                    }
                }
                tbody {
                    @for entry in history {
                        tr {
                            td { (super::audit::when(entry.at)) }
                            td { (entry.staff.as_deref().unwrap_or("—")) }
                            td { (text(locale, &format!("audit-action-{}", entry.action))) }
                            td.citizen-text { (super::audit::details(entry)) }
                        }
                    }
                }
            }
        }
    }
}

/// `POST /desk/submissions/{reference}/{action}`.
pub async fn act(
    State(state): State<AppState>,
    staff: CurrentStaff,
    DeskLocale(locale): DeskLocale,
    Path((reference, action)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, DeskError> {
    let fields = Fields::parse(&body);
    let action = match action.as_str() {
        "take" => Action::Take,
        "assign" => Action::Assign {
            unit: Some(fields.one("unit").trim())
                .filter(|u| !u.is_empty())
                .map(str::to_owned),
            staff: fields.one("staff").trim().parse().ok(),
        },
        "status" => Action::Status {
            status: Status::parse(fields.one("status")).map_err(|_| DeskError::NotFound)?,
            reason: Reason::parse(fields.one("reason")).ok(),
            forwarded_to: Some(fields.one("forwarded_to").to_owned()),
        },
        "note" => Action::Note {
            text: fields.one("text").to_owned(),
        },
        "inspection" => Action::Inspection {
            reason: fields.one("reason").to_owned(),
        },
        "release" => Action::Release,
        _ => return Err(DeskError::NotFound),
    };
    perform(&state, &staff, locale, &reference, action).await
}

/// Plans `action`, writes it, and goes back to the submission's page (or shows
/// the page again with what was wrong).
async fn perform(
    state: &AppState,
    staff: &CurrentStaff,
    locale: Locale,
    reference: &str,
    action: Action,
) -> Result<Response, DeskError> {
    let item = load(state, staff, reference, "action").await?;
    let answers = state.store.answers(item.id).await?;
    let assignee = match &action {
        Action::Assign {
            staff: Some(id), ..
        } => state
            .store
            .assignable()
            .await?
            .into_iter()
            .find(|a| a.id == *id),
        _ => None,
    };
    let viewer = viewer(&staff.member);
    let actor = Actor {
        viewer: &viewer,
        name: &staff.member.name,
        position: &staff.member.position,
        supervisor: staff.member.role >= Role::Supervisor,
    };
    let cx = Context {
        profile: &state.profile,
        public_url: &state.public_url,
        now: state.clock.now(),
        assignee: assignee.as_ref(),
        answers: &answers,
    };
    let is_answer = matches!(action, Action::Answer { .. });
    match actions::plan(&cx, &item, &actor, action) {
        Ok(change) => {
            let wakes_mail = !change.mail.is_empty();
            state
                .store
                .apply(&change, &state.profile.calendar())
                .await?;
            if wakes_mail {
                state.store.mail_queued();
            }
            let anchor = if is_answer {
                "#answers-title"
            } else {
                "#history-title"
            };
            Ok(Redirect::to(&format!("/desk/submissions/{reference}{anchor}")).into_response())
        }
        Err(Refusal::NotFound) => Err(DeskError::NotFound),
        Err(Refusal::Forbidden) => Err(DeskError::Forbidden),
        Err(Refusal::Invalid { field, key }) => {
            let problem = Problem {
                field,
                message: text(locale, key),
            };
            let page = render(state, staff, locale, &item, Some(problem)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// `POST /desk/submissions/{reference}/mail/{id}/resend`: a message the SMTP
/// server refused for good goes back in the queue (the address or the server
/// has been put right); anyone who sees the submission may.
pub async fn resend_mail(
    State(state): State<AppState>,
    staff: CurrentStaff,
    Path((reference, mail_id)): Path<(String, i64)>,
) -> Result<Response, DeskError> {
    let item = load(&state, &staff, &reference, "action").await?;
    if !state
        .store
        .resend_mail(item.id, mail_id, staff.member.id, state.clock.now())
        .await?
    {
        return Err(DeskError::NotFound);
    }
    Ok(Redirect::to(&format!("/desk/submissions/{reference}#mail-title")).into_response())
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct AnswerQuery {
    corrects: Option<i64>,
}

/// `GET /desk/submissions/{reference}/answer`: the answer form, started from the
/// kind's template.
pub async fn answer_form(
    State(state): State<AppState>,
    staff: CurrentStaff,
    DeskLocale(locale): DeskLocale,
    Path(reference): Path<String>,
    Query(query): Query<AnswerQuery>,
) -> Result<Markup, DeskError> {
    let item = load(&state, &staff, &reference, "answer").await?;
    let answers = state.store.answers(item.id).await?;
    let corrects = query
        .corrects
        .filter(|id| answers.iter().any(|a| a.id == *id));
    let start = match corrects.and_then(|id| answers.iter().find(|a| a.id == id)) {
        Some(earlier) => earlier.body.clone(),
        None => template(&item),
    };
    Ok(answer_page(
        &state, &staff, locale, &item, corrects, &start, None,
    ))
}

/// The kind's answer template (the desk catalogue's, in English for a citizen who
/// wrote in English, else Bulgarian) with the greeting and the reference filled
/// in: where the clerk starts.
fn template(item: &DeskItem) -> String {
    let locale = match Locale::parse(&item.locale) {
        Ok(Locale::En) => Locale::En,
        _ => Locale::Bg,
    };
    let name = item.author.as_ref().map_or("", |a| a.name.as_str());
    let received = date(clock::sofia_date(item.received_at));
    format(
        locale,
        &format!("template-{}", item.kind),
        &[
            ("name", name),
            ("reference", &item.reference),
            ("received", &received),
        ],
    )
}

fn answer_page(
    state: &AppState,
    staff: &CurrentStaff,
    locale: Locale,
    item: &DeskItem,
    corrects: Option<i64>,
    body: &str,
    error: Option<String>,
) -> Markup {
    let title = format(locale, "answer-title", &[("reference", &item.reference)]);
    let path = format!("/desk/submissions/{}/answer", item.reference);
    let emailed = item.author.as_ref().and_then(|a| a.email.as_deref());
    staff_page(
        locale,
        &title,
        staff,
        &path,
        html! {
            h1 { (title) }
            p { a href={ "/desk/submissions/" (item.reference) } { (text(locale, "answer-back")) } }
            section aria-labelledby="text-title" {
                h2 id="text-title" { (text(locale, "submission-text")) }
                div.citizen-text lang=(item.locale) { (item.text) }
            }
            form method="post" action=(path) {
                (csrf(staff))
                @if let Some(id) = corrects {
                    input type="hidden" name="corrects" value=(id);
                    p { (format(locale, "submission-corrects", &[("id", &id.to_string())])) }
                }
                p {
                    label for="body" { (text(locale, "answer-body")) }
                    br;
                    textarea id="body" name="body" rows="16" cols="80" required
                        maxlength=(actions::MAX_ANSWER)
                        aria-describedby="body-hint"
                        aria-invalid=[error.as_ref().map(|_| "true")] { (body) }
                    br;
                    span id="body-hint" {
                        (format(locale, "answer-signed", &[("name", &staff.member.name), ("position", &staff.member.position)]))
                        " "
                        @match emailed {
                            Some(email) => { (format(locale, "answer-emailed", &[("email", email)])) }
                            None => { (text(locale, "answer-not-emailed")) }
                        }
                    }
                    @if let Some(error) = &error {
                        br;
                        strong id="body-error" role="alert" { (error) }
                    }
                }
                p { (format(locale, "answer-municipality", &[("name", state.profile.name.get(locale))])) }
                button type="submit" { (text(locale, "answer-submit")) }
            }
        },
    )
}

/// `POST /desk/submissions/{reference}/answer`.
pub async fn answer(
    State(state): State<AppState>,
    staff: CurrentStaff,
    DeskLocale(locale): DeskLocale,
    Path(reference): Path<String>,
    body: Bytes,
) -> Result<Response, DeskError> {
    let fields = Fields::parse(&body);
    let text_body = fields.one("body").to_owned();
    let corrects = fields.one("corrects").trim().parse().ok();
    let response = perform(
        &state,
        &staff,
        locale,
        &reference,
        Action::Answer {
            body: text_body.clone(),
            corrects,
        },
    )
    .await?;
    if response.status() == StatusCode::UNPROCESSABLE_ENTITY {
        // Show the answer form again, the text kept.
        let item = load(&state, &staff, &reference, "answer").await?;
        let error = if text_body.trim().is_empty() {
            text(locale, "desk-error-required")
        } else {
            text(locale, "desk-error-too-long")
        };
        let page = answer_page(
            &state,
            &staff,
            locale,
            &item,
            corrects,
            &text_body,
            Some(error),
        );
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    Ok(response)
}
