//! `GET/POST /desk/totp`: a member turns two-step sign-in on (a key shown as a QR
//! code and in base32, confirmed with a current code) or off (their password and
//! a current code). An admin who must have it (`desk_require_totp_for_admins`)
//! is sent here from every other page until it is on, and cannot turn it off.

use axum::extract::{RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use glas_shared::Locale;
use maud::{PreEscaped, html};
use tower_sessions::Session;

use super::{Fields, field, staff_page};
use crate::app::AppState;
use crate::auth::totp::{self, TotpSecret};
use crate::auth::{CurrentStaff, DeskLocale, EnrollingStaff, TOTP_PAGE, password, session};
use crate::desk_catalogue::text;
use crate::kiosk::qr_svg;
use crate::store::staff::TotpOff;

/// What the page says after a form.
#[derive(Debug, Default)]
struct Outcome {
    notice: Option<String>,
    code_error: Option<String>,
    password_error: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    EnrollingStaff(staff): EnrollingStaff,
    DeskLocale(locale): DeskLocale,
    session: Session,
) -> Response {
    render(
        &state,
        &session,
        locale,
        &staff,
        Outcome::default(),
        StatusCode::OK,
    )
    .await
}

pub async fn submit(
    State(state): State<AppState>,
    EnrollingStaff(staff): EnrollingStaff,
    DeskLocale(locale): DeskLocale,
    session: Session,
    RawForm(body): RawForm,
) -> Response {
    let fields = Fields::parse(&body);
    let now = state.clock.now();
    let id = staff.member.id;
    let mut outcome = Outcome::default();
    match fields.one("action") {
        "enable" if !staff.member.totp => {
            let secret = match session::totp_setup(&session).await {
                Ok(secret) => secret,
                Err(e) => return session::failed(e),
            };
            let step = TotpSecret::from_base32(&secret)
                .and_then(|s| s.matching_step(fields.one("code"), now));
            let Some(step) = step else {
                outcome.code_error = Some(text(locale, "totp-code-wrong"));
                return render(
                    &state,
                    &session,
                    locale,
                    &staff,
                    outcome,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            };
            if let Err(e) = state
                .store
                .enable_totp(id, &secret, step, Some(id), now)
                .await
            {
                return session::failed(e);
            }
            if let Err(e) = session::end_totp_setup(&session).await {
                return session::failed(e);
            }
            outcome.notice = Some(text(locale, "totp-enabled"));
        }
        "disable" if staff.member.totp && !staff.enrol_first => {
            if staff.member.is_admin() && state.desk_require_totp_for_admins {
                return session::refusal(locale, StatusCode::FORBIDDEN);
            }
            let stored = match state.store.login_record_by_id(id).await {
                Ok(Some(record)) => record.password_hash,
                Ok(None) => return session::refusal(locale, StatusCode::FORBIDDEN),
                Err(e) => return session::failed(e),
            };
            if !password::verify(fields.one("password").to_owned(), Some(stored)).await {
                outcome.password_error = Some(text(locale, "totp-password-wrong"));
            }
            let secret = match state.store.totp_secret(id).await {
                Ok(secret) => secret.as_deref().and_then(TotpSecret::from_base32),
                Err(e) => return session::failed(e),
            };
            let taken = match secret.and_then(|s| s.matching_step(fields.one("code"), now)) {
                // Taken only with the right password, so a wrong password wastes no code.
                Some(step) if outcome.password_error.is_none() => {
                    match state.store.use_totp_step(id, step).await {
                        Ok(taken) => taken,
                        Err(e) => return session::failed(e),
                    }
                }
                Some(_) => true,
                None => false,
            };
            if !taken {
                outcome.code_error = Some(text(locale, "totp-code-wrong"));
            }
            if outcome.code_error.is_some() || outcome.password_error.is_some() {
                return render(
                    &state,
                    &session,
                    locale,
                    &staff,
                    outcome,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
            match state
                .store
                .disable_totp(id, Some(id), "totp_disabled", now)
                .await
            {
                Ok(TotpOff::Done | TotpOff::WasOff) => {}
                Ok(TotpOff::NoAccount) => return session::refusal(locale, StatusCode::FORBIDDEN),
                Err(e) => return session::failed(e),
            }
            outcome.notice = Some(text(locale, "totp-disabled"));
        }
        // A form sent twice, or from a page older than the last change: show
        // the page as it is now.
        "enable" | "disable" => {}
        _ => return session::refusal(locale, StatusCode::UNPROCESSABLE_ENTITY),
    }
    // The account as it is now, for the page (and its navigation, once enrolled).
    let member = match state.store.active_member(id).await {
        Ok(Some(member)) => member,
        Ok(None) => return session::refusal(locale, StatusCode::FORBIDDEN),
        Err(e) => return session::failed(e),
    };
    let staff = CurrentStaff {
        enrol_first: crate::auth::must_enrol(&state, &member),
        member,
        csrf: staff.csrf,
    };
    render(&state, &session, locale, &staff, outcome, StatusCode::OK).await
}

async fn render(
    state: &AppState,
    session: &Session,
    locale: Locale,
    staff: &CurrentStaff,
    outcome: Outcome,
    status: StatusCode,
) -> Response {
    let title = text(locale, "totp-title");
    let required = staff.member.is_admin() && state.desk_require_totp_for_admins;
    let setup = if staff.member.totp {
        None
    } else {
        match session::totp_setup(session).await {
            Ok(secret) => TotpSecret::from_base32(&secret).map(|s| (secret, s)),
            Err(e) => return session::failed(e),
        }
    };
    let body = staff_page(
        locale,
        &title,
        staff,
        TOTP_PAGE,
        html! {
            h1 { (title) }
            @if let Some(notice) = &outcome.notice {
                p role="status" { strong { (notice) } }
            }
            p { (text(locale, "totp-intro")) }
            @if staff.enrol_first {
                p id="totp-required" { strong { (text(locale, "totp-required")) } }
            }
            @if let Some((base32, secret)) = &setup {
                p { (text(locale, "totp-is-off")) }
                h2 id="totp-scan" { (text(locale, "totp-scan")) }
                figure {
                    (PreEscaped(qr_svg(&secret.uri(
                        &totp::issuer(&state.profile),
                        &staff.member.email,
                    ))))
                    figcaption { (text(locale, "totp-qr")) }
                }
                p {
                    (text(locale, "totp-key")) ": "
                    code id="totp-key" { (totp::grouped(base32)) }
                }
                h2 id="totp-confirm" { (text(locale, "totp-confirm")) }
                form method="post" action=(TOTP_PAGE) aria-labelledby="totp-confirm" {
                    input type="hidden" name="csrf" value=(staff.csrf);
                    input type="hidden" name="action" value="enable";
                    (code_field(locale, outcome.code_error.as_deref()))
                    p { button type="submit" { (text(locale, "totp-enable")) } }
                }
            } @else {
                p { (text(locale, "totp-is-on")) }
                @if required {
                    p { (text(locale, "totp-required-on")) }
                } @else {
                    h2 id="totp-off" { (text(locale, "totp-disable")) }
                    p { (text(locale, "totp-disable-intro")) }
                    form method="post" action=(TOTP_PAGE) aria-labelledby="totp-off" {
                        input type="hidden" name="csrf" value=(staff.csrf);
                        input type="hidden" name="action" value="disable";
                        (field("password", "password", &text(locale, "totp-password"), "", "current-password", None, outcome.password_error.as_deref()))
                        (code_field(locale, outcome.code_error.as_deref()))
                        p { button type="submit" { (text(locale, "totp-disable")) } }
                    }
                }
                @if outcome.notice.is_some() && !staff.enrol_first {
                    p { a href="/desk" { (text(locale, "totp-continue")) } }
                }
            }
        },
    );
    (status, Html(body.into_string())).into_response()
}

/// The code's field: six digits, which phones offer from the app's notification.
fn code_field(locale: Locale, error: Option<&str>) -> maud::Markup {
    html! {
        p {
            label for="code" { (text(locale, "totp-code")) }
            br;
            input id="code" name="code" type="text" inputmode="numeric"
                autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="7" required
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[error.map(|_| "code-error")];
            @if let Some(error) = error {
                br;
                strong id="code-error" { (error) }
            }
        }
    }
}
