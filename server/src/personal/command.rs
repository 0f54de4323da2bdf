//! `glas key`: the personal-data key (`personal.rs`) from the command line.

use std::io::Write;

use anyhow::bail;
use secrecy::ExposeSecret;

use super::Keyring;
use crate::config::Settings;

pub const USAGE: &str =
    "  glas key generate               print a new personal-data key (GLAS_PERSONAL_DATA_KEY)
  glas key rotate                 seal all personal data again under the current key
                                  (citizens' details, queued e-mail, TOTP keys);
                                  afterwards GLAS_PERSONAL_DATA_OLD_KEYS may go
";

/// `glas key …`: `args` are the words after `key`.
pub async fn run(settings: &Settings, args: &[String], out: &mut impl Write) -> anyhow::Result<()> {
    match args {
        [command] if command == "generate" => {
            writeln!(out, "{}", Keyring::generate().expose_secret())?;
            Ok(())
        }
        [command] if command == "rotate" => {
            let store = super::connect(settings).await?;
            let result = store.reseal_personal_data(false).await;
            store.close().await;
            let sealed = result?;
            let keys = Keyring::from_settings(settings)?;
            writeln!(
                out,
                "Sealed again under key {}: the details of {} authors, {} queued e-mails and \
                 {} TOTP keys; all personal data is now under it. Remove the old keys \
                 (GLAS_PERSONAL_DATA_OLD_KEYS) from the settings of every instance.",
                keys.current_id(),
                sealed.authors,
                sealed.mail,
                sealed.totp_keys
            )?;
            Ok(())
        }
        _ => bail!("glas key needs a command:\n{USAGE}"),
    }
}
