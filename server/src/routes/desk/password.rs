//! `GET/POST /desk/password`: a member changes their own password (the current
//! one, then the new one twice).

use axum::extract::{RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use glas_shared::Locale;
use maud::html;

use super::{Fields, field, staff_page};
use crate::app::AppState;
use crate::auth::password::{self, NewPassword, PasswordContext, PasswordProblem};
use crate::auth::{CurrentStaff, DeskLocale, session};
use crate::desk_catalogue::{format, text};

const PATH: &str = "/desk/password";

#[derive(Debug, Default)]
struct Errors {
    current: Option<String>,
    new: Option<String>,
    repeat: Option<String>,
}

pub async fn form(staff: CurrentStaff, DeskLocale(locale): DeskLocale) -> Response {
    render(locale, &staff, &Errors::default(), None, StatusCode::OK)
}

pub async fn submit(
    State(state): State<AppState>,
    staff: CurrentStaff,
    DeskLocale(locale): DeskLocale,
    RawForm(body): RawForm,
) -> Response {
    let fields = Fields::parse(&body);
    let mut errors = Errors::default();
    let context = PasswordContext::new(&staff.member.email, &staff.member.name, &state.profile);
    let new = match NewPassword::parse(fields.one("new"), &context) {
        Ok(new) => Some(new),
        Err(problem) => {
            errors.new = Some(problem_message(locale, problem));
            None
        }
    };
    if new.is_some() && fields.one("new") != fields.one("repeat") {
        errors.repeat = Some(text(locale, "password-mismatch"));
    }
    let stored = match state.store.login_record(&staff.member.email).await {
        Ok(Some(record)) => record.password_hash,
        Ok(None) => return session::refusal(locale, StatusCode::FORBIDDEN),
        Err(e) => return session::failed(e),
    };
    if !password::verify(fields.one("current").to_owned(), Some(stored)).await {
        errors.current = Some(text(locale, "password-wrong-current"));
    }
    let (Some(new), None, None, None) = (new, &errors.current, &errors.new, &errors.repeat) else {
        return render(
            locale,
            &staff,
            &errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let hash = password::hash(new).await;
    let id = staff.member.id;
    match state
        .store
        .set_password(id, &hash, Some(id), "password_changed", state.clock.now())
        .await
    {
        Ok(_) => render(
            locale,
            &staff,
            &Errors::default(),
            Some(&text(locale, "password-changed")),
            StatusCode::OK,
        ),
        Err(e) => session::failed(e),
    }
}

/// Why the new password was refused, in the desk's words.
fn problem_message(locale: Locale, problem: PasswordProblem) -> String {
    match problem {
        PasswordProblem::TooShort => min_message(locale, "password-too-short"),
        PasswordProblem::TooLong => text(locale, "password-too-long"),
        PasswordProblem::Common => text(locale, "password-common"),
        PasswordProblem::Personal => text(locale, "password-personal"),
    }
}

fn min_message(locale: Locale, key: &str) -> String {
    format(locale, key, &[("min", &NewPassword::MIN_CHARS.to_string())])
}

fn render(
    locale: Locale,
    staff: &CurrentStaff,
    errors: &Errors,
    done: Option<&str>,
    status: StatusCode,
) -> Response {
    let title = text(locale, "password-title");
    let hint = min_message(locale, "password-new-hint");
    let body = staff_page(
        locale,
        &title,
        staff,
        PATH,
        html! {
            h1 { (title) }
            @if let Some(done) = done {
                p role="status" { (done) }
            }
            form method="post" action=(PATH) {
                input type="hidden" name="csrf" value=(staff.csrf);
                (field("current", "password", &text(locale, "password-current"), "", "current-password", None, errors.current.as_deref()))
                (field("new", "password", &text(locale, "password-new"), "", "new-password", Some(&hint), errors.new.as_deref()))
                (field("repeat", "password", &text(locale, "password-repeat"), "", "new-password", None, errors.repeat.as_deref()))
                p { button type="submit" { (text(locale, "password-submit")) } }
            }
        },
    );
    (status, Html(body.into_string())).into_response()
}
