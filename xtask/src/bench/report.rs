//! BENCHMARKS.md: every number of a run, with the machine, the date, the exact
//! command and how each number was measured, so that the next run can be compared.

use std::fmt::Write;
use std::path::Path;
use std::time::Duration;

use anyhow::Result;

use super::ceiling::Ceiling;
use super::ceiling::{ROWS_PER_STATEMENT, ROWS_PER_TRANSACTION};
use super::inbox::{self, Inbox};
use super::ingest::{CLIENTS, CLOSED_FOR, Ingest, Measured, OPEN_FOR, OPEN_RATE, WARM_UP};
use super::machine::Machine;
use super::profile::{self, Profile};
use super::stats::{self, Stats};
use super::widget::{self, Fetch, Widget};
use crate::util::Cmd;
use crate::widget::{
    BEFORE_OPENING_BUDGET, BEFORE_OPENING_CEILING, LOADER_BUDGET, OPEN_WIDGET_BUDGET,
    OPEN_WIDGET_CEILING, before_opening, open_widget,
};

/// Accepted submissions per second on SQLite at 64 clients.
const CAPACITY_TARGET: f64 = 5_000.0;
/// p99 latency on SQLite at the fixed offered load.
const P99_TARGET: Duration = Duration::from_millis(50);
/// p99 of the inbox's first page, any filter, with 1,000,000 submissions (SQLite).
const INBOX_P99_TARGET: Duration = Duration::from_millis(50);
/// p99 of `/stats` with 1,000,000 submissions, whatever changed before it, and
/// from the cache.
const STATS_P99_TARGET: Duration = Duration::from_millis(10);
const STATS_CACHED_P99_TARGET: Duration = Duration::from_millis(2);
/// How much dearer `/stats` may be at 1,000,000 submissions than at 10,000.
const STATS_GROWTH_TARGET: f64 = 2.0;

pub struct Report<'a> {
    pub command: &'a str,
    pub machine: &'a Machine,
    pub sqlite: &'a Ingest,
    /// Or why it was skipped.
    pub postgres: &'a Result<Ingest, String>,
    pub profile: &'a Profile,
    /// SQLite's, and PostgreSQL's or why it failed.
    pub inbox: (&'a Inbox, &'a Result<Inbox, String>),
    /// The same for the statistics.
    pub stats: (&'a Stats, &'a Result<Stats, String>),
    pub widget: &'a Widget,
    pub took: Duration,
}

pub fn write(path: &Path, report: &Report) -> Result<()> {
    let mut out = String::new();
    render(&mut out, report)?;
    std::fs::write(path, out)?;
    Ok(())
}

fn render(out: &mut String, r: &Report) -> Result<()> {
    let m = r.machine;
    let now = time::OffsetDateTime::now_utc().format(time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute] UTC"
    ))?;
    writeln!(out, "# Benchmarks\n")?;
    writeln!(
        out,
        "Written by `{}` (it took {:.1} minutes); do not edit by hand, run it again.\n",
        r.command,
        r.took.as_secs_f64() / 60.0
    )?;
    writeln!(out, "- **Date:** {now}")?;
    writeln!(out, "- **Command:** `{}`", r.command)?;
    writeln!(out, "- **Code:** {}", commit())?;
    writeln!(
        out,
        "- **Machine:** {} cores ({}), {:.1} GiB memory, Linux {}, {}",
        m.cores, m.cpu, m.memory_gib, m.kernel, m.os
    )?;
    writeln!(
        out,
        "- **Disk:** a 4 KiB append and `fdatasync` in the temporary directory take {} \
         (p50), {} (p99): the floor under every durable commit",
        ms(m.sync.p50),
        ms(m.sync.p99)
    )?;
    writeln!(
        out,
        "- The server, the load generator, the database and the browser share these \
         {} cores; the CPU each used is reported next to its numbers.\n",
        m.cores
    )?;

    targets(out, r)?;
    ingest_section(out, r)?;
    profile_section(out, r.profile)?;
    inbox_section(out, r.inbox.0, r.inbox.1)?;
    stats_section(out, r.stats.0, r.stats.1)?;
    widget_section(out, r.widget)?;
    Ok(())
}

fn targets(out: &mut String, r: &Report) -> Result<()> {
    let s = r.sqlite;
    let w = r.widget;
    let loader = w.files[0].gzip;
    let before = before_opening(&w.files, |f| f.gzip);
    let open = open_widget(&w.files, |f| f.gzip);
    let interactive = median(w.browser.runs.iter().map(|run| run.interactive_ms));
    let p99 = s.open.outcome.latencies.quantile(0.99);
    writeln!(out, "## Targets\n")?;
    writeln!(out, "| target | budget | measured | met |")?;
    writeln!(out, "|---|---|---|---|")?;
    let mut row = |what: &str, budget: String, measured: String, met: bool| {
        writeln!(
            out,
            "| {what} | {budget} | {measured} | {} |",
            if met { "yes" } else { "**no**" }
        )
    };
    row(
        &format!("Ingest capacity, SQLite, {CLIENTS} clients"),
        format!("≥ {} accepted/s", thousands(CAPACITY_TARGET as u64)),
        format!("{}/s", thousands(s.closed.outcome.per_second() as u64)),
        s.closed.outcome.per_second() >= CAPACITY_TARGET,
    )?;
    row(
        &format!(
            "Ingest p99, SQLite, {}/s offered",
            thousands(OPEN_RATE as u64)
        ),
        format!("< {} ms", P99_TARGET.as_millis()),
        ms(p99),
        p99 < P99_TARGET && s.open.outcome.unsent == 0,
    )?;
    let inbox = r.inbox.0.worst_p99();
    row(
        &format!(
            "Staff desk inbox, first page p99, slowest of {} filters, SQLite, {} submissions",
            inbox::PAGES.len(),
            thousands(inbox::SEED.submissions as u64)
        ),
        format!("≤ {} ms", INBOX_P99_TARGET.as_millis()),
        ms(inbox),
        inbox <= INBOX_P99_TARGET,
    )?;
    if let Some((small, large)) = r.stats.0.path("/stats") {
        let size = thousands(stats::SEEDS[1].submissions as u64);
        let ways: [(&str, Way, Duration); 4] = [
            ("from the cache", |m| &m.cached, STATS_CACHED_P99_TARGET),
            ("after a registration", |m| &m.uncached, STATS_P99_TARGET),
            (
                "after a change to what is overdue",
                |m| &m.overdue,
                STATS_P99_TARGET,
            ),
            (
                "after a change to an ended month",
                |m| &m.recomputed,
                STATS_P99_TARGET,
            ),
        ];
        for (way, latencies, target) in ways {
            let p99 = latencies(large).quantile(0.99);
            row(
                &format!("`/stats` p99 {way}, SQLite, {size} submissions"),
                format!("≤ {} ms", target.as_millis()),
                ms(p99),
                p99 <= target,
            )?;
        }
        for (way, latencies, _) in ways {
            let growth = ratio(
                latencies(small).quantile(0.5),
                latencies(large).quantile(0.5),
            );
            row(
                &format!(
                    "`/stats` p50 {way}: at {size} over at {} submissions, SQLite",
                    thousands(stats::SEEDS[0].submissions as u64)
                ),
                format!("≤ {STATS_GROWTH_TARGET:.0}×"),
                format!("{growth:.2}×"),
                growth <= STATS_GROWTH_TARGET,
            )?;
        }
    }
    row(
        "Loader (`glas.js`), gzip",
        format!("≤ {} B", thousands(LOADER_BUDGET)),
        format!("{} B", thousands(loader)),
        loader <= LOADER_BUDGET,
    )?;
    row(
        "Before the widget is opened (loader and launcher stylesheet), gzip",
        format!("≤ {} B", thousands(BEFORE_OPENING_BUDGET)),
        format!("{} B", thousands(before)),
        before <= BEFORE_OPENING_BUDGET,
    )?;
    row(
        "Open widget, all files, gzip",
        format!("≤ {} B", thousands(OPEN_WIDGET_BUDGET)),
        format!(
            "{} B ({:.2}× the budget)",
            thousands(open),
            open as f64 / OPEN_WIDGET_BUDGET as f64
        ),
        open <= OPEN_WIDGET_BUDGET,
    )?;
    row(
        &format!(
            "Click to interactive, CPU {}× slower (median)",
            w.browser.throttle
        ),
        format!("≤ {} ms", widget::INTERACTIVE_BUDGET.as_millis()),
        format!("{interactive:.0} ms"),
        interactive <= widget::INTERACTIVE_BUDGET.as_secs_f64() * 1000.0,
    )?;
    writeln!(
        out,
        "\n`cargo xtask test` fails when the loader is over its budget, what a page downloads \
         before the widget is opened over its ceiling of {} B gzip, or the open widget over its \
         ceiling of {} B gzip: ratchets that hold the widget to its last measurements until it \
         meets its budgets; the budgets themselves are checked here. Times are only reported.\n",
        thousands(BEFORE_OPENING_CEILING),
        thousands(OPEN_WIDGET_CEILING)
    )?;
    Ok(())
}

fn ingest_section(out: &mut String, r: &Report) -> Result<()> {
    let mut runs = vec![r.sqlite];
    writeln!(out, "## Ingest: `POST /api/v1/submissions`\n")?;
    writeln!(
        out,
        "The release server (`cargo build --release -p glas-server`) runs as its own process on a \
         free loopback port with a fresh database and its default settings (log filter \
         `info,sqlx=warn`, to a file). The load generator is `cargo xtask bench` itself, an \
         optimised build: tokio and hyper, HTTP/1.1 keep-alive, one connection per client. \
         Every request posts a new valid submission with a fresh UUID v4, in turn an anonymous \
         praise, an anonymous comment and a named complaint with an email; the bodies are made \
         before the clock starts. Only `201 Created` counts as accepted; anything else is listed.\n"
    )?;
    writeln!(
        out,
        "- **Capacity** (closed loop): after a {}-second warm-up, {CLIENTS} clients each send \
         their next request as soon as the last is answered, for {} seconds. Latency is from \
         send to answer.",
        WARM_UP.as_secs(),
        CLOSED_FOR.as_secs()
    )?;
    writeln!(
        out,
        "- **Latency at a fixed load** (open loop): requests scheduled at a constant {}/s for {} \
         seconds, each taken by whichever of the {CLIENTS} connections is free. Latency is from \
         the *scheduled* send time, so queueing anywhere (in the server, or for a free \
         connection) is counted, not hidden (no coordinated omission).",
        thousands(OPEN_RATE as u64),
        OPEN_FOR.as_secs()
    )?;
    writeln!(
        out,
        "- **Ceiling**: the rows the server registered in this run, inserted again by one process \
         (sqlx, one connection) into a fresh database with the server's migrations and the same \
         durability, {} submissions per transaction, the year's counter moved once per \
         transaction; no HTTP, no JSON, no look-ups. The ceiling proper uses multi-row `INSERT`s \
         ({} rows per statement); the same with one `INSERT` per submission and per author shows \
         what issuing statements one by one through sqlx costs. (The server's group commit \
         issues, per group, one look-up of the ids already stored, one counter update per year \
         and one multi-row `INSERT` per table.)",
        thousands(ROWS_PER_TRANSACTION as u64),
        ROWS_PER_STATEMENT
    )?;
    writeln!(
        out,
        "- **CPU** is each process's user + system time from `/proc` during the run, in cores \
         busy (1.00 = one core all the time). **Syncs** are the `fsync` and `fdatasync` calls \
         on the whole machine during the run (`perf stat` on the syscall tracepoints): about \
         one per durable commit (checkpoints add a few), so accepted per sync is a floor \
         on the mean number of submissions per commit.\n"
    )?;

    let postgres_note = match r.postgres {
        Ok(pg) => {
            runs.push(pg);
            None
        }
        Err(why) => Some(why),
    };
    let header: Vec<&str> = runs.iter().map(|i| i.backend).collect();
    writeln!(out, "| | {} |", header.join(" | "))?;
    writeln!(out, "|---|{}", "---|".repeat(runs.len()))?;
    let mut row = |label: &str, cell: &dyn Fn(&Ingest) -> String| {
        let cells: Vec<String> = runs.iter().map(|i| cell(i)).collect();
        writeln!(out, "| {label} | {} |", cells.join(" | "))
    };
    row("database, durability", &|i| {
        let pairs: Vec<String> = i
            .durability
            .iter()
            .map(|(k, v)| format!("`{k}={v}`"))
            .collect();
        pairs.join(", ")
    })?;
    row(
        &format!("**capacity**, {CLIENTS} clients: accepted/s"),
        &|i| format!("**{}**", thousands(i.closed.outcome.per_second() as u64)),
    )?;
    row("  latency p50 / p99 / max", &|i| {
        latencies(&i.closed, &[0.5, 0.99])
    })?;
    row("  the same in the warm-up, from an empty database", &|i| {
        format!("{}/s", thousands(i.warm_up.per_second() as u64))
    })?;
    row("  accepted / not 2xx / no answer", &|i| answers(&i.closed))?;
    row("  CPU, cores busy", &|i| cpu(&i.closed))?;
    row("  syncs/s (accepted per sync)", &|i| syncs(&i.closed))?;
    row("**ceiling**: submissions/s", &|i| {
        format!("**{}**", ceiling(&i.ceiling))
    })?;
    row("  one `INSERT` per row", &|i| ceiling(&i.per_row))?;
    row("**capacity ÷ ceiling**", &|i| {
        format!("**{:.2}**", i.ratio())
    })?;
    row(
        &format!("**{}/s offered**: accepted/s", thousands(OPEN_RATE as u64)),
        &|i| thousands(i.open.outcome.per_second() as u64),
    )?;
    row("  latency p50 / p99 / p99.9 / max", &|i| {
        format!("**{}**", latencies(&i.open, &[0.5, 0.99, 0.999]))
    })?;
    row("  accepted / not 2xx / no answer / unsent", &|i| {
        format!("{} / {}", answers(&i.open), i.open.outcome.unsent)
    })?;
    row("  CPU, cores busy", &|i| cpu(&i.open))?;
    row("  syncs/s (accepted per sync)", &|i| syncs(&i.open))?;
    if let Some(why) = postgres_note {
        writeln!(out, "\nPostgreSQL: {why}")?;
    }
    writeln!(out)?;
    Ok(())
}

/// The staff desk's inbox: each filter's first page on each database.
pub fn inbox_section(
    out: &mut String,
    sqlite: &Inbox,
    postgres: &Result<Inbox, String>,
) -> Result<()> {
    writeln!(
        out,
        "## Staff desk: the inbox with {} submissions\n",
        thousands(inbox::SEED.submissions as u64)
    )?;
    writeln!(
        out,
        "The release server on a database holding {} submissions received evenly over the \
         last five years (a fixed pseudo-random sequence: kinds, channels, units, flags and \
         assignees in a busy municipality's proportions; most answered within their term, a \
         fifth late, 1.5 % never closed), put in with SQL before the server starts; accounts \
         added with `glas user add`. A supervisor (every unit, the corruption permission) \
         and a clerk of one unit sign in through the login form; each filter's first page \
         (`GET /desk?…`: the page's rows, the counts of every quick filter and the HTML) is \
         requested {} times after {} unmeasured, one at a time on a keep-alive connection. \
         Latency is from send to the whole answer read.\n",
        thousands(inbox::SEED.submissions as u64),
        inbox::SAMPLES,
        inbox::WARM_UP,
    )?;
    let mut runs = vec![sqlite];
    if let Ok(pg) = postgres {
        runs.push(pg);
    }
    for run in &runs {
        writeln!(
            out,
            "- {}: {} open, {} of them overdue; filled in {:.0} s.",
            run.backend,
            thousands(run.open as u64),
            thousands(run.overdue as u64),
            run.fill.as_secs_f64()
        )?;
    }
    writeln!(out)?;
    let header: Vec<String> = runs
        .iter()
        .map(|r| format!("{} p50 / p99", r.backend))
        .collect();
    writeln!(
        out,
        "| who | filter | query | {} | page |",
        header.join(" | ")
    )?;
    writeln!(out, "|---|---|---|{}---:|", "---:|".repeat(runs.len()))?;
    for (i, page) in sqlite.pages.iter().enumerate() {
        let cells: Vec<String> = runs
            .iter()
            .map(|r| {
                let p = &r.pages[i].latencies;
                format!("{} / {}", ms(p.quantile(0.5)), ms(p.quantile(0.99)))
            })
            .collect();
        let query = if page.query.is_empty() {
            "`/desk`".to_owned()
        } else {
            format!("`?{}`", page.query)
        };
        writeln!(
            out,
            "| {} | {} | {query} | {} | {} KiB |",
            page.who.label(),
            page.label,
            cells.join(" | "),
            page.bytes / 1024
        )?;
    }
    if let Err(why) = postgres {
        writeln!(out, "\nPostgreSQL: {why}")?;
    }
    writeln!(out)?;
    Ok(())
}

/// The public statistics at two sizes on each database.
pub fn stats_section(
    out: &mut String,
    sqlite: &Stats,
    postgres: &Result<Stats, String>,
) -> Result<()> {
    let [small, large] = stats::SEEDS;
    writeln!(
        out,
        "## Public statistics with {} and {} submissions\n",
        thousands(small.submissions as u64),
        thousands(large.submissions as u64)
    )?;
    writeln!(
        out,
        "The release server on a database holding {} and then {} submissions received evenly \
         over the last three years (the inbox's pseudo-random sequence), put in with SQL and \
         counted into the rollups with `glas stats rebuild`. Each path, with the default period \
         (the last 12 whole months) and every unit, is requested {} times after {} unmeasured, \
         one at a time on a keep-alive connection, three ways:\n\n\
         - *from the cache*: nothing changes in between;\n\
         - *after a registration*: a submission is registered (not timed) before each request; \
         it changes no figure the page shows (this month has not ended, and it is not due yet), \
         so the cache holds;\n\
         - *after a change to what is overdue*: `stats_history.overdue` is raised in SQL before \
         each request, as the desk's transaction raises it when it answers an overdue \
         submission, so the server sums what is overdue today again;\n\
         - *after a change to an ended month*: `stats_history.published` is raised before each \
         request, as a desk change to a submission received in an ended month raises it, so the \
         server computes every figure of the ended months again from the rollups (as it does \
         once when a month ends).\n\n\
         Latency is from send to the whole answer read. *Growth* is the larger database's p50 \
         over the smaller's.\n",
        thousands(small.submissions as u64),
        thousands(large.submissions as u64),
        stats::SAMPLES,
        stats::WARM_UP,
    )?;
    let mut runs = vec![sqlite];
    if let Ok(pg) = postgres {
        runs.push(pg);
    }
    for run in &runs {
        for size in &run.sizes {
            writeln!(
                out,
                "- {}, {} submissions: filled in {:.1} s; `glas stats rebuild` took {:.1} s and \
                 left {} rollup rows.",
                run.backend,
                thousands(size.seed.submissions as u64),
                size.fill.as_secs_f64(),
                size.rebuild.as_secs_f64(),
                thousands(size.rollup_rows as u64)
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "| database | path | submissions | from the cache p50 / p99 | after a registration p50 / p99 | \
         after a change to what is overdue p50 / p99 | after a change to an ended month p50 / p99 | answer |"
    )?;
    writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|")?;
    for run in &runs {
        for path in stats::PATHS {
            for size in &run.sizes {
                let Some(m) = size.paths.iter().find(|m| m.path == path) else {
                    continue;
                };
                let cell = |l: &super::load::Latencies| {
                    format!("{} / {}", ms(l.quantile(0.5)), ms(l.quantile(0.99)))
                };
                writeln!(
                    out,
                    "| {} | `{path}` | {} | {} | {} | {} | {} | {} KiB |",
                    run.backend,
                    thousands(size.seed.submissions as u64),
                    cell(&m.cached),
                    cell(&m.uncached),
                    cell(&m.overdue),
                    cell(&m.recomputed),
                    m.bytes / 1024
                )?;
            }
            if let Some((small, large)) = run.path(path) {
                let growth = |l: fn(&stats::Measured) -> &super::load::Latencies| {
                    ratio(l(small).quantile(0.5), l(large).quantile(0.5))
                };
                writeln!(
                    out,
                    "| {} | `{path}` | growth | {:.2}× | {:.2}× | {:.2}× | {:.2}× | |",
                    run.backend,
                    growth(|m| &m.cached),
                    growth(|m| &m.uncached),
                    growth(|m| &m.overdue),
                    growth(|m| &m.recomputed),
                )?;
            }
        }
    }
    if let Err(why) = postgres {
        writeln!(out, "\nPostgreSQL: {why}")?;
    }
    writeln!(out)?;
    Ok(())
}

/// One of the ways the statistics bench requests a page.
type Way = fn(&stats::Measured) -> &super::load::Latencies;

fn ratio(small: Duration, large: Duration) -> f64 {
    large.as_secs_f64() / small.as_secs_f64().max(1e-9)
}

fn ceiling(c: &Ceiling) -> String {
    format!(
        "{} ({} in {:.1} s)",
        thousands(c.per_second() as u64),
        thousands(c.submissions as u64),
        c.elapsed.as_secs_f64()
    )
}

fn latencies(m: &Measured, quantiles: &[f64]) -> String {
    let l = &m.outcome.latencies;
    let mut parts: Vec<String> = quantiles.iter().map(|q| ms(l.quantile(*q))).collect();
    parts.push(ms(l.max()));
    parts.join(" / ")
}

fn answers(m: &Measured) -> String {
    let o = &m.outcome;
    let not_2xx: Vec<String> = o.not_2xx().map(|(s, n)| format!("{n}×{s}")).collect();
    format!(
        "{} / {} / {}",
        thousands(o.accepted() as u64),
        if not_2xx.is_empty() {
            "0".into()
        } else {
            not_2xx.join(", ")
        },
        o.failures
    )
}

fn syncs(m: &Measured) -> String {
    match m.syncs {
        Some(n) => format!(
            "{} ({:.1})",
            thousands((n as f64 / m.wall.as_secs_f64()) as u64),
            m.outcome.accepted() as f64 / n.max(1) as f64
        ),
        None => "not counted (no perf)".into(),
    }
}

fn cpu(m: &Measured) -> String {
    let mut parts = vec![
        format!("client {:.2}", m.client.cores_busy(m.wall)),
        format!(
            "server {:.2} ({:.0} % in the kernel)",
            m.server.cores_busy(m.wall),
            100.0 * m.server.system.as_secs_f64()
                / m.server.total().as_secs_f64().max(f64::EPSILON)
        ),
    ];
    if let Some(db) = m.database {
        parts.push(format!("PostgreSQL {:.2}", db.cores_busy(m.wall)));
    }
    parts.join(", ")
}

fn profile_section(out: &mut String, profile: &Profile) -> Result<()> {
    writeln!(out, "## Where the server's time goes\n")?;
    writeln!(
        out,
        "On SQLite, {} clients in a closed loop, the release server (symbols, no debug \
         information) on a fresh database.\n",
        profile::CLIENTS
    )?;
    writeln!(out, "### All of its CPU, sampled\n")?;
    match &profile.sampled {
        Err(why) => writeln!(out, "No samples: {why}\n")?,
        Ok(p) => {
            writeln!(
                out,
                "`perf record -e cpu-clock` (a software event: no hardware counters needed) on \
                 the server's process for {} seconds, after {} seconds of the same load to grow \
                 the database; {} accepted/s meanwhile (sampling costs the server a little). \
                 Shares of all samples, user and kernel; the kernel cuts thread names at 15 \
                 characters. In a VM, the time of switching threads and waking them up lands \
                 in `finish_task_switch` and `_raw_spin_unlock_irq*`.\n",
                profile::SAMPLE_FOR.as_secs(),
                profile::FILL_FOR.as_secs(),
                thousands(p.accepted_per_second as u64)
            )?;
            writeln!(out, "| thread, code | share |")?;
            writeln!(out, "|---|---:|")?;
            for (what, share) in p.threads.iter().filter(|(_, share)| *share >= 0.1) {
                writeln!(out, "| {what} | {share:.1} % |")?;
            }
            writeln!(out, "\n| symbol (`[k]` kernel) | share |")?;
            writeln!(out, "|---|---:|")?;
            for (what, share) in &p.symbols {
                writeln!(out, "| `{}` | {share:.1} % |", what.replace('|', "\\|"))?;
            }
            writeln!(out)?;
        }
    }
    writeln!(out, "### User-space instructions, counted\n")?;
    let p = match &profile.counted {
        Ok(p) => p,
        Err(why) => {
            writeln!(out, "No counts: {why}\n")?;
            return Ok(());
        }
    };
    writeln!(
        out,
        "`valgrind --tool=callgrind` (`perf stat -e instructions true` here: {}), counting \
         only while the clients post {} submissions ({} accepted): {} instructions, about {} per \
         accepted submission. Callgrind sees user space only: waiting and the kernel's work are \
         in the sampled profile above. Its simulated CPU lacks some extensions (SHA-NI, \
         AVX-512), so code that picks its path at run time (sha2's SHA-256, libc's `memcpy`) \
         runs a slower one there than natively: their shares are overstated. Crates are the \
         first path segment of each function's name; `sqlite3` is the SQLite library sqlx \
         bundles; `libc (malloc)` is the allocator.\n",
        p.perf,
        thousands(profile::REQUESTS as u64),
        thousands(p.accepted as u64),
        thousands(p.total),
        thousands(p.total / (p.accepted as u64).max(1)),
    )?;
    writeln!(out, "| crate | share of instructions |")?;
    writeln!(out, "|---|---:|")?;
    for (name, cost) in &p.crates {
        writeln!(out, "| `{name}` | {:.1} % |", percent(*cost, p.total))?;
    }
    writeln!(out, "\n| function (its own instructions) | share |")?;
    writeln!(out, "|---|---:|")?;
    for (name, cost) in &p.functions {
        writeln!(
            out,
            "| `{}` | {:.1} % |",
            name.replace('|', "\\|"),
            percent(*cost, p.total)
        )?;
    }
    writeln!(out)?;
    Ok(())
}

/// The widget as issue 10 found it: the full run at `454b2cd` (2026-11-25), when
/// the page view linked the whole stylesheet. Per part: bytes, gzip, brotli.
const BEFORE_ISSUE_10: [(&str, [u64; 3]); 5] = [
    ("loader (`glas.js`)", [4_198, 1_855, 1_504]),
    ("launcher stylesheet", [0, 0, 0]),
    ("form stylesheet", [10_470, 3_128, 2_602]),
    ("JS glue", [50_595, 9_295, 7_819]),
    ("Wasm", [601_872, 238_769, 187_955]),
];
/// What a page view downloaded then: the loader and the whole stylesheet.
const BEFORE_ISSUE_10_PAGE_VIEW: [u64; 3] = [14_668, 4_983, 4_106];
/// Click to interactive, median of 15, in that run.
const BEFORE_ISSUE_10_INTERACTIVE_MS: f64 = 232.0;

/// Which of `BEFORE_ISSUE_10`'s parts a built file is.
fn part_of(name: &str) -> usize {
    if name == crate::widget::LOADER {
        0
    } else if name.starts_with(crate::widget::LAUNCHER_CSS) {
        1
    } else if name.ends_with(".css") {
        2
    } else if name.ends_with(".js") {
        3
    } else {
        4
    }
}

/// This run against the widget before issue 10, part by part, and what each of
/// the issue's levers saved (kept by hand in `bench/widget-levers.md`: a lever is
/// measured once, when it is tried).
fn before_and_after(out: &mut String, w: &Widget) -> Result<()> {
    writeln!(
        out,
        "### Before and after issue 10
"
    )?;
    writeln!(
        out,
        "Before: the full run at `454b2cd` (2026-11-25). After: this run.\n"
    )?;
    writeln!(
        out,
        "| part | gzip before | gzip after | brotli before | brotli after | bytes before | bytes after |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|")?;
    let row = |out: &mut String, name: &str, before: [u64; 3], after: [u64; 3]| {
        writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} | {} |",
            thousands(before[1]),
            thousands(after[1]),
            thousands(before[2]),
            thousands(after[2]),
            thousands(before[0]),
            thousands(after[0]),
        )
    };
    let sizes = |f: &crate::widget::FileSize| [f.raw, f.gzip, f.brotli];
    for (part, (name, before)) in BEFORE_ISSUE_10.iter().enumerate() {
        let mut after = [0; 3];
        for f in w.files.iter().filter(|f| part_of(&f.name) == part) {
            after = std::array::from_fn(|i| after[i] + sizes(f)[i]);
        }
        row(out, name, *before, after)?;
    }
    let total = |sum: crate::widget::Sum| {
        [
            sum(&w.files, |f| f.raw),
            sum(&w.files, |f| f.gzip),
            sum(&w.files, |f| f.brotli),
        ]
    };
    row(
        out,
        "**before opening**",
        BEFORE_ISSUE_10_PAGE_VIEW,
        total(before_opening),
    )?;
    let open_before = BEFORE_ISSUE_10.iter().fold([0; 3], |sum, (_, part)| {
        std::array::from_fn(|i| sum[i] + part[i])
    });
    row(out, "**open widget**", open_before, total(open_widget))?;
    writeln!(
        out,
        "\nClick to interactive, CPU 4× slower, median of 15: {:.0} ms before, {:.0} ms after.\n",
        BEFORE_ISSUE_10_INTERACTIVE_MS,
        median(w.browser.runs.iter().map(|r| r.interactive_ms))
    )?;
    out.push_str(include_str!("widget-levers.md"));
    writeln!(out)?;
    Ok(())
}

fn widget_section(out: &mut String, w: &Widget) -> Result<()> {
    writeln!(out, "## Widget\n")?;
    writeln!(
        out,
        "Files as built by `cargo xtask widget` (`widget/dist`; the Wasm with {}), and their \
         `.gz` (level 9) and `.br` (quality 11) forms, which the server sends as they are; the \
         loader as the server sends it, with the built-in profile's contacts filled in and \
         compressed the same way. A page view downloads the loader and the launcher's \
         stylesheet; opening the widget adds the rest. What a browser really fetches, and when, \
         is in the last table.\n",
        w.toolchain
    )?;
    writeln!(out, "| file | bytes | gzip | brotli |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    let file = |out: &mut String, f: &crate::widget::FileSize| {
        writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            f.name,
            thousands(f.raw),
            thousands(f.gzip),
            thousands(f.brotli)
        )
    };
    let total = |out: &mut String, name: &str, sum: crate::widget::Sum| {
        writeln!(
            out,
            "| **{name}** | {} | **{}** | {} |",
            thousands(sum(&w.files, |f| f.raw)),
            thousands(sum(&w.files, |f| f.gzip)),
            thousands(sum(&w.files, |f| f.brotli))
        )
    };
    for f in w.files.iter().filter(|f| f.page_view) {
        file(out, f)?;
    }
    total(out, "before opening, in total", before_opening)?;
    for f in w.files.iter().filter(|f| !f.page_view) {
        file(out, f)?;
    }
    total(out, "open widget, in total", open_widget)?;
    writeln!(out)?;
    match &w.over_budget {
        None => writeln!(out, "Within the size budgets.\n")?,
        Some(over) => writeln!(out, "**Over budget:**\n\n```\n{over}\n```\n")?,
    }

    let b = &w.browser;
    writeln!(
        out,
        "In Chromium {} (headless, Debian's), CPU slowed down {}× with \
         `Emulation.setCPUThrottlingRate`, from the server's demo page on loopback (so the \
         network costs nearly nothing: the time is the CPU's). Each run is a fresh browser \
         context: empty cache, nothing in the outbox. *Interactive* is the first frame after \
         the dialog holds its kind choices and its text field, timed in the page from the click \
         event's own timestamp; *fetched* is when the last byte the click caused arrived; \
         *rendered* when the form entered the DOM. One unmeasured run first warms up the browser.\n",
        b.browser, b.throttle
    )?;
    let mut runs: Vec<&widget::Run> = b.runs.iter().collect();
    runs.sort_by(|a, b| a.interactive_ms.total_cmp(&b.interactive_ms));
    writeln!(
        out,
        "| click to … (ms) | median | each run (by interactive time) |"
    )?;
    writeln!(out, "|---|---:|---|")?;
    let rows: [(&str, Column); 3] = [
        ("last byte fetched", |r| r.fetched_ms),
        ("form in the DOM", |r| r.rendered_ms),
        ("**interactive**", |r| r.interactive_ms),
    ];
    for (label, value) in rows {
        let values: Vec<String> = runs.iter().map(|r| format!("{:.0}", value(r))).collect();
        writeln!(
            out,
            "| {label} | {:.0} | {} |",
            median(b.runs.iter().map(value)),
            values.join(", ")
        )?;
    }
    writeln!(out)?;

    if let Some(first) = b.runs.first() {
        writeln!(
            out,
            "Over the wire in that browser (one run; bytes as CDP counts them, headers included):\n"
        )?;
        writeln!(out, "| when | request | status | encoding | bytes |")?;
        writeln!(out, "|---|---|---|---|---:|")?;
        for (when, fetches) in [("page view", &first.page), ("click", &first.open)] {
            for f in fetches.iter() {
                writeln!(
                    out,
                    "| {when} | `{}` | {} | {} | {}{} |",
                    f.path,
                    f.status,
                    f.encoding,
                    thousands(f.bytes),
                    f.error
                        .as_deref()
                        .map(|e| format!(" ({e})"))
                        .unwrap_or_default()
                )?;
            }
            writeln!(
                out,
                "| {when} | **total** | | | **{}** |",
                thousands(sum(fetches))
            )?;
        }
        writeln!(out)?;
    }
    before_and_after(out, w)
}

/// One of a browser run's times.
type Column = fn(&widget::Run) -> f64;

fn sum(fetches: &[Fetch]) -> u64 {
    fetches.iter().map(|f| f.bytes).sum()
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn percent(part: u64, whole: u64) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// `12345` → `12,345`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The commit measured, and whether the working tree differed from it.
fn commit() -> String {
    let head = Cmd::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "unknown".into());
    let dirty = Cmd::new("git")
        .args(["status", "--porcelain"])
        .output()
        .is_ok_and(|s| !s.trim().is_empty());
    if dirty {
        format!("`{head}` with uncommitted changes")
    } else {
        format!("`{head}`")
    }
}
