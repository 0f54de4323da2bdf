//! Where the server's time goes, on SQLite under the closed loop, two ways:
//!
//! - **sampled**: `perf record` on the cpu-clock software event (no hardware
//!   counters needed) sees all of the server's CPU, user and kernel, by thread
//!   and by symbol;
//! - **counted**: `valgrind --tool=callgrind` counts the instructions executed in
//!   user space while a fixed number of submissions are posted, by function and by
//!   crate. It needs no counters either (this VM's `perf` cannot count instructions).

use std::cmp::Reverse;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::database;
use super::load;
use super::server::Server;
use crate::util::{self, Cmd};

pub const CLIENTS: usize = 64;
/// Closed loop before sampling, so the database is past its first, fastest pages.
pub const FILL_FOR: Duration = Duration::from_secs(5);
pub const SAMPLE_FOR: Duration = Duration::from_secs(5);
/// Samples per second per CPU.
const SAMPLE_HZ: &str = "999";
/// Submissions posted under callgrind: enough that start-up does not count,
/// few enough for a minute or two at callgrind's speed.
pub const REQUESTS: usize = 3_000;
const CALLGRIND_LIMIT: Duration = Duration::from_secs(180);
const TOP_FUNCTIONS: usize = 20;
const TOP_CRATES: usize = 15;
const TOP_SYMBOLS: usize = 15;

pub struct Profile {
    /// Or why there is none.
    pub sampled: Result<Sampled, String>,
    pub counted: Result<Counted, String>,
}

/// All of the server's CPU, as shares of the samples.
pub struct Sampled {
    pub accepted_per_second: f64,
    /// By thread name and where the code lives (kernel, the binary, libc), most first.
    pub threads: Vec<(String, f64)>,
    /// By symbol, `[k]` kernel or `[.]` user, most first.
    pub symbols: Vec<(String, f64)>,
}

/// User-space instructions.
pub struct Counted {
    /// What `perf stat -e instructions true` said here.
    pub perf: String,
    pub accepted: usize,
    /// Instructions while collecting.
    pub total: u64,
    /// The costliest functions by their own instructions, most first.
    pub functions: Vec<(String, u64)>,
    /// The same summed by crate (or library), most first.
    pub crates: Vec<(String, u64)>,
}

pub async fn run(bin: &Path) -> Result<Profile> {
    Ok(Profile {
        sampled: sampled(bin).await?,
        counted: callgrind(bin).await?,
    })
}

async fn sampled(bin: &Path) -> Result<Result<Sampled, String>> {
    util::step(&format!(
        "Profile: perf record (cpu-clock) on the server, {CLIENTS} clients, SQLite"
    ));
    if Cmd::new("perf").args(["--version"]).output().is_err() {
        let why = "perf is not installed (`apt-get install linux-perf`)".to_owned();
        eprintln!("skipped: {why}");
        return Ok(Err(why));
    }
    let dir = tempfile::Builder::new().prefix("glas-bench-").tempdir()?;
    let url = database::sqlite_url(dir.path(), "glas.db");
    let server =
        Server::start(Command::new(bin), dir.path(), &url, Duration::from_secs(60)).await?;
    load::closed_loop(server.addr, load::bodies(100_000)?, CLIENTS, FILL_FOR).await?;
    let data = dir.path().join("perf.data");
    let perf = tokio::process::Command::new("perf")
        .args(["record", "-q", "-e", "cpu-clock", "-F", SAMPLE_HZ, "-p"])
        .arg(server.pid().to_string())
        .arg("-o")
        .arg(&data)
        .args(["--", "sleep"])
        .arg(SAMPLE_FOR.as_secs().to_string())
        .kill_on_drop(true)
        .output();
    let load = load::closed_loop(server.addr, load::bodies(100_000)?, CLIENTS, SAMPLE_FOR);
    let (perf, outcome) = tokio::join!(perf, load);
    let (perf, outcome) = (perf?, outcome?);
    server.stop(Duration::from_secs(30)).await?;
    if !perf.status.success() {
        let why = format!(
            "perf record failed ({}): {}",
            perf.status,
            String::from_utf8_lossy(&perf.stderr).trim()
        );
        eprintln!("skipped: {why}");
        return Ok(Err(why));
    }
    let report = |sort: &str| {
        Cmd::new("perf")
            .args([
                "report",
                "-q",
                "--stdio",
                "--no-children",
                "-g",
                "none",
                "--sort",
                sort,
                "-i",
            ])
            .args([data.as_os_str()])
            .output()
    };
    let threads = shares(&report("comm,dso")?)?
        .into_iter()
        .map(|(line, share)| (where_it_runs(&line), share))
        .collect();
    let mut symbols = shares(&report("sym")?)?;
    symbols.truncate(TOP_SYMBOLS);
    for (name, share) in symbols.iter().take(5) {
        eprintln!("  {share:5.1} %  {name}");
    }
    Ok(Ok(Sampled {
        accepted_per_second: outcome.per_second(),
        threads,
        symbols,
    }))
}

/// `perf report -q` lines: `  42.40%  what`.
fn shares(report: &str) -> Result<Vec<(String, f64)>> {
    let shares: Vec<(String, f64)> = report
        .lines()
        .filter_map(|line| {
            let (share, what) = line.trim().split_once('%')?;
            Some((what.trim().to_owned(), share.trim().parse().ok()?))
        })
        .collect();
    if shares.is_empty() {
        bail!("perf report printed no samples");
    }
    Ok(shares)
}

/// `tokio-rt-worker  [kernel.kallsyms]` → `tokio-rt-worker, kernel`.
fn where_it_runs(line: &str) -> String {
    let (thread, object) = line.rsplit_once(char::is_whitespace).unwrap_or((line, ""));
    let object = match object {
        "[kernel.kallsyms]" => "kernel",
        "glas" => "the server's code (Rust and SQLite)",
        o if o.starts_with("libc.") => "libc",
        o => o,
    };
    format!("{}, {object}", thread.trim())
}

/// The instruction counts, or why there are none.
async fn callgrind(bin: &Path) -> Result<Result<Counted, String>> {
    util::step(&format!(
        "Profile: callgrind on the server while {CLIENTS} clients post {REQUESTS} submissions (SQLite)"
    ));
    if Cmd::new("valgrind").args(["--version"]).output().is_err() {
        let why = "valgrind is not installed (`apt-get install valgrind`)".to_owned();
        eprintln!("skipped: {why}");
        return Ok(Err(why));
    }
    let perf = perf_counts_instructions();
    let dir = tempfile::Builder::new().prefix("glas-bench-").tempdir()?;
    let out = dir.path().join("callgrind.out");
    let mut command = Command::new("valgrind");
    command
        .arg("--tool=callgrind")
        // Start-up (migrations, the profile) is not what we ask about: collect
        // only from the first request on.
        .arg("--instr-atstart=no")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(bin);
    let url = database::sqlite_url(dir.path(), "glas.db");
    let server = Server::start(command, dir.path(), &url, Duration::from_secs(180)).await?;
    Cmd::new("callgrind_control")
        .args(["--instr=on", &server.pid().to_string()])
        .output()?;
    let outcome = load::closed_loop(
        server.addr,
        load::bodies(REQUESTS)?,
        CLIENTS,
        CALLGRIND_LIMIT,
    )
    .await?;
    server.stop(Duration::from_secs(120)).await?;
    let annotated = Cmd::new("callgrind_annotate")
        .args([
            "--inclusive=no".as_ref(),
            "--threshold=100".as_ref(),
            out.as_os_str(),
        ])
        .output()?;
    let counted = summarise(&annotated, perf, outcome.accepted())?;
    for (name, cost) in counted.crates.iter().take(5) {
        eprintln!(
            "  {:5.1} %  {name}",
            100.0 * *cost as f64 / counted.total as f64
        );
    }
    Ok(Ok(counted))
}

fn perf_counts_instructions() -> String {
    match Command::new("perf")
        .args(["stat", "-x,", "-e", "instructions", "true"])
        .output()
    {
        Ok(out) if String::from_utf8_lossy(&out.stderr).contains("<not supported>") => {
            "instructions `<not supported>` (no hardware counters in this VM)".into()
        }
        Ok(out) if out.status.success() => "it counts instructions".into(),
        Ok(out) => format!("it fails ({})", out.status),
        Err(e) => format!("no perf ({e})"),
    }
}

/// Reads `callgrind_annotate --inclusive=no` output: lines of
/// `1,234 (12.3%)  file:function [object]`.
fn summarise(annotated: &str, perf: String, accepted: usize) -> Result<Counted> {
    let total = annotated
        .lines()
        .find(|l| l.contains("PROGRAM TOTALS"))
        .and_then(|l| count(l.split_whitespace().next()?))
        .context("callgrind_annotate printed no PROGRAM TOTALS")?;
    // libc's `free` and the like are listed once per source file: count them once.
    let mut functions: HashMap<String, u64> = HashMap::new();
    let mut crates: HashMap<String, u64> = HashMap::new();
    for line in annotated.lines().filter(|l| !l.contains("PROGRAM TOTALS")) {
        let Some((cost, rest)) = line.trim_start().split_once(' ') else {
            continue;
        };
        let (Some(cost), Some((_percent, location))) = (count(cost), rest.split_once(")  ")) else {
            continue;
        };
        let (location, object) = match location.rsplit_once(" [") {
            Some((l, o)) => (l, o.trim_end_matches(']')),
            None => (location, ""),
        };
        let (file, function) = location.split_once(':').unwrap_or(("???", location));
        *crates.entry(owner(file, function, object)).or_default() += cost;
        *functions.entry(function.to_owned()).or_default() += cost;
    }
    let mut functions: Vec<(String, u64)> = functions.into_iter().collect();
    functions.sort_by_key(|f| Reverse(f.1));
    functions.truncate(TOP_FUNCTIONS);
    let mut crates: Vec<(String, u64)> = crates.into_iter().collect();
    crates.sort_by_key(|c| Reverse(c.1));
    crates.truncate(TOP_CRATES);
    Ok(Counted {
        perf,
        accepted,
        total,
        functions,
        crates,
    })
}

/// `1,234,567` → 1234567.
fn count(s: &str) -> Option<u64> {
    s.replace(',', "").parse().ok()
}

/// The crate or library a function belongs to: a Rust path's first segment
/// (for `<T as trait>::f` with a generic `T`, the trait's), else the C library.
fn owner(file: &str, function: &str, object: &str) -> String {
    if !function.contains("::") {
        let library = Path::new(object)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return if file.contains("/malloc/") {
            "libc (malloc)".into()
        } else if library.starts_with("libc.") || file.starts_with("./") {
            "libc".into()
        } else if library == "glas" {
            // The only C linked into the server is the SQLite that sqlx bundles.
            "sqlite3".into()
        } else {
            library
        };
    }
    let path = function.trim_start_matches('<');
    let path = path
        .trim_start_matches("&mut ")
        .trim_start_matches('&')
        .trim_start_matches("dyn ");
    let first = path.split("::").next().unwrap_or(path);
    let name = match first.split_once(" as ") {
        // `<T as tokio::…>::f`: the implementing type is generic, name the trait's crate.
        Some((_, trait_path)) => trait_path.split("::").next().unwrap_or(first),
        None => first,
    };
    match name {
        "std" | "core" | "alloc" => "std".into(),
        name => name.to_owned(),
    }
}
