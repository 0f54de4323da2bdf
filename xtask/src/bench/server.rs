//! The server under test: the release binary in a process of its own, on a free
//! loopback port, with a database of its own, logging to a file.

use std::fs::File;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail, ensure};
use bytes::Bytes;
use hyper::{Method, StatusCode};
use tokio::time::{Instant, sleep};

use super::load::Connection;
use crate::util::{self, Cmd};

/// Builds `glas` with the release profile (as deployed) and returns its path.
pub fn build_release() -> Result<PathBuf> {
    util::step("Building the server (release)");
    util::cargo(&[
        "build",
        "--release",
        "--locked",
        "-p",
        "glas-server",
        "--bin",
        "glas",
    ])
    .run()?;
    Ok(util::target_dir()?.join("release/glas"))
}

pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    log: PathBuf,
}

impl Server {
    /// Starts `command` (the `glas` binary, or a profiler wrapping it) in `dir`
    /// on `database_url`, and waits until `/readyz` answers `200`.
    pub async fn start(
        mut command: Command,
        dir: &Path,
        database_url: &str,
        ready_within: Duration,
    ) -> Result<Server> {
        let addr = free_port()?;
        let log = dir.join("glas.log");
        let output = File::create(&log)?;
        // These settings and the defaults, as deployed, whatever this shell has set
        // (the log filter included); its own directory, so no stray glas.toml is read.
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("GLAS_") {
                command.env_remove(key);
            }
        }
        let child = command
            .current_dir(dir)
            .env("GLAS_BIND", addr.to_string())
            .env("DATABASE_URL", database_url)
            .env("GLAS_WIDGET_DIR", util::root().join("widget/dist"))
            // Sealing citizens' details is part of what a registration costs.
            .env(
                "GLAS_PERSONAL_DATA_KEY",
                "Y7m0m6Hn8v6l0c3b5oQ8ZxvH3y8m2Zt2m6k3x0b1c9E=",
            )
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(output.try_clone()?)
            .stderr(output)
            .spawn()
            .with_context(|| format!("cannot start {command:?}"))?;
        let mut server = Server { child, addr, log };
        server.wait_until_ready(ready_within).await?;
        Ok(server)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    async fn wait_until_ready(&mut self, within: Duration) -> Result<()> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "the server exited ({status}) before it answered:\n{}",
                    self.log_tail()
                );
            }
            if let Ok(mut connection) = Connection::open(self.addr).await
                && let Ok(StatusCode::OK) =
                    connection.send(Method::GET, "/readyz", Bytes::new()).await
            {
                return Ok(());
            }
            sleep(Duration::from_millis(100)).await;
        }
        bail!(
            "the server was not ready (/readyz) within {within:?}:\n{}",
            self.log_tail()
        )
    }

    /// Stops it as an operator would (SIGTERM) and waits up to `within` for it
    /// to finish, then kills it.
    pub async fn stop(mut self, within: Duration) -> Result<()> {
        Cmd::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .run()?;
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if self.child.try_wait()?.is_some() {
                return Ok(());
            }
            sleep(Duration::from_millis(50)).await;
        }
        bail!(
            "the server did not stop within {within:?} of SIGTERM:\n{}",
            self.log_tail()
        )
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

/// Whatever happened, no server outlives the bench.
impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Runs one of `glas`'s commands (`command`, arguments included) in `dir` on
/// `database_url`, with `input` as a line on its standard input; what it printed.
pub fn run(
    mut command: Command,
    dir: &Path,
    database_url: &str,
    input: Option<&str>,
) -> Result<String> {
    use std::io::Write;
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GLAS_") {
            command.env_remove(key);
        }
    }
    let mut child = command
        .current_dir(dir)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "off")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {command:?}"))?;
    let mut stdin = child.stdin.take().context("no stdin")?;
    if let Some(input) = input {
        stdin.write_all(format!("{input}\n").as_bytes())?;
    }
    drop(stdin);
    let output = child.wait_with_output()?;
    ensure!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// A loopback port nobody listens on (the kernel's choice).
fn free_port() -> Result<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}
