//! The staff desk's pages (`/desk`): server-rendered HTML that works without
//! JavaScript, Bulgarian first, English on `?lang=en`. Sign-in and the account
//! pages are here; every state-changing form carries the session's CSRF token
//! (`auth::csrf` checks it before any handler runs).

pub mod accounts;
pub mod audit;
pub mod inbox;
pub mod intake;
pub mod kiosks;
pub mod login;
pub mod password;
pub mod set_aside;
pub mod submission;
pub mod totp;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use glas_shared::Locale;
use maud::{Markup, html};

use crate::auth::{CurrentStaff, Role, StaffMember};
use crate::desk::Viewer;
use crate::desk_catalogue::{format, text};
use crate::routes::assets;
use crate::store::StoreError;

/// What a member of staff may see.
pub fn viewer(member: &StaffMember) -> Viewer {
    Viewer {
        staff_id: member.id,
        all_units: member.sees_every_unit(),
        units: member.units.clone(),
        corruption: member.corruption,
    }
}

/// Why a desk page could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// It does not exist, or not for this member of staff (never "forbidden",
    /// which would tell that it exists).
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Internal(anyhow::Error),
}

impl IntoResponse for DeskError {
    fn into_response(self) -> Response {
        let status = match &self {
            DeskError::NotFound => StatusCode::NOT_FOUND,
            DeskError::Forbidden => StatusCode::FORBIDDEN,
            DeskError::Store(e) if e.is_transient() => {
                tracing::warn!(error = %e, "database unavailable");
                StatusCode::SERVICE_UNAVAILABLE
            }
            DeskError::Store(e) => {
                tracing::error!(error = ?e, "desk request failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
            DeskError::Internal(e) => {
                tracing::error!(error = ?e, "desk request failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        // The page's language is not known here: Bulgarian, the desk's first.
        crate::auth::session::refusal(Locale::Bg, status)
    }
}

/// A complete desk page in `locale` with `content` inside `<main>`: the frame
/// every Glas page shares (`html::page`), titled after the page and the desk.
pub fn page(locale: Locale, title: &str, content: Markup) -> Markup {
    crate::html::page_styled(
        locale,
        &format!("{title} — {}", text(locale, "desk-title")),
        assets::DESK_CSS,
        content,
    )
}

/// A page for a signed-in member: the desk's navigation, then `content`.
/// `path` is this page's own path, for the language switch. An admin who must
/// turn on two-step sign-in first gets only the language switch and sign-out.
pub fn staff_page(
    locale: Locale,
    title: &str,
    staff: &CurrentStaff,
    path: &str,
    content: Markup,
) -> Markup {
    let other = if locale == Locale::En { "bg" } else { "en" };
    page(
        locale,
        title,
        html! {
            header {
                nav aria-label=(text(locale, "desk-title")) {
                    ul {
                        @if !staff.enrol_first {
                            li { a href="/desk" { (text(locale, "inbox-title")) } }
                            li { a href="/desk/intake" { (text(locale, "intake-title")) } }
                            @if staff.member.role >= Role::Supervisor {
                                li { a href="/desk/audit" { (text(locale, "audit-title")) } }
                                li { a href="/desk/set-aside" { (text(locale, "set-aside-title")) } }
                            }
                            li { a href="/desk/password" { (text(locale, "desk-change-password")) } }
                            li { a href=(crate::auth::TOTP_PAGE) { (text(locale, "desk-totp")) } }
                        }
                        @if staff.member.is_admin() && !staff.enrol_first {
                            li { a href="/desk/accounts" { (text(locale, "desk-accounts")) } }
                            li { a href="/desk/kiosks" { (text(locale, "desk-kiosks")) } }
                        }
                        li {
                            a href={ (path) "?lang=" (other) } lang=(other) {
                                (text(locale, "desk-language"))
                            }
                        }
                    }
                }
                p { (format(locale, "desk-signed-in-as", &[("name", &staff.member.name)])) }
                form method="post" action="/desk/logout" {
                    input type="hidden" name="csrf" value=(staff.csrf);
                    button type="submit" { (text(locale, "desk-logout")) }
                }
            }
            (content)
        },
    )
}

/// A text or password field with its label and, when there is one, its error
/// linked by `aria-describedby`.
pub fn field(
    name: &str,
    kind: &str,
    label: &str,
    value: &str,
    autocomplete: &str,
    hint: Option<&str>,
    error: Option<&str>,
) -> Markup {
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let described: Vec<&str> = [
        hint.map(|_| hint_id.as_str()),
        error.map(|_| error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    html! {
        p {
            label for=(name) { (label) }
            br;
            input id=(name) name=(name) type=(kind) value=(value) autocomplete=(autocomplete)
                required
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[(!described.is_empty()).then(|| described.join(" "))];
            @if let Some(hint) = hint {
                br;
                span id=(hint_id) { (hint) }
            }
            @if let Some(error) = error {
                br;
                strong id=(error_id) { (error) }
            }
        }
    }
}

/// An urlencoded form's fields, repeated names kept (`unit=a&unit=b`).
#[derive(Debug, Default)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    pub fn parse(body: &[u8]) -> Fields {
        Fields(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `name`, or "".
    pub fn one(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }
}
