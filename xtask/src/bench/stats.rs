//! The public statistics with 10,000 and with 1,000,000 submissions received
//! over three years: the release server on each database, `/stats`,
//! `/stats.json` and `/stats.csv` requested one at a time, three ways:
//!
//! - from the server's cache, nothing changing in between;
//! - with a registration before each request, which changes no figure the page
//!   shows (so the cache should hold);
//! - with a change to what is overdue before each request
//!   (`stats_history.overdue` raised in SQL, as the desk's transaction raises
//!   it when it answers an overdue submission): the server sums what is
//!   overdue again;
//! - with a change to an ended month before each request
//!   (`stats_history.published` raised, as a desk change to an older submission
//!   raises it): the server computes the ended months' figures again from the
//!   rollups, as it does once when a month ends.
//!
//! Their cost must not grow with the table: the page reads the rollups, never
//! `submissions`.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Result, ensure};
use sqlx::{Connection, Executor, PgConnection, SqliteConnection};
use time::OffsetDateTime;
use tokio::time::Instant;

use super::database;
use super::load::{self, Latencies};
use super::seed::{self, Seed};
use super::server::{self, Server};
use super::session::Browser;
use crate::util;

/// The two databases: the same three years, a hundred times fuller.
pub const SEEDS: [Seed; 2] = [
    Seed {
        submissions: 10_000,
        days: 3 * 365,
    },
    Seed {
        submissions: 1_000_000,
        days: 3 * 365,
    },
];
/// What is requested, with the default period (the last 12 months) and every unit.
pub const PATHS: [&str; 3] = ["/stats", "/stats.json", "/stats.csv"];
/// Requests of each path before measuring, and measured (each way).
pub const WARM_UP: usize = 5;
pub const SAMPLES: usize = 200;
const READY_WITHIN: Duration = Duration::from_secs(120);
const STOP_WITHIN: Duration = Duration::from_secs(30);

/// One database's runs, smaller first.
pub struct Stats {
    pub backend: &'static str,
    pub sizes: Vec<Size>,
}

/// One size of database.
pub struct Size {
    pub seed: Seed,
    /// How long the rows took to go in (not a measurement of Glas).
    pub fill: Duration,
    /// How long `glas stats rebuild` took to count them into the rollups.
    pub rebuild: Duration,
    /// Rows in the four rollup tables afterwards.
    pub rollup_rows: i64,
    pub paths: Vec<Measured>,
}

pub struct Measured {
    pub path: &'static str,
    /// With a registration (not timed) before each request.
    pub uncached: Latencies,
    /// Again and again, nothing changing in between.
    pub cached: Latencies,
    /// With a change to what is overdue (not timed) before each request.
    pub overdue: Latencies,
    /// With a change to an ended month (not timed) before each request.
    pub recomputed: Latencies,
    /// The answer's size.
    pub bytes: usize,
}

impl Stats {
    /// `path`'s measurements at the smaller and at the larger size.
    pub fn path(&self, path: &str) -> Option<(&Measured, &Measured)> {
        fn find<'a>(size: &'a Size, path: &str) -> Option<&'a Measured> {
            size.paths.iter().find(|m| m.path == path)
        }
        Some((
            find(self.sizes.first()?, path)?,
            find(self.sizes.last()?, path)?,
        ))
    }
}

const ROLLUP_ROWS: &str = "SELECT (SELECT COUNT(*) FROM stats_received)
    + (SELECT COUNT(*) FROM stats_answered)
    + (SELECT COUNT(*) FROM stats_not_examined)
    + (SELECT COUNT(*) FROM stats_open)";

pub async fn sqlite(bin: &Path) -> Result<Stats> {
    let mut sizes = Vec::new();
    for seed in SEEDS {
        step("SQLite", seed);
        let dir = tempfile::Builder::new().prefix("glas-bench-").tempdir()?;
        let url = database::sqlite_url(dir.path(), "glas.db");
        let mut db = seed::sqlite_database(&url).await?;
        let fill = seed::fill_sqlite(&mut db, seed, OffsetDateTime::now_utc(), &[]).await?;
        let rebuild = rebuild(bin, dir.path(), &url)?;
        let rollup_rows = sqlx::query_scalar(ROLLUP_ROWS).fetch_one(&mut db).await?;
        db.close().await?;
        let paths = measure(bin, dir.path(), &url).await?;
        sizes.push(Size {
            seed,
            fill,
            rebuild,
            rollup_rows,
            paths,
        });
    }
    Ok(Stats {
        backend: "SQLite",
        sizes,
    })
}

pub async fn postgres(bin: &Path) -> Result<Stats> {
    let cluster = database::Postgres::connect().await?;
    let mut sizes = Vec::new();
    for seed in SEEDS {
        step("PostgreSQL", seed);
        let url = cluster.create("stats").await?;
        let size = async {
            let dir = tempfile::Builder::new().prefix("glas-bench-").tempdir()?;
            let mut db = seed::postgres_database(&url).await?;
            let fill = seed::fill_postgres(&mut db, seed, OffsetDateTime::now_utc(), &[]).await?;
            let rebuild = rebuild(bin, dir.path(), &url)?;
            // What autovacuum does soon after the rebuild's upserts.
            db.execute("ANALYZE").await?;
            let rollup_rows = sqlx::query_scalar(ROLLUP_ROWS).fetch_one(&mut db).await?;
            db.close().await?;
            let paths = measure(bin, dir.path(), &url).await?;
            anyhow::Ok(Size {
                seed,
                fill,
                rebuild,
                rollup_rows,
                paths,
            })
        }
        .await;
        cluster.drop("stats").await?;
        sizes.push(size?);
    }
    Ok(Stats {
        backend: "PostgreSQL",
        sizes,
    })
}

fn step(backend: &str, seed: Seed) {
    util::step(&format!(
        "Statistics on {backend}: a database of {} submissions, `glas stats rebuild`, then {}",
        seed.submissions,
        PATHS.join(", ")
    ));
}

/// Counts the submissions into the rollups as an operator would after a
/// restore, with `glas stats rebuild`; how long that took.
fn rebuild(bin: &Path, dir: &Path, url: &str) -> Result<Duration> {
    let mut command = Command::new(bin);
    command.args(["stats", "rebuild"]);
    let started = Instant::now();
    server::run(command, dir, url, None)?;
    Ok(started.elapsed())
}

/// Starts the release server on the filled database and measures each path,
/// from the cache and with a registration before each request.
async fn measure(bin: &Path, dir: &Path, url: &str) -> Result<Vec<Measured>> {
    let server = Server::start(Command::new(bin), dir, url, READY_WITHIN).await?;
    let mut reader = Browser::open(server.addr).await?;
    let mut citizen = Browser::open(server.addr).await?;
    let mut history = History::connect(url).await?;
    let submissions = load::bodies(PATHS.len() * SAMPLES)?;
    let mut submissions = submissions.iter();
    let mut measured = Vec::new();
    for path in PATHS {
        let mut bytes = 0;
        for _ in 0..WARM_UP {
            bytes = reader.page(path).await?.len();
        }
        let mut cached = Vec::with_capacity(SAMPLES);
        for _ in 0..SAMPLES {
            let start = Instant::now();
            reader.page(path).await?;
            cached.push(micros(start.elapsed()));
        }
        let mut uncached = Vec::with_capacity(SAMPLES);
        for body in submissions.by_ref().take(SAMPLES) {
            citizen
                .post_json("/api/v1/submissions", body.clone())
                .await?;
            let start = Instant::now();
            reader.page(path).await?;
            uncached.push(micros(start.elapsed()));
        }
        let mut overdue = Vec::with_capacity(SAMPLES);
        for _ in 0..SAMPLES {
            history.raise("overdue").await?;
            let start = Instant::now();
            reader.page(path).await?;
            overdue.push(micros(start.elapsed()));
        }
        let mut recomputed = Vec::with_capacity(SAMPLES);
        for _ in 0..SAMPLES {
            history.raise("published").await?;
            let start = Instant::now();
            reader.page(path).await?;
            recomputed.push(micros(start.elapsed()));
        }
        measured.push(Measured {
            path,
            uncached: Latencies::from_micros(uncached),
            cached: Latencies::from_micros(cached),
            overdue: Latencies::from_micros(overdue),
            recomputed: Latencies::from_micros(recomputed),
            bytes,
        });
    }
    server.stop(STOP_WITHIN).await?;
    Ok(measured)
}

/// A change to the statistics, as far as the server's cache can tell: a column
/// of `stats_history` raised, as the desk's transaction raises it when it moves
/// a submission between rollup rows the page shows.
enum History {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

impl History {
    async fn connect(url: &str) -> Result<History> {
        Ok(if url.starts_with("sqlite:") {
            History::Sqlite(SqliteConnection::connect(url).await?)
        } else {
            History::Postgres(PgConnection::connect(url).await?)
        })
    }

    /// Raises `column` (`published` or `overdue`).
    async fn raise(&mut self, column: &str) -> Result<()> {
        let raise = format!("UPDATE stats_history SET {column} = {column} + 1 WHERE id = 1");
        let raised = match self {
            History::Sqlite(db) => db.execute(raise.as_str()).await?.rows_affected(),
            History::Postgres(db) => db.execute(raise.as_str()).await?.rows_affected(),
        };
        ensure!(raised == 1, "no stats_history row to raise");
        Ok(())
    }
}

fn micros(d: Duration) -> u32 {
    u32::try_from(d.as_micros()).unwrap_or(u32::MAX)
}
