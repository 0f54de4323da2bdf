//! The staff desk: clerks read, route and answer; corruption reports stay in their
//! compartment; answers reach the citizen by e-mail and on the tracking page.

use std::time::Duration;

use glas_server::auth::Role;
use glas_server::clock::{Clock, ManualClock};
use glas_shared::{AuthorDto, NewSubmission, Receipt};
use reqwest::StatusCode;

use crate::helpers::{
    DeskClient, SmtpServer, TestApp, complaint, spawn_app, spawn_app_configured,
    spawn_app_sending_mail_to,
};

/// Signs a new member of staff in; their client and id.
async fn staff(app: &TestApp, role: Role, units: &[&str], corruption: bool) -> (DeskClient, i64) {
    let (email, password) = app.add_staff(role, units, corruption).await;
    let desk = app.desk_client();
    assert_eq!(
        desk.login(&email, &password).await.status(),
        StatusCode::SEE_OTHER
    );
    let id = app
        .store()
        .await
        .account_by_email(&email)
        .await
        .unwrap()
        .unwrap()
        .member
        .id;
    (desk, id)
}

async fn send(app: &TestApp, submission: &NewSubmission) -> Receipt {
    let response = app.post_submission(submission).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn page(desk: &DeskClient, path: &str) -> (StatusCode, String) {
    let response = desk.get(path).await;
    (response.status(), response.text().await.unwrap())
}

/// Submits the form on `reference`'s page that posts to `action`.
async fn act(
    desk: &DeskClient,
    reference: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let page = format!("/desk/submissions/{reference}");
    desk.submit(&page, &format!("{page}/{action}"), fields)
        .await
}

fn corruption_report() -> NewSubmission {
    NewSubmission {
        kind: "corruption".into(),
        text: "Служител поиска пари, за да ускори издаването на разрешително.".into(),
        ..complaint()
    }
}

#[tokio::test]
async fn a_named_complaint_is_assigned_answered_and_emailed_in_cyrillic() {
    let smtp = SmtpServer::start().await;
    let app = spawn_app_sending_mail_to(&smtp).await;
    let receipt = send(&app, &complaint()).await;
    let reference = receipt.reference.as_str();
    let (supervisor, _) = staff(&app, Role::Supervisor, &[], false).await;
    let (clerk, clerk_id) = staff(&app, Role::Clerk, &["local-taxes"], false).await;

    // The supervisor sees it in the inbox and gives it to a clerk of another unit.
    let (status, inbox) = page(&supervisor, "/desk").await;
    assert_eq!(status, StatusCode::OK);
    assert!(inbox.contains(reference), "{inbox}");
    let (_, before) = page(&clerk, &format!("/desk/submissions/{reference}")).await;
    assert!(!before.contains("Чакахме"), "not the clerk's unit yet");
    let response = act(
        &supervisor,
        reference,
        "assign",
        &[("staff", &clerk_id.to_string())],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // The clerk now has it, writes the answer, and it goes out.
    let (_, mine) = page(&clerk, "/desk?assignee=me").await;
    assert!(mine.contains(reference), "{mine}");
    let answer = "Уважаема г-жо Иванова,\n\nПроверихме случая: от понеделник гише 3 работи с двама служители.\n\nС уважение,";
    let form = format!("/desk/submissions/{reference}/answer");
    let response = clerk.submit(&form, &form, &[("body", answer)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let mail = smtp.wait_for(2, Duration::from_secs(30)).await;
    let to_citizen = mail
        .iter()
        .find(|m| m.to.contains("maria@example.com"))
        .expect("the answer");
    assert_eq!(to_citizen.subject, format!("Отговор по вх. № {reference}"));
    assert!(
        to_citizen.content_type.starts_with("text/plain"),
        "{}",
        to_citizen.content_type
    );
    assert!(
        to_citizen.body.contains("гише 3 работи с двама служители"),
        "{}",
        to_citizen.body
    );
    assert!(
        to_citizen.body.contains("Община Хасково"),
        "{}",
        to_citizen.body
    );
    assert!(to_citizen.body.contains(reference), "{}", to_citizen.body);
    assert!(
        to_citizen.body.contains("главен експерт"),
        "the signer's position: {}",
        to_citizen.body
    );
    let to_clerk = mail
        .iter()
        .find(|m| !m.to.contains("maria@"))
        .expect("the assignment");
    assert!(to_clerk.subject.contains(reference), "{}", to_clerk.subject);

    // The citizen's tracking page shows the answer; the desk shows it answered.
    let tracking = app
        .client
        .get(&receipt.tracking_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        tracking.contains("гише 3 работи с двама служители"),
        "{tracking}"
    );
    let (_, desk_page) = page(&clerk, &format!("/desk/submissions/{reference}")).await;
    assert!(
        desk_page.contains("Отговорена")
            || desk_page.contains("answered")
            || desk_page.contains("Отговорено"),
        "{desk_page}"
    );
    let actions = app.audit_actions().await;
    for action in ["assign", "answer"] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
}

#[tokio::test]
async fn an_answer_waits_while_the_smtp_server_is_down_shows_as_unsent_and_goes_when_it_is_back() {
    let mut smtp = SmtpServer::start().await;
    smtp.stop();
    let app = spawn_app_sending_mail_to(&smtp).await;
    let receipt = send(&app, &complaint()).await;
    let reference = receipt.reference.as_str();
    let (clerk, _) = staff(&app, Role::Clerk, &["centre"], false).await;
    let form = format!("/desk/submissions/{reference}/answer");
    let response = clerk
        .submit(
            &form,
            &form,
            &[("body", "Отговорът ни е: благодарим, ще проверим.")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // A failed attempt is recorded, and the desk says the e-mail has not gone.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let (_, html) = page(&clerk, &format!("/desk/submissions/{reference}")).await;
        if html.contains("ОЩЕ НЕ Е ИЗПРАТЕН") && !html.contains("(0 ") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no failed attempt shown: {html}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    smtp.start_again().await;
    let mail = smtp.wait_for(1, Duration::from_secs(60)).await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].body.contains("благодарим, ще проверим"));
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let (_, html) = page(&clerk, &format!("/desk/submissions/{reference}")).await;
        if !html.contains("ОЩЕ НЕ Е ИЗПРАТЕН") && html.contains("изпратен на")
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not shown as sent: {html}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn without_the_permission_a_corruption_report_does_not_exist_anywhere_on_the_desk() {
    let app = spawn_app().await;
    let report = send(&app, &corruption_report()).await;
    let reference = report.reference.as_str();
    let ordinary = send(&app, &complaint()).await;
    let (clerk, _) = staff(&app, Role::Clerk, &["centre"], false).await;
    let (supervisor, _) = staff(&app, Role::Supervisor, &[], false).await;

    for desk in [&clerk, &supervisor] {
        let (_, inbox) = page(desk, "/desk?status=all").await;
        assert!(inbox.contains(&ordinary.reference), "{inbox}");
        assert!(!inbox.contains(reference), "{inbox}");
        let (_, csv) = page(desk, "/desk/inbox.csv?status=all").await;
        assert!(csv.contains(&ordinary.reference));
        assert!(!csv.contains(reference), "{csv}");
        let path = format!("/desk/submissions/{reference}");
        assert_eq!(desk.get(&path).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            desk.get(&format!("{path}/answer")).await.status(),
            StatusCode::NOT_FOUND
        );
        // Every action, with a valid token from a page this member may open.
        let csrf = desk.csrf("/desk/intake").await;
        for (action, fields) in [
            ("take", vec![]),
            ("assign", vec![("unit", "centre")]),
            ("status", vec![("status", "in_review")]),
            ("note", vec![("text", "бележка")]),
            ("inspection", vec![("reason", "проверка")]),
            ("answer", vec![("body", "Отговор на сигнала.")]),
        ] {
            let mut fields = fields;
            fields.push(("csrf", &csrf));
            let response = desk.post_form(&format!("{path}/{action}"), &fields).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{action}");
        }
    }
    let (_, audit) = page(&supervisor, "/desk/audit").await;
    assert!(!audit.contains(reference));
    assert!(!app.audit_actions().await.iter().any(|a| a == "read"));

    // A permitted reader opens it, and the read is in the audit log.
    let (reader, _) = staff(&app, Role::Clerk, &["centre"], true).await;
    let (status, html) = page(&reader, &format!("/desk/submissions/{reference}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("поиска пари"));
    assert_eq!(
        app.audit_actions()
            .await
            .iter()
            .filter(|a| *a == "read")
            .count(),
        1
    );
}

#[tokio::test]
async fn an_overdue_complaint_is_listed_as_overdue_in_words() {
    // Monday 23 November 2026, 10:00 in Sofia.
    let clock = ManualClock::new(time::macros::datetime!(2026-11-23 08:00 UTC));
    let app = spawn_app_configured(None, Clock::Manual(clock.clone()), |_| {}).await;
    let receipt = send(&app, &complaint()).await;
    assert_eq!(receipt.due_on, Some(time::macros::date!(2026 - 11 - 30)));
    let (clerk, _) = staff(&app, Role::Clerk, &["centre"], false).await;

    let (_, soon) = page(&clerk, "/desk?due=overdue").await;
    assert!(!soon.contains(&receipt.reference), "not yet overdue");
    clock.advance(time::Duration::days(8));
    let (_, overdue) = page(&clerk, "/desk?due=overdue").await;
    assert!(overdue.contains(&receipt.reference), "{overdue}");
    assert!(overdue.contains("ПРОСРОЧЕНО"), "said in words: {overdue}");
    let (_, inbox) = page(&clerk, "/desk").await;
    assert!(
        inbox.contains("Просрочени <span class=\"count\">(1)</span>"),
        "{inbox}"
    );
}

#[tokio::test]
async fn an_oral_complaint_gets_a_reference_and_appears_in_the_inbox_as_a_phone_call() {
    let app = spawn_app().await;
    let (clerk, _) = staff(&app, Role::Clerk, &["centre"], false).await;
    let fields = [
        ("channel", "phone"),
        ("kind", "complaint"),
        (
            "text",
            "Обади се гражданин: три дни никой не вдига телефона в отдел „Местни данъци“.",
        ),
        ("unit", "centre"),
        ("author.name", "Георги Димитров"),
        ("author.address", "ул. „Лале“ 5, 6300 Хасково"),
        ("locale", "bg"),
    ];
    let response = clerk.submit("/desk/intake", "/desk/intake", &fields).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    let rows = app.stored().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].channel, "phone");
    assert!(
        html.contains(&rows[0].reference),
        "the reference to read out: {html}"
    );
    assert!(html.contains("/track/"), "the tracking link: {html}");
    let (_, inbox) = page(&clerk, "/desk?channel=phone").await;
    assert!(inbox.contains(&rows[0].reference), "{inbox}");
    assert!(app.audit_actions().await.iter().any(|a| a == "intake"));

    // The same rules as the widget: a named complaint needs somewhere to answer.
    let mut missing = fields.to_vec();
    missing.retain(|(k, _)| *k != "author.address");
    let response = clerk.submit("/desk/intake", "/desk/intake", &missing).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.stored().await.len(), 1);
}

#[tokio::test]
async fn hostile_markup_is_shown_as_text_on_the_desk_in_the_email_and_on_the_tracking_page() {
    let smtp = SmtpServer::start().await;
    let app = spawn_app_sending_mail_to(&smtp).await;
    let payload = "<script>alert(1)</script><img src=x onerror=alert(2)>\
                   <a href=\"javascript:alert(3)\">click</a></textarea><b>broken";
    let submission = NewSubmission {
        text: format!("Жалба {payload}"),
        author: Some(AuthorDto {
            name: format!("Иван {payload}"),
            email: Some("ivan@example.com".into()),
            phone: None,
            address: Some(format!("ул. {payload}")),
        }),
        ..complaint()
    };
    let receipt = send(&app, &submission).await;
    let reference = receipt.reference.as_str();
    let (clerk, _) = staff(&app, Role::Clerk, &["centre"], false).await;
    let form = format!("/desk/submissions/{reference}/answer");
    let response = clerk
        .submit(&form, &form, &[("body", &format!("Отговор {payload}"))])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let live = [
        "<script>alert",
        "<img src=x",
        "href=\"javascript:",
        "</textarea><b>",
    ];
    for path in ["/desk", &format!("/desk/submissions/{reference}"), &form] {
        let (_, html) = page(&clerk, path).await;
        for bad in live {
            assert!(!html.contains(bad), "{bad} live on {path}");
        }
    }
    let (_, html) = page(&clerk, &format!("/desk/submissions/{reference}")).await;
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "shown as text"
    );
    let tracking = app
        .client
        .get(&receipt.tracking_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for bad in live {
        assert!(!tracking.contains(bad), "{bad} live on the tracking page");
    }
    assert!(tracking.contains("Отговор &lt;script&gt;"), "{tracking}");
    let mail = smtp.wait_for(1, Duration::from_secs(30)).await;
    assert!(
        mail[0].content_type.starts_with("text/plain"),
        "plain text: markup stays text"
    );
    assert!(mail[0].body.contains("Отговор <script>alert(1)</script>"));
}

#[tokio::test]
async fn every_desk_page_carries_the_security_headers() {
    let app = spawn_app().await;
    let (clerk, _) = staff(&app, Role::Clerk, &["centre"], false).await;
    for path in [
        "/desk/login",
        "/desk",
        "/desk/intake",
        "/desk/submissions/2026-999999",
    ] {
        let response = clerk.get(path).await;
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert_eq!(h["cache-control"], "no-store", "{path}");
    }
}

#[tokio::test]
async fn an_inspection_gives_a_complaint_the_longer_term_and_only_a_supervisor_marks_it() {
    // Monday 23 November 2026.
    let clock = ManualClock::new(time::macros::datetime!(2026-11-23 08:00 UTC));
    let app = spawn_app_configured(None, Clock::Manual(clock), |_| {}).await;
    let receipt = send(&app, &complaint()).await;
    let reference = receipt.reference.as_str();
    let (clerk, _) = staff(&app, Role::Clerk, &["centre"], false).await;
    let (supervisor, _) = staff(&app, Role::Supervisor, &[], false).await;

    let response = clerk
        .submit(
            "/desk/intake",
            &format!("/desk/submissions/{reference}/inspection"),
            &[("reason", "оглед на място")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = act(
        &supervisor,
        reference,
        "inspection",
        &[("reason", "Нужен е оглед на място.")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&supervisor, &format!("/desk/submissions/{reference}")).await;
    // Two months from 23 November 2026: 23 January 2027, a Saturday → Monday 25.
    assert!(html.contains("25.01.2027"), "{html}");
    assert!(html.contains("Нужен е оглед на място."));
}

#[tokio::test]
async fn each_action_is_audited_with_who_and_before_and_after() {
    let app = spawn_app().await;
    let receipt = send(&app, &complaint()).await;
    let reference = receipt.reference.as_str();
    let (clerk, _) = staff(&app, Role::Clerk, &["centre"], false).await;
    assert_eq!(
        act(&clerk, reference, "take", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        act(
            &clerk,
            reference,
            "note",
            &[("text", "Звъннах на гражданката.")]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        act(
            &clerk,
            reference,
            "status",
            &[("status", "forwarded"), ("forwarded_to", "РЗИ Хасково")]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    // A refused change changes nothing and is not audited.
    let refused = act(&clerk, reference, "status", &[("status", "not_examined")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("Посочете причината"));

    let actions: Vec<String> = app
        .audit_actions()
        .await
        .into_iter()
        .filter(|a| !a.starts_with("account"))
        .collect();
    assert_eq!(actions, ["take", "note", "status"]);
    let (_, html) = page(&clerk, &format!("/desk/submissions/{reference}")).await;
    assert!(html.contains("Звъннах на гражданката."));
    assert!(html.contains("РЗИ Хасково"));
    assert!(html.contains("Мария Петрова"), "who: {html}");
    let (supervisor, _) = staff(&app, Role::Supervisor, &[], false).await;
    let (status, audit) = page(&supervisor, &format!("/desk/audit?reference={reference}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(audit.contains("in_review"), "before and after: {audit}");
    assert_eq!(
        clerk.get("/desk/audit").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_csv_export_is_utf8_with_a_bom_for_spreadsheets() {
    let app = spawn_app().await;
    let receipt = send(&app, &complaint()).await;
    let (clerk, _) = staff(&app, Role::Clerk, &["centre"], false).await;
    let response = clerk.get("/desk/inbox.csv").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(lines[0].starts_with("Вх. №,Вид,Състояние"), "{}", lines[0]);
    assert!(
        lines[1].starts_with(&format!("{},Жалба,", receipt.reference)),
        "{}",
        lines[1]
    );
}

#[tokio::test]
async fn the_daily_digest_goes_once_a_day_to_each_clerk_with_items_overdue_or_due_soon() {
    let smtp = SmtpServer::start().await;
    // Received on Tuesday 24 November 2026 (10:00 in Sofia): due Tuesday 1 December.
    let clock = ManualClock::new(time::macros::datetime!(2026-11-24 08:00 UTC));
    let app = spawn_app_configured(None, Clock::Manual(clock.clone()), |s| smtp.configure(s)).await;
    let receipt = send(&app, &complaint()).await;
    let (email, _) = app.add_staff(Role::Clerk, &["centre"], false).await;
    let _ = app
        .add_staff(Role::Clerk, &["civil-registration"], false)
        .await;

    // Tuesday 1 December, 08:00 in Sofia: two more servers on the same database
    // look at start; one digest goes, to the one clerk with something due.
    clock.advance(time::Duration::days(7) - time::Duration::hours(2));
    let _second = app.another_server(Clock::Manual(clock.clone())).await;
    let _third = app.another_server(Clock::Manual(clock)).await;

    smtp.wait_for(1, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mail: Vec<_> = smtp
        .messages()
        .into_iter()
        .filter(|m| m.subject.starts_with("Глас:"))
        .collect();
    assert_eq!(mail.len(), 1, "{mail:?}");
    assert!(mail[0].to.contains(&email));
    assert!(
        mail[0].body.contains(&receipt.reference),
        "{}",
        mail[0].body
    );
    assert!(
        mail[0]
            .subject
            .contains("0 просрочени, 1 със срок до 2 работни дни"),
        "{}",
        mail[0].subject
    );
}

/// `complaint()` from another citizen, with their own address.
fn from_georgi() -> NewSubmission {
    NewSubmission {
        text: "Тротоарът на ул. „Раковски“ е разкопан от месец.".into(),
        author: Some(AuthorDto {
            name: "Георги Димитров".into(),
            email: Some("georgi@example.com".into()),
            phone: None,
            address: None,
        }),
        ..complaint()
    }
}

/// `address` as a query string's value.
fn query_value(address: &str) -> String {
    form_urlencoded::byte_serialize(address.as_bytes()).collect()
}

#[tokio::test]
async fn the_inbox_and_its_csv_find_one_citizens_submissions_by_their_email_whatever_the_case() {
    let app = spawn_app().await;
    let first = send(&app, &complaint()).await;
    let second = send(
        &app,
        &NewSubmission {
            kind: "proposal".into(),
            text: "Предлагам пейки пред Центъра за услуги.".into(),
            ..complaint()
        },
    )
    .await;
    let georgi = send(&app, &from_georgi()).await;
    let (clerk, _) = staff(&app, Role::Clerk, &["centre"], false).await;

    let (_, everything) = page(&clerk, "/desk?status=all").await;
    for receipt in [&first, &second, &georgi] {
        assert!(everything.contains(&receipt.reference), "{everything}");
    }

    let typed = query_value("  Maria@EXAMPLE.com ");
    let (status, found) = page(&clerk, &format!("/desk?status=all&email={typed}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(found.contains(&first.reference), "{found}");
    assert!(found.contains(&second.reference), "{found}");
    assert!(!found.contains(&georgi.reference), "{found}");
    // The field, labelled, keeps what was typed, and the CSV link carries it.
    assert!(
        found.contains("<label for=\"email\">Имейл на гражданина</label>"),
        "{found}"
    );
    assert!(
        found.contains("type=\"email\" id=\"email\" name=\"email\" value=\"  Maria@EXAMPLE.com \""),
        "{found}"
    );
    assert!(
        found.contains(&format!("/desk/inbox.csv?status=all&amp;email={typed}")),
        "{found}"
    );
    // The other filters still apply on top of it.
    let (_, proposals) = page(
        &clerk,
        &format!("/desk?status=all&kind=proposal&email={typed}"),
    )
    .await;
    assert!(proposals.contains(&second.reference), "{proposals}");
    assert!(!proposals.contains(&first.reference), "{proposals}");

    let (status, csv) = page(&clerk, &format!("/desk/inbox.csv?status=all&email={typed}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csv.lines().count(), 3, "a header and two rows: {csv}");
    assert!(csv.contains(&first.reference), "{csv}");
    assert!(csv.contains(&second.reference), "{csv}");
    assert!(!csv.contains(&georgi.reference), "{csv}");

    let (_, theirs) = page(&clerk, "/desk?email=GEORGI%40example.com").await;
    assert!(theirs.contains(&georgi.reference), "{theirs}");
    assert!(!theirs.contains(&first.reference), "{theirs}");

    // Nobody's address: the inbox's usual empty state; a part of one finds nothing.
    for unknown in ["nobody@example.com", "maria"] {
        let (status, none) = page(&clerk, &format!("/desk?status=all&email={unknown}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(none.contains("Няма нищо по този филтър."), "{none}");
        for receipt in [&first, &second, &georgi] {
            assert!(!none.contains(&receipt.reference), "{unknown}: {none}");
        }
        let (_, csv) = page(&clerk, &format!("/desk/inbox.csv?email={unknown}")).await;
        assert_eq!(csv.lines().count(), 1, "the header alone: {csv}");
    }

    // Each search is audited by the address's keyed hash, never the address.
    let store = app.store().await;
    let audit = store
        .audit_log(&glas_server::store::desk::AuditQuery {
            corruption: true,
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    store.close().await;
    let keys =
        glas_server::personal::Keyring::parse(crate::helpers::PERSONAL_DATA_KEY, "").unwrap();
    let searches: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "email_search")
        .collect();
    assert_eq!(searches.len(), 8, "{audit:?}");
    assert!(
        searches
            .iter()
            .all(|e| e.staff.is_some() && e.reference.is_none())
    );
    let maria = keys.email_index("maria@example.com");
    let of_maria = searches
        .iter()
        .filter(|e| e.after.as_deref().is_some_and(|a| a.contains(&maria)))
        .count();
    assert_eq!(of_maria, 3, "the page, with a kind, and the CSV");
    for entry in &audit {
        let written = format!("{entry:?}").to_lowercase();
        assert!(!written.contains("maria@"), "{written}");
        assert!(!written.contains("georgi@"), "{written}");
    }
    let (supervisor, _) = staff(&app, Role::Supervisor, &[], false).await;
    let (_, log) = page(&supervisor, "/desk/audit").await;
    assert!(
        log.contains("търси във входящите по имейл на гражданин"),
        "{log}"
    );
    assert!(log.contains(&maria), "{log}");
    assert!(!log.to_lowercase().contains("maria@"), "{log}");
}

#[tokio::test]
async fn a_search_by_email_shows_only_what_the_viewer_may_see() {
    let app = spawn_app().await;
    let complaint_ = send(&app, &complaint()).await;
    let report = send(&app, &corruption_report()).await;
    let elsewhere = send(
        &app,
        &NewSubmission {
            unit: Some("local-taxes".into()),
            ..complaint()
        },
    )
    .await;
    // Another citizen's, which every viewer here but one may see.
    let georgi = send(&app, &from_georgi()).await;
    // Kept aside as a program's (the form's trap filled in).
    let mut trapped = serde_json::to_value(complaint()).unwrap();
    trapped["website"] = serde_json::json!("https://spam.example");
    let set_aside: Receipt = app
        .client
        .post(app.url("/api/v1/submissions"))
        .json(&trapped)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        app.audit_actions().await.is_empty(),
        "nothing audited before a search"
    );

    let maria = "/desk?status=all&email=maria%40example.com";
    let csv = "/desk/inbox.csv?status=all&email=maria%40example.com";
    let (clerk, _) = staff(&app, Role::Clerk, &["centre"], false).await;
    let (supervisor, _) = staff(&app, Role::Supervisor, &[], false).await;
    let (reader, _) = staff(&app, Role::Supervisor, &[], true).await;
    let (other_unit, _) = staff(&app, Role::Clerk, &["local-taxes"], false).await;

    for (desk, sees) in [
        (&clerk, vec![&complaint_]),
        (&supervisor, vec![&complaint_, &elsewhere]),
        (&reader, vec![&complaint_, &elsewhere, &report]),
        (&other_unit, vec![&elsewhere]),
    ] {
        let (_, html) = page(desk, maria).await;
        let (_, rows) = page(desk, csv).await;
        for receipt in [&complaint_, &report, &elsewhere, &set_aside, &georgi] {
            let shown = sees.iter().any(|r| r.reference == receipt.reference);
            assert_eq!(
                html.contains(&receipt.reference),
                shown,
                "{}: {html}",
                receipt.reference
            );
            assert_eq!(
                rows.contains(&receipt.reference),
                shown,
                "{}: {rows}",
                receipt.reference
            );
        }
    }
}

#[tokio::test]
async fn the_request_log_never_holds_the_address_the_inbox_was_filtered_by() {
    let app = spawn_app().await;
    let receipt = send(&app, &complaint()).await;
    let (email, password) = app.add_staff(Role::Clerk, &["centre"], false).await;
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("glas.log");
    let server = crate::helpers::start_glas_logging(
        &app.database_url,
        crate::helpers::free_port(),
        std::fs::File::create(&log_path).unwrap(),
    )
    .await;
    let desk = DeskClient::new(&server.address);
    assert_eq!(
        desk.login(&email, &password).await.status(),
        StatusCode::SEE_OTHER
    );
    for path in [
        "/desk?email=Maria%40Example.com",
        "/desk/inbox.csv?email=Maria%40Example.com",
    ] {
        let (status, body) = page(&desk, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains(&receipt.reference), "{path}: {body}");
    }
    drop(server);

    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        log.contains("/desk/inbox.csv"),
        "the route is logged: {log}"
    );
    assert!(!log.to_lowercase().contains("maria"), "{log}");
}

#[tokio::test]
async fn the_inbox_finds_a_row_from_before_sealing_by_its_address() {
    let app = spawn_app().await;
    let maria = send(&app, &complaint()).await;
    let georgi = send(&app, &from_georgi()).await;
    // Maria's row as a database from before sealing holds it, until the next start.
    app.execute(&format!(
        "UPDATE submission_authors SET name = 'Мария Иванова', email = 'Maria@Example.com',
             phone = NULL, address = NULL, key_id = NULL, email_index = NULL
         WHERE submission_id IN (SELECT id FROM submissions WHERE reference = '{}')",
        maria.reference
    ))
    .await;
    let (clerk, _) = staff(&app, Role::Clerk, &["centre"], false).await;
    for (typed, found, not) in [
        (" maria@EXAMPLE.com", &maria, &georgi),
        ("georgi@example.com", &georgi, &maria),
    ] {
        let (_, html) = page(&clerk, &format!("/desk?email={}", query_value(typed))).await;
        assert!(html.contains(&found.reference), "{typed}: {html}");
        assert!(!html.contains(&not.reference), "{typed}: {html}");
    }
}
