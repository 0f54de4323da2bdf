//! `/desk/accounts` (admins only): the accounts, a form to add one (its
//! generated password shown once), and per account: role, units, corruption
//! access, disable/enable, a new password, and turning off two-step sign-in (for
//! a member who lost their phone). Every change is audited by the store in the
//! change's transaction.

use axum::extract::{Path, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use glas_shared::Locale;
use maud::{Markup, html};

use super::{Fields, field, staff_page};
use crate::app::AppState;
use crate::auth::password::{self, NewPassword};
use crate::auth::{AdminStaff, CurrentStaff, DeskLocale, Role, session};
use crate::desk_catalogue::{format, text};
use crate::store::staff::{Account, AccountChange, TotpOff};
use crate::users::{self, AccountProblem, NewAccount};

const PATH: &str = "/desk/accounts";

/// What the page says above the list after an action.
#[derive(Debug, Default)]
struct Outcome {
    notice: Option<String>,
    email_error: Option<String>,
    name_error: Option<String>,
    position_error: Option<String>,
    /// The add form's values, kept after an error.
    email: String,
    name: String,
    position: String,
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
    let mut outcome = Outcome {
        email: fields.one("email").to_owned(),
        name: fields.one("name").to_owned(),
        position: fields.one("position").to_owned(),
        ..Outcome::default()
    };
    let Some(role) = Role::parse(fields.one("role")) else {
        return session::refusal(locale, StatusCode::UNPROCESSABLE_ENTITY);
    };
    if outcome.position.trim().is_empty() {
        outcome.position_error = Some(text(locale, "accounts-position-missing"));
        return render(
            &state,
            locale,
            &staff,
            outcome,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let new = NewAccount {
        email: outcome.email.clone(),
        name: outcome.name.clone(),
        position: outcome.position.clone(),
        role,
        units: fields.all("unit"),
        corruption: fields.has("corruption"),
    };
    let password = NewPassword::generate();
    let added = users::add(
        &state.store,
        &state.profile,
        new,
        password.clone(),
        Some(staff.member.id),
        state.clock.now(),
    )
    .await;
    let status = match added {
        Ok(email) => {
            outcome = Outcome::default();
            outcome.notice = Some(format(
                locale,
                "accounts-added",
                &[("email", &email), ("password", password.as_str())],
            ));
            StatusCode::OK
        }
        Err(problem) => {
            match problem {
                AccountProblem::Email => {
                    outcome.email_error = Some(text(locale, "accounts-email-invalid"))
                }
                AccountProblem::EmailTaken => {
                    outcome.email_error = Some(text(locale, "accounts-email-taken"))
                }
                AccountProblem::Name => {
                    outcome.name_error = Some(text(locale, "accounts-name-missing"))
                }
                AccountProblem::Position => {
                    outcome.position_error = Some(text(locale, "accounts-position-missing"))
                }
                AccountProblem::Unit(_) => {
                    return session::refusal(locale, StatusCode::UNPROCESSABLE_ENTITY);
                }
                AccountProblem::Store(e) => return session::failed(e),
            }
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    render(&state, locale, &staff, outcome, status).await
}

pub async fn change(
    State(state): State<AppState>,
    AdminStaff(staff): AdminStaff,
    DeskLocale(locale): DeskLocale,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> Response {
    let fields = Fields::parse(&body);
    let account = match state.store.account(id).await {
        Ok(Some(account)) => account,
        Ok(None) => return session::refusal(locale, StatusCode::NOT_FOUND),
        Err(e) => return session::failed(e),
    };
    let now = state.clock.now();
    let me = staff.member.id;
    let mut change = account.change();
    let action = match fields.one("action") {
        "save" => {
            let Some(role) = Role::parse(fields.one("role")) else {
                return session::refusal(locale, StatusCode::UNPROCESSABLE_ENTITY);
            };
            let Ok(units) = users::check_units(&state.profile, fields.all("unit")) else {
                return session::refusal(locale, StatusCode::UNPROCESSABLE_ENTITY);
            };
            change = AccountChange {
                role,
                units,
                corruption: fields.has("corruption"),
                ..change
            };
            "account_changed"
        }
        "disable" => {
            change.disabled = true;
            "account_disabled"
        }
        "enable" => {
            change.disabled = false;
            "account_enabled"
        }
        "reset" => {
            let password = NewPassword::generate();
            let hash = password::hash(password.clone()).await;
            if let Err(e) = state
                .store
                .set_password(id, &hash, Some(me), "password_reset", now)
                .await
            {
                return session::failed(e);
            }
            let notice = format(
                locale,
                "accounts-reset-done",
                &[
                    ("email", &account.member.email),
                    ("password", password.as_str()),
                ],
            );
            let outcome = Outcome {
                notice: Some(notice),
                ..Outcome::default()
            };
            return render(&state, locale, &staff, outcome, StatusCode::OK).await;
        }
        "reset-totp" => {
            let notice = match state
                .store
                .disable_totp(id, Some(me), "totp_reset", now)
                .await
            {
                Ok(TotpOff::Done | TotpOff::WasOff) => format(
                    locale,
                    "accounts-totp-reset-done",
                    &[("email", &account.member.email)],
                ),
                Ok(TotpOff::NoAccount) => return session::refusal(locale, StatusCode::NOT_FOUND),
                Err(e) => return session::failed(e),
            };
            let outcome = Outcome {
                notice: Some(notice),
                ..Outcome::default()
            };
            return render(&state, locale, &staff, outcome, StatusCode::OK).await;
        }
        _ => return session::refusal(locale, StatusCode::UNPROCESSABLE_ENTITY),
    };
    // An admin does not lock themselves out: no disabling or demoting oneself.
    if id == me && (change.disabled || change.role != Role::Admin) {
        return session::refusal(locale, StatusCode::FORBIDDEN);
    }
    if let Err(e) = state
        .store
        .change_account(id, &change, Some(me), action, now)
        .await
    {
        return session::failed(e);
    }
    let outcome = Outcome {
        notice: Some(text(locale, "accounts-saved")),
        ..Outcome::default()
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
    let accounts = match state.store.accounts().await {
        Ok(accounts) => accounts,
        Err(e) => return session::failed(e),
    };
    let title = text(locale, "accounts-title");
    let body = staff_page(
        locale,
        &title,
        staff,
        PATH,
        html! {
            h1 { (title) }
            @if let Some(notice) = &outcome.notice {
                p role="status" { strong { (notice) } }
            }
            h2 { (text(locale, "accounts-list")) }
            @for account in &accounts {
                (account_form(state, locale, staff, account))
            }
            h2 id="add" { (text(locale, "accounts-add")) }
            form method="post" action=(PATH) aria-labelledby="add" {
                input type="hidden" name="csrf" value=(staff.csrf);
                (field("email", "email", &text(locale, "accounts-email"), &outcome.email, "off", None, outcome.email_error.as_deref()))
                (field("name", "text", &text(locale, "accounts-name"), &outcome.name, "off", None, outcome.name_error.as_deref()))
                (field("position", "text", &text(locale, "accounts-position"), &outcome.position, "off", None, outcome.position_error.as_deref()))
                (role_and_units(state, locale, "new", Role::Clerk, &[], false))
                p { button type="submit" { (text(locale, "accounts-add-submit")) } }
            }
        },
    );
    (status, Html(body.into_string())).into_response()
}

fn account_form(
    state: &AppState,
    locale: Locale,
    staff: &CurrentStaff,
    account: &Account,
) -> Markup {
    let m = &account.member;
    let heading = format!("account-{}", m.id);
    html! {
        section aria-labelledby=(heading) {
            h3 id=(heading) { (m.name) " <" (m.email) ">" }
            p {
                (m.position) " · "
                (text(locale, if account.disabled { "accounts-disabled" } else { "accounts-active" }))
                @if m.totp {
                    " · " (text(locale, "accounts-totp-on"))
                }
            }
            form method="post" action={ (PATH) "/" (m.id) } {
                input type="hidden" name="csrf" value=(staff.csrf);
                (role_and_units(state, locale, &m.id.to_string(), m.role, &m.units, m.corruption))
                p {
                    button type="submit" name="action" value="save" { (text(locale, "accounts-save")) }
                    " "
                    @if account.disabled {
                        button type="submit" name="action" value="enable" { (text(locale, "accounts-enable")) }
                    } @else {
                        button type="submit" name="action" value="disable" { (text(locale, "accounts-disable")) }
                    }
                    " "
                    button type="submit" name="action" value="reset" { (text(locale, "accounts-reset")) }
                    @if m.totp {
                        " "
                        button type="submit" name="action" value="reset-totp" { (text(locale, "accounts-totp-reset")) }
                    }
                }
            }
        }
    }
}

/// The role, units and corruption fields; `key` keeps ids unique on the page.
fn role_and_units(
    state: &AppState,
    locale: Locale,
    key: &str,
    role: Role,
    units: &[String],
    corruption: bool,
) -> Markup {
    let role_id = format!("role-{key}");
    let corruption_id = format!("corruption-{key}");
    html! {
        p {
            label for=(role_id) { (text(locale, "accounts-role")) }
            br;
            select id=(role_id) name="role" {
                @for r in Role::ALL {
                    option value=(r.as_str()) selected[r == role] { (text(locale, &format!("role-{}", r.as_str()))) }
                }
            }
        }
        fieldset {
            legend { (text(locale, "accounts-units")) }
            @for unit in &state.profile.units {
                @let id = format!("unit-{key}-{}", unit.id.as_ref());
                label for=(id) {
                    input id=(id) type="checkbox" name="unit" value=(unit.id.as_ref())
                        checked[units.iter().any(|u| u == unit.id.as_ref())];
                    " " (if locale == Locale::En { &unit.name.en } else { &unit.name.bg })
                }
                br;
            }
        }
        p {
            label for=(corruption_id) {
                input id=(corruption_id) type="checkbox" name="corruption" value="yes" checked[corruption];
                " " (text(locale, "accounts-corruption"))
            }
        }
    }
}
