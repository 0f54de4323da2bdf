//! Ingest: the release server in its own process on a fresh database, driven
//! by the load generator — first closed-loop (capacity at 64 clients), then
//! open-loop at a fixed offered rate (latency without coordinated omission) —
//! and next to it the database's ceiling on the rows the run registered.

use std::future::Future;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::Result;
use tokio::time::Instant;

use super::ceiling::{self, Ceiling, ROWS_PER_STATEMENT};
use super::database::{self, Postgres};
use super::load::{self, Outcome};
use super::machine::{CpuTime, SyncCounter};
use super::server::Server;
use crate::util;

/// Simulated clients: one keep-alive connection each.
pub const CLIENTS: usize = 64;
/// Closed loop before measuring: connections, caches, the database's first pages.
pub const WARM_UP: Duration = Duration::from_secs(3);
const WARM_UP_MAX: usize = 50_000;
pub const CLOSED_FOR: Duration = Duration::from_secs(10);
const CLOSED_MAX: usize = 250_000;
/// The offered load of the latency run, per second.
pub const OPEN_RATE: f64 = 2_000.0;
pub const OPEN_FOR: Duration = Duration::from_secs(15);
/// How long after its last scheduled time an open-loop run may still send.
const OPEN_GRACE: Duration = Duration::from_secs(10);
const READY_WITHIN: Duration = Duration::from_secs(60);
const STOP_WITHIN: Duration = Duration::from_secs(30);

pub struct Ingest {
    pub backend: &'static str,
    /// What makes a commit durable there, as `(setting, value)`.
    pub durability: Vec<(String, String)>,
    /// The warm-up: the same closed loop on a new, empty database.
    pub warm_up: Outcome,
    pub closed: Measured,
    pub open: Measured,
    /// Multi-row `INSERT`s: the database's own limit.
    pub ceiling: Ceiling,
    /// One `INSERT` per row, as the server issues them.
    pub per_row: Ceiling,
}

impl Ingest {
    /// The server's capacity as a share of the ceiling.
    pub fn ratio(&self) -> f64 {
        self.closed.outcome.per_second() / self.ceiling.per_second()
    }
}

/// A load run with the CPU each side used meanwhile.
pub struct Measured {
    pub outcome: Outcome,
    pub wall: Duration,
    /// This process: the load generator.
    pub client: CpuTime,
    pub server: CpuTime,
    /// PostgreSQL's processes, when the database is not inside the server.
    pub database: Option<CpuTime>,
    /// `fsync` and `fdatasync` calls on the machine meanwhile, where perf can count them.
    pub syncs: Option<u64>,
}

pub async fn sqlite(bin: &Path) -> Result<Ingest> {
    util::step("Ingest on SQLite");
    let dir = tempfile::Builder::new().prefix("glas-bench-").tempdir()?;
    let url = database::sqlite_url(dir.path(), "glas.db");
    let server = Server::start(Command::new(bin), dir.path(), &url, READY_WITHIN).await?;
    let (warm_up, closed, open) = drive(&server, false).await?;
    server.stop(STOP_WITHIN).await?;

    util::step("Ceiling on SQLite: the same rows, one process, 1,000 per transaction");
    let target = |name| database::sqlite_url(dir.path(), name);
    let ceiling = ceiling::sqlite(&url, &target("ceiling.db"), ROWS_PER_STATEMENT).await?;
    print_ceiling("multi-row INSERTs", &ceiling);
    let per_row = ceiling::sqlite(&url, &target("per-row.db"), 1).await?;
    print_ceiling("one INSERT per row", &per_row);
    Ok(Ingest {
        backend: "SQLite",
        durability: vec![
            ("journal_mode".into(), "WAL".into()),
            ("synchronous".into(), "FULL".into()),
        ],
        warm_up,
        closed,
        open,
        ceiling,
        per_row,
    })
}

/// The same on PostgreSQL, or why it was skipped.
pub async fn postgres(bin: &Path) -> Result<Result<Ingest, String>> {
    util::step("Ingest on PostgreSQL");
    for (needed, what) in [("server/migrations/postgres", "PostgreSQL migrations")] {
        if !util::root().join(needed).exists() {
            let why = format!("skipped: {needed} does not exist (no {what} yet)");
            eprintln!("{why}");
            return Ok(Err(why));
        }
    }
    let cluster = match Postgres::connect().await {
        Ok(cluster) => cluster,
        Err(e) => {
            let why = format!("skipped: {e:#}");
            eprintln!("{why}");
            return Ok(Err(why));
        }
    };
    let durability = cluster.settings().await?;
    let result = async {
        let run = cluster.create("run").await?;
        let dir = tempfile::Builder::new().prefix("glas-bench-").tempdir()?;
        let server = Server::start(Command::new(bin), dir.path(), &run, READY_WITHIN).await?;
        let (warm_up, closed, open) = drive(&server, true).await?;
        server.stop(STOP_WITHIN).await?;
        util::step("Ceiling on PostgreSQL: the same rows, one process, 1,000 per transaction");
        let target = cluster.create("ceiling").await?;
        let ceiling = ceiling::postgres(&run, &target, ROWS_PER_STATEMENT).await?;
        print_ceiling("multi-row INSERTs", &ceiling);
        let target = cluster.create("per_row").await?;
        let per_row = ceiling::postgres(&run, &target, 1).await?;
        print_ceiling("one INSERT per row", &per_row);
        anyhow::Ok(Ingest {
            backend: "PostgreSQL",
            durability,
            warm_up,
            closed,
            open,
            ceiling,
            per_row,
        })
    }
    .await;
    // Dropped whatever happened above.
    for label in ["run", "ceiling", "per_row"] {
        cluster.drop(label).await?;
    }
    result.map(Ok)
}

/// Warm-up, the closed-loop run and the open-loop run against `server`.
async fn drive(server: &Server, postgres: bool) -> Result<(Outcome, Measured, Measured)> {
    eprintln!("warming up: {CLIENTS} clients, closed loop, {WARM_UP:?}");
    let warm_up =
        load::closed_loop(server.addr, load::bodies(WARM_UP_MAX)?, CLIENTS, WARM_UP).await?;
    eprintln!("  {:.0} accepted/s", warm_up.per_second());

    eprintln!("closed loop: {CLIENTS} clients, {CLOSED_FOR:?}");
    let bodies = load::bodies(CLOSED_MAX)?;
    let closed = measure(
        server,
        postgres,
        load::closed_loop(server.addr, bodies, CLIENTS, CLOSED_FOR),
    )
    .await?;
    print_run(&closed);

    eprintln!("open loop: {OPEN_RATE}/s offered for {OPEN_FOR:?} over {CLIENTS} connections");
    let bodies = load::bodies((OPEN_RATE * OPEN_FOR.as_secs_f64()) as usize)?;
    let open = measure(
        server,
        postgres,
        load::open_loop(
            server.addr,
            bodies,
            CLIENTS,
            OPEN_RATE,
            OPEN_FOR,
            OPEN_GRACE,
        ),
    )
    .await?;
    print_run(&open);
    Ok((warm_up, closed, open))
}

async fn measure(
    server: &Server,
    postgres: bool,
    run: impl Future<Output = Result<Outcome>>,
) -> Result<Measured> {
    let database = || postgres.then(CpuTime::of_postgres).transpose();
    let syncs = SyncCounter::start().await;
    let (client, srv, db) = (
        CpuTime::this_process()?,
        CpuTime::of(server.pid())?,
        database()?,
    );
    let start = Instant::now();
    let outcome = run.await?;
    let wall = start.elapsed();
    let (client, srv, db) = (
        CpuTime::this_process()? - client,
        CpuTime::of(server.pid())? - srv,
        database()?.zip(db).map(|(after, before)| after - before),
    );
    let syncs = match syncs {
        Some(counter) => counter.stop().await,
        None => None,
    };
    Ok(Measured {
        outcome,
        wall,
        client,
        server: srv,
        database: db,
        syncs,
    })
}

fn print_run(m: &Measured) {
    let o = &m.outcome;
    eprintln!(
        "  {} accepted in {:.1?}: {:.0}/s; p50 {:.1?}, p99 {:.1?}, max {:.1?}; not 2xx {:?}, no answer {}, unsent {}",
        o.accepted(),
        o.elapsed,
        o.per_second(),
        o.latencies.quantile(0.50),
        o.latencies.quantile(0.99),
        o.latencies.max(),
        o.not_2xx().collect::<Vec<_>>(),
        o.failures,
        o.unsent,
    );
    eprintln!(
        "  CPU (cores busy): client {:.2}, server {:.2}{}; {} fsync/fdatasync calls",
        m.client.cores_busy(m.wall),
        m.server.cores_busy(m.wall),
        m.database
            .map(|d| format!(", PostgreSQL {:.2}", d.cores_busy(m.wall)))
            .unwrap_or_default(),
        m.syncs.map_or("uncounted".into(), |n| n.to_string()),
    );
}

fn print_ceiling(how: &str, c: &Ceiling) {
    eprintln!(
        "  {how}: {} submissions in {:.1?}: {:.0}/s",
        c.submissions,
        c.elapsed,
        c.per_second()
    );
}
