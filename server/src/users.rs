//! Staff accounts as operations: adding one (the desk's account page and
//! `glas user` share it), and the `glas user` command itself.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, bail};
use glas_shared::Profile;
use glas_shared::fields::Email;
use secrecy::ExposeSecret;
use time::OffsetDateTime;

use crate::auth::Role;
use crate::auth::login::normalize_email;
use crate::auth::password::{self, NewPassword, PasswordContext};
use crate::config::{Settings, redacted_url};
use crate::store::staff::{Account, Actor, Added, NewStaff, TotpOff};
use crate::store::{Store, StoreError};

pub const USAGE: &str = "\
  glas user add --role admin|supervisor|clerk EMAIL [--name NAME] [--position POSITION]
                [--unit ID]... [--corruption] [--password-stdin]
                add a staff account; prints a generated password once, unless
                --password-stdin reads it from standard input (at least 12
                characters, not a common password, not made of the name or address)
  glas user list                          every staff account (id, e-mail, role, units,
                                          corruption, active, two-step sign-in, name)
  glas user disable EMAIL                 end the account's sessions and sign-ins
  glas user reset-password EMAIL [--password-stdin]
                                          a new password (generated and printed once)
  glas user reset-totp EMAIL              turn off two-step sign-in (a lost phone); the
                                          owner turns it on again at /desk/totp
";

/// An account to add, as typed.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub position: String,
    pub role: Role,
    pub units: Vec<String>,
    pub corruption: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountProblem {
    #[error("not an e-mail address")]
    Email,
    #[error("there is already an account with this e-mail address")]
    EmailTaken,
    #[error("the name is empty")]
    Name,
    #[error("the position is empty")]
    Position,
    #[error("the profile has no unit {0:?}")]
    Unit(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// `units` when each is one of the profile's; else the first that is not.
pub fn check_units(profile: &Profile, units: Vec<String>) -> Result<Vec<String>, String> {
    let mut units = units;
    units.sort();
    units.dedup();
    match units.iter().find(|u| {
        !profile
            .units
            .iter()
            .any(|known| known.id.as_ref() == u.as_str())
    }) {
        Some(unknown) => Err(unknown.clone()),
        None => Ok(units),
    }
}

/// Adds an account with `password`; audited as `account_added` by `actor`.
/// Returns the account's (normalised) e-mail address.
pub async fn add(
    store: &Store,
    profile: &Profile,
    new: NewAccount,
    password: NewPassword,
    actor: Actor,
    now: OffsetDateTime,
) -> Result<String, AccountProblem> {
    let email = normalize_email(&new.email);
    Email::parse(&email).map_err(|_| AccountProblem::Email)?;
    let name = new.name.trim();
    if name.is_empty() {
        return Err(AccountProblem::Name);
    }
    let units = check_units(profile, new.units).map_err(AccountProblem::Unit)?;
    let staff = NewStaff {
        email: email.clone(),
        name: name.to_owned(),
        position: new.position.trim().to_owned(),
        role: new.role,
        corruption: new.corruption,
        units,
        password_hash: password::hash(password).await,
    };
    match store.add_staff(&staff, actor, now).await? {
        Added::Added(_) => Ok(email),
        Added::EmailTaken => Err(AccountProblem::EmailTaken),
    }
}

/// `glas user …`: `args` are the words after `user`.
pub async fn run(settings: &Settings, args: &[String], out: &mut impl Write) -> anyhow::Result<()> {
    let Some((command, rest)) = args.split_first() else {
        bail!("glas user needs a command:\n{USAGE}");
    };
    let parsed = Args::parse(rest)?;
    let store = Store::connect(settings.database_url.expose_secret())
        .await
        .with_context(|| {
            format!(
                "cannot open the database {}",
                redacted_url(settings.database_url.expose_secret())
            )
        })?;
    let now = OffsetDateTime::now_utc();
    let result = match command.as_str() {
        "add" => add_command(settings, &store, parsed, now, out).await,
        "list" => list_command(&store, out).await,
        "disable" => disable_command(&store, parsed, now, out).await,
        "reset-password" => reset_command(settings, &store, parsed, now, out).await,
        "reset-totp" => reset_totp_command(&store, parsed, now, out).await,
        other => Err(anyhow::anyhow!(
            "unknown command glas user {other:?}\n{USAGE}"
        )),
    };
    store.close().await;
    result
}

#[derive(Debug, Default)]
struct Args {
    email: Option<String>,
    role: Option<String>,
    name: Option<String>,
    position: Option<String>,
    units: Vec<String>,
    corruption: bool,
    password_stdin: bool,
}

impl Args {
    fn parse(words: &[String]) -> anyhow::Result<Args> {
        let mut args = Args::default();
        let mut words = words.iter();
        while let Some(word) = words.next() {
            let mut value = |flag: &str| {
                words
                    .next()
                    .cloned()
                    .with_context(|| format!("{flag} needs a value"))
            };
            match word.as_str() {
                "--role" => args.role = Some(value("--role")?),
                "--name" => args.name = Some(value("--name")?),
                "--position" => args.position = Some(value("--position")?),
                "--unit" => args.units.push(value("--unit")?),
                "--corruption" => args.corruption = true,
                "--password-stdin" => args.password_stdin = true,
                flag if flag.starts_with("--") => bail!("unknown option {flag}\n{USAGE}"),
                email if args.email.is_none() => args.email = Some(email.to_owned()),
                extra => bail!("unexpected {extra:?}\n{USAGE}"),
            }
        }
        Ok(args)
    }

    fn email(&self) -> anyhow::Result<String> {
        self.email
            .as_deref()
            .map(normalize_email)
            .with_context(|| format!("an e-mail address is needed\n{USAGE}"))
    }
}

/// The password: read from standard input (one line), or generated. A password
/// read must pass the rules for the account `context` describes.
fn password(from_stdin: bool, context: &PasswordContext) -> anyhow::Result<(NewPassword, bool)> {
    if !from_stdin {
        return Ok((NewPassword::generate(), true));
    }
    let stdin = std::io::stdin();
    let typed = stdin.is_terminal();
    let mut line = String::new();
    if typed {
        eprint!(
            "Password (at least {} characters): ",
            NewPassword::MIN_CHARS
        );
        let _ = std::io::stderr().flush();
        echo(false);
    }
    let read = stdin.lock().read_line(&mut line);
    if typed {
        echo(true);
        eprintln!();
    }
    read.context("cannot read the password from standard input")?;
    let line = line.trim_end_matches(['\n', '\r']);
    let password = NewPassword::parse(line, context)
        .map_err(|e| anyhow::anyhow!("the password is refused: {e}"))?;
    Ok((password, false))
}

/// Turns the terminal's echo off or on (`stty`), so a typed password is not shown.
fn echo(on: bool) {
    let _ = std::process::Command::new("stty")
        .arg(if on { "echo" } else { "-echo" })
        .stdin(std::process::Stdio::inherit())
        .status();
}

async fn add_command(
    settings: &Settings,
    store: &Store,
    args: Args,
    now: OffsetDateTime,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let email = args.email()?;
    let role_word = args
        .role
        .as_deref()
        .context("--role admin|supervisor|clerk is needed")?;
    let role = Role::parse(role_word)
        .with_context(|| format!("unknown role {role_word:?}: admin, supervisor or clerk"))?;
    let profile = crate::profile::load(settings.profile.as_deref())?;
    let name = args.name.unwrap_or_else(|| email.clone());
    let context = PasswordContext::new(&email, &name, &profile);
    let (password, generated) = password(args.password_stdin, &context)?;
    let new = NewAccount {
        name,
        position: args.position.unwrap_or_default(),
        email,
        role,
        units: args.units,
        corruption: args.corruption,
    };
    let email = add(store, &profile, new, password.clone(), None, now).await?;
    writeln!(out, "Added {} {email}.", role.as_str())?;
    if generated {
        writeln!(out, "Password (shown only now): {}", password.as_str())?;
    }
    Ok(())
}

async fn list_command(store: &Store, out: &mut impl Write) -> anyhow::Result<()> {
    for account in store.accounts().await? {
        let m = &account.member;
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            m.id,
            m.email,
            m.role.as_str(),
            if m.units.is_empty() {
                "-".to_owned()
            } else {
                m.units.join(",")
            },
            if m.corruption { "corruption" } else { "-" },
            if account.disabled {
                "disabled"
            } else {
                "active"
            },
            if m.totp { "totp" } else { "-" },
            m.name,
        )?;
    }
    Ok(())
}

/// The account with `email`, or an error naming it.
async fn existing(store: &Store, email: &str) -> anyhow::Result<Account> {
    store
        .account_by_email(email)
        .await?
        .with_context(|| format!("no account {email}"))
}

async fn disable_command(
    store: &Store,
    args: Args,
    now: OffsetDateTime,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let email = args.email()?;
    let account = existing(store, &email).await?;
    let mut change = account.change();
    change.disabled = true;
    store
        .change_account(account.member.id, &change, None, "account_disabled", now)
        .await?;
    writeln!(out, "Disabled {email}.")?;
    Ok(())
}

async fn reset_command(
    settings: &Settings,
    store: &Store,
    args: Args,
    now: OffsetDateTime,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let email = args.email()?;
    let account = existing(store, &email).await?;
    let profile = crate::profile::load(settings.profile.as_deref())?;
    let context = PasswordContext::new(&email, &account.member.name, &profile);
    let (password, generated) = password(args.password_stdin, &context)?;
    let hash = password::hash(password.clone()).await;
    store
        .set_password(account.member.id, &hash, None, "password_reset", now)
        .await?;
    writeln!(out, "New password set for {email}.")?;
    if generated {
        writeln!(out, "Password (shown only now): {}", password.as_str())?;
    }
    Ok(())
}

async fn reset_totp_command(
    store: &Store,
    args: Args,
    now: OffsetDateTime,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let email = args.email()?;
    let account = existing(store, &email).await?;
    match store
        .disable_totp(account.member.id, None, "totp_reset", now)
        .await?
    {
        TotpOff::Done => writeln!(
            out,
            "Two-step sign-in is off for {email}: they sign in with the password alone \
             and turn it on again at /desk/totp."
        )?,
        TotpOff::WasOff => writeln!(out, "{email} has no two-step sign-in: nothing changed.")?,
        TotpOff::NoAccount => bail!("no account {email}"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn options_and_the_address_are_read_in_any_order() {
        let args = Args::parse(&words(
            "--role clerk Ivan@Example.BG --unit centre --unit local-taxes --corruption --password-stdin",
        ))
        .unwrap();
        assert_eq!(args.email().unwrap(), "ivan@example.bg");
        assert_eq!(args.role.as_deref(), Some("clerk"));
        assert_eq!(args.units, ["centre", "local-taxes"]);
        assert!(args.corruption && args.password_stdin);
        assert!(Args::parse(&words("--role")).is_err());
        assert!(Args::parse(&words("a@b.bg c@d.bg")).is_err());
        assert!(Args::parse(&words("--wat")).is_err());
    }

    #[test]
    fn units_must_be_the_profiles() {
        let profile = crate::profile::load(None).unwrap();
        assert_eq!(
            check_units(
                &profile,
                vec!["local-taxes".into(), "centre".into(), "centre".into()]
            ),
            Ok(vec!["centre".to_owned(), "local-taxes".to_owned()])
        );
        assert_eq!(
            check_units(&profile, vec!["mayor".into()]),
            Err("mayor".to_owned())
        );
    }
}
