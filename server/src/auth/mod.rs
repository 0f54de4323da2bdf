//! Who is at the desk: staff accounts' roles, passwords, sessions, the sign-in
//! rules and the CSRF check. Desk pages take [`CurrentStaff`] (or [`AdminStaff`])
//! as an extractor and put its `csrf` into every form.

pub mod common;
pub mod csrf;
pub mod login;
pub mod password;
pub mod session;
pub mod totp;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use glas_shared::Locale;
use tower_sessions::Session;

use crate::app::AppState;

/// What an account may do. Ordered: each role may do what the one before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Reads and answers the units in `staff_units`.
    Clerk,
    /// Sees every unit.
    Supervisor,
    /// Sees every unit and keeps the accounts.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Clerk, Role::Supervisor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A staff member, as the desk needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub position: String,
    pub role: Role,
    /// May see corruption reports (the desk pages enforce it).
    pub corruption: bool,
    /// The units a clerk reads and answers (a supervisor's and an admin's too, for
    /// routing defaults; they see every unit regardless).
    pub units: Vec<String>,
    /// Two-step sign-in (a TOTP code after the password) is on.
    pub totp: bool,
}

impl StaffMember {
    /// Supervisors and admins see every unit.
    pub fn sees_every_unit(&self) -> bool {
        self.role >= Role::Supervisor
    }

    /// Whether this member reads and answers submissions of `unit`.
    pub fn sees_unit(&self, unit: &str) -> bool {
        self.sees_every_unit() || self.units.iter().any(|u| u == unit)
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// The signed-in, not-disabled staff member and the session's CSRF token for forms.
/// The account is read again on every request, so disabling it ends its sessions
/// at once. Without a valid session: `303` to `/desk/login?next=<path and query>`
/// (a session between password and code is not signed in). An admin who must
/// turn on two-step sign-in first (`desk_require_totp_for_admins`) and has not:
/// `303` to [`TOTP_PAGE`], whatever page was asked for.
#[derive(Debug, Clone)]
pub struct CurrentStaff {
    pub member: StaffMember,
    pub csrf: String,
    /// Only on [`EnrollingStaff`]: this admin may see nothing but [`TOTP_PAGE`]
    /// until two-step sign-in is on (the page frame leaves out the navigation).
    pub enrol_first: bool,
}

/// The page where two-step sign-in is turned on and off.
pub const TOTP_PAGE: &str = "/desk/totp";

/// [`CurrentStaff`] for [`TOTP_PAGE`] alone: also an admin who must turn on
/// two-step sign-in before anything else.
#[derive(Debug, Clone)]
pub struct EnrollingStaff(pub CurrentStaff);

/// [`CurrentStaff`] who is an admin; anyone else signed in gets `403`.
#[derive(Debug, Clone)]
pub struct AdminStaff(pub CurrentStaff);

/// The desk's language: `?lang=bg|en` on any desk page, remembered in the session;
/// Bulgarian until asked otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeskLocale(pub Locale);

impl FromRequestParts<AppState> for CurrentStaff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let EnrollingStaff(staff) = EnrollingStaff::from_request_parts(parts, state).await?;
        if staff.enrol_first {
            return Err(Redirect::to(TOTP_PAGE).into_response());
        }
        Ok(staff)
    }
}

/// Whether `member` may use the desk only once two-step sign-in is on.
pub fn must_enrol(state: &AppState, member: &StaffMember) -> bool {
    state.desk_require_totp_for_admins && member.is_admin() && !member.totp
}

impl FromRequestParts<AppState> for EnrollingStaff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let session = session_of(parts, state).await?;
        let to_login =
            || Redirect::to(&session::login_url(parts.uri.path_and_query())).into_response();
        let Some(id) = session::staff_id(&session).await.map_err(session::failed)? else {
            return Err(to_login());
        };
        let Some(member) = state
            .store
            .active_member(id)
            .await
            .map_err(session::failed)?
        else {
            // Disabled or removed: this session is over.
            session.flush().await.map_err(session::failed)?;
            return Err(to_login());
        };
        session::keep_alive(&session)
            .await
            .map_err(session::failed)?;
        let csrf = session::csrf_token(&session)
            .await
            .map_err(session::failed)?;
        let enrol_first = must_enrol(state, &member);
        Ok(EnrollingStaff(CurrentStaff {
            member,
            csrf,
            enrol_first,
        }))
    }
}

impl FromRequestParts<AppState> for AdminStaff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let staff = CurrentStaff::from_request_parts(parts, state).await?;
        if !staff.member.is_admin() {
            let DeskLocale(locale) = DeskLocale::from_request_parts(parts, state).await?;
            return Err(session::refusal(locale, StatusCode::FORBIDDEN));
        }
        Ok(AdminStaff(staff))
    }
}

impl FromRequestParts<AppState> for DeskLocale {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Response> {
        let asked = parts.uri.query().and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "lang")
                .and_then(|(_, v)| desk_locale(&v))
        });
        // Outside the session layer (no session), the default.
        let Some(session) = parts.extensions.get::<Session>().cloned() else {
            return Ok(DeskLocale(asked.unwrap_or(Locale::Bg)));
        };
        let locale = session::locale(&session, asked)
            .await
            .map_err(session::failed)?;
        Ok(DeskLocale(locale))
    }
}

/// The desk speaks Bulgarian and English.
pub fn desk_locale(tag: &str) -> Option<Locale> {
    match Locale::parse(tag) {
        Ok(l @ (Locale::Bg | Locale::En)) => Some(l),
        _ => None,
    }
}

async fn session_of(parts: &mut Parts, state: &AppState) -> Result<Session, Response> {
    Session::from_request_parts(parts, state)
        .await
        .map_err(IntoResponse::into_response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(role: Role, units: &[&str]) -> StaffMember {
        StaffMember {
            id: 1,
            email: "a@example.bg".into(),
            name: "A".into(),
            position: "експерт".into(),
            role,
            corruption: false,
            units: units.iter().map(|u| u.to_string()).collect(),
            totp: false,
        }
    }

    #[test]
    fn roles_read_back_and_rank() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
        assert!(Role::Clerk < Role::Supervisor && Role::Supervisor < Role::Admin);
    }

    #[test]
    fn a_clerk_sees_their_units_and_a_supervisor_every_unit() {
        let clerk = member(Role::Clerk, &["centre"]);
        assert!(!clerk.sees_every_unit());
        assert!(clerk.sees_unit("centre"));
        assert!(!clerk.sees_unit("local-taxes"));
        assert!(member(Role::Supervisor, &[]).sees_unit("local-taxes"));
        assert!(member(Role::Admin, &[]).sees_every_unit());
    }
}
