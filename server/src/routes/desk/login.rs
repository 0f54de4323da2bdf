//! `GET/POST /desk/login` and `POST /desk/logout`.

use axum::extract::{Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use glas_shared::Locale;
use maud::html;
use serde::Deserialize;
use tower_sessions::Session;

use super::{Fields, field, page};
use crate::app::AppState;
use crate::auth::DeskLocale;
use crate::auth::login::{SignIn, sign_in};
use crate::auth::session::{self, safe_next};
use crate::desk_catalogue::text;

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
        Ok(SignIn::Welcome(id)) => match session::sign_in(&session, id).await {
            Ok(()) => Redirect::to(&next).into_response(),
            Err(e) => session::failed(e),
        },
        Ok(SignIn::Refused) => refused("login-refused", &csrf),
        Err(e) => session::failed(e),
    }
}

pub async fn logout(session: Session) -> Response {
    match session::sign_out(&session).await {
        Ok(()) => Redirect::to("/desk/login").into_response(),
        Err(e) => session::failed(e),
    }
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
    let other = if locale == Locale::En { "bg" } else { "en" };
    let body = page(
        locale,
        &title,
        html! {
            p {
                a href={ "/desk/login?lang=" (other) } lang=(other) { (text(locale, "desk-language")) }
            }
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
