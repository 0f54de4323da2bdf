//! Staff accounts and access at the desk: signing in and out, the lock-out, the
//! CSRF check, session expiry, disabled accounts, roles and `glas user`.

use glas_server::auth::Role;
use glas_server::clock::{Clock, ManualClock};
use reqwest::StatusCode;
use time::macros::datetime;

use crate::helpers::{element_text, glas_user, location, spawn_app, spawn_app_with};

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("glas_desk="))
}

#[tokio::test]
async fn a_clerk_signs_in_on_a_fresh_session_and_out_again() {
    let app = spawn_app().await;
    let (email, password) = app.add_staff(Role::Clerk, &["centre"], false).await;
    let desk = app.desk_client();

    let login_page = desk.get("/desk/login").await;
    assert_eq!(login_page.status(), StatusCode::OK);
    let before = session_cookie(&login_page).expect("the login page makes a session");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/desk"] {
        assert!(before.contains(attribute), "{attribute} in {before}");
    }
    assert!(
        !before.contains("Secure"),
        "not Secure on plain http: {before}"
    );

    let response = desk.login(&email, &password).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/desk");
    let after = session_cookie(&response).expect("a new session id at login");
    assert_ne!(
        before.split(';').next(),
        after.split(';').next(),
        "the session id changes at login"
    );

    let page = desk.get("/desk/password").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Мария Петрова"), "{html}");
    assert!(html.contains("<html lang=\"bg\""));

    let response = desk.logout().await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/desk/login");
    let response = desk.get("/desk/password").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/desk/login?next=%2Fdesk%2Fpassword");
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_the_same_message_as_an_unknown_email() {
    let app = spawn_app().await;
    let (email, _) = app.add_staff(Role::Clerk, &[], false).await;
    let desk = app.desk_client();

    let wrong = desk.login(&email, "not the password at all").await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let wrong = element_text(&wrong.text().await.unwrap(), "login-error").unwrap();
    let unknown = desk
        .login("nobody@haskovo.bg", "not the password at all")
        .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = element_text(&unknown.text().await.unwrap(), "login-error").unwrap();
    assert_eq!(wrong, unknown);
    assert!(wrong.contains("Грешен имейл или парола"), "{wrong}");
    assert_eq!(
        desk.get("/desk/password").await.status(),
        StatusCode::SEE_OTHER,
        "still signed out"
    );
}

#[tokio::test]
async fn the_account_locks_after_repeated_failures_and_opens_again_after_the_lock_out() {
    let clock = ManualClock::new(datetime!(2026-12-01 09:00 UTC));
    let app = spawn_app_with(None, Clock::Manual(clock.clone())).await;
    let (email, password) = app.add_staff(Role::Clerk, &[], false).await;
    let desk = app.desk_client();

    for _ in 0..5 {
        let response = desk.login(&email, "guessing-wrongly-1234").await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let locked = desk.login(&email, &password).await;
    assert_eq!(
        locked.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "locked: even the right password is refused"
    );
    let message = element_text(&locked.text().await.unwrap(), "login-error").unwrap();
    let unknown = desk.login("nobody@haskovo.bg", &password).await;
    assert_eq!(
        message,
        element_text(&unknown.text().await.unwrap(), "login-error").unwrap(),
        "a lock says no more than an unknown address"
    );

    clock.advance(time::Duration::seconds(59));
    assert_eq!(
        desk.login(&email, &password).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    clock.advance(time::Duration::seconds(2));
    let response = desk.login(&email, &password).await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "open after a minute"
    );
    assert!(
        app.audit_actions()
            .await
            .contains(&"account_locked".to_owned())
    );
}

#[tokio::test]
async fn a_post_without_or_with_a_wrong_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (email, password) = app.add_staff(Role::Admin, &[], false).await;
    let desk = app.desk_client();

    // The login form is protected too.
    desk.get("/desk/login").await;
    let response = desk
        .post_form("/desk/login", &[("email", &email), ("password", &password)])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        desk.get("/desk/password").await.status(),
        StatusCode::SEE_OTHER
    );

    assert_eq!(
        desk.login(&email, &password).await.status(),
        StatusCode::SEE_OTHER
    );
    let new_account = [
        ("email", "new.clerk@haskovo.bg"),
        ("name", "Нов Служител"),
        ("position", "специалист"),
        ("role", "clerk"),
    ];
    let without = desk.post_form("/desk/accounts", &new_account).await;
    assert_eq!(without.status(), StatusCode::FORBIDDEN);
    assert!(without.text().await.unwrap().contains("<h1>"));
    let mut wrong = new_account.to_vec();
    wrong.push(("csrf", "forged-token"));
    assert_eq!(
        desk.post_form("/desk/accounts", &wrong).await.status(),
        StatusCode::FORBIDDEN
    );
    let store = app.store().await;
    assert_eq!(
        store.accounts().await.unwrap().len(),
        1,
        "no account was added"
    );
    assert!(
        store
            .account_by_email("new.clerk@haskovo.bg")
            .await
            .unwrap()
            .is_none()
    );
    store.close().await;

    // With the token, the same form works.
    let response = desk
        .submit("/desk/accounts", "/desk/accounts", &new_account)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_expired_session_sends_the_clerk_to_the_login_page() {
    let app = spawn_app().await;
    let (email, password) = app.add_staff(Role::Clerk, &["centre"], false).await;
    let desk = app.desk_client();
    assert_eq!(
        desk.login(&email, &password).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(desk.get("/desk/password").await.status(), StatusCode::OK);

    app.expire_desk_sessions().await;
    let response = desk.get("/desk/password?lang=en").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&response),
        "/desk/login?next=%2Fdesk%2Fpassword%3Flang%3Den"
    );
}

#[tokio::test]
async fn a_disabled_accounts_open_session_stops_working_at_once() {
    let app = spawn_app().await;
    let (clerk_email, clerk_password) = app.add_staff(Role::Clerk, &["centre"], false).await;
    let (admin_email, admin_password) = app.add_staff(Role::Admin, &[], false).await;
    let clerk = app.desk_client();
    assert_eq!(
        clerk.login(&clerk_email, &clerk_password).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(clerk.get("/desk/password").await.status(), StatusCode::OK);

    let admin = app.desk_client();
    assert_eq!(
        admin.login(&admin_email, &admin_password).await.status(),
        StatusCode::SEE_OTHER
    );
    let store = app.store().await;
    let id = store
        .account_by_email(&clerk_email)
        .await
        .unwrap()
        .unwrap()
        .member
        .id;
    let response = admin
        .submit(
            "/desk/accounts",
            &format!("/desk/accounts/{id}"),
            &[("action", "disable")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(store.account(id).await.unwrap().unwrap().disabled);
    store.close().await;

    let response = clerk.get("/desk/password").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).starts_with("/desk/login"));
    assert_eq!(
        clerk.login(&clerk_email, &clerk_password).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "and it cannot sign in again"
    );
    let actions = app.audit_actions().await;
    assert_eq!(
        actions,
        ["account_added", "account_added", "account_disabled"]
    );
}

#[tokio::test]
async fn a_clerk_cannot_open_the_accounts_page() {
    let app = spawn_app().await;
    let (email, password) = app.add_staff(Role::Supervisor, &[], false).await;
    let desk = app.desk_client();
    assert_eq!(
        desk.login(&email, &password).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        desk.get("/desk/accounts").await.status(),
        StatusCode::FORBIDDEN
    );
    let (email, password) = app.add_staff(Role::Clerk, &["centre"], false).await;
    let desk = app.desk_client();
    assert_eq!(
        desk.login(&email, &password).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        desk.get("/desk/accounts").await.status(),
        StatusCode::FORBIDDEN
    );
    let forged = desk
        .submit(
            "/desk/password",
            "/desk/accounts",
            &[("email", "x@haskovo.bg"), ("role", "admin")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_admin_adds_an_account_whose_password_is_shown_once_and_signs_in() {
    let app = spawn_app().await;
    let (email, password) = app.add_staff(Role::Admin, &[], false).await;
    let admin = app.desk_client();
    assert_eq!(
        admin.login(&email, &password).await.status(),
        StatusCode::SEE_OTHER
    );
    let response = admin
        .submit(
            "/desk/accounts?lang=en",
            "/desk/accounts",
            &[
                ("email", "Ivan.Ivanov@Haskovo.bg"),
                ("name", "Иван Иванов"),
                ("position", "старши експерт"),
                ("role", "clerk"),
                ("unit", "centre"),
                ("unit", "local-taxes"),
                ("corruption", "yes"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("<html lang=\"en\""),
        "the language is remembered"
    );
    let notice = html
        .split("hand it to its owner: ")
        .nth(1)
        .expect("the password is shown");
    let new_password = &notice[..notice.find('<').unwrap()];
    assert_eq!(
        admin
            .get("/desk/accounts")
            .await
            .text()
            .await
            .unwrap()
            .matches(new_password)
            .count(),
        0,
        "shown once"
    );

    let store = app.store().await;
    let account = store
        .account_by_email("ivan.ivanov@haskovo.bg")
        .await
        .unwrap()
        .unwrap();
    store.close().await;
    assert_eq!(account.member.units, ["centre", "local-taxes"]);
    assert!(account.member.corruption);
    assert_eq!(account.member.role, Role::Clerk);

    let clerk = app.desk_client();
    assert_eq!(
        clerk
            .login("ivan.ivanov@haskovo.bg", new_password)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.audit_actions().await,
        ["account_added", "account_added"]
    );
}

#[tokio::test]
async fn a_member_changes_their_password_knowing_the_current_one() {
    let app = spawn_app().await;
    let (email, password) = app.add_staff(Role::Clerk, &[], false).await;
    let desk = app.desk_client();
    assert_eq!(
        desk.login(&email, &password).await.status(),
        StatusCode::SEE_OTHER
    );

    let new = "a new and long passphrase";
    let wrong_current = desk
        .submit(
            "/desk/password",
            "/desk/password",
            &[("current", "not it at all"), ("new", new), ("repeat", new)],
        )
        .await;
    assert_eq!(wrong_current.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = wrong_current.text().await.unwrap();
    assert!(
        html.contains("aria-describedby=\"current-error\""),
        "{html}"
    );
    let short = desk
        .submit(
            "/desk/password",
            "/desk/password",
            &[
                ("current", &password),
                ("new", "short"),
                ("repeat", "short"),
            ],
        )
        .await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let changed = desk
        .submit(
            "/desk/password",
            "/desk/password",
            &[("current", &password), ("new", new), ("repeat", new)],
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);

    let other = app.desk_client();
    assert_eq!(
        other.login(&email, &password).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        other.login(&email, new).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.audit_actions().await,
        ["account_added", "password_changed"]
    );
}

#[tokio::test]
async fn next_is_honoured_only_for_desk_paths() {
    let app = spawn_app().await;
    let (email, password) = app.add_staff(Role::Clerk, &[], false).await;
    let desk = app.desk_client();
    let response = desk
        .submit(
            "/desk/login",
            "/desk/login",
            &[
                ("email", &email),
                ("password", &password),
                ("next", "/desk/password?lang=en"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/desk/password?lang=en");
    desk.logout().await;
    let response = desk
        .submit(
            "/desk/login",
            "/desk/login",
            &[
                ("email", &email),
                ("password", &password),
                ("next", "//evil.example/desk"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/desk");
}

#[tokio::test]
async fn glas_user_add_prints_a_password_once_and_that_password_signs_in() {
    let app = spawn_app().await;
    let glas = |args: &[&str], stdin: Option<&str>| {
        let output = glas_user(&app.database_url, args, stdin);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };

    let out = glas(
        &[
            "add",
            "--role",
            "admin",
            "kmet@haskovo.bg",
            "--name",
            "Кмет",
            "--unit",
            "centre",
        ],
        None,
    );
    let line = out
        .lines()
        .find_map(|l| l.strip_prefix("Password (shown only now): "))
        .unwrap_or_else(|| panic!("no password in {out}"));
    let password = line.trim().to_owned();
    assert_eq!(out.matches(&password).count(), 1, "printed once: {out}");
    let desk = app.desk_client();
    assert_eq!(
        desk.login("kmet@haskovo.bg", &password).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(desk.get("/desk/accounts").await.status(), StatusCode::OK);

    let out = glas(
        &[
            "add",
            "--role",
            "clerk",
            "piped@haskovo.bg",
            "--password-stdin",
        ],
        Some("a piped passphrase\n"),
    );
    assert!(!out.contains("a piped passphrase"), "{out}");
    assert_eq!(
        app.desk_client()
            .login("piped@haskovo.bg", "a piped passphrase")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );

    let list = glas(&["list"], None);
    assert!(list.contains("kmet@haskovo.bg\tadmin\tcentre"), "{list}");
    glas(&["disable", "piped@haskovo.bg"], None);
    assert_eq!(
        app.audit_actions().await,
        ["account_added", "account_added", "account_disabled"]
    );
}

#[tokio::test]
async fn a_short_common_or_personal_password_is_refused_at_the_desk_and_by_glas_user() {
    let app = spawn_app().await;
    let (email, password) = app.add_staff(Role::Clerk, &[], false).await;
    let desk = app.desk_client();
    assert_eq!(
        desk.login(&email, &password).await.status(),
        StatusCode::SEE_OTHER
    );
    let change = |new: &'static str| {
        let desk = &desk;
        let password = password.clone();
        async move {
            let response = desk
                .submit(
                    "/desk/password?lang=en",
                    "/desk/password",
                    &[("current", &password), ("new", new), ("repeat", new)],
                )
                .await;
            let status = response.status();
            let html = response.text().await.unwrap();
            (status, element_text(&html, "new-error"))
        }
    };
    for (new, says) in [
        ("too-short", "at least 12 characters"),
        ("Qwerty123456", "among the most common"),
        ("Sunshine-2026!", "among the most common"),
        ("abcdefghijklmnop", "among the most common"),
        ("Мария Петрова 2026", "made of your name or e-mail address"),
        ("haskovo-glas-2026", "made of your name or e-mail address"),
    ] {
        let (status, error) = change(new).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{new}");
        let error = error.unwrap_or_else(|| panic!("no error for {new}"));
        assert!(error.contains(says), "{new}: {error}");
    }
    // In Bulgarian, the desk's first language, too.
    let response = desk
        .submit(
            "/desk/password?lang=bg",
            "/desk/password",
            &[
                ("current", &password),
                ("new", "iloveyou1234"),
                ("repeat", "iloveyou1234"),
            ],
        )
        .await;
    let error = element_text(&response.text().await.unwrap(), "new-error").unwrap();
    assert!(error.contains("най-често използваните"), "{error}");
    assert_eq!(
        app.audit_actions().await,
        ["account_added"],
        "no password was changed"
    );
    let (status, _) = change("a quiet walk by the river").await;
    assert_eq!(status, StatusCode::OK);

    // glas user: a password piped in meets the same rules, and says why not.
    let common = glas_user(
        &app.database_url,
        &[
            "add",
            "--role",
            "clerk",
            "new@haskovo.bg",
            "--password-stdin",
        ],
        Some("password1234\n"),
    );
    assert!(!common.status.success());
    let said = String::from_utf8_lossy(&common.stderr);
    assert!(said.contains("one of the most common"), "{said}");
    let personal = glas_user(
        &app.database_url,
        &["reset-password", &email, "--password-stdin"],
        Some(&format!("{email}\n")),
    );
    assert!(!personal.status.success());
    let said = String::from_utf8_lossy(&personal.stderr);
    assert!(
        said.contains("made of the account's name or e-mail"),
        "{said}"
    );
    let short = glas_user(
        &app.database_url,
        &["reset-password", &email, "--password-stdin"],
        Some("short\n"),
    );
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12 characters"));
    let store = app.store().await;
    assert!(
        store
            .account_by_email("new@haskovo.bg")
            .await
            .unwrap()
            .is_none()
    );
    store.close().await;
    assert_eq!(
        app.audit_actions().await,
        ["account_added", "password_changed"]
    );
}
