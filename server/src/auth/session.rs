//! The desk's session: a cookie `glas_desk` (path `/desk`, `HttpOnly`,
//! `SameSite=Strict`, `Secure` behind HTTPS) naming a row in `desk_sessions`,
//! which every instance reads. It holds who signed in, the CSRF token and the
//! language; between password and code, whose code it waits for; and the key of
//! two-step sign-in being set up. It ends after a spell of inactivity
//! (`desk_session_idle_minutes`), at logout, and at once when the account is
//! disabled.

use axum::http::StatusCode;
use axum::http::uri::PathAndQuery;
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use glas_shared::Locale;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

use crate::desk_catalogue::text;
use crate::store::sessions::DeskSessions;

pub const COOKIE: &str = "glas_desk";

const STAFF_ID: &str = "staff_id";
const CSRF: &str = "csrf";
const LANG: &str = "lang";
const SEEN: &str = "seen";
const AWAITING_CODE: &str = "awaiting_code";
const TOTP_SETUP: &str = "totp_setup";

/// How long the password stays good for the code's step: then it is asked again.
pub const CODE_WAIT: time::Duration = time::Duration::minutes(5);

/// An account whose password was right, waiting for its code since `since`
/// (Unix seconds on the server's clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct AwaitingCode {
    staff_id: i64,
    since: i64,
}

/// The session layer for the desk's routes.
pub fn layer(
    store: DeskSessions,
    secure: bool,
    idle_minutes: u64,
) -> SessionManagerLayer<DeskSessions> {
    SessionManagerLayer::new(store)
        .with_name(COOKIE)
        .with_path("/desk")
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            i64::try_from(idle_minutes).unwrap_or(i64::MAX / 60),
        )))
    // Saved when it changes, and `keep_alive` changes it once a minute of use, so
    // that the expiry counts from the last request (to the minute) without a
    // database write on every page.
}

/// Marks the session as used this minute (in UTC, on the system clock, which the
/// session's expiry is counted on): a change, and so a save with a new expiry,
/// at most once a minute.
pub async fn keep_alive(session: &Session) -> Result<(), tower_sessions::session::Error> {
    let minute = time::OffsetDateTime::now_utc().unix_timestamp() / 60;
    if session.get::<i64>(SEEN).await? != Some(minute) {
        session.insert(SEEN, minute).await?;
    }
    Ok(())
}

/// The signed-in account's id, if any.
pub async fn staff_id(session: &Session) -> Result<Option<i64>, tower_sessions::session::Error> {
    session.get(STAFF_ID).await
}

/// The session's CSRF token, made on first use: 256 random bits.
pub async fn csrf_token(session: &Session) -> Result<String, tower_sessions::session::Error> {
    if let Some(token) = session.get::<String>(CSRF).await? {
        return Ok(token);
    }
    let token = new_token();
    session.insert(CSRF, &token).await?;
    Ok(token)
}

/// The token a form must send back, or `None` when the session has none yet.
pub(crate) async fn expected_csrf(
    session: &Session,
) -> Result<Option<String>, tower_sessions::session::Error> {
    session.get(CSRF).await
}

fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// Signs `staff_id` in: a new session id (the one used before signing in is
/// dropped) and a new CSRF token; the language stays.
pub async fn sign_in(
    session: &Session,
    staff_id: i64,
) -> Result<(), tower_sessions::session::Error> {
    session.cycle_id().await?;
    session.remove_value(AWAITING_CODE).await?;
    session.insert(STAFF_ID, staff_id).await?;
    session.insert(CSRF, new_token()).await?;
    Ok(())
}

/// The password of `staff_id` was right and its code is next: a new session id
/// and CSRF token, as at sign-in, but nobody signed in. Desk pages stay closed.
pub async fn await_code(
    session: &Session,
    staff_id: i64,
    now: time::OffsetDateTime,
) -> Result<(), tower_sessions::session::Error> {
    session.cycle_id().await?;
    session.remove_value(STAFF_ID).await?;
    let waiting = AwaitingCode {
        staff_id,
        since: now.unix_timestamp(),
    };
    session.insert(AWAITING_CODE, waiting).await?;
    session.insert(CSRF, new_token()).await?;
    Ok(())
}

/// The account waiting for its code, unless it has waited longer than
/// [`CODE_WAIT`] (then it is forgotten, and the password asked again).
pub async fn awaiting_code(
    session: &Session,
    now: time::OffsetDateTime,
) -> Result<Option<i64>, tower_sessions::session::Error> {
    let Some(waiting) = session.get::<AwaitingCode>(AWAITING_CODE).await? else {
        return Ok(None);
    };
    let age = now.unix_timestamp().saturating_sub(waiting.since);
    if !(0..=CODE_WAIT.whole_seconds()).contains(&age) {
        session.remove_value(AWAITING_CODE).await?;
        return Ok(None);
    }
    Ok(Some(waiting.staff_id))
}

/// The TOTP key (base32) being set up in this session, made on first use: the
/// enrolment page shows the same key however often it is loaded, until it is
/// confirmed or the session ends.
pub async fn totp_setup(session: &Session) -> Result<String, tower_sessions::session::Error> {
    if let Some(secret) = session.get::<String>(TOTP_SETUP).await? {
        return Ok(secret);
    }
    let secret = super::totp::TotpSecret::generate().base32();
    session.insert(TOTP_SETUP, &secret).await?;
    Ok(secret)
}

/// Forgets the key being set up (it has been confirmed).
pub async fn end_totp_setup(session: &Session) -> Result<(), tower_sessions::session::Error> {
    session.remove_value(TOTP_SETUP).await?;
    Ok(())
}

/// Ends the session: its row is deleted and the cookie removed.
pub async fn sign_out(session: &Session) -> Result<(), tower_sessions::session::Error> {
    session.flush().await
}

/// The desk's language: `asked` (remembered), else the session's, else Bulgarian.
pub async fn locale(
    session: &Session,
    asked: Option<Locale>,
) -> Result<Locale, tower_sessions::session::Error> {
    if let Some(asked) = asked {
        if session.get::<String>(LANG).await?.as_deref() != Some(asked.as_str()) {
            session.insert(LANG, asked.as_str()).await?;
        }
        return Ok(asked);
    }
    Ok(session
        .get::<String>(LANG)
        .await?
        .as_deref()
        .and_then(super::desk_locale)
        .unwrap_or(Locale::Bg))
}

/// `/desk/login`, with `next` set to where the visitor was going.
pub fn login_url(going_to: Option<&PathAndQuery>) -> String {
    match going_to
        .map(PathAndQuery::as_str)
        .filter(|p| safe_next(p).is_some())
    {
        Some(next) if next != "/desk/login" => format!(
            "/desk/login?next={}",
            form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
        ),
        _ => "/desk/login".into(),
    }
}

/// `next` when it is a path on the desk (`/desk`, `/desk/…`, `/desk?…`) and
/// nothing else: never another host (`//evil`, `/\evil`), never a scheme.
pub fn safe_next(next: &str) -> Option<&str> {
    let rest = next.strip_prefix("/desk")?;
    let on_desk = rest.is_empty() || rest.starts_with('/') || rest.starts_with('?');
    let plain = !next.contains('\\') && !next.starts_with("//") && !rest.starts_with("//");
    let printable = next.chars().all(|c| !c.is_control());
    (on_desk && plain && printable).then_some(next)
}

/// The answer when the session store fails: `500`, the cause logged.
pub fn failed(error: impl std::fmt::Display) -> Response {
    tracing::error!(error = %error, "the desk's session or account could not be read");
    refusal(Locale::Bg, StatusCode::INTERNAL_SERVER_ERROR)
}

/// A small page for `403` (not allowed, or a form without its token), `404` and `500`.
pub fn refusal(locale: Locale, status: StatusCode) -> Response {
    let key = match status {
        StatusCode::FORBIDDEN => "desk-forbidden",
        StatusCode::NOT_FOUND => "desk-not-found",
        _ => "desk-failed",
    };
    let title = text(locale, key);
    let page = crate::routes::desk::page(
        locale,
        &title,
        maud::html! {
            h1 { (title) }
            p { a href="/desk" { (text(locale, "desk-back")) } }
        },
    );
    (status, Html(page.into_string())).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_honoured_only_for_paths_on_the_desk() {
        for good in [
            "/desk",
            "/desk/",
            "/desk/submissions/1?tab=answer",
            "/desk?lang=en",
        ] {
            assert_eq!(safe_next(good), Some(good), "{good}");
        }
        for bad in [
            "https://evil.example/desk",
            "//evil.example/desk",
            "/desk//evil.example",
            "/desk/\\evil",
            "/deskevil",
            "/track/abc",
            "desk",
            "/desk\n",
        ] {
            assert_eq!(safe_next(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_login_url_carries_where_the_visitor_was_going() {
        let pq = PathAndQuery::from_static("/desk/accounts?lang=en");
        assert_eq!(
            login_url(Some(&pq)),
            "/desk/login?next=%2Fdesk%2Faccounts%3Flang%3Den"
        );
        assert_eq!(login_url(None), "/desk/login");
    }
}
