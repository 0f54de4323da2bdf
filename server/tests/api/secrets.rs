//! Secrets never reach a message or a log: a database URL's password is shown as
//! `***`, whichever command fails to open it, and the personal-data key is never
//! shown.

use std::process::Command;

use crate::helpers::PERSONAL_DATA_KEY;

#[test]
fn a_database_password_never_appears_in_what_glas_prints() {
    let url = "mysql://glas:s3cret-pass@db.example/glas";
    for args in [
        &[][..],
        &["export"][..],
        &["user", "list"][..],
        &["kiosk", "list"][..],
        &["key", "rotate"][..],
        &["person", "export", "maria@example.com"][..],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_glas"))
            .args(args)
            .env("DATABASE_URL", url)
            .env("GLAS_PERSONAL_DATA_KEY", PERSONAL_DATA_KEY)
            .env("GLAS_BIND", "127.0.0.1:0")
            .env("RUST_LOG", "info")
            .output()
            .expect("glas runs");
        assert!(!output.status.success(), "{args:?}: no such database");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            said.contains("mysql://glas:***@db.example/glas"),
            "{args:?}: {said}"
        );
        assert!(!said.contains("s3cret"), "{args:?}: {said}");
        assert!(!said.contains(PERSONAL_DATA_KEY), "{args:?}: {said}");
    }
}
