//! `glas kiosk`: kiosks from the command line, as the desk's kiosk page keeps
//! them (for an operator setting up many, or before any admin account exists).

use std::io::Write;

use anyhow::{Context, bail};
use secrecy::ExposeSecret;
use time::OffsetDateTime;

use super::{CODE_VALID_FOR, code_digest, enrolment_link, new_code};
use crate::config::{Settings, redacted_url};
use crate::store::Store;
use crate::store::staff::Actor;

pub const USAGE: &str =
    "  glas kiosk add --unit ID NAME   a kiosk for the unit ID, standing at NAME; prints its
                                  one-time enrolment code (valid 30 minutes)
  glas kiosk code ID              a new enrolment code for kiosk ID (a new device,
                                  or after a revocation)
  glas kiosk revoke ID            its requests are refused until it is enrolled again
  glas kiosk list                 every kiosk, with its state and last heartbeat
";

pub async fn run(settings: &Settings, args: &[String], out: &mut impl Write) -> anyhow::Result<()> {
    let Some((command, rest)) = args.split_first() else {
        bail!("glas kiosk needs a command:\n{USAGE}");
    };
    let profile = crate::profile::load(settings.profile.as_deref())?;
    let store = Store::connect(settings.database_url.expose_secret())
        .await
        .with_context(|| {
            format!(
                "cannot open the database {}",
                redacted_url(settings.database_url.expose_secret())
            )
        })?;
    let now = OffsetDateTime::now_utc();
    let actor: Actor = None;
    let expires = now + CODE_VALID_FOR;
    let result = async {
        match (command.as_str(), rest) {
            ("add", [flag, unit, name]) if flag == "--unit" => {
                if crate::users::check_units(&profile, vec![unit.clone()]).is_err() {
                    bail!("the profile has no unit {unit:?}");
                }
                let code = new_code();
                let id = store
                    .add_kiosk(name, unit, &code_digest(&code), expires, actor, now)
                    .await?;
                writeln!(out, "Kiosk {id}, {name:?}, for {unit}.")?;
                print_code(out, settings, &code)
            }
            ("code", [id]) => {
                let id: i64 = id.parse().context("a kiosk's id is a number")?;
                let code = new_code();
                if !store
                    .new_kiosk_code(id, &code_digest(&code), expires, actor, now)
                    .await?
                {
                    bail!("there is no kiosk {id}");
                }
                print_code(out, settings, &code)
            }
            ("revoke", [id]) => {
                let id: i64 = id.parse().context("a kiosk's id is a number")?;
                if !store.revoke_kiosk(id, actor, now).await? {
                    bail!("there is no kiosk {id}");
                }
                writeln!(out, "Kiosk {id} is revoked.")?;
                Ok(())
            }
            ("list", []) => {
                for k in store.kiosks().await? {
                    let state = match (k.revoked_at, k.enrolled_at) {
                        (Some(_), _) => "revoked",
                        (None, Some(_)) => "enrolled",
                        (None, None) => "waiting for its code",
                    };
                    let seen = k
                        .last_seen_at
                        .map_or("never".to_owned(), |at| at.to_string());
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{state}\tlast heard from {seen}\t{} waiting",
                        k.id,
                        k.unit,
                        k.name,
                        k.queue_length.unwrap_or(0)
                    )?;
                }
                Ok(())
            }
            _ => bail!("usage:\n{USAGE}"),
        }
    }
    .await;
    out.flush()?;
    store.close().await;
    result
}

fn print_code(out: &mut impl Write, settings: &Settings, code: &str) -> anyhow::Result<()> {
    // Without a public address set, the server names itself by the address it binds.
    let link = match &settings.public_url {
        Some(url) => enrolment_link(url.trim_end_matches('/')),
        None => "/kiosk/enrol on this server".to_owned(),
    };
    writeln!(
        out,
        "Enrolment code: {code} (works once, for 30 minutes). On the kiosk, open {link} and enter it."
    )?;
    Ok(())
}
