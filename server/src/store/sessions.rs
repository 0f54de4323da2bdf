//! The desk's sessions, in the database so that every instance sees them
//! (`tower-sessions-sqlx-store`). One table, `desk_sessions`, in both dialects:
//! the migration makes it (so that instances starting together do not race to),
//! and the store's own `migrate` keeps it as the library expects.
//! Loads go to the reader pool; writes take their turn on the writer.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use super::StoreError;
use super::dialect::{Db, Pools};

const TABLE: &str = "desk_sessions";

/// A `SessionStore` on whichever database the store uses.
#[derive(Debug, Clone)]
pub enum DeskSessions {
    Sqlite {
        reader: SqliteStore,
        writer: SqliteStore,
    },
    Postgres {
        reader: PostgresStore,
        writer: PostgresStore,
    },
}

fn sqlite(pool: &sqlx::SqlitePool) -> SqliteStore {
    SqliteStore::new(pool.clone())
        .with_table_name(TABLE)
        .expect("a valid table name")
}

fn postgres(pool: &sqlx::PgPool) -> PostgresStore {
    PostgresStore::new(pool.clone())
        .with_schema_name("public")
        .and_then(|s| s.with_table_name(TABLE))
        .expect("valid schema and table names")
}

impl DeskSessions {
    pub(super) fn new(db: &Db) -> DeskSessions {
        match db {
            Db::Sqlite(Pools { reader, writer, .. }) => DeskSessions::Sqlite {
                reader: sqlite(reader),
                writer: sqlite(writer),
            },
            Db::Postgres(Pools { reader, writer, .. }) => DeskSessions::Postgres {
                reader: postgres(reader),
                writer: postgres(writer),
            },
        }
    }

    pub(super) async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            DeskSessions::Sqlite { writer, .. } => writer.migrate().await?,
            DeskSessions::Postgres { writer, .. } => writer.migrate().await?,
        }
        Ok(())
    }
}

#[async_trait]
impl SessionStore for DeskSessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            DeskSessions::Sqlite { writer, .. } => writer.create(record).await,
            DeskSessions::Postgres { writer, .. } => writer.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            DeskSessions::Sqlite { writer, .. } => writer.save(record).await,
            DeskSessions::Postgres { writer, .. } => writer.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            DeskSessions::Sqlite { reader, .. } => reader.load(id).await,
            DeskSessions::Postgres { reader, .. } => reader.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            DeskSessions::Sqlite { writer, .. } => writer.delete(id).await,
            DeskSessions::Postgres { writer, .. } => writer.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for DeskSessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            DeskSessions::Sqlite { writer, .. } => writer.delete_expired().await,
            DeskSessions::Postgres { writer, .. } => writer.delete_expired().await,
        }
    }
}
