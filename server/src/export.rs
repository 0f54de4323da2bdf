//! `glas export`: every stored submission as JSON Lines on standard output,
//! for the operator's checks and backups. Personal data is not included.

use std::io::Write;

use crate::config::Settings;
use crate::store::Store;

pub async fn run(settings: &Settings, out: &mut impl Write) -> anyhow::Result<()> {
    let store = Store::connect(&settings.database_url).await?;
    for row in store.export().await? {
        serde_json::to_writer(&mut *out, &row)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    store.close().await;
    Ok(())
}
