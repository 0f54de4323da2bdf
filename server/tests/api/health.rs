//! Liveness (`/healthz`) and readiness (`/readyz`): a server whose store cannot
//! commit is alive, and not ready.

use glas_shared::{ErrorBody, NewSubmission};
use reqwest::StatusCode;
use sqlx::Connection;

use crate::helpers::{TestApp, praise, spawn_app};

async fn status(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.unwrap();
    (status, body["status"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_server_with_a_working_store_is_alive_and_ready() {
    let app = spawn_app().await;
    assert_eq!(status(&app, "/healthz").await, (200, "ok".to_owned()));
    assert_eq!(status(&app, "/readyz").await, (200, "ready".to_owned()));
}

/// Holds the store's write lock, as another process might, until dropped with
/// `release`.
enum WriteLock {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl WriteLock {
    async fn take(app: &TestApp) -> WriteLock {
        WriteLock::on(app, "health").await
    }

    /// The lock on `table` (PostgreSQL), or on the whole file (SQLite).
    async fn on(app: &TestApp, table: &str) -> WriteLock {
        if app.database_url.starts_with("postgres") {
            let mut connection = sqlx::PgConnection::connect(&app.database_url)
                .await
                .unwrap();
            sqlx::query("BEGIN").execute(&mut connection).await.unwrap();
            sqlx::query(&format!("LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
                .execute(&mut connection)
                .await
                .unwrap();
            WriteLock::Postgres(connection)
        } else {
            let mut connection = sqlx::SqliteConnection::connect(&app.database_url)
                .await
                .unwrap();
            sqlx::query("BEGIN IMMEDIATE")
                .execute(&mut connection)
                .await
                .unwrap();
            WriteLock::Sqlite(connection)
        }
    }

    async fn release(self) {
        match self {
            WriteLock::Sqlite(mut c) => {
                sqlx::query("ROLLBACK").execute(&mut c).await.unwrap();
                c.close().await.unwrap();
            }
            WriteLock::Postgres(mut c) => {
                sqlx::query("ROLLBACK").execute(&mut c).await.unwrap();
                c.close().await.unwrap();
            }
        }
    }
}

#[tokio::test]
async fn a_store_that_cannot_commit_leaves_the_server_alive_but_not_ready() {
    let app = spawn_app().await;
    let lock = WriteLock::take(&app).await;

    assert_eq!(
        status(&app, "/readyz").await,
        (503, "unavailable".to_owned())
    );
    assert_eq!(
        status(&app, "/healthz").await,
        (200, "ok".to_owned()),
        "alive: restarting it would not help"
    );

    lock.release().await;
    assert_eq!(status(&app, "/readyz").await, (200, "ready".to_owned()));
}

#[tokio::test]
async fn a_submission_the_store_cannot_take_now_is_told_so_in_its_own_language() {
    let app = spawn_app().await;
    let lock = WriteLock::on(&app, "submissions").await;
    // English, though the browser asks for Bulgarian: the submission's language wins.
    let english = NewSubmission {
        locale: "en".into(),
        ..praise()
    };
    let response = app
        .client
        .post(app.url("/api/v1/submissions"))
        .header("Accept-Language", "bg")
        .json(&english)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.headers().contains_key("retry-after"));
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.errors[0].code, "unavailable");
    let english_message = glas_shared::Problem::Unavailable.message(glas_shared::Locale::En);
    assert_eq!(body.errors[0].message, english_message);

    // Nothing was stored, and once the lock goes the same submission is taken.
    lock.release().await;
    assert!(app.stored().await.is_empty());
    assert_eq!(
        app.post_submission(&english).await.status(),
        StatusCode::CREATED
    );
}
