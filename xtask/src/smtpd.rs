//! The SMTP server the server's mail tests talk to: aiosmtpd from PyPI, in a
//! virtual environment under the target directory, made once and kept.

use std::path::PathBuf;

use anyhow::Result;

use crate::venv::Venv;

const SMTPD: Venv = Venv {
    name: "glas-test-venv",
    purpose: "the mail tests' SMTP server (aiosmtpd)",
    packages: &["aiosmtpd==1.4.6", "atpublic==9.0.0", "attrs==26.1.0"],
    probe: ("aiosmtpd", "1.4.6"),
};

/// The Python that has aiosmtpd, installed if missing: the tests read it from
/// `GLAS_TEST_SMTPD_PYTHON`.
pub fn python() -> Result<PathBuf> {
    SMTPD.python()
}
