//! Fresh databases for a run: an SQLite file in a temporary directory, or a
//! PostgreSQL database created for the run and dropped after it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sqlx::migrate::Migrator;
use sqlx::{Connection, PgConnection};

use crate::util;

/// The PostgreSQL cluster to use, as a URL to its `postgres` database
/// (override with `GLAS_BENCH_POSTGRES`).
const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// The server's schema for `backend` (`sqlite` or `postgres`).
fn migrations(backend: &str) -> PathBuf {
    util::root().join("server/migrations").join(backend)
}

/// Brings a fresh database to the server's schema with the server's own migrations.
pub async fn migrate<'a, A>(backend: &str, connection: A) -> Result<()>
where
    A: sqlx::Acquire<'a>,
    <A::Connection as std::ops::Deref>::Target: sqlx::migrate::Migrate,
{
    Migrator::new(migrations(backend).as_path())
        .await?
        .run(connection)
        .await
        .with_context(|| format!("migrating a fresh {backend} database"))
}

/// `sqlite://` URL of a database file in `dir`.
pub fn sqlite_url(dir: &Path, name: &str) -> String {
    format!("sqlite://{}", dir.join(name).display())
}

/// A PostgreSQL cluster that lets us create and drop databases.
pub struct Postgres {
    admin: String,
}

impl Postgres {
    /// The cluster named by `GLAS_BENCH_POSTGRES` or the local default, once it answers.
    pub async fn connect() -> Result<Postgres> {
        let admin =
            std::env::var("GLAS_BENCH_POSTGRES").unwrap_or_else(|_| DEFAULT_POSTGRES.into());
        PgConnection::connect(&admin)
            .await
            .with_context(|| format!("cannot connect to PostgreSQL at {admin}"))?
            .close()
            .await?;
        Ok(Postgres { admin })
    }

    /// `SHOW` values that say how durable a commit is, and the version.
    pub async fn settings(&self) -> Result<Vec<(String, String)>> {
        let mut connection = PgConnection::connect(&self.admin).await?;
        let mut settings = Vec::new();
        for name in [
            "server_version",
            "synchronous_commit",
            "fsync",
            "wal_sync_method",
            "full_page_writes",
        ] {
            let value: String = sqlx::query_scalar(&format!("SHOW {name}"))
                .fetch_one(&mut connection)
                .await?;
            settings.push((name.to_owned(), value));
        }
        connection.close().await?;
        Ok(settings)
    }

    /// Creates an empty database for `label` (dropping any left over) and returns its URL.
    pub async fn create(&self, label: &str) -> Result<String> {
        let name = name(label);
        let mut connection = PgConnection::connect(&self.admin).await?;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut connection)
            .await?;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut connection)
            .await?;
        connection.close().await?;
        let (base, _) = self
            .admin
            .rsplit_once('/')
            .context("GLAS_BENCH_POSTGRES is a URL ending in /<database>")?;
        Ok(format!("{base}/{name}"))
    }

    /// Drops the database for `label`, if there is one, whoever is connected.
    pub async fn drop(&self, label: &str) -> Result<()> {
        let mut connection = PgConnection::connect(&self.admin).await?;
        sqlx::query(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            name(label)
        ))
        .execute(&mut connection)
        .await?;
        connection.close().await?;
        Ok(())
    }
}

/// `glas_bench_<pid>_<label>`: this run's own, and easy to spot if one is ever left.
fn name(label: &str) -> String {
    format!("glas_bench_{}_{label}", std::process::id())
}
