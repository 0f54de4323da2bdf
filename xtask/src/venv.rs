//! Python tools from PyPI that the tests need (the mail tests' SMTP server, the
//! API fuzzer), each in a virtual environment of its own under the target
//! directory, with pinned versions, made once and kept.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::util::{self, Cmd};

/// A virtual environment `name` under the target directory.
pub struct Venv {
    pub name: &'static str,
    /// What it is for, as the step that installs it says.
    pub purpose: &'static str,
    /// The packages, pinned (`name==version`), dependencies included.
    pub packages: &'static [&'static str],
    /// The package whose version says the environment is current, and that version.
    pub probe: (&'static str, &'static str),
}

impl Venv {
    /// The environment's Python, the environment made or remade first when it is
    /// missing or holds another version.
    pub fn python(&self) -> Result<PathBuf> {
        let venv = util::target_dir()?.join(self.name);
        let python = venv.join("bin/python");
        let (package, version) = self.probe;
        let check =
            format!("import importlib.metadata as m; assert m.version('{package}') == '{version}'");
        if Cmd::new(&python).args(["-c", &check]).output().is_ok() {
            return Ok(python);
        }
        util::step(&format!("Installing {}, in a Python venv", self.purpose));
        if venv.exists() {
            std::fs::remove_dir_all(&venv).with_context(|| format!("cannot remove {venv:?}"))?;
        }
        let pip_install = [
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
        ];
        // Reports go to standard error: `cargo xtask smtpd` prints only the path.
        let made = Cmd::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .stdout_to_stderr()
            .run();
        if made.is_ok() {
            Cmd::new(&python)
                .args(pip_install)
                .args(self.packages)
                .stdout_to_stderr()
                .run()?;
        } else {
            // Debian's python3 without python3-venv has no ensurepip: a venv without
            // pip, filled by the system's pip.
            std::fs::remove_dir_all(&venv).ok();
            Cmd::new("python3")
                .args(["-m", "venv", "--without-pip"])
                .arg(&venv)
                .stdout_to_stderr()
                .run()
                .context("python3 cannot make a virtual environment")?;
            Cmd::new("python3")
                .args(["-m", "pip", "--python"])
                .arg(&python)
                .args(&pip_install[2..])
                .args(self.packages)
                .stdout_to_stderr()
                .run()
                .with_context(|| {
                    format!(
                        "cannot install {}: it needs python3 with pip or venv",
                        self.purpose
                    )
                })?;
        }
        Cmd::new(&python).args(["-c", &check]).output()?;
        Ok(python)
    }
}
