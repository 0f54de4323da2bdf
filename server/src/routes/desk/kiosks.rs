//! `/desk/kiosks` (admins only): the kiosks in the service units, how each one
//! is (last heard from, what waits on it, its version; a kiosk silent for more
//! than a working day, or refused because it was revoked, is flagged), a form
//! to add one, and per kiosk: a new enrolment code, or revocation. A code is
//! shown once, with a QR code of the enrolment link for the kiosk's camera.

use axum::extract::{Path, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use glas_shared::Locale;
use maud::{Markup, PreEscaped, html};

use super::audit::when;
use super::inbox::unit_name;
use super::{Fields, field, staff_page};
use crate::app::AppState;
use crate::auth::{AdminStaff, CurrentStaff, DeskLocale, session};
use crate::desk_catalogue::{format, text};
use crate::kiosk::{self, CODE_VALID_FOR, code_digest, new_code};
use crate::store::kiosks::Kiosk;
use crate::users;

const PATH: &str = "/desk/kiosks";

/// What the page says above the list after an action.
#[derive(Debug, Default)]
struct Outcome {
    notice: Option<String>,
    /// A new code: the kiosk's name and the code, shown once.
    code: Option<(String, String)>,
    name_error: Option<String>,
    /// The add form's value, kept after an error.
    name: String,
}

pub async fn list(
    State(state): State<AppState>,
    AdminStaff(staff): AdminStaff,
    DeskLocale(locale): DeskLocale,
) -> Response {
    render(&state, locale, &staff, Outcome::default(), StatusCode::OK).await
}

pub async fn add(
    State(state): State<AppState>,
    AdminStaff(staff): AdminStaff,
    DeskLocale(locale): DeskLocale,
    RawForm(body): RawForm,
) -> Response {
    let fields = Fields::parse(&body);
    let name = fields.one("name").trim().to_owned();
    let Ok(units) = users::check_units(&state.profile, vec![fields.one("unit").to_owned()]) else {
        return session::refusal(locale, StatusCode::UNPROCESSABLE_ENTITY);
    };
    if name.is_empty() {
        let outcome = Outcome {
            name_error: Some(text(locale, "kiosks-name-missing")),
            ..Outcome::default()
        };
        return render(
            &state,
            locale,
            &staff,
            outcome,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let code = new_code();
    let now = state.clock.now();
    let added = state
        .store
        .add_kiosk(
            &name,
            &units[0],
            &code_digest(&code),
            now + CODE_VALID_FOR,
            Some(staff.member.id),
            now,
        )
        .await;
    if let Err(e) = added {
        return session::failed(e);
    }
    let outcome = Outcome {
        code: Some((name, code)),
        ..Outcome::default()
    };
    render(&state, locale, &staff, outcome, StatusCode::OK).await
}

pub async fn act(
    State(state): State<AppState>,
    AdminStaff(staff): AdminStaff,
    DeskLocale(locale): DeskLocale,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> Response {
    let fields = Fields::parse(&body);
    let kiosks = match state.store.kiosks().await {
        Ok(kiosks) => kiosks,
        Err(e) => return session::failed(e),
    };
    let Some(kiosk) = kiosks.into_iter().find(|k| k.id == id) else {
        return session::refusal(locale, StatusCode::NOT_FOUND);
    };
    let now = state.clock.now();
    let me = Some(staff.member.id);
    let outcome = match fields.one("action") {
        "code" => {
            let code = new_code();
            let made = state
                .store
                .new_kiosk_code(id, &code_digest(&code), now + CODE_VALID_FOR, me, now)
                .await;
            if let Err(e) = made {
                return session::failed(e);
            }
            Outcome {
                code: Some((kiosk.name, code)),
                ..Outcome::default()
            }
        }
        "revoke" => {
            if let Err(e) = state.store.revoke_kiosk(id, me, now).await {
                return session::failed(e);
            }
            Outcome {
                notice: Some(format(
                    locale,
                    "kiosks-revoked-done",
                    &[("name", kiosk.name.as_str())],
                )),
                ..Outcome::default()
            }
        }
        _ => return session::refusal(locale, StatusCode::UNPROCESSABLE_ENTITY),
    };
    render(&state, locale, &staff, outcome, StatusCode::OK).await
}

async fn render(
    state: &AppState,
    locale: Locale,
    staff: &CurrentStaff,
    outcome: Outcome,
    status: StatusCode,
) -> Response {
    let kiosks = match state.store.kiosks().await {
        Ok(kiosks) => kiosks,
        Err(e) => return session::failed(e),
    };
    let now = state.clock.now();
    let calendar = state.profile.calendar();
    let title = text(locale, "kiosks-title");
    let link = kiosk::enrolment_link(&state.public_url);
    let until = when(now + CODE_VALID_FOR);
    let body = staff_page(
        locale,
        &title,
        staff,
        PATH,
        html! {
            h1 { (title) }
            p { (text(locale, "kiosks-intro")) }
            @if let Some(notice) = &outcome.notice {
                p role="status" { strong { (notice) } }
            }
            @if let Some((name, code)) = &outcome.code {
                section aria-labelledby="code" {
                    h2 id="code" { (format(locale, "kiosks-code-title", &[("name", name.as_str())])) }
                    p class="code" { strong { (code) } }
                    p {
                        (format(locale, "kiosks-code-how", &[
                            ("link", link.as_str()),
                            ("time", until.as_str()),
                        ]))
                    }
                    figure {
                        (PreEscaped(kiosk::qr_svg(&kiosk::enrolment_link_with(&state.public_url, code))))
                        figcaption { (text(locale, "kiosks-code-qr")) }
                    }
                }
            }
            h2 { (text(locale, "kiosks-list")) }
            @if kiosks.is_empty() {
                p { (text(locale, "kiosks-none")) }
            } @else {
                table {
                    thead {
                        tr {
                            th scope="col" { (text(locale, "kiosks-name")) }
                            th scope="col" { (text(locale, "kiosks-unit")) }
                            th scope="col" { (text(locale, "kiosks-state")) }
                            th scope="col" { (text(locale, "kiosks-last-seen")) }
                            th scope="col" { (text(locale, "kiosks-queue")) }
                            th scope="col" { (text(locale, "kiosks-version")) }
                            th scope="col" { (text(locale, "kiosks-actions")) }
                        }
                    }
                    tbody {
                        @for k in &kiosks {
                            tr {
                                th scope="row" { (k.name) }
                                td { (unit_name(state, locale, Some(&k.unit))) }
                                td { (state_of(locale, k)) }
                                td {
                                    (k.last_seen_at.map_or_else(|| text(locale, "kiosks-never"), when))
                                    @if kiosk::is_silent(k, now, &calendar) {
                                        br;
                                        strong { (text(locale, "kiosks-silent")) }
                                    }
                                }
                                td { (queue(locale, k)) }
                                td { (k.app_version.as_deref().unwrap_or("")) }
                                td { (actions(locale, staff, k)) }
                            }
                        }
                    }
                }
            }
            h2 id="add" { (text(locale, "kiosks-add")) }
            form method="post" action=(PATH) aria-labelledby="add" {
                input type="hidden" name="csrf" value=(staff.csrf);
                (field("name", "text", &text(locale, "kiosks-name"), &outcome.name, "off",
                    Some(&text(locale, "kiosks-name-hint")), outcome.name_error.as_deref()))
                p {
                    label for="unit" { (text(locale, "kiosks-unit")) }
                    br;
                    select id="unit" name="unit" {
                        @for unit in &state.profile.units {
                            option value=(unit.id.as_ref()) { (unit.name.get(locale)) }
                        }
                    }
                }
                p { button type="submit" { (text(locale, "kiosks-add-submit")) } }
            }
        },
    );
    (status, Html(body.into_string())).into_response()
}

/// Enrolled, waiting for its code, or revoked (and refused since).
fn state_of(locale: Locale, k: &Kiosk) -> Markup {
    html! {
        @if k.revoked_at.is_some() {
            (text(locale, "kiosks-revoked"))
            @if let Some(refused) = k.refused_at {
                br;
                strong { (format(locale, "kiosks-refused", &[("time", when(refused).as_str())])) }
            }
        } @else if k.enrolled_at.is_some() {
            (text(locale, "kiosks-enrolled"))
        } @else {
            (text(locale, "kiosks-waiting"))
        }
    }
}

/// What waits on the kiosk, by its last heartbeat.
fn queue(locale: Locale, k: &Kiosk) -> String {
    match (k.queue_length, k.oldest_unsent_at) {
        (Some(count), Some(oldest)) if count > 0 => format(
            locale,
            "kiosks-queued",
            &[
                ("count", count.to_string().as_str()),
                ("time", when(oldest).as_str()),
            ],
        ),
        (Some(count), _) => count.to_string(),
        (None, _) => String::new(),
    }
}

fn actions(locale: Locale, staff: &CurrentStaff, k: &Kiosk) -> Markup {
    html! {
        form method="post" action={ (PATH) "/" (k.id) } {
            input type="hidden" name="csrf" value=(staff.csrf);
            button type="submit" name="action" value="code" { (text(locale, "kiosks-new-code")) }
            @if k.revoked_at.is_none() && k.enrolled_at.is_some() {
                " "
                button type="submit" name="action" value="revoke" { (text(locale, "kiosks-revoke")) }
            }
        }
    }
}
