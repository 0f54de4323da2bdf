//! The SMTP server the server's mail tests talk to: aiosmtpd from PyPI, in a
//! virtual environment under the target directory, made once and kept.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::util::{self, Cmd};

/// aiosmtpd and its dependencies, pinned.
const PACKAGES: [&str; 3] = ["aiosmtpd==1.4.6", "atpublic==9.0.0", "attrs==26.1.0"];

/// The Python that has aiosmtpd, installed if missing: the tests read it from
/// `GLAS_TEST_SMTPD_PYTHON`.
pub fn python() -> Result<PathBuf> {
    let venv = util::target_dir()?.join("glas-test-venv");
    let python = venv.join("bin/python");
    let check = "import importlib.metadata as m; assert m.version('aiosmtpd') == '1.4.6'";
    if Cmd::new(&python).args(["-c", check]).output().is_ok() {
        return Ok(python);
    }
    util::step("Installing the mail tests' SMTP server (aiosmtpd, in a Python venv)");
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
            .args(PACKAGES)
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
            .args(PACKAGES)
            .stdout_to_stderr()
            .run()
            .context("cannot install aiosmtpd: the mail tests need python3 with pip or venv")?;
    }
    Cmd::new(&python).args(["-c", check]).output()?;
    Ok(python)
}
