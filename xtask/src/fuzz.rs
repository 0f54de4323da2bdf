//! The public API fuzzed against its own description: schemathesis (from PyPI,
//! pinned, in a venv under the target directory) generates requests from
//! `/api/openapi.json` and sends them to a live `glas` on a fresh SQLite
//! database. It fails on any `5xx`, any answer whose status, content type,
//! headers or body the description does not allow, and on any panic in the
//! server's log.
//!
//! It runs twice: with no device token, so that every kiosk call must be the
//! `401` the description promises; and with an enrolled kiosk's token, for the
//! kiosks' own calls and their submissions.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};

use crate::util::{self, Cmd};
use crate::venv::Venv;

const SCHEMATHESIS: Venv = Venv {
    name: "glas-fuzz-venv",
    purpose: "the API fuzzer (schemathesis)",
    packages: &[
        "schemathesis==4.32.5",
        "anyio==4.16.0",
        "certifi==2026.10.19.post1",
        "charset-normalizer==3.5.3",
        "click==8.5.1",
        "graphql-core==3.3.2",
        "harfile==0.6.0",
        "hypothesis==6.170.17",
        "hypothesis-graphql==0.13.5",
        "idna==3.20",
        "iniconfig==2.3.1",
        "jsonschema_rs==0.60.3",
        "markdown-it-py==4.3.0",
        "MarkupSafe==3.0.4",
        "mdurl==0.1.2",
        "packaging==26.4",
        "pluggy==1.7.0",
        "Pygments==2.21.0",
        "pyrate-limiter==4.5.1",
        "pytest==9.2.0",
        "PyYAML==6.0.4",
        "requests==2.34.2",
        "rich==15.0.0",
        "sortedcontainers==2.4.0",
        "typing_extensions==4.16.0",
        "urllib3==2.8.0",
        "Werkzeug==3.1.9",
    ],
    probe: ("schemathesis", "4.32.5"),
};

/// Test cases per operation and phase: the two runs take about two minutes on
/// two cores.
const EXAMPLES_PER_OPERATION: &str = "150";

/// Every check schemathesis has but two, which judge the request against the
/// description rather than the answer: the batches (submissions and ratings)
/// answer `200` with a status per item, whatever each item holds, so an item
/// the schema would not allow is not refused as a whole
/// (`negative_data_rejection`); and a submission the schema allows may still
/// be refused by rules no schema states, such as a contact owed for an answer,
/// a phone number of too few digits, an id sent before with other content
/// (`positive_data_acceptance`); the kinds and units the profile accepts are
/// in the schema, so they are not among them.
const EXCLUDED_CHECKS: &str = "positive_data_acceptance,negative_data_rejection";

/// Builds `glas`, starts it, fuzzes it, stops it and reads its log.
pub fn run() -> Result<()> {
    let schemathesis = SCHEMATHESIS
        .python()?
        .with_file_name("schemathesis")
        .into_os_string();
    util::step("Building the server for the API fuzzer");
    util::cargo(&["build", "--locked", "-p", "glas-server", "--bin", "glas"]).run()?;
    let glas = util::target_dir()?.join("debug/glas");
    // Kept after the run (the next one overwrites it), to read what went wrong.
    let log_path = util::target_dir()?.join("glas-fuzz.log");

    let dir = tempfile::Builder::new().prefix("glas-fuzz-").tempdir()?;
    let database_url = format!("sqlite://{}?mode=rwc", dir.path().join("glas.db").display());
    let started = Instant::now();
    let server = Server::start(&glas, dir.path(), &database_url, &log_path)?;
    let token = server.enrolled_kiosk(&glas, dir.path(), &database_url)?;
    let schema = format!("http://{}/api/openapi.json", server.addr);
    let fuzz = |what: &str| {
        util::step(&format!("Fuzzing the API against its description: {what}"));
        Cmd::new(&schemathesis)
            .dir(dir.path())
            .args(["run", &schema, "--max-examples", EXAMPLES_PER_OPERATION])
            .args(["--checks", "all", "--exclude-checks", EXCLUDED_CHECKS])
            // Nothing kept between runs in the work tree.
            .args(["--generation-database", ":memory:"])
            .env("NO_COLOR", "1")
    };
    let anonymous = fuzz("every operation, without a kiosk's token").run();
    let authorization = format!("Authorization: Bearer {token}");
    let kiosk = fuzz("what kiosks call, with a kiosk's token")
        .args(["--include-tag-regex", "^(kiosks|submissions)$"])
        .args(["--header", &authorization])
        .run();
    let log = server.stop()?;
    eprintln!("(the API fuzzer took {:.0?})", started.elapsed());
    let mut failures = Vec::new();
    for (run, outcome) in [
        ("without a token", anonymous),
        ("with a kiosk's token", kiosk),
    ] {
        if let Err(e) = outcome {
            failures.push(format!(
                "schemathesis ({run}) found answers the API's description does not allow \
                 (above): {e}"
            ));
        }
    }
    let panics: Vec<&str> = log.lines().filter(|l| l.contains("panicked")).collect();
    if !panics.is_empty() {
        failures.push(format!(
            "the server panicked {} times while it was fuzzed (its log: {}):\n{}",
            panics.len(),
            log_path.display(),
            panics[..panics.len().min(10)].join("\n")
        ));
    }
    ensure!(failures.is_empty(), "{}", failures.join("\n\n"));
    Ok(())
}

struct Server {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Server {
    /// `glas` on a free loopback port, rate limits off (the fuzzer sends
    /// hundreds of requests a second from one address), in `dir`, logging at
    /// `info` to `log`; once `/readyz` answers.
    fn start(glas: &Path, dir: &Path, database_url: &str, log: &Path) -> Result<Server> {
        let addr = TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        let output = File::create(log).with_context(|| format!("cannot write {log:?}"))?;
        let mut command = Command::new(glas);
        // Its own settings, whatever this shell has set; its own directory, so no
        // stray glas.toml is read.
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("GLAS_") {
                command.env_remove(key);
            }
        }
        for limit in ["SUBMISSIONS", "TRACKING", "LOGINS", "KIOSKS", "ENROLMENTS"] {
            command.env(format!("GLAS_RATE_LIMIT_{limit}"), "0");
        }
        let child = command
            .current_dir(dir)
            .env("GLAS_BIND", addr.to_string())
            .env("DATABASE_URL", database_url)
            .env("GLAS_SHUTDOWN_GRACE_SECS", "5")
            // The server keeps citizens' contact details sealed: a key it may
            // use, the published development one (a fresh database of test data).
            .env("GLAS_PERSONAL_DATA_KEY", crate::DEVELOPMENT_KEY)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(output.try_clone()?)
            .stderr(output)
            .spawn()
            .with_context(|| format!("cannot start {glas:?}"))?;
        let mut server = Server {
            child,
            addr,
            log: log.to_owned(),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = server.child.try_wait()? {
                bail!(
                    "the server exited ({status}) before it was ready:\n{}",
                    server.log_text()
                );
            }
            if let Ok((200, _)) = request(addr, "GET", "/readyz", None) {
                return Ok(server);
            }
            if Instant::now() > deadline {
                bail!(
                    "the server was not ready within a minute:\n{}",
                    server.log_text()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A kiosk added with `glas kiosk add` for the profile's first unit, and
    /// enrolled with its code: its device token.
    fn enrolled_kiosk(&self, glas: &Path, dir: &Path, database_url: &str) -> Result<String> {
        let (status, profile) = request(self.addr, "GET", "/api/v1/profile", None)?;
        ensure!(status == 200, "GET /api/v1/profile answered {status}");
        let profile: serde_json::Value = serde_json::from_str(&profile)?;
        let unit = profile["units"][0]["id"]
            .as_str()
            .context("the profile names no unit")?;
        let mut add = Cmd::new(glas)
            .dir(dir)
            .args(["kiosk", "add", "--unit", unit, "API fuzzer"])
            .env("DATABASE_URL", database_url)
            .env("RUST_LOG", "off");
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("GLAS_") {
                add = add.env_remove(key);
            }
        }
        let added = add.output()?;
        let code = added
            .lines()
            .find_map(|line| line.strip_prefix("Enrolment code: "))
            .and_then(|rest| rest.split_whitespace().next())
            .with_context(|| format!("`glas kiosk add` printed no code:\n{added}"))?;
        let body = serde_json::json!({ "code": code }).to_string();
        let (status, enrolled) = request(self.addr, "POST", "/api/v1/kiosk/enrol", Some(&body))?;
        ensure!(
            status == 200,
            "enrolling the kiosk answered {status}: {enrolled}"
        );
        let enrolled: serde_json::Value = serde_json::from_str(&enrolled)?;
        Ok(enrolled["token"]
            .as_str()
            .context("an enrolment without a token")?
            .to_owned())
    }

    /// Stops it with SIGTERM, as an operator would, and returns its log.
    fn stop(mut self) -> Result<String> {
        Cmd::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .run()?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.child.try_wait()?.is_none() {
            if Instant::now() > deadline {
                bail!(
                    "the server did not stop within 30 s of SIGTERM:\n{}",
                    self.log_text()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(self.log_text())
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// Whatever happened, no server outlives the task.
impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One HTTP/1.1 request on a connection of its own: the status and body.
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    json: Option<&str>,
) -> Result<(u16, String)> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let body = json.unwrap_or("");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("not an HTTP answer: {response:?}"))?;
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, body)| body)
        .to_owned();
    Ok((status, body))
}
