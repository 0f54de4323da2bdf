//! Glas's tasks: `cargo xtask run | test | widget | e2e | fuzz | bench`. See the README.

mod bench;
mod e2e;
mod fuzz;
mod smtpd;
mod tools;
mod util;
mod venv;
mod widget;

use anyhow::{Result, bail};

const USAGE: &str = "\
cargo xtask <task>

  run      build the widget (release) and start the server on 127.0.0.1:8080
  test     everything CI checks: fmt, clippy, unit and integration tests,
           the API fuzzer, the wasm builds, and the Playwright suite in Chromium
  widget   build the widget into widget/dist and print its size report
  e2e      only the Playwright suite (builds what it needs)
  fuzz     only the API fuzzer: schemathesis against a live server, from the
           API's OpenAPI description (/api/openapi.json)
  smtpd    install the mail tests' SMTP server (aiosmtpd) and print its python:
           GLAS_TEST_SMTPD_PYTHON=$(cargo xtask smtpd) cargo test -p glas-server
  bench    ingest throughput and latency (SQLite, PostgreSQL), the database
           ceiling, a profile, the staff desk's inbox with 1,000,000
           submissions, the widget's bytes and time to interactive;
           writes BENCHMARKS.md (about ten minutes)
  bench inbox
           only the inbox's part, printed, BENCHMARKS.md left as it is
";

fn main() -> Result<()> {
    let task = std::env::args().nth(1);
    match task.as_deref() {
        Some("run") => run(),
        Some("test") => test(),
        Some("bench") => bench::run(std::env::args().nth(2).as_deref()),
        Some("smtpd") => {
            println!("{}", smtpd::python()?.display());
            Ok(())
        }
        Some("widget") => widget::build().map(|_| ()),
        Some("fuzz") => fuzz::run(),
        Some("e2e") => {
            let built = widget::build()?;
            e2e::run(&built.dist)
        }
        Some("-h" | "--help" | "help") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown task {other:?}\n\n{USAGE}"),
    }
}

/// `cargo xtask run`'s personal-data key: for development databases only.
const DEVELOPMENT_KEY: &str = "3Fh8pm1zkKLY2y0c3ZmnGJ9yKzQ7fQ8sbNWcQH4n1qA=";

fn run() -> Result<()> {
    let dist = widget::build()?.dist;
    util::step("Starting the server on http://127.0.0.1:8080 (Ctrl-C stops it)");
    let mut command = util::cargo(&[
        "run",
        "--release",
        "--locked",
        "-p",
        "glas-server",
        "--bin",
        "glas",
    ])
    .env("GLAS_WIDGET_DIR", &dist);
    // The server needs a personal-data key; on a developer's machine, this one
    // (published here, so never for real citizens' data) unless one is set.
    if std::env::var_os("GLAS_PERSONAL_DATA_KEY").is_none() {
        command = command.env("GLAS_PERSONAL_DATA_KEY", DEVELOPMENT_KEY);
    }
    command.run()
}

fn test() -> Result<()> {
    util::step("Formatting");
    util::cargo(&["fmt", "--all", "--", "--check"]).run()?;
    // xtask is checked and tested on its own, with its own dependencies' features.
    let workspace = ["--workspace", "--exclude", "xtask", "--locked"];
    util::step("Clippy");
    util::cargo(&[
        "clippy",
        "--all-targets",
        "--features",
        "glas-server/postgres-tests",
    ])
    .args(workspace)
    .args(["--", "-D", "warnings"])
    .run()?;
    // The widget's kiosk bundle is another set of features of the same crate.
    let kiosk = [
        "-p",
        "glas-widget",
        "--no-default-features",
        "--features",
        "kiosk",
        "--locked",
    ];
    util::cargo(&["clippy", "--all-targets"])
        .args(kiosk)
        .args(["--", "-D", "warnings"])
        .run()?;
    util::cargo(&["clippy", "-p", "xtask", "--locked", "--", "-D", "warnings"]).run()?;
    util::cargo(&["test", "-p", "xtask", "--locked"]).run()?;
    // The mail tests send to a real SMTP server on loopback.
    let smtpd = smtpd::python()?;
    util::step("Unit and integration tests");
    util::cargo(&["test"])
        .args(workspace)
        .env("GLAS_TEST_SMTPD_PYTHON", &smtpd)
        .run()?;
    util::step("The kiosk bundle's unit tests");
    util::cargo(&["test"]).args(kiosk).run()?;
    match std::env::var("GLAS_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => {
            util::step("The server's tests again on PostgreSQL, with several instances");
            util::cargo(&[
                "test",
                "--locked",
                "-p",
                "glas-server",
                "--features",
                "postgres-tests",
                "--test",
                "api",
            ])
            .env("GLAS_TEST_DATABASE", "postgres")
            .env("GLAS_TEST_SMTPD_PYTHON", &smtpd)
            .run()?;
        }
        _ => {
            eprintln!("(GLAS_TEST_POSTGRES_URL is not set: the server's tests ran on SQLite only)")
        }
    }
    // Any 5xx, any answer the API's description does not allow, any panic.
    fuzz::run()?;
    util::step("shared/ builds for wasm32");
    widget::ensure_wasm_target()?;
    let wasm_check = [
        "build",
        "-p",
        "glas-shared",
        "--target",
        widget::WASM_TARGET,
        "--locked",
    ];
    util::cargo(&wasm_check).run()?;
    // The suite runs against the very build the size report measured and the
    // budgets hold: the release Wasm, minified, as it ships.
    let built = widget::build()?;
    widget::enforced_budgets(&built)?;
    e2e::run(&built.dist)?;
    util::step("All checks passed");
    Ok(())
}
