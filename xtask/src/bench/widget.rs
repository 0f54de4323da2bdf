//! The widget: its files' sizes against the budgets, and in Chromium with a
//! slowed-down CPU, the time from a click on the launcher to an interactive form
//! and the bytes each step moved over the wire (`e2e/bench/interactive.mjs`).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::database;
use super::server::Server;
use crate::widget::{FileSize, Toolchain};
use crate::{e2e, util};

/// Measured runs, after one that warms up the browser. On a 2-core VM one run
/// varies from ~200 to ~450 ms: five runs gave medians 50 ms apart from one
/// bench to the next, fifteen about 30 ms.
const RUNS: usize = 15;
/// CPU slowdown, as DevTools' "4× slowdown" (a mid-range phone).
pub const THROTTLE: u32 = 4;
/// Reported against, never asserted: times vary with the machine.
pub const INTERACTIVE_BUDGET: Duration = Duration::from_millis(300);
const BROWSER_WITHIN: Duration = Duration::from_secs(300);

pub struct Widget {
    /// The toolchain the Wasm was built with (`rustc -V`, nightly or stable).
    pub toolchain: String,
    /// The build's files: what a page view downloads first (the loader first), then
    /// what opening the widget adds.
    pub files: Vec<FileSize>,
    /// `widget::budgets`' verdict: what is over budget, if anything.
    pub over_budget: Option<String>,
    pub browser: Browser,
}

/// What `interactive.mjs` prints.
#[derive(Debug, Deserialize)]
pub struct Browser {
    pub throttle: u32,
    /// Chromium's version.
    pub browser: String,
    pub runs: Vec<Run>,
}

#[derive(Debug, Deserialize)]
pub struct Run {
    /// Click to the first frame after the form is usable, in the page's clock.
    pub interactive_ms: f64,
    /// Click to the form being in the DOM.
    pub rendered_ms: f64,
    /// Click to the last byte the click made the page fetch.
    pub fetched_ms: f64,
    /// What the page view fetched, before any click.
    pub page: Vec<Fetch>,
    /// What opening the widget fetched.
    pub open: Vec<Fetch>,
}

#[derive(Debug, Deserialize)]
pub struct Fetch {
    pub path: String,
    pub status: u16,
    /// `content-encoding` as answered (`br`, `gzip`, `identity`).
    pub encoding: String,
    /// Over the wire, headers included (CDP's `encodedDataLength`).
    pub bytes: u64,
    pub error: Option<String>,
}

pub async fn measure(bin: &Path, dist: &Path, toolchain: &Toolchain) -> Result<Widget> {
    util::step("Widget: sizes and budgets");
    let files = crate::widget::sizes(dist)?;
    let over_budget = crate::widget::budgets(dist).err().map(|e| format!("{e:#}"));
    if let Some(over) = &over_budget {
        eprintln!("{over}");
    }

    e2e::prepare()?;
    util::step(&format!(
        "Widget: click to interactive in Chromium, CPU {THROTTLE}× slower, {RUNS} runs"
    ));
    let dir = tempfile::Builder::new().prefix("glas-bench-").tempdir()?;
    let url = database::sqlite_url(dir.path(), "glas.db");
    let server =
        Server::start(Command::new(bin), dir.path(), &url, Duration::from_secs(60)).await?;
    let output = tokio::time::timeout(
        BROWSER_WITHIN,
        tokio::process::Command::new("node")
            .arg("bench/interactive.mjs")
            .current_dir(e2e::dir())
            .env("GLAS_URL", format!("http://{}", server.addr))
            .env("RUNS", RUNS.to_string())
            .env("THROTTLE", THROTTLE.to_string())
            .env("CHROMIUM_PATH", e2e::CHROMIUM)
            .kill_on_drop(true)
            .output(),
    )
    .await
    .with_context(|| format!("the browser benchmark took over {BROWSER_WITHIN:?}"))??;
    server.stop(Duration::from_secs(30)).await?;
    if !output.status.success() {
        bail!(
            "e2e/bench/interactive.mjs failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let browser: Browser = serde_json::from_slice(&output.stdout)
        .context("e2e/bench/interactive.mjs printed no JSON")?;
    for run in &browser.runs {
        eprintln!(
            "  interactive {:.0} ms (fetched {:.0} ms, rendered {:.0} ms)",
            run.interactive_ms, run.fetched_ms, run.rendered_ms
        );
    }
    Ok(Widget {
        toolchain: toolchain.to_string(),
        files,
        over_budget,
        browser,
    })
}
