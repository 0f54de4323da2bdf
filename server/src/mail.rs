//! Sending e-mail by SMTP (`lettre`, over rustls). The outbox and its worker
//! (`mail_worker.rs`) decide what to send and when; this only talks to the server.

use std::time::Duration;

use anyhow::Context;
use glas_shared::Profile;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::config::{Settings, SmtpTls};
use crate::store::mail::QueuedMail;

/// How long one SMTP conversation may take: the claim on PostgreSQL is held meanwhile.
const TIMEOUT: Duration = Duration::from_secs(20);

/// The longest `last_error` kept: enough to tell a refused password from a full mailbox.
const ERROR_CHARS: usize = 300;

/// Dropped inside a Tokio runtime only: its connection pool closes in a task.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

impl Mailer {
    /// The mailer the settings describe; `None` when no SMTP host is set.
    pub fn from_settings(settings: &Settings, profile: &Profile) -> anyhow::Result<Option<Mailer>> {
        let Some(host) = settings.smtp_host.as_deref() else {
            return Ok(None);
        };
        let builder = match settings.smtp_tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                .with_context(|| format!("cannot set up STARTTLS for {host}"))?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                .with_context(|| format!("cannot set up TLS for {host}"))?,
        };
        let mut builder = builder.port(settings.smtp_port()).timeout(Some(TIMEOUT));
        if let Some(username) = &settings.smtp_username {
            let password = settings
                .smtp_password
                .as_ref()
                .map(|p| p.expose_secret().to_owned())
                .unwrap_or_default();
            builder = builder.credentials(Credentials::new(username.clone(), password));
        }
        let from = match &settings.mail_from {
            Some(from) => from
                .parse()
                .with_context(|| format!("GLAS_MAIL_FROM is not an e-mail address: {from:?}"))?,
            None => Mailbox::new(
                Some(profile.name.bg.clone()),
                profile.contacts.email.parse().with_context(|| {
                    format!(
                        "the profile's contact e-mail {:?} cannot be a sender; set GLAS_MAIL_FROM",
                        profile.contacts.email
                    )
                })?,
            ),
        };
        Ok(Some(Mailer {
            transport: builder.build(),
            from,
        }))
    }

    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// The message for one outbox row: plain UTF-8 text. Its Message-ID is made from
    /// the row, so that a copy sent again after a crash can be recognised as the same.
    pub fn message(&self, mail: &QueuedMail) -> Result<Message, String> {
        let to: Mailbox = mail
            .to
            .parse()
            // Not the address itself: the error is stored and logged.
            .map_err(|e| short(format!("the recipient's address is not valid: {e}")))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .message_id(Some(message_id(mail, self.from.email.domain())))
            .date(mail.created_at.into())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|e| short(format!("cannot build the message: {e}")))
    }

    /// Hands one outbox row to the SMTP server. The error is short and holds no
    /// secret: it is stored for the desk.
    pub async fn send(&self, mail: &QueuedMail) -> Result<(), Failure> {
        let message = self.message(mail).map_err(|error| Failure {
            error,
            permanent: true,
        })?;
        // An SMTP server's refusal often quotes the recipient's address; the error
        // is stored and logged, so the address is not in it.
        let address = message
            .envelope()
            .to()
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| Failure {
                error: short(redact(&describe(&e), &address)),
                // A 5xx answer: the same message would be refused again.
                permanent: e.is_permanent(),
            })
    }
}

/// Why a message did not reach the SMTP server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Short, without secrets or the recipient's address: stored for the desk.
    pub error: String,
    /// Trying again cannot help: the SMTP server refused it for good (a 5xx
    /// answer), or the message cannot be made (its address is not valid).
    pub permanent: bool,
}

/// `<glas.ROWID.CREATED@DOMAIN>`: one per outbox row, the same every time it is sent.
pub fn message_id(mail: &QueuedMail, domain: &str) -> String {
    format!(
        "<glas.{}.{}@{domain}>",
        mail.id,
        mail.created_at.unix_timestamp_nanos() / 1_000_000
    )
}

/// `text` without `address` (in any case: servers echo it as they like).
fn redact(text: &str, address: &str) -> String {
    if address.is_empty() {
        return text.to_owned();
    }
    let (lower, needle) = (text.to_lowercase(), address.to_lowercase());
    if lower.len() != text.len() {
        // Lower-casing changed the length: positions would not line up.
        return text.replace(address, "<recipient>");
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    for (at, _) in lower.match_indices(&needle) {
        out.push_str(&text[rest..at]);
        out.push_str("<recipient>");
        rest = at + needle.len();
    }
    out.push_str(&text[rest..]);
    out
}

/// The error and its causes, on one line.
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let line = cause.to_string();
        if !text.contains(&line) {
            text.push_str(": ");
            text.push_str(&line);
        }
        source = cause.source();
    }
    text
}

fn short(text: String) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(ERROR_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn mailer(from: Option<&str>) -> Mailer {
        let settings = Settings {
            smtp_host: Some("127.0.0.1".into()),
            smtp_tls: SmtpTls::None,
            mail_from: from.map(str::to_owned),
            ..Settings::default()
        };
        let profile = crate::profile::load(None).unwrap();
        Mailer::from_settings(&settings, &profile).unwrap().unwrap()
    }

    fn queued() -> QueuedMail {
        QueuedMail {
            id: 42,
            created_at: datetime!(2026-11-30 08:00:00.123 UTC),
            purpose: "answer".into(),
            to: "Мария Иванова <maria@example.com>".into(),
            subject: "Отговор на жалба № 2026-000001".into(),
            body: "Уважаема г-жо Иванова,\nблагодарим Ви.".into(),
            attempts: 0,
        }
    }

    // Async: the transport's connection pool is dropped inside a runtime.
    #[tokio::test]
    async fn no_host_means_no_mailer() {
        let profile = crate::profile::load(None).unwrap();
        assert!(
            Mailer::from_settings(&Settings::default(), &profile)
                .unwrap()
                .is_none()
        );
    }

    #[tokio::test]
    async fn the_sender_defaults_to_the_profiles_name_and_contact_email() {
        let from = mailer(None).from().clone();
        assert_eq!(from.email.to_string(), "kmet@haskovo.bg");
        assert_eq!(from.name.as_deref(), Some("Община Хасково"));
        let set = mailer(Some("Glas <glas@haskovo.bg>")).from().clone();
        assert_eq!(set.email.to_string(), "glas@haskovo.bg");
    }

    #[tokio::test]
    async fn a_message_is_utf8_plain_text_with_an_encoded_subject_and_a_stable_id() {
        let mailer = mailer(None);
        let bytes = mailer.message(&queued()).unwrap().formatted();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.contains("Content-Type: text/plain; charset=utf-8"));
        assert!(text.contains("Message-ID: <glas.42.1796025600123@haskovo.bg>"));
        assert!(
            !text.contains("Отговор"),
            "headers are 7-bit: the subject is encoded"
        );
        let again = String::from_utf8(mailer.message(&queued()).unwrap().formatted()).unwrap();
        let id = |t: &str| {
            t.lines()
                .find(|l| l.starts_with("Message-ID"))
                .unwrap()
                .to_owned()
        };
        assert_eq!(id(&text), id(&again), "the same row, the same Message-ID");
    }

    #[tokio::test]
    async fn a_bad_recipient_is_an_error_not_a_panic() {
        let mut mail = queued();
        mail.to = "not an address".into();
        let error = mailer(None).message(&mail).unwrap_err();
        assert!(error.contains("not valid"), "{error}");
        assert!(
            !error.contains("not an address"),
            "the address is not in the stored error: {error}"
        );
    }

    #[test]
    fn an_smtp_refusal_quoting_the_recipient_is_stored_without_the_address() {
        let refusal =
            "permanent error (550): 5.1.1 <Maria@Example.com>: Recipient address rejected";
        assert_eq!(
            redact(refusal, "maria@example.com"),
            "permanent error (550): 5.1.1 <<recipient>>: Recipient address rejected"
        );
        assert_eq!(redact("timed out", "maria@example.com"), "timed out");
    }

    #[test]
    fn errors_are_kept_short() {
        let long = "x ".repeat(1000);
        assert_eq!(short(long).chars().count(), ERROR_CHARS + 1);
    }
}
