//! `GET|POST /desk/intake`: a clerk records a complaint made by phone or in person,
//! through the same rules (`shared`) and the same registration (`intake.rs`) as
//! the widget, and reads the reference number and tracking link out to the citizen.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use glas_shared::{AuthorDto, Channel, Field, Locale, NewSubmission};
use maud::{Markup, html};
use uuid::Uuid;

use super::inbox::kind_name;
use super::{DeskError, Fields, staff_page};
use crate::app::AppState;
use crate::auth::{CurrentStaff, DeskLocale};
use crate::desk::letter::date;
use crate::desk_catalogue::{format, text};
use crate::intake::{self, Outcome};

pub async fn form(
    State(state): State<AppState>,
    staff: CurrentStaff,
    DeskLocale(locale): DeskLocale,
) -> Markup {
    page(&state, &staff, locale, &Fields::default(), &[])
}

/// The form, filled with `values`, with `errors` (field, message) beside their fields.
fn page(
    state: &AppState,
    staff: &CurrentStaff,
    locale: Locale,
    values: &Fields,
    errors: &[(String, String)],
) -> Markup {
    let title = text(locale, "intake-title");
    // A fresh id per form: sending the same form twice registers it once.
    let id = match values.one("id") {
        "" => Uuid::new_v4().to_string(),
        id => id.to_owned(),
    };
    let error = |field: &str| {
        errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    };
    let input = |name: &str, label_key: &str, kind: &str, autocomplete: &str| {
        let e = error(name);
        html! {
            p {
                label for=(name) { (text(locale, label_key)) }
                br;
                input id=(name) name=(name) type=(kind) value=(values.one(name)) autocomplete=(autocomplete)
                    aria-invalid=[e.map(|_| "true")]
                    aria-describedby=[e.map(|_| format!("{name}-error"))];
                @if let Some(e) = e { br; strong id={ (name) "-error" } { (e) } }
            }
        }
    };
    let channel = values.one("channel");
    staff_page(
        locale,
        &title,
        staff,
        "/desk/intake",
        html! {
            h1 { (title) }
            p { (text(locale, "intake-intro")) }
            @if !errors.is_empty() {
                div.error-summary role="alert" aria-labelledby="problem-title" {
                    h2 id="problem-title" { (text(locale, "desk-problem")) }
                    ul { @for (field, message) in errors { li { a href={ "#" (field) } { (message) } } } }
                }
            }
            form method="post" action="/desk/intake" {
                input type="hidden" name="csrf" value=(staff.csrf);
                input type="hidden" name="id" value=(id);
                fieldset {
                    legend { (text(locale, "intake-channel")) }
                    @for c in [Channel::Phone, Channel::InPerson] {
                        p {
                            input type="radio" id={ "channel-" (c) } name="channel" value=(c.as_str())
                                checked[channel == c.as_str() || (channel.is_empty() && c == Channel::Phone)];
                            label for={ "channel-" (c) } { (text(locale, &format!("channel-{c}"))) }
                        }
                    }
                }
                p {
                    label for="kind" { (text(locale, "inbox-kind")) }
                    br;
                    select id="kind" name="kind" aria-invalid=[error("kind").map(|_| "true")] {
                        @for k in state.profile.kinds.accepted() {
                            option value=(k.as_str()) selected[values.one("kind") == k.as_str()] { (kind_name(locale, k)) }
                        }
                    }
                    @if let Some(e) = error("kind") { br; strong { (e) } }
                }
                p {
                    label for="text" { (text(locale, "submission-text")) }
                    br;
                    textarea id="text" name="text" rows="8" cols="70"
                        aria-invalid=[error("text").map(|_| "true")]
                        aria-describedby=[error("text").map(|_| "text-error")] { (values.one("text")) }
                    @if let Some(e) = error("text") { br; strong id="text-error" { (e) } }
                }
                p {
                    label for="unit" { (text(locale, "inbox-unit")) }
                    br;
                    select id="unit" name="unit" {
                        option value="" { "—" }
                        @for unit in &state.profile.units {
                            option value=(unit.id.as_ref()) selected[values.one("unit") == unit.id.as_ref()] { (unit.name.get(locale)) }
                        }
                    }
                }
                p {
                    input type="checkbox" id="health_or_safety" name="health_or_safety" value="1" checked[values.has("health_or_safety")];
                    label for="health_or_safety" { (text(locale, "flag-health")) }
                }
                fieldset {
                    legend { (text(locale, "submission-author")) }
                    p { (text(locale, "intake-author-hint")) }
                    (input("author.name", "submission-name", "text", "off"))
                    (input("author.email", "submission-email", "email", "off"))
                    (input("author.phone", "submission-phone", "tel", "off"))
                    (input("author.address", "submission-address", "text", "off"))
                }
                p {
                    label for="locale" { (text(locale, "intake-language")) }
                    br;
                    select id="locale" name="locale" {
                        @for l in Locale::ALL {
                            option value=(l.as_str()) selected[values.one("locale") == l.as_str()] {
                                (glas_shared::i18n::catalogue().text(*l, "locale-name"))
                            }
                        }
                    }
                }
                button type="submit" { (text(locale, "intake-submit")) }
            }
        },
    )
}

pub async fn submit(
    State(state): State<AppState>,
    staff: CurrentStaff,
    DeskLocale(locale): DeskLocale,
    body: Bytes,
) -> Result<Response, DeskError> {
    let values = Fields::parse(&body);
    let named = [
        "author.name",
        "author.email",
        "author.phone",
        "author.address",
    ]
    .iter()
    .any(|f| !values.one(f).trim().is_empty());
    let optional = |f: &str| Some(values.one(f).to_owned()).filter(|v| !v.trim().is_empty());
    let id = match values.one("id").trim() {
        "" => Uuid::new_v4().to_string(),
        id => id.to_owned(),
    };
    let dto = NewSubmission {
        id,
        kind: values.one("kind").to_owned(),
        text: values.one("text").to_owned(),
        channel: values.one("channel").to_owned(),
        unit: optional("unit"),
        author: named.then(|| AuthorDto {
            name: values.one("author.name").to_owned(),
            email: optional("author.email"),
            phone: optional("author.phone"),
            address: optional("author.address"),
        }),
        health_or_safety: values.has("health_or_safety"),
        created_at: state
            .clock
            .now()
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|e| DeskError::Internal(e.into()))?,
        locale: values.one("locale").to_owned(),
    };
    // Only phone and in person come through the desk.
    let channel_ok = matches!(
        Channel::parse(&dto.channel),
        Ok(Channel::Phone | Channel::InPerson)
    );
    let submission = match (channel_ok, intake::parse(&dto, &state.profile)) {
        (true, Ok(s)) => s,
        (_, result) => {
            let mut errors: Vec<(String, String)> = result
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| {
                    let wire = e.to_wire(locale);
                    (form_field(e.field), wire.message)
                })
                .collect();
            if !channel_ok {
                errors.push(("channel".into(), text(locale, "intake-channel")));
            }
            let page = page(&state, &staff, locale, &values, &errors);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let kind = submission.kind;
    match intake::register_entered_by(&state, submission, staff.member.id).await? {
        Outcome::Created(receipt) | Outcome::Replayed(receipt) => {
            let title = text(locale, "intake-done");
            Ok(staff_page(
                locale,
                &title,
                &staff,
                "/desk/intake",
                html! {
                    h1 { (title) }
                    p.read-out {
                        (format(locale, "intake-read-out", &[("kind", &kind_name(locale, kind)), ("reference", &receipt.reference)]))
                    }
                    dl.facts {
                        dt { (text(locale, "inbox-reference")) }
                        dd { strong { (receipt.reference) } }
                        dt { (text(locale, "intake-tracking")) }
                        dd { (receipt.tracking_url) }
                        dt { (text(locale, "inbox-due")) }
                        dd { (receipt.due_on.map_or_else(|| "—".to_owned(), date)) }
                    }
                    p {
                        a href={ "/desk/submissions/" (receipt.reference) } { (text(locale, "intake-open")) }
                        " · "
                        a href="/desk/intake" { (text(locale, "intake-another")) }
                    }
                },
            )
            .into_response())
        }
        Outcome::Conflict => {
            let errors = vec![("text".to_owned(), text(locale, "intake-conflict"))];
            let page = page(&state, &staff, locale, &values, &errors);
            Ok((StatusCode::CONFLICT, page).into_response())
        }
    }
}

/// The form field a rule's problem belongs to.
fn form_field(field: Field) -> String {
    match field {
        Field::AuthorName => "author.name",
        Field::AuthorEmail => "author.email",
        Field::AuthorPhone => "author.phone",
        Field::AuthorAddress => "author.address",
        Field::Kind => "kind",
        Field::Unit => "unit",
        Field::Channel => "channel",
        Field::Locale => "locale",
        _ => "text",
    }
    .to_owned()
}
