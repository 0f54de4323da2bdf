//! Settings in layers: built-in defaults, then a TOML file (`GLAS_CONFIG`, default
//! `glas.toml`, optional), then `GLAS_*` environment variables, then `DATABASE_URL`.

use std::collections::HashMap;
use std::path::PathBuf;

use config::{Config, Environment, File};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// Address to listen on, e.g. `127.0.0.1:8080` (`GLAS_BIND`).
    pub bind: String,
    /// The address citizens reach this server at, for tracking links
    /// (`GLAS_PUBLIC_URL`). Defaults to `http://` + the bound address.
    #[serde(default)]
    pub public_url: Option<String>,
    /// `sqlite://data/glas.db` by default (`DATABASE_URL`). It may hold a password:
    /// shown only as [`redacted_url`].
    pub database_url: SecretString,
    /// Origins whose pages may embed the widget and call the API (`GLAS_ALLOWED_ORIGINS`, comma-separated).
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// The municipality profile (`GLAS_PROFILE`); Haskovo's built-in one when unset.
    #[serde(default)]
    pub profile: Option<PathBuf>,
    /// The built widget (`cargo xtask widget` writes `widget/dist`).
    pub widget_dir: PathBuf,
    /// The largest request body for one submission, in bytes.
    pub max_body_bytes: usize,
    /// The largest request body for a batch, in bytes.
    pub max_batch_body_bytes: usize,
    /// How long a request may take before it is answered 408.
    pub request_timeout_secs: u64,
    /// How long a client may take to send a request's headers before its connection
    /// is closed (`GLAS_HEADER_READ_TIMEOUT_SECS`): a client that sends nothing, or a
    /// byte now and then, holds no connection for longer.
    pub header_read_timeout_secs: u64,
    /// Connections served at once (`GLAS_MAX_CONNECTIONS`); more wait to be accepted.
    pub max_connections: usize,
    /// On SIGTERM, how long requests in flight may take to finish before the
    /// remaining connections are closed (`GLAS_SHUTDOWN_GRACE_SECS`).
    pub shutdown_grace_secs: u64,
    /// The header a reverse proxy in front of Glas writes the client's address in
    /// (`GLAS_TRUSTED_PROXY_HEADER`, e.g. `X-Real-IP`), for the rate limits. Set it
    /// only behind such a proxy: any client can write any header. Unset, a client
    /// is the address its connection comes from.
    #[serde(default)]
    pub trusted_proxy_header: Option<String>,
    /// Submissions (a batch counts once) per client and minute
    /// (`GLAS_RATE_LIMIT_SUBMISSIONS`); each limit may be used up at once, and
    /// `0` turns it off.
    pub rate_limit_submissions: u32,
    /// Tracking pages per client and minute (`GLAS_RATE_LIMIT_TRACKING`).
    pub rate_limit_tracking: u32,
    /// Desk sign-ins per client and minute (`GLAS_RATE_LIMIT_LOGINS`), besides an
    /// account's own lock after failed ones.
    pub rate_limit_logins: u32,
    /// Requests per kiosk (its device token) and minute (`GLAS_RATE_LIMIT_KIOSKS`).
    pub rate_limit_kiosks: u32,
    /// Kiosk enrolments per client and minute (`GLAS_RATE_LIMIT_ENROLMENTS`).
    pub rate_limit_enrolments: u32,
    /// A submission sent sooner than this after its form opened is kept aside
    /// as probably a robot's (`GLAS_MIN_FILL_SECS`; `0` keeps nothing aside for
    /// speed). Only the widget's and the kiosk's forms say how long they took.
    pub min_fill_secs: u64,
    /// `pretty` for people, `json` for log collectors.
    pub log_format: LogFormat,
    /// A desk session ends after this many minutes without a request
    /// (`GLAS_DESK_SESSION_IDLE_MINUTES`).
    pub desk_session_idle_minutes: u64,
    /// Admins must turn on two-step sign-in (a TOTP code after the password)
    /// before they can use the desk: one without it who signs in reaches only the
    /// page that turns it on (`GLAS_DESK_REQUIRE_TOTP_FOR_ADMINS`).
    pub desk_require_totp_for_admins: bool,
    /// The SMTP server that delivers the outbox (`GLAS_SMTP_HOST`). Unset: mail stays
    /// queued, and the server says so at start.
    #[serde(default)]
    pub smtp_host: Option<String>,
    /// `GLAS_SMTP_PORT`; 587, or 465 with `smtp_tls = "tls"`, when unset.
    #[serde(default)]
    pub smtp_port: Option<u16>,
    /// `GLAS_SMTP_TLS`: `none`, `starttls` (required, the default) or `tls`.
    pub smtp_tls: SmtpTls,
    /// `GLAS_SMTP_USERNAME`; no authentication when unset.
    #[serde(default)]
    pub smtp_username: Option<String>,
    /// `GLAS_SMTP_PASSWORD`.
    #[serde(default)]
    pub smtp_password: Option<SecretString>,
    /// The sender, e.g. `Община Хасково <glas@haskovo.bg>` (`GLAS_MAIL_FROM`). When
    /// unset, the profile's name and contact e-mail: a citizen's reply then reaches
    /// the municipality, and its relay is normally allowed to send for its own domain.
    #[serde(default)]
    pub mail_from: Option<String>,
    /// Seconds before a failed e-mail is tried again (`GLAS_MAIL_RETRY_SECS`); the
    /// delay doubles with every failure, up to an hour, and never gives up.
    pub mail_retry_secs: u64,
    /// The token a Prometheus scraper sends to read `/metrics`, as
    /// `Authorization: Bearer …` (`GLAS_METRICS_TOKEN`). Unset or empty: metrics
    /// are off, and `/metrics` is not found.
    #[serde(default)]
    pub metrics_token: Option<SecretString>,
    /// The key citizens' contact details are encrypted with at rest
    /// (`GLAS_PERSONAL_DATA_KEY`: 32 bytes in base64, from `glas key generate`).
    /// Required: the server does not start without it (`personal.rs`).
    #[serde(default)]
    pub personal_data_key: Option<SecretString>,
    /// Keys used before the current one, comma-separated
    /// (`GLAS_PERSONAL_DATA_OLD_KEYS`): they only open what they sealed, until
    /// `glas key rotate` has sealed it again under the current key.
    #[serde(default)]
    pub personal_data_old_keys: Option<SecretString>,
}

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text: only for a relay on the same machine or a test server.
    None,
    /// Plain connection upgraded with STARTTLS, which the server must offer (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

impl Settings {
    /// The SMTP port: the one set, or the usual one for the TLS mode.
    pub fn smtp_port(&self) -> u16 {
        self.smtp_port.unwrap_or(match self.smtp_tls {
            SmtpTls::Tls => 465,
            SmtpTls::None | SmtpTls::Starttls => 587,
        })
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bind: "127.0.0.1:8080".into(),
            public_url: None,
            profile: None,
            database_url: SecretString::from("sqlite://data/glas.db"),
            allowed_origins: Vec::new(),
            widget_dir: PathBuf::from("widget/dist"),
            max_body_bytes: 64 * 1024,
            max_batch_body_bytes: 2 * 1024 * 1024,
            request_timeout_secs: 30,
            header_read_timeout_secs: 10,
            max_connections: 1024,
            shutdown_grace_secs: 30,
            trusted_proxy_header: None,
            rate_limit_submissions: 20,
            rate_limit_tracking: 60,
            rate_limit_logins: 10,
            rate_limit_kiosks: 120,
            rate_limit_enrolments: 10,
            min_fill_secs: 3,
            log_format: LogFormat::Pretty,
            desk_session_idle_minutes: 8 * 60,
            desk_require_totp_for_admins: false,
            smtp_host: None,
            smtp_port: None,
            smtp_tls: SmtpTls::Starttls,
            smtp_username: None,
            smtp_password: None,
            mail_from: None,
            mail_retry_secs: 30,
            metrics_token: None,
            personal_data_key: None,
            personal_data_old_keys: None,
        }
    }
}

impl Settings {
    /// Reads the layers from this process's environment.
    pub fn load() -> Result<Settings, config::ConfigError> {
        Self::load_from(std::env::vars().collect())
    }

    fn load_from(vars: HashMap<String, String>) -> Result<Settings, config::ConfigError> {
        let defaults = Settings::default();
        let named_file = vars.get("GLAS_CONFIG").filter(|f| !f.is_empty());
        let file = named_file.map_or("glas.toml", String::as_str);
        let mut builder = Config::builder()
            .set_default("bind", defaults.bind)?
            .set_default("database_url", defaults.database_url.expose_secret())?
            .set_default("allowed_origins", Vec::<String>::new())?
            .set_default(
                "widget_dir",
                defaults.widget_dir.to_string_lossy().into_owned(),
            )?
            .set_default("max_body_bytes", defaults.max_body_bytes as u64)?
            .set_default("max_batch_body_bytes", defaults.max_batch_body_bytes as u64)?
            .set_default("request_timeout_secs", defaults.request_timeout_secs)?
            .set_default(
                "header_read_timeout_secs",
                defaults.header_read_timeout_secs,
            )?
            .set_default("max_connections", defaults.max_connections as u64)?
            .set_default("shutdown_grace_secs", defaults.shutdown_grace_secs)?
            .set_default("rate_limit_submissions", defaults.rate_limit_submissions)?
            .set_default("rate_limit_tracking", defaults.rate_limit_tracking)?
            .set_default("rate_limit_logins", defaults.rate_limit_logins)?
            .set_default("rate_limit_kiosks", defaults.rate_limit_kiosks)?
            .set_default("rate_limit_enrolments", defaults.rate_limit_enrolments)?
            .set_default("min_fill_secs", defaults.min_fill_secs)?
            .set_default("log_format", "pretty")?
            .set_default(
                "desk_session_idle_minutes",
                defaults.desk_session_idle_minutes,
            )?
            .set_default(
                "desk_require_totp_for_admins",
                defaults.desk_require_totp_for_admins,
            )?
            .set_default("smtp_tls", "starttls")?
            .set_default("mail_retry_secs", defaults.mail_retry_secs)?
            .add_source(File::with_name(file).required(named_file.is_some()))
            .add_source(
                Environment::with_prefix("GLAS")
                    .source(Some(
                        vars.iter()
                            .filter(|(k, _)| k.starts_with("GLAS_"))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                    ))
                    .try_parsing(true)
                    .list_separator(",")
                    .with_list_parse_key("allowed_origins"),
            );
        if let Some(url) = vars.get("DATABASE_URL") {
            builder = builder.set_override("database_url", url.as_str())?;
        }
        // Taken as written: `try_parsing` would read a password like "007" as the number 7.
        for key in [
            "smtp_username",
            "smtp_password",
            "metrics_token",
            "personal_data_key",
            "personal_data_old_keys",
        ] {
            if let Some(value) = vars.get(&format!("GLAS_{}", key.to_uppercase())) {
                builder = builder.set_override(key, value.as_str())?;
            }
        }
        builder.build()?.try_deserialize()
    }
}

/// `url` with its password, if any, hidden: `postgres://glas:***@db/glas`. What
/// messages and logs may say of a database URL.
pub fn redacted_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(user, _)| user);
            let hidden = if userinfo.contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{hidden}@{host}{}", &rest[authority_end..])
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(vars: &[(&str, &str)]) -> HashMap<String, String> {
        vars.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn load(pairs: &[(&str, &str)]) -> Settings {
        Settings::load_from(vars(pairs)).unwrap()
    }

    #[test]
    fn a_database_urls_password_is_never_shown() {
        assert_eq!(
            redacted_url("postgres://glas:s3cr@t@db.example:5432/glas?sslmode=require"),
            "postgres://glas:***@db.example:5432/glas?sslmode=require"
        );
        assert_eq!(
            redacted_url("postgres://glas@db/glas"),
            "postgres://glas@db/glas"
        );
        assert_eq!(
            redacted_url("sqlite://data/glas.db"),
            "sqlite://data/glas.db"
        );
        assert_eq!(redacted_url("not a url"), "not a url");
        let settings = load(&[("DATABASE_URL", "postgres://glas:s3cret@db/glas")]);
        assert!(!format!("{settings:?}").contains("s3cret"));
    }

    #[test]
    fn defaults_serve_locally_with_embedded_sqlite() {
        let s = load(&[]);
        assert_eq!(s.bind, "127.0.0.1:8080");
        assert_eq!(s.database_url.expose_secret(), "sqlite://data/glas.db");
        assert_eq!(s.max_body_bytes, 65536);
        assert!(s.allowed_origins.is_empty());
        assert_eq!(s.desk_session_idle_minutes, 480);
        assert!(!s.desk_require_totp_for_admins);
    }

    #[test]
    fn environment_overrides_defaults() {
        let s = load(&[
            ("GLAS_BIND", "0.0.0.0:9000"),
            ("DATABASE_URL", "sqlite:///tmp/x.db"),
            (
                "GLAS_ALLOWED_ORIGINS",
                "https://www.haskovo.bg,https://haskovo.bg",
            ),
            ("GLAS_LOG_FORMAT", "json"),
            ("GLAS_DESK_REQUIRE_TOTP_FOR_ADMINS", "true"),
            ("GLAS_BIN", "/unrelated/variable/is/ignored"),
        ]);
        assert_eq!(s.bind, "0.0.0.0:9000");
        assert_eq!(s.database_url.expose_secret(), "sqlite:///tmp/x.db");
        assert_eq!(
            s.allowed_origins,
            vec!["https://www.haskovo.bg", "https://haskovo.bg"]
        );
        assert_eq!(s.log_format, LogFormat::Json);
        assert!(s.desk_require_totp_for_admins);
    }

    #[test]
    fn rate_limits_are_on_unless_turned_off_and_no_proxy_is_trusted_unless_named() {
        let s = load(&[]);
        assert_eq!(
            [
                s.rate_limit_submissions,
                s.rate_limit_tracking,
                s.rate_limit_logins,
                s.rate_limit_kiosks,
                s.rate_limit_enrolments
            ],
            [20, 60, 10, 120, 10]
        );
        assert_eq!(s.trusted_proxy_header, None);
        let s = load(&[
            ("GLAS_RATE_LIMIT_SUBMISSIONS", "0"),
            ("GLAS_TRUSTED_PROXY_HEADER", "X-Real-IP"),
        ]);
        assert_eq!(s.rate_limit_submissions, 0);
        assert_eq!(s.trusted_proxy_header.as_deref(), Some("X-Real-IP"));
    }

    #[test]
    fn a_file_sits_between_defaults_and_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("glas.toml");
        std::fs::write(&path, "bind = \"127.0.0.1:7000\"\nmax_body_bytes = 1000\n").unwrap();
        let path = path.to_str().unwrap();
        let s = load(&[("GLAS_CONFIG", path), ("GLAS_MAX_BODY_BYTES", "2000")]);
        assert_eq!(s.bind, "127.0.0.1:7000");
        assert_eq!(s.max_body_bytes, 2000);
    }

    #[test]
    fn smtp_is_off_until_a_host_is_set_and_then_uses_starttls_on_587() {
        let s = load(&[]);
        assert_eq!(s.smtp_host, None);
        assert_eq!(s.smtp_tls, SmtpTls::Starttls);
        assert_eq!(s.smtp_port(), 587);
        assert_eq!(s.mail_retry_secs, 30);

        let s = load(&[
            ("GLAS_SMTP_HOST", "mail.haskovo.bg"),
            ("GLAS_SMTP_TLS", "tls"),
            ("GLAS_SMTP_USERNAME", "0042"),
            ("GLAS_SMTP_PASSWORD", "007"),
            ("GLAS_MAIL_FROM", "Община Хасково <glas@haskovo.bg>"),
        ]);
        assert_eq!(s.smtp_host.as_deref(), Some("mail.haskovo.bg"));
        assert_eq!(s.smtp_port(), 465, "implicit TLS has its own port");
        assert_eq!(s.smtp_username.as_deref(), Some("0042"), "not a number");
        let password = s.smtp_password.as_ref().unwrap();
        assert_eq!(secrecy::ExposeSecret::expose_secret(password), "007");
        assert!(
            !format!("{s:?}").contains("007"),
            "the password is never printed"
        );
        assert_eq!(
            s.mail_from.as_deref(),
            Some("Община Хасково <glas@haskovo.bg>")
        );
        assert_eq!(load(&[("GLAS_SMTP_PORT", "2525")]).smtp_port(), 2525);
    }

    #[test]
    fn metrics_are_off_until_a_token_is_set_which_is_taken_as_written_and_never_printed() {
        assert!(load(&[]).metrics_token.is_none());
        let s = load(&[("GLAS_METRICS_TOKEN", "0042")]);
        let token = s.metrics_token.as_ref().unwrap();
        assert_eq!(secrecy::ExposeSecret::expose_secret(token), "0042");
        assert!(!format!("{s:?}").contains("0042"));
    }

    #[test]
    fn a_named_config_file_must_exist() {
        assert!(Settings::load_from(vars(&[("GLAS_CONFIG", "/nonexistent/glas.toml")])).is_err());
    }
}
