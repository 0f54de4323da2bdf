//! Two-step sign-in at the desk: turning it on and off, the code after the
//! password, codes used once, wrong codes locking the account, admins made to
//! turn it on (`desk_require_totp_for_admins`), and turning it off for someone
//! who lost their phone (the accounts page, `glas user reset-totp`). Codes are
//! computed here with `totp-rs` from the key the page shows, as a phone would,
//! on a clock the test moves.

use glas_server::auth::Role;
use glas_server::clock::{Clock, ManualClock};
use reqwest::StatusCode;
use time::OffsetDateTime;
use time::macros::datetime;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::helpers::{
    DeskClient, TestApp, element_text, glas_user, location, spawn_app_configured, spawn_app_with,
};

const START: OffsetDateTime = datetime!(2026-12-01 09:00:05 UTC);

/// The code an authenticator app with `key` (base32, spaces allowed) shows at `at`.
fn code(key: &str, at: OffsetDateTime) -> String {
    let secret = Secret::Encoded(key.replace(' ', ""))
        .to_bytes()
        .expect("the key is base32");
    TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, secret, None, String::new())
        .generate(at.unix_timestamp() as u64)
}

/// A code the app with `key` shows at no step near `at`: surely wrong.
fn wrong_code(key: &str, at: OffsetDateTime) -> String {
    let near: Vec<String> = [-30, 0, 30]
        .iter()
        .map(|s| code(key, at + time::Duration::seconds(*s)))
        .collect();
    (0..4)
        .map(|n| format!("{n}{n}{n}{n}{n}{n}"))
        .find(|c| !near.contains(c))
        .expect("four candidates, three codes")
}

async fn app_on(clock: &ManualClock) -> TestApp {
    spawn_app_with(None, Clock::Manual(clock.clone())).await
}

/// Signs in with a password alone, as an account without two-step sign-in does.
async fn signed_in(app: &TestApp, role: Role) -> (DeskClient, String, String) {
    let (email, password) = app.add_staff(role, &["centre"], false).await;
    let desk = app.desk_client();
    let response = desk.login(&email, &password).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    (desk, email, password)
}

/// The key the enrolment page shows.
async fn key_on_page(desk: &DeskClient) -> String {
    let page = desk.get("/desk/totp?lang=en").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    element_text(&html, "totp-key").unwrap_or_else(|| panic!("no key on the page: {html}"))
}

/// Turns two-step sign-in on with the code of `at`: the key.
async fn enrol(desk: &DeskClient, at: OffsetDateTime) -> String {
    let key = key_on_page(desk).await;
    let response = desk
        .submit(
            "/desk/totp",
            "/desk/totp",
            &[("action", "enable"), ("code", &code(&key, at))],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    key
}

/// Signs in with the password, which must lead to the code's page.
async fn password_step(desk: &DeskClient, email: &str, password: &str) {
    let response = desk.login(email, password).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/desk/login/code");
}

async fn send_code(desk: &DeskClient, code: &str) -> reqwest::Response {
    desk.submit("/desk/login/code", "/desk/login/code", &[("code", code)])
        .await
}

async fn has_totp(app: &TestApp, email: &str) -> bool {
    let store = app.store().await;
    let account = store.account_by_email(email).await.unwrap().unwrap();
    store.close().await;
    account.member.totp
}

#[tokio::test]
async fn a_clerk_turns_on_two_step_sign_in_and_then_signs_in_with_a_code() {
    let clock = ManualClock::new(START);
    let app = app_on(&clock).await;
    let (desk, email, password) = signed_in(&app, Role::Clerk).await;

    let page = desk.get("/desk/totp").await.text().await.unwrap();
    assert!(page.contains("<svg"), "a QR code: {page}");
    let key = key_on_page(&desk).await;
    assert_eq!(key.replace(' ', "").len(), 32, "160 bits in base32: {key}");
    assert_eq!(key_on_page(&desk).await, key, "the same key on every load");

    let wrong = desk
        .submit(
            "/desk/totp?lang=en",
            "/desk/totp",
            &[("action", "enable"), ("code", &wrong_code(&key, START))],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = wrong.text().await.unwrap();
    assert!(
        element_text(&html, "code-error")
            .unwrap()
            .contains("Wrong or already used code"),
        "{html}"
    );
    assert!(
        !has_totp(&app, &email).await,
        "a wrong code turns nothing on"
    );

    assert_eq!(enrol(&desk, START).await, key);
    assert!(has_totp(&app, &email).await);
    assert_eq!(app.audit_actions().await, ["account_added", "totp_enabled"]);

    desk.logout().await;
    password_step(&desk, &email, &password).await;
    clock.advance(time::Duration::seconds(30));
    let response = send_code(&desk, &code(&key, clock.now())).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/desk");
    assert_eq!(desk.get("/desk/password").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn between_password_and_code_no_desk_page_opens() {
    let clock = ManualClock::new(START);
    let app = app_on(&clock).await;
    let (desk, email, password) = signed_in(&app, Role::Admin).await;
    let key = enrol(&desk, START).await;
    desk.logout().await;

    let response = desk
        .submit(
            "/desk/login",
            "/desk/login",
            &[
                ("email", &email),
                ("password", &password),
                ("next", "/desk/accounts"),
            ],
        )
        .await;
    assert_eq!(
        location(&response),
        "/desk/login/code?next=%2Fdesk%2Faccounts"
    );
    for page in [
        "/desk",
        "/desk/password",
        "/desk/accounts",
        "/desk/totp",
        "/desk/audit",
        "/desk/inbox.csv",
    ] {
        let response = desk.get(page).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{page}");
        assert!(
            location(&response).starts_with("/desk/login?next="),
            "{page}"
        );
    }
    // The session's CSRF token does not make a half-signed-in form count either.
    let forged = desk
        .submit(
            "/desk/login/code",
            "/desk/accounts",
            &[
                ("email", "x@haskovo.bg"),
                ("name", "X"),
                ("position", "X"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::SEE_OTHER);
    let store = app.store().await;
    assert_eq!(store.accounts().await.unwrap().len(), 1);
    store.close().await;

    let wrong = send_code(&desk, &wrong_code(&key, START)).await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        element_text(&wrong.text().await.unwrap(), "login-error")
            .unwrap()
            .contains("Грешен или вече използван код")
    );
    assert_eq!(desk.get("/desk").await.status(), StatusCode::SEE_OTHER);

    clock.advance(time::Duration::seconds(30));
    let response = desk
        .submit(
            "/desk/login/code?next=%2Fdesk%2Faccounts",
            "/desk/login/code",
            &[
                ("code", &code(&key, clock.now())),
                ("next", "/desk/accounts"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/desk/accounts");
    assert_eq!(desk.get("/desk/accounts").await.status(), StatusCode::OK);

    // Without a right password first, the code's page is not offered.
    let stranger = app.desk_client();
    let response = stranger.get("/desk/login/code").await;
    assert_eq!(location(&response), "/desk/login");
}

#[tokio::test]
async fn a_code_is_taken_once_and_never_after_a_later_one() {
    let clock = ManualClock::new(START);
    let app = app_on(&clock).await;
    let (desk, email, password) = signed_in(&app, Role::Clerk).await;
    let key = enrol(&desk, START).await;
    desk.logout().await;

    let step = time::Duration::seconds(30);
    password_step(&desk, &email, &password).await;
    let used_to_enrol = code(&key, START);
    assert_eq!(
        send_code(&desk, &used_to_enrol).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the code that turned it on does not sign in"
    );
    // The next step's code is taken already now (a phone's clock a little ahead).
    let next = code(&key, START + step);
    assert_eq!(
        send_code(&desk, &next).await.status(),
        StatusCode::SEE_OTHER
    );
    desk.logout().await;

    password_step(&desk, &email, &password).await;
    assert_eq!(
        send_code(&desk, &next).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a code used once is refused"
    );
    clock.advance(step);
    assert_eq!(
        send_code(&desk, &code(&key, START)).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "an older code, still in the window, is refused after a later one"
    );
    clock.advance(step);
    assert_eq!(
        send_code(&desk, &code(&key, clock.now())).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn wrong_codes_lock_the_account_and_a_right_password_does_not_start_the_count_again() {
    let clock = ManualClock::new(START);
    let app = app_on(&clock).await;
    let (desk, email, password) = signed_in(&app, Role::Clerk).await;
    let key = enrol(&desk, START).await;
    desk.logout().await;

    password_step(&desk, &email, &password).await;
    for _ in 0..4 {
        assert_eq!(
            send_code(&desk, &wrong_code(&key, START)).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    // The password again: right, and it still waits for the code, the count kept.
    password_step(&desk, &email, &password).await;
    assert_eq!(
        send_code(&desk, &wrong_code(&key, START)).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    clock.advance(time::Duration::seconds(30));
    let right = code(&key, clock.now());
    assert_eq!(
        send_code(&desk, &right).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "locked after the fifth failure: even the right code is refused"
    );
    assert_eq!(
        desk.login(&email, &password).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "and the password too"
    );
    assert!(
        app.audit_actions()
            .await
            .contains(&"account_locked".to_owned())
    );

    clock.advance(time::Duration::seconds(61));
    password_step(&desk, &email, &password).await;
    assert_eq!(
        send_code(&desk, &code(&key, clock.now())).await.status(),
        StatusCode::SEE_OTHER,
        "open after the lock"
    );
}

#[tokio::test]
async fn the_code_is_asked_for_five_minutes_then_the_password_again() {
    let clock = ManualClock::new(START);
    let app = app_on(&clock).await;
    let (desk, email, password) = signed_in(&app, Role::Clerk).await;
    let key = enrol(&desk, START).await;
    desk.logout().await;

    password_step(&desk, &email, &password).await;
    // The form, as the page gave it before the time ran out.
    let csrf = desk.csrf("/desk/login/code").await;
    clock.advance(time::Duration::minutes(5) + time::Duration::seconds(1));
    let late = desk
        .post_form(
            "/desk/login/code",
            &[("code", &code(&key, clock.now())), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(late.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&late), "/desk/login");
    assert_eq!(desk.get("/desk").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&desk.get("/desk/login/code").await), "/desk/login");
}

#[tokio::test]
async fn a_member_turns_it_off_with_their_password_and_a_code() {
    let clock = ManualClock::new(START);
    let app = app_on(&clock).await;
    let (desk, email, password) = signed_in(&app, Role::Supervisor).await;
    let key = enrol(&desk, START).await;

    clock.advance(time::Duration::seconds(30));
    let now_code = code(&key, clock.now());
    let wrong_password = desk
        .submit(
            "/desk/totp?lang=en",
            "/desk/totp",
            &[
                ("action", "disable"),
                ("password", "not the password at all"),
                ("code", &now_code),
            ],
        )
        .await;
    assert_eq!(wrong_password.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = wrong_password.text().await.unwrap();
    assert!(element_text(&html, "password-error").is_some(), "{html}");
    assert!(element_text(&html, "code-error").is_none(), "{html}");
    let wrong_code = desk
        .submit(
            "/desk/totp",
            "/desk/totp",
            &[
                ("action", "disable"),
                ("password", &password),
                ("code", &code(&key, START)),
            ],
        )
        .await;
    assert_eq!(
        wrong_code.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the code used to turn it on"
    );
    assert!(has_totp(&app, &email).await);

    let off = desk
        .submit(
            "/desk/totp",
            "/desk/totp",
            &[
                ("action", "disable"),
                ("password", &password),
                ("code", &now_code),
            ],
        )
        .await;
    assert_eq!(off.status(), StatusCode::OK);
    assert!(!has_totp(&app, &email).await);
    assert_eq!(
        app.audit_actions().await,
        ["account_added", "totp_enabled", "totp_disabled"]
    );
    desk.logout().await;
    let response = desk.login(&email, &password).await;
    assert_eq!(location(&response), "/desk", "the password alone again");
}

#[tokio::test]
async fn an_admin_must_turn_it_on_before_anything_else_when_the_configuration_says_so() {
    let clock = ManualClock::new(START);
    let app = spawn_app_configured(None, Clock::Manual(clock.clone()), |s| {
        s.desk_require_totp_for_admins = true
    })
    .await;
    let (email, password) = app.add_staff(Role::Admin, &[], false).await;
    let admin = app.desk_client();
    let response = admin.login(&email, &password).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/desk/totp");
    for page in ["/desk", "/desk/accounts", "/desk/password", "/desk/kiosks"] {
        let response = admin.get(page).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{page}");
        assert_eq!(location(&response), "/desk/totp", "{page}");
    }
    let page = admin.get("/desk/totp?lang=en").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(element_text(&html, "totp-required").is_some(), "{html}");
    assert!(
        !html.contains("href=\"/desk/accounts\""),
        "no way around: {html}"
    );
    let forged = admin
        .submit(
            "/desk/totp",
            "/desk/accounts",
            &[
                ("email", "x@haskovo.bg"),
                ("name", "X"),
                ("position", "X"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(location(&forged), "/desk/totp", "nor through a form");

    let key = enrol(&admin, START).await;
    assert_eq!(admin.get("/desk/accounts").await.status(), StatusCode::OK);
    let html = admin.get("/desk/totp").await.text().await.unwrap();
    assert!(
        !html.contains("value=\"disable\""),
        "it cannot be turned off: {html}"
    );
    clock.advance(time::Duration::seconds(30));
    let refused = admin
        .submit(
            "/desk/totp",
            "/desk/totp",
            &[
                ("action", "disable"),
                ("password", &password),
                ("code", &code(&key, clock.now())),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(has_totp(&app, &email).await);

    // A clerk is not made to.
    let (clerk_email, clerk_password) = app.add_staff(Role::Clerk, &["centre"], false).await;
    let clerk = app.desk_client();
    let response = clerk.login(&clerk_email, &clerk_password).await;
    assert_eq!(location(&response), "/desk");
    assert_eq!(clerk.get("/desk").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_lost_phone_is_dealt_with_by_glas_user_reset_totp_or_another_admin() {
    let clock = ManualClock::new(START);
    let app = app_on(&clock).await;
    let (desk, email, password) = signed_in(&app, Role::Admin).await;
    enrol(&desk, START).await;
    desk.logout().await;

    let list = glas_user(&app.database_url, &["list"], None);
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(list.contains("\tactive\ttotp\t"), "{list}");

    let reset = glas_user(&app.database_url, &["reset-totp", &email], None);
    assert!(reset.status.success(), "{reset:?}");
    let said = String::from_utf8(reset.stdout).unwrap();
    assert!(said.contains("Two-step sign-in is off"), "{said}");
    assert!(!has_totp(&app, &email).await);
    let response = desk.login(&email, &password).await;
    assert_eq!(location(&response), "/desk", "the password alone again");

    let again = glas_user(&app.database_url, &["reset-totp", &email], None);
    assert!(again.status.success());
    assert!(
        String::from_utf8(again.stdout)
            .unwrap()
            .contains("nothing changed")
    );
    let unknown = glas_user(
        &app.database_url,
        &["reset-totp", "nobody@haskovo.bg"],
        None,
    );
    assert!(!unknown.status.success());

    // On the accounts page, another admin does the same.
    let (clerk, clerk_email, clerk_password) = signed_in(&app, Role::Clerk).await;
    enrol(&clerk, START).await;
    let store = app.store().await;
    let clerk_id = store
        .account_by_email(&clerk_email)
        .await
        .unwrap()
        .unwrap()
        .member
        .id;
    store.close().await;
    let response = desk
        .submit(
            "/desk/accounts?lang=en",
            &format!("/desk/accounts/{clerk_id}"),
            &[("action", "reset-totp")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(!has_totp(&app, &clerk_email).await);
    clerk.logout().await;
    let response = clerk.login(&clerk_email, &clerk_password).await;
    assert_eq!(location(&response), "/desk");

    assert_eq!(
        app.audit_actions().await,
        [
            "account_added",
            "totp_enabled",
            "totp_reset",
            "account_added",
            "totp_enabled",
            "totp_reset"
        ]
    );
}
