use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// The workspace root.
/// The workspace. `cargo run` says where xtask's manifest is when it starts it;
/// the path compiled in is only a fallback, because a binary cargo finds fresh
/// in a shared target directory may have been built from another checkout.
pub fn root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

pub fn step(what: &str) {
    eprintln!("\n==> {what}");
}

pub struct Cmd(Command);

impl Cmd {
    pub fn new(program: impl AsRef<OsStr>) -> Cmd {
        let mut command = Command::new(program);
        command.current_dir(root());
        Cmd(command)
    }

    pub fn args<I, S>(mut self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.0.args(args);
        self
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Cmd {
        self.0.arg(arg);
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Cmd {
        self.0.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: impl AsRef<OsStr>) -> Cmd {
        self.0.env_remove(key);
        self
    }

    /// Sends the command's standard output to ours for errors (keeps ours clean).
    pub fn stdout_to_stderr(mut self) -> Cmd {
        self.0.stdout(std::io::stderr());
        self
    }

    pub fn dir(mut self, dir: impl AsRef<Path>) -> Cmd {
        self.0.current_dir(dir);
        self
    }

    /// Runs to completion; an unsuccessful exit is an error naming the command.
    pub fn run(mut self) -> Result<()> {
        let status = self
            .0
            .status()
            .with_context(|| format!("cannot start {:?}", self.0))?;
        if !status.success() {
            bail!("{:?} failed: {status}", self.0);
        }
        Ok(())
    }

    /// Runs to completion and returns standard output.
    pub fn output(mut self) -> Result<String> {
        let out = self
            .0
            .output()
            .with_context(|| format!("cannot start {:?}", self.0))?;
        if !out.status.success() {
            bail!(
                "{:?} failed: {}\n{}",
                self.0,
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8(out.stdout)?)
    }
}

/// The cargo that runs this task, so the toolchain stays the same.
pub fn cargo(args: &[&str]) -> Cmd {
    Cmd::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())).args(args)
}

/// Where cargo puts its builds (honours `CARGO_TARGET_DIR`).
pub fn target_dir() -> Result<PathBuf> {
    let metadata = cargo(&["metadata", "--format-version", "1", "--no-deps"]).output()?;
    let metadata: serde_json::Value = serde_json::from_str(&metadata)?;
    let dir = metadata["target_directory"]
        .as_str()
        .context("cargo metadata has no target_directory")?;
    Ok(PathBuf::from(dir))
}
