//! Another municipality is one profile away.

use std::process::Command;

use glas_server::clock::Clock;
use glas_shared::{ErrorBody, Profile, Receipt};
use reqwest::StatusCode;
use time::macros::{date, datetime};

use crate::helpers::{complaint, spawn_app, spawn_app_with, workspace_path};

const EXAMPLE: &str = "profiles/example.toml";

#[tokio::test]
async fn a_second_profile_serves_its_own_name_units_and_contacts() {
    let app = spawn_app_with(Some(EXAMPLE), Clock::System).await;

    let profile: Profile = app.get("/api/v1/profile").await.json().await.unwrap();
    assert_eq!(profile.id, "primerno");
    let units: Vec<&str> = profile.units.iter().map(|u| u.id.as_ref()).collect();
    assert_eq!(units, ["gishe", "kmetstvo-sever"]);

    let page = app.get("/").await.text().await.unwrap();
    assert!(page.contains("Община Примерно"));
    assert!(page.contains("0000/100-200") && page.contains("obshtina@primerno.example"));
    assert!(page.contains("Кметство Север"));
    assert!(!page.contains("Хасково"), "nothing of Haskovo's is left");
}

#[tokio::test]
async fn a_second_profile_applies_its_own_units_kinds_and_deadlines() {
    // Thu 17 Dec 2026 + 14 days = Thu 31 Dec, which this profile declares a day off;
    // 1 Jan is a holiday, then a weekend: Mon 4 Jan 2027.
    let app = spawn_app_with(
        Some(EXAMPLE),
        Clock::Fixed(datetime!(2026-12-17 10:00 +02:00)),
    )
    .await;

    let mut ours = complaint();
    ours.unit = Some("kmetstvo-sever".into());
    let response = app.post_submission(&ours).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        response.json::<Receipt>().await.unwrap().due_on,
        Some(date!(2027 - 01 - 04))
    );

    let mut haskovos = complaint();
    haskovos.unit = Some("centre".into());
    let body: ErrorBody = app.post_submission(&haskovos).await.json().await.unwrap();
    assert_eq!(
        (body.errors[0].field.as_str(), body.errors[0].code.as_str()),
        ("unit", "invalid_unit")
    );

    let corruption = glas_shared::NewSubmission {
        kind: "corruption".into(),
        ..complaint()
    };
    let body: ErrorBody = app.post_submission(&corruption).await.json().await.unwrap();
    assert_eq!(body.errors[0].code, "kind_not_accepted");
}

#[tokio::test]
async fn haskovo_is_the_default() {
    let app = spawn_app().await;
    let profile: Profile = app.get("/api/v1/profile").await.json().await.unwrap();
    assert_eq!(profile.id, "haskovo");
    assert!(
        app.get("/")
            .await
            .text()
            .await
            .unwrap()
            .contains("038/603-320")
    );
}

#[tokio::test]
async fn profile_values_show_on_the_demo_page_as_text_not_markup() {
    let hostile = r#"<script>alert("x")</script> & 'y'"#;
    let haskovo = std::fs::read_to_string(workspace_path("profiles/haskovo.toml")).unwrap();
    let profile = haskovo
        .replacen(r#"bg = "Община Хасково""#, &format!("bg = {hostile:?}"), 1)
        .replacen(
            r#"phone = "038/603-330""#,
            &format!("phone = {hostile:?}"),
            1,
        );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.toml");
    std::fs::write(&path, profile).unwrap();
    let app = spawn_app_with(path.to_str(), Clock::System).await;

    let page = app.get("/").await.text().await.unwrap();
    let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'y'";
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the widget's: {page}"
    );
    assert!(page.contains(&format!("<h1>{escaped}</h1>")), "{page}");
    assert!(page.contains(&format!("<title>{escaped} — ")), "{page}");
    assert!(
        page.contains(&format!(r#"<a href="tel:+359">{escaped}</a>"#)),
        "{page}"
    );
}

#[test]
fn a_bad_profile_stops_the_server_at_start_naming_the_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let haskovo = std::fs::read_to_string(workspace_path("profiles/haskovo.toml")).unwrap();
    let bad = haskovo.replace("answer_within = \"7d\"", "answer_within = \"a week\"");
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, bad).unwrap();

    let output = Command::new(env!("CARGO_BIN_EXE_glas"))
        .env("GLAS_PROFILE", &path)
        .env("GLAS_BIND", "127.0.0.1:0")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("glas.db").display()),
        )
        .output()
        .expect("the binary runs");

    assert!(!output.status.success(), "the server must not start");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = haskovo
        .lines()
        .position(|l| l.contains("answer_within = \"7d\""))
        .unwrap()
        + 1;
    assert!(stderr.contains(&format!("line {line}")), "{stderr}");
    assert!(
        stderr.contains("answer_within") || stderr.contains("a week"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("glas.db").exists(),
        "it stops before touching the database"
    );
}
