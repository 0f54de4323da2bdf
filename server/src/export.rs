//! `glas export`: every stored submission as JSON Lines on standard output,
//! for the operator's checks and backups. Personal data is not included.
//! `glas export ratings`: every stored kiosk rating, the same way (a rating
//! holds nothing personal).

use std::io::Write;

use secrecy::ExposeSecret;
use serde::Serialize;

use crate::config::Settings;
use crate::store::Store;

/// Every stored submission, one JSON object a line, in the order of their
/// reference numbers.
pub async fn run(settings: &Settings, out: &mut impl Write) -> anyhow::Result<()> {
    let store = Store::connect(settings.database_url.expose_secret()).await?;
    let rows = store.export().await;
    store.close().await;
    write_lines(&rows?, out)
}

/// Every stored kiosk rating, one JSON object a line, in the order they were
/// received (then by id).
pub async fn ratings(settings: &Settings, out: &mut impl Write) -> anyhow::Result<()> {
    let store = Store::connect(settings.database_url.expose_secret()).await?;
    let rows = store.export_ratings().await;
    store.close().await;
    write_lines(&rows?, out)
}

fn write_lines(rows: &[impl Serialize], out: &mut impl Write) -> anyhow::Result<()> {
    for row in rows {
        serde_json::to_writer(&mut *out, row)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
