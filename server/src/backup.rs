//! `glas backup` and `glas restore`: an SQLite database copied while the server
//! runs, and put back while it does not.
//!
//! A backup is `VACUUM INTO` on a read-only connection: one read transaction, so
//! the copy is the database as of one instant (every commit before it, none
//! after), taken beside the server's writes without blocking them (WAL readers
//! wait for no writer). A restore checks the file before anything is replaced.
//! Both write under a temporary name in the destination's directory and rename
//! it at the end, so a file with the final name is always whole.
//! PostgreSQL has its own tools for both (`pg_dump`, `pg_restore`).

use std::fs::File;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};
use secrecy::ExposeSecret;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use time::OffsetDateTime;

use crate::config::{Settings, redacted_url};
use crate::store::dialect::SQLITE_MIGRATIONS;

pub const USAGE: &str =
    "  glas backup PATH        copy the SQLite database, while the server runs, into the new
                          file PATH (or into a new glas-TIME.db when PATH is a directory)
  glas restore [--force] PATH
                          check the backup PATH and make it the database; stop the
                          server first. --force replaces an existing database, which is
                          kept beside it as NAME.before-restore-TIME
";

/// Where the README explains backups of either database.
const README_SECTION: &str = "README.md, \"Operations\", \"Backup\"";

/// SQLite's files beside a database that belong to it: what a restore moves
/// aside with the database it replaces, or removes when there is none, lest
/// SQLite replay another database's pages into the restored one.
const COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// `glas backup …` or `glas restore …`: `args` are the words after `command`.
pub async fn run(
    settings: &Settings,
    command: &str,
    args: &[String],
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let url = settings.database_url.expose_secret();
    match command {
        "backup" => {
            let [path] = args else {
                bail!("glas backup takes one PATH\n{USAGE}");
            };
            backup(&sqlite_file(url, command)?, Path::new(path), out).await
        }
        "restore" => {
            let (force, path) = match args {
                [path] if !path.starts_with("--") => (false, path),
                [flag, path] | [path, flag] if flag == "--force" => (true, path),
                _ => bail!("glas restore takes [--force] PATH\n{USAGE}"),
            };
            restore(&sqlite_file(url, command)?, Path::new(path), force, out).await
        }
        other => bail!("unknown command glas {other:?}\n{USAGE}"),
    }
}

/// The database file `url` names; an error that says what to use instead when it
/// is not an SQLite file.
fn sqlite_file(url: &str, command: &str) -> anyhow::Result<PathBuf> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        let tool = if command == "backup" {
            "pg_dump -Fc"
        } else {
            "pg_restore"
        };
        bail!(
            "glas {command} is for an SQLite database, and DATABASE_URL is PostgreSQL ({}): \
             use {tool} instead, as {README_SECTION} explains",
            redacted_url(url)
        );
    }
    if !url.starts_with("sqlite:") {
        bail!(
            "unsupported database URL (expected sqlite://… or postgres://…): {}",
            redacted_url(url)
        );
    }
    if url.contains(":memory:") || url.contains("mode=memory") {
        bail!("DATABASE_URL names an in-memory database ({url}): there is no file to {command}");
    }
    let options = SqliteConnectOptions::from_str(url)
        .with_context(|| format!("cannot read the database URL {}", redacted_url(url)))?;
    Ok(options.get_filename().to_owned())
}

async fn backup(database: &Path, to: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    if !database.is_file() {
        bail!(
            "there is no database at {} (DATABASE_URL): nothing to back up",
            database.display()
        );
    }
    let to = if to.is_dir() {
        to.join(format!("glas-{}.db", timestamp()))
    } else {
        to.to_owned()
    };
    if to.symlink_metadata().is_ok() {
        bail!(
            "{} exists already: a backup never replaces a file; name a new one",
            to.display()
        );
    }
    let partial = Partial::beside(&to, "partial")?;

    // A read-only connection: the backup never writes to the live database, nor
    // migrates it (this binary may be newer than the server that runs).
    let mut live = SqliteConnectOptions::new()
        .filename(database)
        .read_only(true)
        .busy_timeout(Duration::from_secs(30))
        .connect()
        .await
        .with_context(|| format!("cannot open the database {}", database.display()))?;
    let copied = sqlx::query("VACUUM INTO $1")
        .bind(utf8(&partial.path)?)
        .execute(&mut live)
        .await
        .with_context(|| format!("cannot copy {} into {}", database.display(), to.display()));
    live.close().await?;
    copied?;
    // VACUUM INTO writes without syncing: the copy is on disk before it is named.
    File::open(&partial.path)?.sync_all()?;

    let submissions = {
        let mut copy = open_checked_copy(&partial.path).await?;
        let count = submissions(&mut copy).await;
        copy.close().await?;
        count?
    };
    let size = std::fs::metadata(&partial.path)?.len();
    partial.persist_new(&to)?;
    writeln!(
        out,
        "Backed up {} to {}: {} ({size} bytes), {submissions} submissions.",
        database.display(),
        to.display(),
        mebibytes(size),
    )?;
    Ok(())
}

async fn restore(
    database: &Path,
    backup: &Path,
    force: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if !backup.is_file() {
        bail!("there is no backup file at {}", backup.display());
    }
    let existing = database.symlink_metadata().ok();
    if existing.is_some() && !force {
        bail!(
            "{} holds a database already. Stop the server, then run \
             `glas restore --force {}`: the database there now is kept beside it as {}",
            database.display(),
            backup.display(),
            aside_name(database, "TIME").display()
        );
    }
    if existing.is_some() && same_file(database, backup)? {
        bail!(
            "{} is the database itself: there is nothing to restore",
            backup.display()
        );
    }
    if let Some(dir) = parent(database) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot make the directory {}", dir.display()))?;
    }

    // Checked as copied: what is put in place is exactly what passed.
    let partial = Partial::beside(database, "restore")?;
    std::fs::copy(backup, &partial.path).with_context(|| {
        format!(
            "cannot copy {} to {}",
            backup.display(),
            partial.path.display()
        )
    })?;
    File::open(&partial.path)?.sync_all()?;
    let checked = check(&partial.path).await;
    let (submissions, migrations) =
        checked.with_context(|| format!("{} cannot be restored", backup.display()))?;

    // The server opens the file as the owner of what it replaces (or of the
    // directory): a restore run as root leaves no file the server cannot write.
    let owner = match &existing {
        Some(metadata) => (metadata.uid(), metadata.gid(), metadata.mode() & 0o777),
        None => {
            let dir = std::fs::metadata(parent(database).unwrap_or(Path::new(".")))?;
            (dir.uid(), dir.gid(), 0o600)
        }
    };
    partial.take_owner(owner)?;

    let kept = match existing {
        Some(_) => Some(keep_aside(database)?),
        None => {
            for companion in COMPANIONS {
                remove_if_present(&with_suffix(database, companion))?;
            }
            None
        }
    };
    if let Err(error) = partial.persist_over(database) {
        return Err(match &kept {
            Some(kept) => error.context(format!(
                "the database it was to replace is at {}: rename it back",
                kept.display()
            )),
            None => error,
        });
    }
    writeln!(
        out,
        "Restored {} to {}: {submissions} submissions, {migrations} migrations applied \
         (the server applies any newer ones as it starts).",
        backup.display(),
        database.display(),
    )?;
    if let Some(kept) = kept {
        writeln!(
            out,
            "The database it replaced is kept as {}.",
            kept.display()
        )?;
    }
    Ok(())
}

/// Opens `file` (a copy nobody else touches) read-only, checks it is whole and a
/// Glas database this binary can run, and returns its submission count and the
/// number of migrations applied to it.
async fn check(file: &Path) -> anyhow::Result<(i64, usize)> {
    let mut copy = open_checked_copy(file).await?;
    let checked = async {
        let problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check(10)")
            .fetch_all(&mut copy)
            .await
            .map_err(not_a_database)?;
        if problems != ["ok"] {
            bail!(
                "it is damaged (SQLite's integrity check: {})",
                problems.join("; ")
            );
        }
        let migrations = applied_migrations(&mut copy).await?;
        Ok((submissions(&mut copy).await?, migrations))
    }
    .await;
    copy.close().await?;
    checked
}

/// Every migration the database says it applied, each one this binary knows
/// (same version, same script): a backup from a newer Glas would otherwise make
/// the server refuse to start, or run on a schema it does not know.
async fn applied_migrations(copy: &mut SqliteConnection) -> anyhow::Result<usize> {
    let has_table: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
    .fetch_one(&mut *copy)
    .await?;
    if !has_table {
        bail!("it is an SQLite database, but not Glas's (it has no _sqlx_migrations table)");
    }
    let applied: Vec<(i64, Vec<u8>, bool)> =
        sqlx::query_as("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *copy)
            .await?;
    if applied.is_empty() {
        bail!("it is not a Glas database (no migration was ever applied to it)");
    }
    for (version, checksum, success) in &applied {
        if !success {
            bail!("migration {version} failed partway in it");
        }
        match SQLITE_MIGRATIONS.iter().find(|m| m.version == *version) {
            None => bail!(
                "it was made by a newer Glas (migration {version} is unknown to this one): \
                 restore it with that version of glas, or a later one"
            ),
            Some(known) if known.checksum.as_ref() != checksum.as_slice() => bail!(
                "its migration {version} is not this version's (another build of Glas made it)"
            ),
            Some(_) => {}
        }
    }
    Ok(applied.len())
}

async fn submissions(connection: &mut SqliteConnection) -> anyhow::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM submissions")
        .fetch_one(connection)
        .await
        .context("cannot count its submissions")
}

/// A connection to a file only this process uses: read-only and immutable, so
/// SQLite neither locks it nor leaves `-wal`/`-shm` files beside it.
async fn open_checked_copy(file: &Path) -> anyhow::Result<SqliteConnection> {
    SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .immutable(true)
        .connect()
        .await
        .map_err(not_a_database)
}

/// SQLite's "file is not a database" (`SQLITE_NOTADB`) and "disk image is
/// malformed" (`SQLITE_CORRUPT`), said for a person.
fn not_a_database(error: sqlx::Error) -> anyhow::Error {
    let code = match &error {
        sqlx::Error::Database(e) => e.code().and_then(|c| c.parse::<i32>().ok()),
        _ => None,
    };
    match code.map(|c| c & 0xff) {
        Some(26) => anyhow::anyhow!("it is not an SQLite database"),
        Some(11) => anyhow::anyhow!("it is damaged (SQLite: {error})"),
        _ => anyhow::Error::new(error).context("SQLite cannot read it"),
    }
}

/// Moves `database` and its companion files aside; returns the new name.
fn keep_aside(database: &Path) -> anyhow::Result<PathBuf> {
    let aside = aside_name(database, &timestamp());
    if aside.symlink_metadata().is_ok() {
        bail!("{} exists already: try again in a second", aside.display());
    }
    // The companions first: were the database moved alone, a crash here would
    // leave its write-ahead log beside the restored one.
    for companion in COMPANIONS {
        let from = with_suffix(database, companion);
        if from.symlink_metadata().is_ok() {
            let to = with_suffix(&aside, companion);
            std::fs::rename(&from, &to)
                .with_context(|| format!("cannot move {} to {}", from.display(), to.display()))?;
        }
    }
    std::fs::rename(database, &aside).with_context(|| {
        format!(
            "cannot move {} aside to {}",
            database.display(),
            aside.display()
        )
    })?;
    Ok(aside)
}

fn aside_name(database: &Path, time: &str) -> PathBuf {
    with_suffix(database, &format!(".before-restore-{time}"))
}

/// `path` with `suffix` after its file name, as SQLite names `-wal` files.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn parent(path: &Path) -> Option<&Path> {
    path.parent().filter(|p| !p.as_os_str().is_empty())
}

fn same_file(a: &Path, b: &Path) -> anyhow::Result<bool> {
    let (a, b) = (std::fs::metadata(a)?, std::fs::metadata(b)?);
    Ok(a.dev() == b.dev() && a.ino() == b.ino())
}

fn remove_if_present(path: &Path) -> anyhow::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Now, in UTC, for file names: `20261124T091500Z`.
fn timestamp() -> String {
    let now = OffsetDateTime::now_utc();
    now.format(time::macros::format_description!(
        "[year][month][day]T[hour][minute][second]Z"
    ))
    .expect("a UTC time formats")
}

fn mebibytes(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn utf8(path: &Path) -> anyhow::Result<&str> {
    path.to_str()
        .with_context(|| format!("{} is not a UTF-8 path", path.display()))
}

/// A file being written under a temporary name beside its destination, removed
/// unless it is given the destination's name.
struct Partial {
    path: PathBuf,
    dir: PathBuf,
}

impl Partial {
    /// `.NAME.WHAT-PID` in `destination`'s directory (absolute: SQLite would read
    /// a name starting `file:` as a URI), which must exist.
    fn beside(destination: &Path, what: &str) -> anyhow::Result<Partial> {
        let dir = parent(destination).unwrap_or(Path::new("."));
        let dir = dir
            .canonicalize()
            .with_context(|| format!("there is no directory {}", dir.display()))?;
        let name = destination
            .file_name()
            .with_context(|| format!("{} names no file", destination.display()))?;
        let path = dir.join(format!(
            ".{}.{what}-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        remove_if_present(&path)?;
        Ok(Partial { path, dir })
    }

    fn take_owner(&self, (uid, gid, mode): (u32, u32, u32)) -> anyhow::Result<()> {
        let metadata = std::fs::metadata(&self.path)?;
        if (metadata.uid(), metadata.gid()) != (uid, gid) {
            std::os::unix::fs::chown(&self.path, Some(uid), Some(gid)).with_context(|| {
                format!(
                    "cannot give the restored database the owner of the one it replaces \
                     (user {uid}, group {gid}): run glas restore as that user or as root"
                )
            })?;
        }
        std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(mode))?;
        Ok(())
    }

    /// Names the file `to`, which must not exist (a hard link fails if it does),
    /// falling back to a rename where the file system has no hard links.
    fn persist_new(self, to: &Path) -> anyhow::Result<()> {
        match std::fs::hard_link(&self.path, to) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                bail!(
                    "{} exists already: a backup never replaces a file",
                    to.display()
                )
            }
            Err(_) if to.symlink_metadata().is_err() => std::fs::rename(&self.path, to)
                .with_context(|| format!("cannot name the backup {}", to.display()))?,
            Err(e) => Err(e).with_context(|| format!("cannot name the backup {}", to.display()))?,
        }
        self.sync_dir()
    }

    /// Names the file `to` in one step, replacing whatever has the name.
    fn persist_over(self, to: &Path) -> anyhow::Result<()> {
        std::fs::rename(&self.path, to)
            .with_context(|| format!("cannot move the restored database to {}", to.display()))?;
        self.sync_dir()
    }

    /// The directory's new entry on disk, as the file's contents already are.
    fn sync_dir(&self) -> anyhow::Result<()> {
        File::open(&self.dir)?.sync_all()?;
        Ok(())
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_sqlite_url_names_its_file() {
        assert_eq!(
            sqlite_file("sqlite://data/glas.db", "backup").unwrap(),
            Path::new("data/glas.db")
        );
        assert_eq!(
            sqlite_file("sqlite:///var/lib/glas/glas.db?mode=rwc", "backup").unwrap(),
            Path::new("/var/lib/glas/glas.db")
        );
        assert!(sqlite_file("sqlite::memory:", "backup").is_err());
    }

    #[test]
    fn companions_and_the_kept_database_are_named_as_sqlite_names_them() {
        let db = Path::new("/var/lib/glas/glas.db");
        assert_eq!(
            with_suffix(db, "-wal"),
            Path::new("/var/lib/glas/glas.db-wal")
        );
        assert_eq!(
            with_suffix(&aside_name(db, "20261124T091500Z"), "-wal"),
            Path::new("/var/lib/glas/glas.db.before-restore-20261124T091500Z-wal")
        );
    }
}
