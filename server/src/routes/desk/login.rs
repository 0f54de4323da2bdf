//! `GET/POST /desk/login`, `GET/POST /desk/login/code` (the second step, for an
//! account with two-step sign-in) and `POST /desk/logout`.

use axum::extract::{Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use glas_shared::Locale;
use maud::html;
use serde::Deserialize;
use tower_sessions::Session;

use super::{Fields, field, page};
use crate::app::AppState;
use crate::auth::login::{SignIn, check_code, sign_in};
use crate::auth::session::{self, safe_next};
use crate::auth::{DeskLocale, TOTP_PAGE};
use crate::desk_catalogue::text;

const CODE_PATH: &str = "/desk/login/code";

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

pub async fn form(
    State(state): State<AppState>,
    session: Session,
    DeskLocale(locale): DeskLocale,
    Query(query): Query<LoginQuery>,
) -> Response {
    let next = query.next.as_deref().and_then(safe_next).unwrap_or("/desk");
    match session::staff_id(&session).await {
        Ok(Some(id)) if state.store.active_member(id).await.ok().flatten().is_some() => {
            return Redirect::to(next).into_response();
        }
        Ok(_) => {}
        Err(e) => return session::failed(e),
    }
    match session::csrf_token(&session).await {
        Ok(csrf) => render(locale, &csrf, next, "", None, StatusCode::OK),
        Err(e) => session::failed(e),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    session: Session,
    DeskLocale(locale): DeskLocale,
    RawForm(body): RawForm,
) -> Response {
    let fields = Fields::parse(&body);
    let next = safe_next(fields.one("next")).unwrap_or("/desk").to_owned();
    let (email, password) = (fields.one("email"), fields.one("password"));
    let refused = |key: &str, csrf: &str| {
        render(
            locale,
            csrf,
            &next,
            email,
            Some(&text(locale, key)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let csrf = match session::csrf_token(&session).await {
        Ok(csrf) => csrf,
        Err(e) => return session::failed(e),
    };
    if email.trim().is_empty() || password.is_empty() {
        return refused("login-missing", &csrf);
    }
    match sign_in(&state, email, password).await {
        Ok(SignIn::Welcome { id, enrol_first }) => welcome(&session, id, enrol_first, &next).await,
        Ok(SignIn::CodeNeeded(id)) => {
            match session::await_code(&session, id, state.clock.now()).await {
                Ok(()) => Redirect::to(&code_url(&next)).into_response(),
                Err(e) => session::failed(e),
            }
        }
        Ok(SignIn::Refused) => refused("login-refused", &csrf),
        Err(e) => session::failed(e),
    }
}

/// Signs in and goes on to `next`, or first to turning on two-step sign-in.
async fn welcome(session: &Session, id: i64, enrol_first: bool, next: &str) -> Response {
    match session::sign_in(session, id).await {
        Ok(()) if enrol_first => Redirect::to(TOTP_PAGE).into_response(),
        Ok(()) => Redirect::to(next).into_response(),
        Err(e) => session::failed(e),
    }
}

fn code_url(next: &str) -> String {
    if next == "/desk" {
        return CODE_PATH.to_owned();
    }
    format!(
        "{CODE_PATH}?next={}",
        form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
    )
}

/// `GET /desk/login/code`: the code's form, for a session whose password was
/// right; any other goes to the password's form.
pub async fn code_form(
    State(state): State<AppState>,
    session: Session,
    DeskLocale(locale): DeskLocale,
    Query(query): Query<LoginQuery>,
) -> Response {
    let next = query.next.as_deref().and_then(safe_next).unwrap_or("/desk");
    match session::awaiting_code(&session, state.clock.now()).await {
        Ok(Some(_)) => {}
        Ok(None) => return Redirect::to(&session::login_url(None)).into_response(),
        Err(e) => return session::failed(e),
    }
    match session::csrf_token(&session).await {
        Ok(csrf) => render_code(locale, &csrf, next, None, StatusCode::OK),
        Err(e) => session::failed(e),
    }
}

/// `POST /desk/login/code`: the code; right, and the session is signed in.
pub async fn code_submit(
    State(state): State<AppState>,
    session: Session,
    DeskLocale(locale): DeskLocale,
    RawForm(body): RawForm,
) -> Response {
    let fields = Fields::parse(&body);
    let next = safe_next(fields.one("next")).unwrap_or("/desk").to_owned();
    let id = match session::awaiting_code(&session, state.clock.now()).await {
        Ok(Some(id)) => id,
        Ok(None) => return Redirect::to(&session::login_url(None)).into_response(),
        Err(e) => return session::failed(e),
    };
    let csrf = match session::csrf_token(&session).await {
        Ok(csrf) => csrf,
        Err(e) => return session::failed(e),
    };
    let code = fields.one("code");
    if code.trim().is_empty() {
        let message = text(locale, "login-code-missing");
        return render_code(
            locale,
            &csrf,
            &next,
            Some(&message),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    match check_code(&state, id, code).await {
        Ok(SignIn::Welcome { id, enrol_first }) => welcome(&session, id, enrol_first, &next).await,
        Ok(_) => {
            let message = text(locale, "login-code-refused");
            render_code(
                locale,
                &csrf,
                &next,
                Some(&message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => session::failed(e),
    }
}

pub async fn logout(session: Session) -> Response {
    match session::sign_out(&session).await {
        Ok(()) => Redirect::to("/desk/login").into_response(),
        Err(e) => session::failed(e),
    }
}

/// The language switch above the sign-in forms, to the page at `path`.
fn language_switch(locale: Locale, path: &str) -> maud::Markup {
    let other = if locale == Locale::En { "bg" } else { "en" };
    html! {
        p {
            a href={ (path) "?lang=" (other) } lang=(other) { (text(locale, "desk-language")) }
        }
    }
}

fn render_code(
    locale: Locale,
    csrf: &str,
    next: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let title = text(locale, "login-code-title");
    let body = page(
        locale,
        &title,
        html! {
            (language_switch(locale, CODE_PATH))
            h1 { (title) }
            p id="code-intro" { (text(locale, "login-code-intro")) }
            @if let Some(error) = error {
                p id="login-error" role="alert" { strong { (error) } }
            }
            form method="post" action=(CODE_PATH) aria-describedby=[error.map(|_| "login-error")] {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="next" value=(next);
                p {
                    label for="code" { (text(locale, "login-code")) }
                    br;
                    input id="code" name="code" type="text" inputmode="numeric"
                        autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="7" required
                        aria-describedby="code-intro"
                        aria-invalid=[error.map(|_| "true")];
                }
                p { button type="submit" { (text(locale, "login-code-submit")) } }
            }
            p { a href="/desk/login" { (text(locale, "login-code-start-again")) } }
        },
    );
    (status, Html(body.into_string())).into_response()
}

fn render(
    locale: Locale,
    csrf: &str,
    next: &str,
    email: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let title = text(locale, "login-title");
    let body = page(
        locale,
        &title,
        html! {
            (language_switch(locale, "/desk/login"))
            h1 { (title) }
            @if let Some(error) = error {
                p id="login-error" role="alert" { strong { (error) } }
            }
            form method="post" action="/desk/login" aria-describedby=[error.map(|_| "login-error")] {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="next" value=(next);
                (field("email", "email", &text(locale, "login-email"), email, "username", None, None))
                (field("password", "password", &text(locale, "login-password"), "", "current-password", None, None))
                p { button type="submit" { (text(locale, "login-submit")) } }
            }
        },
    );
    (status, Html(body.into_string())).into_response()
}
