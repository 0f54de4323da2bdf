//! Where SQLite and PostgreSQL differ, and nowhere else.
//!
//! Queries are written once: both drivers accept `$1` placeholders, and the SQL
//! Glas uses (upserts with `RETURNING`, savepoints, `ON CONFLICT … DO NOTHING`,
//! `CAST(… AS TEXT)`) means the same on both. [`on_db!`] runs one block of code
//! against whichever database this is; the block is compiled once per dialect,
//! so each dialect's types are checked. What differs lives here: connecting, and
//! the id column (`TEXT` on SQLite, `UUID` on PostgreSQL), hidden behind [`Id`].

use std::str::FromStr;
use std::time::Duration;

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgPoolOptions, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{
    SqliteArgumentValue, SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions,
    SqliteSynchronous, SqliteTypeInfo, SqliteValueRef,
};
use sqlx::{Database, Decode, Encode, Pool, Postgres, Sqlite, Type};
use uuid::Uuid;

use super::StoreError;

/// SQLite's schema, as this binary knows it: applied at every start, and what
/// `glas restore` compares a backup's applied migrations with.
pub static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");

/// One writer connection (the group committer and every other write take turns
/// on it, so writes never contend) and a few readers. `jobs` is for background
/// work that holds a transaction open while it waits on the outside world (the
/// mail worker's claim on PostgreSQL), so that it never holds up the writer; on
/// SQLite, which has one writer, it is the writer.
#[derive(Debug)]
pub struct Pools<DB: Database> {
    pub writer: Pool<DB>,
    pub reader: Pool<DB>,
    pub jobs: Pool<DB>,
}

impl<DB: Database> Clone for Pools<DB> {
    fn clone(&self) -> Self {
        Pools {
            writer: self.writer.clone(),
            reader: self.reader.clone(),
            jobs: self.jobs.clone(),
        }
    }
}

impl Pools<Sqlite> {
    /// What locks a row read in a transaction until it ends: nothing to add on
    /// SQLite, whose one writer holds the whole database.
    pub fn for_update(&self) -> &'static str {
        ""
    }
}

impl Pools<Postgres> {
    pub fn for_update(&self) -> &'static str {
        " FOR UPDATE"
    }
}

#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(Pools<Sqlite>),
    Postgres(Pools<Postgres>),
}

/// `on_db!(db, pools => body)`: `body` with `pools` bound to the database's
/// [`Pools`]. The body is compiled for each dialect.
macro_rules! on_db {
    ($db:expr, $pools:ident => $body:expr) => {
        match $db {
            $crate::store::dialect::Db::Sqlite($pools) => $body,
            $crate::store::dialect::Db::Postgres($pools) => $body,
        }
    };
}
pub(crate) use on_db;

impl Db {
    /// Connects to `url` (`sqlite://…` or `postgres://…`) and brings its schema up
    /// to date.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        if url.starts_with("sqlite:") {
            connect_sqlite(url).await.map(Db::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            connect_postgres(url).await.map(Db::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(crate::config::redacted_url(url)))
        }
    }
}

/// WAL mode and `synchronous=FULL`: a commit is on disk before it returns.
async fn connect_sqlite(url: &str) -> Result<Pools<Sqlite>, StoreError> {
    let base = SqliteConnectOptions::from_str(url)?
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let options = base
        .clone()
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        // 64 MiB of page cache for the writer (the default is 2 MiB): the random
        // UUID and token keys touch index pages all over the file.
        .pragma("cache_size", "-65536");
    if let Some(dir) = options
        .get_filename()
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
    }
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await?;
    SQLITE_MIGRATIONS.run(&writer).await?;
    let reader = SqlitePoolOptions::new()
        .max_connections(4)
        .acquire_timeout(Duration::from_secs(10))
        // The desk reads a large database: 32 MiB of page cache per reader, and
        // the file mapped so that pages come straight from the OS's cache.
        .connect_with(
            base.read_only(true)
                .pragma("cache_size", "-32768")
                .pragma("mmap_size", "268435456"),
        )
        .await?;
    Ok(Pools {
        jobs: writer.clone(),
        writer,
        reader,
    })
}

/// Several server instances may share the database: nothing here is per instance.
async fn connect_postgres(url: &str) -> Result<Pools<Postgres>, StoreError> {
    let writer = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await?;
    sqlx::migrate!("./migrations/postgres").run(&writer).await?;
    let reader = PgPoolOptions::new()
        .max_connections(4)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await?;
    let jobs = PgPoolOptions::new()
        .max_connections(1)
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(10))
        .connect_lazy(url)?;
    Ok(Pools {
        writer,
        reader,
        jobs,
    })
}

/// A submission's id as either database keeps it: hyphenated lower-case `TEXT`
/// in SQLite, a native `UUID` in PostgreSQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Id(pub Uuid);

impl Type<Sqlite> for Id {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <String as Type<Sqlite>>::compatible(ty)
    }
}

impl<'q> Encode<'q, Sqlite> for Id {
    fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        Encode::<Sqlite>::encode(self.0.to_string(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Id {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Id(Uuid::parse_str(<&str as Decode<Sqlite>>::decode(
            value,
        )?)?))
    }
}

impl Type<Postgres> for Id {
    fn type_info() -> PgTypeInfo {
        <Uuid as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for Id {
    fn encode_by_ref(
        &self,
        buf: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> Result<IsNull, BoxDynError> {
        Encode::<Postgres>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> Decode<'r, Postgres> for Id {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        <Uuid as Decode<Postgres>>::decode(value).map(Id)
    }
}
