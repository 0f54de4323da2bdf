//! `glas stats rebuild`: recomputes the statistics' rollups from the submissions
//! and lists every row that was wrong (there should be none: each change keeps
//! them in step in its own transaction). For an operator after restoring a
//! backup, or to check.

use std::io::Write;

use anyhow::bail;
use secrecy::ExposeSecret;
use time::OffsetDateTime;

use crate::config::Settings;
use crate::store::Store;

pub const USAGE: &str = "  glas stats rebuild
                recompute the public statistics' counts from the submissions
                and list any that were wrong
";

pub async fn run(settings: &Settings, args: &[String], out: &mut impl Write) -> anyhow::Result<()> {
    if args.first().map(String::as_str) != Some("rebuild") || args.len() > 1 {
        bail!("usage:\n{USAGE}");
    }
    let profile = crate::profile::load(settings.profile.as_deref())?;
    let store = Store::connect(settings.database_url.expose_secret()).await?;
    let rebuilt = store
        .rebuild_stats(&profile.calendar(), OffsetDateTime::now_utc())
        .await?;
    writeln!(
        out,
        "Counted {} submissions; {} statistics rows were wrong and are now right.",
        rebuilt.submissions,
        rebuilt.differences.len()
    )?;
    for (key, was, is) in &rebuilt.differences {
        writeln!(out, "  {key}: {was} -> {is}")?;
    }
    out.flush()?;
    store.close().await;
    Ok(())
}
