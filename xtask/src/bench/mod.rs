//! `cargo xtask bench`: ingest capacity and latency of the release server on
//! SQLite and PostgreSQL against a real client in another process, the
//! database's own ceiling next to it, a profile of where the server's time goes,
//! the staff desk's inbox with 1,000,000 submissions in the database, the public
//! statistics with 10,000 and 1,000,000, and the widget's bytes and time to
//! interactive. Writes BENCHMARKS.md.
//!
//! Every loop has a count and a time limit: the whole run takes a few minutes.
//! Nothing here runs in `cargo xtask test`.

mod ceiling;
mod database;
mod inbox;
mod ingest;
mod load;
mod machine;
mod profile;
mod report;
mod seed;
mod server;
mod session;
mod stats;
mod widget;

use std::time::Instant;

use anyhow::Result;

use crate::util::{self, Cmd};

const COMMAND: &str = "cargo xtask bench";

/// `part`: `None` for the whole run, `Some("inbox")` or `Some("stats")` for
/// that part alone.
pub fn run(part: Option<&str>) -> Result<()> {
    if cfg!(debug_assertions) {
        return run_optimised(part);
    }
    match part {
        None => run_all(),
        Some("inbox") => run_inbox(),
        Some("stats") => run_stats(),
        Some(other) => {
            anyhow::bail!("cargo xtask bench: no part called {other:?} (try: inbox, stats)")
        }
    }
}

/// The inbox alone, printed: for working on the desk's queries.
fn run_inbox() -> Result<()> {
    let bin = server::build_release()?;
    let inboxes = runtime()?.block_on(async {
        let sqlite = inbox::sqlite(&bin).await?;
        let postgres = inbox::postgres(&bin).await.map_err(|e| format!("{e:#}"));
        anyhow::Ok((sqlite, postgres))
    })?;
    let mut out = String::new();
    report::inbox_section(&mut out, &inboxes.0, &inboxes.1)?;
    print!("{out}");
    Ok(())
}

/// The statistics alone, printed: for working on the public page.
fn run_stats() -> Result<()> {
    let bin = server::build_release()?;
    let stats = runtime()?.block_on(async {
        let sqlite = stats::sqlite(&bin).await?;
        let postgres = stats::postgres(&bin).await.map_err(|e| format!("{e:#}"));
        anyhow::Ok((sqlite, postgres))
    })?;
    let mut out = String::new();
    report::stats_section(&mut out, &stats.0, &stats.1)?;
    print!("{out}");
    Ok(())
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

fn run_all() -> Result<()> {
    let started = Instant::now();
    let machine = machine::Machine::detect()?;
    let built = crate::widget::build()?;
    let dist = &built.dist;
    let bin = server::build_release()?;
    let (sqlite, postgres, profile, inbox, stats, widget) = runtime()?.block_on(async {
        let sqlite = ingest::sqlite(&bin).await?;
        let postgres = ingest::postgres(&bin).await?;
        let profile = profile::run(&bin).await?;
        let inbox_sqlite = inbox::sqlite(&bin).await?;
        let inbox_postgres = inbox::postgres(&bin).await.map_err(|e| format!("{e:#}"));
        let stats_sqlite = stats::sqlite(&bin).await?;
        let stats_postgres = stats::postgres(&bin).await.map_err(|e| format!("{e:#}"));
        let widget = widget::measure(&bin, dist, &built.toolchain).await?;
        anyhow::Ok((
            sqlite,
            postgres,
            profile,
            (inbox_sqlite, inbox_postgres),
            (stats_sqlite, stats_postgres),
            widget,
        ))
    })?;
    let path = util::root().join("BENCHMARKS.md");
    report::write(
        &path,
        &report::Report {
            command: COMMAND,
            machine: &machine,
            sqlite: &sqlite,
            postgres: &postgres,
            profile: &profile,
            inbox: (&inbox.0, &inbox.1),
            stats: (&stats.0, &stats.1),
            widget: &widget,
            took: started.elapsed(),
        },
    )?;
    util::step(&format!("Wrote {}", path.display()));
    Ok(())
}

/// The load generator and the ceiling share the machine with the server: built
/// without optimisation (as `cargo xtask` is), they would be the bottleneck and
/// understate both. So the bench runs from an optimised build of this crate
/// (without LTO, which would only make the build slower).
fn run_optimised(part: Option<&str>) -> Result<()> {
    util::step("Building xtask with optimisations for the benchmarks");
    util::cargo(&["build", "--release", "--locked", "-p", "xtask"])
        .args(["--config", "profile.release.lto=false"])
        .args(["--config", "profile.release.codegen-units=16"])
        .run()?;
    Cmd::new(util::target_dir()?.join("release/xtask"))
        .args(["bench"])
        .args(part)
        .run()
}
