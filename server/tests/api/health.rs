//! Liveness (`/healthz`) and readiness (`/readyz`): a server whose store cannot
//! commit is alive, and not ready.

use sqlx::Connection;

use crate::helpers::{TestApp, spawn_app};

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
        if app.database_url.starts_with("postgres") {
            let mut connection = sqlx::PgConnection::connect(&app.database_url)
                .await
                .unwrap();
            sqlx::query("BEGIN").execute(&mut connection).await.unwrap();
            sqlx::query("LOCK TABLE health IN ACCESS EXCLUSIVE MODE")
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
