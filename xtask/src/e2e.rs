//! The Playwright suite in Debian's Chromium. Nothing here downloads a browser.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::util::{self, Cmd};

pub const CHROMIUM: &str = "/usr/bin/chromium";

pub fn run(dist: &Path) -> Result<()> {
    prepare()?;
    util::step("Building the server for the browser tests");
    util::cargo(&["build", "--locked", "-p", "glas-server", "--bin", "glas"]).run()?;
    let glas = util::target_dir()?.join("debug/glas");

    util::step("Playwright in Chromium");
    Cmd::new("npx")
        .args(["playwright", "test"])
        .dir(dir())
        .env("GLAS_BIN", &glas)
        .env("GLAS_WIDGET_DIR", dist)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .run()
}

/// The e2e/ directory: Playwright's project, and the browser benchmark's script.
pub fn dir() -> PathBuf {
    util::root().join("e2e")
}

/// Debian's Chromium and the suite's npm packages, installed if missing.
pub fn prepare() -> Result<()> {
    ensure_chromium()?;
    util::step("Installing the browser tests' npm packages (npm ci)");
    Cmd::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .dir(dir())
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .run()
}

fn ensure_chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() {
        return Ok(());
    }
    let uid = Cmd::new("id").args(["-u"]).output()?;
    if uid.trim() != "0" {
        bail!(
            "The browser tests need Debian's Chromium at {CHROMIUM}. Install it with \
             `sudo apt-get install chromium` and run this again."
        );
    }
    util::step("Installing Debian's chromium package");
    Cmd::new("apt-get").args(["update"]).run()?;
    Cmd::new("apt-get")
        .args(["install", "-y", "--no-install-recommends", "chromium"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()
}
