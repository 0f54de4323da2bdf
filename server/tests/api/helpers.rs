use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use glas_server::auth::Role;
use glas_server::auth::password::NewPassword;
use glas_server::clock::Clock;
use glas_server::config::{Settings, SmtpTls};
use glas_server::startup::Application;
use glas_server::store::{ExportRow, Store};
use glas_server::users::{self, NewAccount};
use glas_shared::{AuthorDto, NewSubmission};
use mailparse::MailHeaderMap;
use sqlx::Connection;
use tempfile::TempDir;
use uuid::Uuid;

pub const ALLOWED_ORIGIN: &str = "https://www.haskovo.bg";

/// The personal-data key every test server seals citizens' details with
/// (`GLAS_PERSONAL_DATA_KEY`; a test of rotation brings others).
pub const PERSONAL_DATA_KEY: &str = "dnB+Ipgi69gbL291+AcD+sB+ZSjbbN/inRsMOMymwOI=";

pub struct TestApp {
    pub address: String,
    pub database_url: String,
    pub widget_dir: PathBuf,
    pub client: reqwest::Client,
    /// The server's own store: mail queued through it wakes the server's mail worker.
    pub store: Store,
    pub settings: Settings,
    _database: TestDatabase,
    _dir: TempDir,
}

/// A fresh, empty database for one test: SQLite in the test's directory, or, when
/// `GLAS_TEST_DATABASE=postgres`, a new database on `GLAS_TEST_POSTGRES_URL`,
/// dropped when the test ends.
pub struct TestDatabase {
    pub url: String,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    pub async fn new(dir: &std::path::Path) -> TestDatabase {
        if std::env::var("GLAS_TEST_DATABASE").as_deref() != Ok("postgres") {
            let url = format!("sqlite://{}", dir.join("data/glas.db").display());
            return TestDatabase {
                url,
                postgres: None,
            };
        }
        let admin = std::env::var("GLAS_TEST_POSTGRES_URL")
            .expect("GLAS_TEST_DATABASE=postgres needs GLAS_TEST_POSTGRES_URL");
        let name = format!("glas_test_{}", Uuid::new_v4().simple());
        let mut connection = sqlx::postgres::PgConnection::connect(&admin)
            .await
            .expect("PostgreSQL answers");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut connection)
            .await
            .unwrap();
        connection.close().await.unwrap();
        TestDatabase {
            url: with_database(&admin, &name),
            postgres: Some((admin, name)),
        }
    }
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let url = url.split('?').next().unwrap_or(url);
    let authority = url.find("://").map_or(0, |i| i + 3);
    match url[authority..].find('/') {
        Some(slash) => format!("{}/{name}", &url[..authority + slash]),
        None => format!("{url}/{name}"),
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.postgres.take() {
            // Drop runs inside the test's runtime: drop the database from a thread of its own.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async {
                    if let Ok(mut c) = sqlx::postgres::PgConnection::connect(&admin).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(&mut c)
                                .await;
                    }
                });
            })
            .join();
        }
    }
}

/// A server on a random port with a fresh database and a stand-in widget build,
/// for Haskovo (the built-in profile), on the system clock.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(None, Clock::System).await
}

/// As [`spawn_app`], with a profile file (relative to the workspace, or absolute) and a clock.
pub async fn spawn_app_with(profile: Option<&str>, clock: Clock) -> TestApp {
    spawn_app_configured(profile, clock, |_| {}).await
}

/// As [`spawn_app`], sending mail to `smtp` (plain SMTP on loopback), and trying a
/// failed message again after a second rather than half a minute.
pub async fn spawn_app_sending_mail_to(smtp: &SmtpServer) -> TestApp {
    spawn_app_configured(None, Clock::System, |s| smtp.configure(s)).await
}

/// As [`spawn_app_with`], with the settings changed by `configure` first.
pub async fn spawn_app_configured(
    profile: Option<&str>,
    clock: Clock,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    let dir = tempfile::tempdir().expect("a temp dir");
    let widget_dir = dir.path().join("widget");
    std::fs::create_dir_all(&widget_dir).unwrap();
    std::fs::write(
        widget_dir.join("glas.js"),
        "/* loader */ const contacts = __GLAS_CONTACTS__; import('./glas_widget-0123456789.js')",
    )
    .unwrap();
    std::fs::write(
        widget_dir.join("glas_widget-0123456789.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    std::fs::write(
        widget_dir.join("glas_widget-0123456789.wasm.br"),
        b"brotli bytes",
    )
    .unwrap();
    std::fs::write(
        widget_dir.join("kiosk.html"),
        "<!doctype html><title>Glas kiosk</title><script type=module src=/widget/kiosk-0123456789.js></script>",
    )
    .unwrap();
    std::fs::write(
        widget_dir.join("kiosk-sw.js"),
        "/* kiosk service worker */ self.addEventListener('fetch', () => {});",
    )
    .unwrap();

    let database = TestDatabase::new(dir.path()).await;
    let database_url = database.url.clone();
    let mut settings = Settings {
        bind: "127.0.0.1:0".into(),
        database_url: database_url.clone().into(),
        allowed_origins: vec![ALLOWED_ORIGIN.into()],
        widget_dir: widget_dir.clone(),
        max_body_bytes: 64 * 1024,
        profile: profile.map(workspace_path),
        // Tests send faster than any citizen: the rate limits are off unless a
        // test turns them on (rate_limits.rs).
        rate_limit_submissions: 0,
        rate_limit_tracking: 0,
        rate_limit_logins: 0,
        rate_limit_kiosks: 0,
        rate_limit_enrolments: 0,
        personal_data_key: Some(PERSONAL_DATA_KEY.into()),
        ..Settings::default()
    };
    configure(&mut settings);
    let (address, store) = serve(settings.clone(), clock).await;
    TestApp {
        address,
        database_url,
        widget_dir,
        client: reqwest::Client::new(),
        store,
        settings,
        _database: database,
        _dir: dir,
    }
}

async fn serve(settings: Settings, clock: Clock) -> (String, Store) {
    let app = Application::build_with_clock(settings, clock)
        .await
        .expect("the app builds");
    let address = format!("http://{}", app.address());
    let store = app.store().clone();
    tokio::spawn(app.run_until_stopped());
    (address, store)
}

/// `path` relative to the workspace root.
pub fn workspace_path(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

impl TestApp {
    /// Another server on the same database, with its own clock; its address.
    pub async fn another_server(&self, clock: Clock) -> String {
        serve(self.settings.clone(), clock).await.0
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn post_submission(&self, submission: &NewSubmission) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/submissions"))
            .json(submission)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    /// A staff account made straight through the store (as `glas user add` makes
    /// one), with a generated password: its e-mail address and password.
    pub async fn add_staff(
        &self,
        role: Role,
        units: &[&str],
        corruption: bool,
    ) -> (String, String) {
        let email = format!("{}-{}@haskovo.bg", role.as_str(), Uuid::new_v4().simple());
        let password = NewPassword::generate();
        let profile = glas_server::profile::load(self.settings.profile.as_deref()).unwrap();
        let store = self.store().await;
        let account = NewAccount {
            email: email.clone(),
            name: "Мария Петрова".into(),
            position: "главен експерт".into(),
            role,
            units: units.iter().map(|u| u.to_string()).collect(),
            corruption,
        };
        users::add(
            &store,
            &profile,
            account,
            password.clone(),
            None,
            time::OffsetDateTime::now_utc(),
        )
        .await
        .expect("the account is added");
        store.close().await;
        (email, password.as_str().to_owned())
    }

    /// A kiosk for `unit`, added through the store (as an admin adds one at the
    /// desk) at `now` on the server's clock, and enrolled through the API with
    /// its code: its id and its enrolment.
    pub async fn enrolled_kiosk(
        &self,
        unit: &str,
        now: time::OffsetDateTime,
    ) -> (i64, glas_shared::rating::Enrolled) {
        use glas_server::kiosk::{CODE_VALID_FOR, code_digest, new_code};
        let code = new_code();
        let id = self
            .store
            .add_kiosk(
                "Фоайе",
                unit,
                &code_digest(&code),
                now + CODE_VALID_FOR,
                None,
                now,
            )
            .await
            .expect("the kiosk is added");
        (id, self.enrol_kiosk(&code).await)
    }

    /// Enrols a kiosk with `code` through the API, which must take it.
    pub async fn enrol_kiosk(&self, code: &str) -> glas_shared::rating::Enrolled {
        let response = self
            .client
            .post(self.url("/api/v1/kiosk/enrol"))
            .json(&serde_json::json!({ "code": code }))
            .send()
            .await
            .expect("request sent");
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        response.json().await.expect("an enrolment")
    }

    /// A new enrolment code for kiosk `id` at `now`, enrolled with: its new enrolment.
    pub async fn enrol_kiosk_again(
        &self,
        id: i64,
        now: time::OffsetDateTime,
    ) -> glas_shared::rating::Enrolled {
        use glas_server::kiosk::{CODE_VALID_FOR, code_digest, new_code};
        let code = new_code();
        let made = self
            .store
            .new_kiosk_code(id, &code_digest(&code), now + CODE_VALID_FOR, None, now)
            .await
            .expect("the code is stored");
        assert!(made, "kiosk {id} exists");
        self.enrol_kiosk(&code).await
    }

    /// A browser at the desk of this server (cookies kept, redirects not followed).
    pub fn desk_client(&self) -> DeskClient {
        DeskClient::new(&self.address)
    }

    /// The database, through a store of its own with this server's keys (close
    /// it after use).
    pub async fn store(&self) -> Store {
        glas_server::personal::connect(&self.settings)
            .await
            .expect("the database opens")
    }

    /// Every desk session's expiry moves to the past, as if its time had run out.
    pub async fn expire_desk_sessions(&self) {
        let past = time::OffsetDateTime::now_utc() - time::Duration::minutes(1);
        let sql = "UPDATE desk_sessions SET expiry_date = $1";
        if self.database_url.starts_with("sqlite:") {
            let mut c = sqlx::SqliteConnection::connect(&self.database_url)
                .await
                .unwrap();
            sqlx::query(sql).bind(past).execute(&mut c).await.unwrap();
        } else {
            let mut c = sqlx::PgConnection::connect(&self.database_url)
                .await
                .unwrap();
            sqlx::query(sql).bind(past).execute(&mut c).await.unwrap();
        }
    }

    /// Runs `sql` on the database through a connection of its own (a test that
    /// damages something on purpose).
    pub async fn execute(&self, sql: &str) {
        if self.database_url.starts_with("sqlite:") {
            let mut c = sqlx::SqliteConnection::connect(&self.database_url)
                .await
                .unwrap();
            sqlx::query(sql).execute(&mut c).await.unwrap();
        } else {
            let mut c = sqlx::PgConnection::connect(&self.database_url)
                .await
                .unwrap();
            sqlx::query(sql).execute(&mut c).await.unwrap();
        }
    }

    /// `submission_authors` as the database holds it, read straight through sqlx:
    /// each row's name, email, phone, address, key id and e-mail hash.
    pub async fn raw_authors(&self) -> Vec<RawAuthor> {
        let sql = "SELECT name, email, phone, address, key_id, email_index FROM submission_authors";
        if self.database_url.starts_with("sqlite:") {
            let mut c = sqlx::SqliteConnection::connect(&self.database_url)
                .await
                .unwrap();
            sqlx::query_as(sql).fetch_all(&mut c).await.unwrap()
        } else {
            let mut c = sqlx::PgConnection::connect(&self.database_url)
                .await
                .unwrap();
            sqlx::query_as(sql).fetch_all(&mut c).await.unwrap()
        }
    }

    /// The audit log's actions, oldest first.
    pub async fn audit_actions(&self) -> Vec<String> {
        self.raw_strings("SELECT action FROM audit_log ORDER BY id")
            .await
    }

    /// The one text column of each row `sql` selects, as stored.
    pub async fn raw_strings(&self, sql: &str) -> Vec<String> {
        if self.database_url.starts_with("sqlite:") {
            let mut c = sqlx::SqliteConnection::connect(&self.database_url)
                .await
                .unwrap();
            sqlx::query_scalar(sql).fetch_all(&mut c).await.unwrap()
        } else {
            let mut c = sqlx::PgConnection::connect(&self.database_url)
                .await
                .unwrap();
            sqlx::query_scalar(sql).fetch_all(&mut c).await.unwrap()
        }
    }

    /// What the database holds, read through a connection of its own.
    pub async fn stored(&self) -> Vec<ExportRow> {
        let store = Store::connect(&self.database_url)
            .await
            .expect("the database opens");
        let rows = store.export().await.expect("rows");
        store.close().await;
        rows
    }
}

/// A row of `submission_authors` as stored (`TestApp::raw_authors`).
#[derive(Debug, sqlx::FromRow)]
pub struct RawAuthor {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub key_id: Option<String>,
    pub email_index: Option<String>,
}

/// A valid named complaint with a fresh id.
pub fn complaint() -> NewSubmission {
    NewSubmission {
        id: Uuid::new_v4().to_string(),
        kind: "complaint".into(),
        text: "Чакахме 2 часа на гише 3 в Центъра за услуги.".into(),
        channel: "web".into(),
        unit: Some("centre".into()),
        author: Some(AuthorDto {
            name: "Мария Иванова".into(),
            email: Some("maria@example.com".into()),
            phone: Some("0888 123 456".into()),
            address: None,
        }),
        health_or_safety: false,
        created_at: "2026-11-24T09:15:00+02:00".into(),
        locale: "bg".into(),
    }
}

/// A valid anonymous praise with a fresh id.
pub fn praise() -> NewSubmission {
    NewSubmission {
        kind: "praise".into(),
        text: "Много любезно обслужване, благодаря!".into(),
        author: None,
        unit: None,
        ..complaint()
    }
}

// The real binary, for tests that kill it or run several.

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub struct Server {
    child: Child,
    pub address: String,
}

impl Server {
    /// SIGKILL: no graceful shutdown, no chance to flush anything.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, as an operator or systemd stops it: a graceful shutdown.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -TERM {}", self.child.id());
    }

    /// Waits up to `within` for the server to exit; whether it did, successfully.
    pub async fn exited_within(&mut self, within: Duration) -> Option<bool> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status.success());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

pub async fn start_glas(database_url: &str, port: u16) -> Server {
    start_glas_with(database_url, port, &[]).await
}

/// As [`start_glas`], with more environment variables.
pub async fn start_glas_with(database_url: &str, port: u16, env: &[(&str, String)]) -> Server {
    launch(glas_command(database_url, port, env), port).await
}

/// As [`start_glas`], logging requests (`RUST_LOG=info`) into `log`.
pub async fn start_glas_logging(database_url: &str, port: u16, log: std::fs::File) -> Server {
    let mut command = glas_command(database_url, port, &[("RUST_LOG", "info".to_owned())]);
    command.stderr(log);
    launch(command, port).await
}

/// The rate limits, off for the binary as for [`spawn_app`] unless `env` sets them.
const NO_RATE_LIMITS: [&str; 5] = [
    "GLAS_RATE_LIMIT_SUBMISSIONS",
    "GLAS_RATE_LIMIT_TRACKING",
    "GLAS_RATE_LIMIT_LOGINS",
    "GLAS_RATE_LIMIT_KIOSKS",
    "GLAS_RATE_LIMIT_ENROLMENTS",
];

/// The `glas` binary serving `database_url` on `port`, with `env` on top of the
/// defaults (errors alone logged).
fn glas_command(database_url: &str, port: u16, env: &[(&str, String)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_glas"));
    command
        .env("GLAS_BIND", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        // As behind a load balancer: every instance links to the same public address.
        .env("GLAS_PUBLIC_URL", "https://feedback.example.bg")
        .env("RUST_LOG", "error")
        .env("GLAS_PERSONAL_DATA_KEY", PERSONAL_DATA_KEY)
        .envs(NO_RATE_LIMITS.map(|name| (name, "0")))
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::null());
    command
}

/// Starts `command` and waits until the server answers `/healthz`.
async fn launch(mut command: Command, port: u16) -> Server {
    let child = command.spawn().expect("the glas binary starts");
    let server = Server {
        child,
        address: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let health = reqwest::get(format!("{}/readyz", server.address)).await;
        if health.is_ok_and(|r| r.status().is_success()) {
            return server;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not become healthy"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// A real SMTP server: aiosmtpd (Python), which `cargo xtask test` installs into a
// virtual environment and names in GLAS_TEST_SMTPD_PYTHON.

/// An aiosmtpd handler that keeps each message's bytes, as received, in a file of
/// its own, and refuses for good (550) any recipient `nobody…@`.
const SMTP_SINK: &str = r#"
import asyncio, itertools, os, time

class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = itertools.count()

    @classmethod
    def from_cli(cls, parser, directory):
        return cls(directory)

    # An address whose local part starts with "nobody" does not exist here.
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("nobody"):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(float(os.environ.get("GLAS_SMTP_SINK_DELAY", "0")))
        name = f"{time.time_ns()}-{next(self.count)}.eml"
        partial = os.path.join(self.directory, "." + name)
        with open(partial, "wb") as f:
            f.write(envelope.original_content)
            f.flush()
            os.fsync(f.fileno())
        os.rename(partial, os.path.join(self.directory, name))
        return "250 Message accepted for delivery"
"#;

/// One message as the SMTP server received it, decoded.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub message_id: String,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub content_type: String,
    pub body: String,
}

pub struct SmtpServer {
    pub port: u16,
    /// How long the server takes to accept each message.
    delay: Duration,
    python: String,
    dir: TempDir,
    child: Option<Child>,
}

impl SmtpServer {
    /// Starts an SMTP server on a free loopback port; returns once it accepts connections.
    pub async fn start() -> SmtpServer {
        Self::start_slow(Duration::ZERO).await
    }

    /// As [`SmtpServer::start`], taking `delay` to accept each message.
    pub async fn start_slow(delay: Duration) -> SmtpServer {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::create_dir(dir.path().join("mail")).unwrap();
        std::fs::write(dir.path().join("glas_smtp_sink.py"), SMTP_SINK).unwrap();
        let mut server = SmtpServer {
            port: free_port(),
            delay,
            python: smtpd_python(),
            dir,
            child: None,
        };
        server.start_again().await;
        server
    }

    /// Stops the server (SIGKILL); the messages received so far stay readable.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again, on the same port.
    pub async fn start_again(&mut self) {
        assert!(self.child.is_none(), "the SMTP server is running");
        let log = std::fs::File::create(self.dir.path().join("smtpd.log")).unwrap();
        let child = Command::new(&self.python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port))
            .args(["-c", "glas_smtp_sink.Sink"])
            .arg(self.dir.path().join("mail"))
            .env("PYTHONPATH", self.dir.path())
            .env("GLAS_SMTP_SINK_DELAY", self.delay.as_secs_f64().to_string())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", self.python));
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            let exited = self.child.as_mut().unwrap().try_wait().unwrap();
            if exited.is_some() || Instant::now() > deadline {
                let log = std::fs::read_to_string(self.dir.path().join("smtpd.log"));
                panic!("the SMTP server did not start ({exited:?}): {log:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Points `settings` at this server: plain SMTP, a retry a second after a failure.
    pub fn configure(&self, settings: &mut Settings) {
        settings.smtp_host = Some("127.0.0.1".into());
        settings.smtp_port = Some(self.port);
        settings.smtp_tls = SmtpTls::None;
        settings.mail_retry_secs = 1;
    }

    /// The same, as a server process's environment.
    #[cfg(feature = "postgres-tests")]
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("GLAS_SMTP_HOST", "127.0.0.1".into()),
            ("GLAS_SMTP_PORT", self.port.to_string()),
            ("GLAS_SMTP_TLS", "none".into()),
            ("GLAS_MAIL_RETRY_SECS", "1".into()),
        ]
    }

    /// Every message received so far, in order of arrival.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path().join("mail"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
            .collect();
        // time_ns-count.eml: by arrival.
        files.sort_by_key(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let (ns, n) = name.split_once('-').unwrap();
            (ns.parse::<u128>().unwrap(), n.parse::<u64>().unwrap())
        });
        files
            .iter()
            .map(|path| {
                let bytes = std::fs::read(path).unwrap();
                let mail = mailparse::parse_mail(&bytes).expect("a well-formed message");
                let header = |name: &str| mail.headers.get_first_value(name).unwrap_or_default();
                ReceivedMail {
                    message_id: header("Message-ID"),
                    from: header("From"),
                    to: header("To"),
                    subject: header("Subject"),
                    content_type: header("Content-Type"),
                    body: mail
                        .get_body()
                        .expect("a decodable body")
                        .replace("\r\n", "\n"),
                }
            })
            .collect()
    }

    /// Waits until at least `count` messages have arrived; returns them all.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<ReceivedMail> {
        let deadline = Instant::now() + within;
        loop {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            assert!(
                Instant::now() < deadline,
                "{} of {count} messages arrived within {within:?}",
                messages.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The Python that has aiosmtpd: `GLAS_TEST_SMTPD_PYTHON`, or `python3` if it can
/// import aiosmtpd.
fn smtpd_python() -> String {
    if let Ok(python) = std::env::var("GLAS_TEST_SMTPD_PYTHON")
        && !python.is_empty()
    {
        return python;
    }
    let has_aiosmtpd = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        has_aiosmtpd,
        "the mail tests need an SMTP server: run `cargo xtask test` (it installs aiosmtpd)"
    );
    "python3".into()
}

/// `glas user ARGS` on the database at `database_url`, with `stdin` piped in:
/// what it printed and how it ended, whatever that was.
pub fn glas_user(database_url: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_glas"))
        .arg("user")
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("glas starts");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

/// Where a redirect points.
pub fn location(response: &reqwest::Response) -> &str {
    response
        .headers()
        .get("location")
        .expect("a redirect")
        .to_str()
        .unwrap()
}

/// A browser at the desk: keeps its cookies (the session), does not follow
/// redirects, so tests see where they point.
pub struct DeskClient {
    pub client: reqwest::Client,
    pub address: String,
}

impl DeskClient {
    pub fn new(address: &str) -> DeskClient {
        DeskClient {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            address: address.to_owned(),
        }
    }

    /// The same cookies, another server (another instance on the same database).
    #[cfg_attr(not(feature = "postgres-tests"), allow(dead_code))]
    pub fn at(&self, address: &str) -> DeskClient {
        DeskClient {
            client: self.client.clone(),
            address: address.to_owned(),
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request sent")
    }

    /// POSTs `fields` as an urlencoded form, as they are (no token added).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .form(fields)
            .send()
            .await
            .expect("request sent")
    }

    /// The CSRF token of the form on the page at `path`.
    pub async fn csrf(&self, path: &str) -> String {
        let page = self.get(path).await.text().await.unwrap();
        csrf_in(&page).unwrap_or_else(|| panic!("no CSRF token on {path}: {page}"))
    }

    /// Fills the form on the page at `form_page` and POSTs it, with the page's token, to `path`.
    pub async fn submit(
        &self,
        form_page: &str,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let csrf = self.csrf(form_page).await;
        let mut fields = fields.to_vec();
        fields.push(("csrf", &csrf));
        self.post_form(path, &fields).await
    }

    /// Opens the login page, takes the token from its form and signs in.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.submit(
            "/desk/login",
            "/desk/login",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// Signs out through the form on the password page.
    pub async fn logout(&self) -> reqwest::Response {
        self.submit("/desk/password", "/desk/logout", &[]).await
    }
}

/// The value of the first `csrf` field in `html`.
pub fn csrf_in(html: &str) -> Option<String> {
    let start = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_owned())
}

/// The text of the element with `id` in `html` (tags inside dropped).
pub fn element_text(html: &str, id: &str) -> Option<String> {
    let start = html.find(&format!("id=\"{id}\""))?;
    let open_end = start + html[start..].find('>')? + 1;
    let mut depth = 1;
    let mut text = String::new();
    let mut rest = &html[open_end..];
    while depth > 0 && !rest.is_empty() {
        if let Some(tag) = rest.strip_prefix('<') {
            let close = tag.find('>')?;
            if tag.starts_with('/') {
                depth -= 1;
            } else if !tag[..close].ends_with('/')
                && !tag.starts_with("br")
                && !tag.starts_with("input")
            {
                depth += 1;
            }
            rest = &tag[close + 1..];
        } else {
            let next = rest.find('<').unwrap_or(rest.len());
            text.push_str(&rest[..next]);
            rest = &rest[next..];
        }
    }
    Some(text)
}
