//! `glas person`: a citizen's requests under the GDPR, answered by an
//! administrator. `export EMAIL` prints as JSON everything Glas holds about the
//! author who gave that address (Art. 15, access): each submission with its
//! reference, text, status and answers, and the contact details opened. `erase
//! EMAIL` deletes their contact details (Art. 17, erasure): the submissions stay,
//! anonymous, as the statistics count them. Each is audited with the address's
//! keyed hash and the references, never the address.

use std::io::Write;

use anyhow::bail;
use serde::Serialize;
use time::OffsetDateTime;

use crate::config::Settings;
use crate::store::Store;

pub const USAGE: &str =
    "  glas person export EMAIL        print as JSON everything held about the author
                                  who gave EMAIL (an access request)
  glas person erase EMAIL         delete that author's contact details; their
                                  submissions stay, anonymous (an erasure request)
";

/// What `glas person export` prints.
#[derive(Debug, Serialize)]
pub struct Held {
    pub email: String,
    pub submissions: Vec<HeldSubmission>,
}

#[derive(Debug, Serialize)]
pub struct HeldSubmission {
    pub reference: String,
    pub kind: &'static str,
    pub channel: &'static str,
    pub unit: Option<String>,
    pub text: String,
    pub status: &'static str,
    pub reason: Option<&'static str>,
    #[serde(with = "time::serde::rfc3339")]
    pub received_at: OffsetDateTime,
    #[serde(with = "glas_shared::day::option")]
    pub due_on: Option<time::Date>,
    pub author: Option<HeldAuthor>,
    pub answers: Vec<HeldAnswer>,
}

#[derive(Debug, Serialize)]
pub struct HeldAuthor {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct HeldAnswer {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub text: String,
    pub signed_by: String,
    pub position: String,
}

/// `glas person …`: `args` are the words after `person`.
pub async fn run(settings: &Settings, args: &[String], out: &mut impl Write) -> anyhow::Result<()> {
    let (command, email) = match args {
        [command, email] if email.contains('@') => (command.as_str(), email.trim()),
        _ => bail!("glas person needs a command and an e-mail address:\n{USAGE}"),
    };
    let store = super::connect(settings).await?;
    let now = OffsetDateTime::now_utc();
    let result = match command {
        "export" => export(&store, email, now, out).await,
        "erase" => erase(&store, email, now, out).await,
        other => Err(anyhow::anyhow!(
            "unknown command glas person {other:?}\n{USAGE}"
        )),
    };
    store.close().await;
    result
}

/// Everything held about `email`'s author.
pub async fn held(store: &Store, email: &str) -> anyhow::Result<Held> {
    let mut submissions = Vec::new();
    for (id, reference) in store.submissions_by_email(email).await? {
        let Some(item) = store.desk_item(&reference).await? else {
            continue;
        };
        let answers = store.answers(id).await?;
        submissions.push(HeldSubmission {
            reference: item.reference,
            kind: item.kind.as_str(),
            channel: item.channel.as_str(),
            unit: item.unit,
            text: item.text,
            status: item.status.as_str(),
            reason: item.reason.map(|r| r.as_str()),
            received_at: item.received_at,
            due_on: item.due_on,
            author: item.author.map(|a| HeldAuthor {
                name: a.name,
                email: a.email,
                phone: a.phone,
                address: a.address,
            }),
            answers: answers
                .into_iter()
                .map(|a| HeldAnswer {
                    at: a.created_at,
                    text: a.body,
                    signed_by: a.signer_name,
                    position: a.signer_position,
                })
                .collect(),
        });
    }
    Ok(Held {
        email: email.to_owned(),
        submissions,
    })
}

async fn export(
    store: &Store,
    email: &str,
    now: OffsetDateTime,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let held = held(store, email).await?;
    let references: Vec<String> = held
        .submissions
        .iter()
        .map(|s| s.reference.clone())
        .collect();
    store.audit_access_request(email, &references, now).await?;
    serde_json::to_writer_pretty(&mut *out, &held)?;
    writeln!(out)?;
    Ok(())
}

async fn erase(
    store: &Store,
    email: &str,
    now: OffsetDateTime,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let found = store.submissions_by_email(email).await?;
    let erased = store.erase_person(email, &found, now).await?;
    let references: Vec<&str> = found.iter().map(|(_, r)| r.as_str()).collect();
    writeln!(
        out,
        "Erased the contact details of {erased} submissions ({}); they stay, anonymous.",
        if references.is_empty() {
            "none held".to_owned()
        } else {
            references.join(", ")
        }
    )?;
    Ok(())
}
