//! The staff desk's inbox with 1,000,000 submissions in the database: the
//! release server on a database filled with five years of a busy municipality's
//! feedback, signed in as a supervisor and as a clerk over real HTTP, the first
//! page of every filter requested one at a time (what a clerk's click costs:
//! the page's query, its counts and the HTML, end to end).
//!
//! The rows go in straight through SQL, not through the server (that would take
//! minutes and measure ingest again): a fixed pseudo-random sequence, the same on
//! every run and both databases. Staff accounts are added with `glas user add`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, Result, bail, ensure};
use bytes::Bytes;
use glas_shared::deadline::add_months;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{CONTENT_TYPE, COOKIE, HOST, LOCATION, SET_COOKIE};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{
    Connection, Database, Encode, PgConnection, Postgres, QueryBuilder, Sqlite, SqliteConnection,
    Type,
};
use time::{Date, OffsetDateTime};
use tokio::net::TcpStream;
use tokio::time::Instant;
use uuid::Uuid;

use super::database;
use super::load::Latencies;
use super::server::Server;
use crate::util;

/// Submissions in the database.
pub const SUBMISSIONS: usize = 1_000_000;
/// Over how many days they were received, up to today.
const SPAN_DAYS: i64 = 5 * 365;
/// Requests of each page before measuring, and measured.
pub const WARM_UP: usize = 5;
pub const SAMPLES: usize = 200;
const ROWS_PER_STATEMENT: usize = 100;
const ROWS_PER_TRANSACTION: usize = 10_000;
const READY_WITHIN: Duration = Duration::from_secs(120);
const STOP_WITHIN: Duration = Duration::from_secs(30);

const UNITS: [&str; 4] = [
    "centre",
    "local-taxes",
    "civil-registration",
    "territorial-planning",
];

/// Who asks: a supervisor with the corruption permission sees every unit; a
/// clerk sees the centre's feedback and what is assigned to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Supervisor,
    Clerk,
}

impl Who {
    pub fn label(self) -> &'static str {
        match self {
            Who::Supervisor => "supervisor",
            Who::Clerk => "clerk (centre)",
        }
    }
}

/// The pages measured: the inbox as it opens, each quick filter, each filter
/// of the form alone, and a narrow combination.
pub const PAGES: &[(Who, &str, &str)] = &[
    (Who::Supervisor, "open (as it opens)", ""),
    (Who::Supervisor, "every status", "status=all"),
    (Who::Supervisor, "answered", "status=answered"),
    (Who::Supervisor, "not examined", "status=not_examined"),
    (Who::Supervisor, "overdue", "due=overdue"),
    (Who::Supervisor, "due within 2 working days", "due=soon"),
    (Who::Supervisor, "flagged", "flagged=1"),
    (Who::Supervisor, "unassigned", "assignee=nobody"),
    (Who::Supervisor, "assigned to me", "assignee=me"),
    (Who::Supervisor, "complaints", "kind=complaint"),
    (
        Who::Supervisor,
        "corruption, every status",
        "kind=corruption&status=all",
    ),
    (Who::Supervisor, "one unit", "unit=local-taxes"),
    (
        Who::Supervisor,
        "by phone, every status",
        "channel=phone&status=all",
    ),
    (
        Who::Supervisor,
        "overdue complaints of one unit",
        "kind=complaint&unit=centre&due=overdue",
    ),
    (Who::Clerk, "open (as it opens)", ""),
    (Who::Clerk, "every status", "status=all"),
    (Who::Clerk, "overdue", "due=overdue"),
    (Who::Clerk, "assigned to me", "assignee=me"),
];

pub struct Inbox {
    pub backend: &'static str,
    /// Open (registered or in review) among the [`SUBMISSIONS`].
    pub open: i64,
    /// Open and past their due date.
    pub overdue: i64,
    /// How long the rows took to go in (not a measurement of Glas).
    pub fill: Duration,
    pub pages: Vec<Page>,
}

impl Inbox {
    /// The slowest page's p99.
    pub fn worst_p99(&self) -> Duration {
        self.pages
            .iter()
            .map(|p| p.latencies.quantile(0.99))
            .max()
            .unwrap_or_default()
    }
}

pub struct Page {
    pub who: Who,
    pub label: &'static str,
    pub query: &'static str,
    pub latencies: Latencies,
    /// The page's size, HTML.
    pub bytes: usize,
}

pub async fn sqlite(bin: &Path) -> Result<Inbox> {
    step_filling("SQLite");
    let dir = tempfile::Builder::new().prefix("glas-bench-").tempdir()?;
    let url = database::sqlite_url(dir.path(), "glas.db");
    // Filling is not what is measured: no fsync while the rows go in.
    let options = SqliteConnectOptions::from_str(&url)?
        .create_if_missing(true)
        .foreign_keys(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Off);
    let mut db = SqliteConnection::connect_with(&options).await?;
    database::migrate("sqlite", &mut db).await?;
    add_staff(bin, dir.path(), &url)?;
    let staff: Vec<i64> = sqlx::query_scalar(STAFF_IDS).fetch_all(&mut db).await?;
    let today = OffsetDateTime::now_utc();
    let started = Instant::now();
    let mut rows = Rows::new(today, &staff);
    while let Some(chunk) = rows.next_transaction() {
        let mut tx = db.begin().await?;
        for statement in chunk.chunks(ROWS_PER_STATEMENT) {
            insert::<Sqlite, _>(statement, |id| id.to_string())
                .build()
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
    }
    for &(year, last) in &rows.counters {
        sqlx::query(COUNTER)
            .bind(year)
            .bind(last)
            .execute(&mut db)
            .await?;
    }
    let fill = started.elapsed();
    let (open, overdue) = sqlx::query_as(OPEN_AND_OVERDUE)
        .bind(today.date())
        .fetch_one(&mut db)
        .await?;
    db.close().await?;
    let pages = measure(bin, dir.path(), &url).await?;
    Ok(Inbox {
        backend: "SQLite",
        open,
        overdue,
        fill,
        pages,
    })
}

pub async fn postgres(bin: &Path) -> Result<Inbox> {
    step_filling("PostgreSQL");
    let cluster = database::Postgres::connect().await?;
    let url = cluster.create("inbox").await?;
    let result = async {
        let dir = tempfile::Builder::new().prefix("glas-bench-").tempdir()?;
        let mut db = PgConnection::connect(&url).await?;
        database::migrate("postgres", &mut db).await?;
        add_staff(bin, dir.path(), &url)?;
        let staff: Vec<i64> = sqlx::query_scalar(STAFF_IDS).fetch_all(&mut db).await?;
        // Filling is not what is measured: no waiting for the WAL's flush.
        sqlx::query("SET synchronous_commit = off")
            .execute(&mut db)
            .await?;
        let today = OffsetDateTime::now_utc();
        let started = Instant::now();
        let mut rows = Rows::new(today, &staff);
        while let Some(chunk) = rows.next_transaction() {
            let mut tx = db.begin().await?;
            for statement in chunk.chunks(ROWS_PER_STATEMENT) {
                insert::<Postgres, _>(statement, |id| id)
                    .build()
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
        for &(year, last) in &rows.counters {
            sqlx::query(COUNTER)
                .bind(year)
                .bind(last)
                .execute(&mut db)
                .await?;
        }
        // What autovacuum does soon after such a load, done before measuring.
        sqlx::query("VACUUM ANALYZE submissions")
            .execute(&mut db)
            .await?;
        let fill = started.elapsed();
        let (open, overdue) = sqlx::query_as(OPEN_AND_OVERDUE)
            .bind(today.date())
            .fetch_one(&mut db)
            .await?;
        db.close().await?;
        let pages = measure(bin, dir.path(), &url).await?;
        anyhow::Ok(Inbox {
            backend: "PostgreSQL",
            open,
            overdue,
            fill,
            pages,
        })
    }
    .await;
    cluster.drop("inbox").await?;
    result
}

fn step_filling(backend: &str) {
    util::step(&format!(
        "Inbox on {backend}: a database of {SUBMISSIONS} submissions, then the first page of {} filters",
        PAGES.len()
    ));
}

const STAFF_IDS: &str = "SELECT id FROM staff ORDER BY id";
const COUNTER: &str = "INSERT INTO reference_counters (year, last) VALUES ($1, $2)
    ON CONFLICT (year) DO UPDATE SET last = excluded.last";
const OPEN_AND_OVERDUE: &str = "SELECT COUNT(*),
        COALESCE(SUM(CASE WHEN due_on < $1 THEN 1 ELSE 0 END), 0)
    FROM submissions WHERE status IN ('registered', 'in_review')";

const SUPERVISOR: (&str, &str) = ("supervisor@bench.glas", "bench-supervisor-password");
const CLERK: (&str, &str) = ("clerk@bench.glas", "bench-clerk-password");

/// Adds the accounts with the server's own `glas user add`: a supervisor with
/// the corruption permission, the clerk of the centre who signs in, and one
/// more clerk for each unit.
fn add_staff(bin: &Path, dir: &Path, url: &str) -> Result<()> {
    let mut accounts = vec![
        (
            SUPERVISOR.0.to_owned(),
            SUPERVISOR.1.to_owned(),
            "supervisor",
            None,
        ),
        (
            CLERK.0.to_owned(),
            CLERK.1.to_owned(),
            "clerk",
            Some("centre"),
        ),
    ];
    for (i, unit) in UNITS.iter().enumerate() {
        accounts.push((
            format!("clerk{i}@bench.glas"),
            format!("bench-clerk-password-{i}"),
            "clerk",
            Some(*unit),
        ));
    }
    for (email, password, role, unit) in &accounts {
        let mut command = Command::new(bin);
        command.args(["user", "add", "--role", role, "--name", email]);
        if let Some(unit) = unit {
            command.args(["--unit", unit]);
        }
        if *role == "supervisor" {
            command.arg("--corruption");
        }
        command.args([email.as_str(), "--password-stdin"]);
        run_with_stdin(command, dir, url, password)?;
    }
    Ok(())
}

fn run_with_stdin(mut command: Command, dir: &Path, url: &str, input: &str) -> Result<()> {
    use std::io::Write;
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GLAS_") {
            command.env_remove(key);
        }
    }
    let mut child = command
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "off")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {command:?}"))?;
    child
        .stdin
        .take()
        .context("no stdin")?
        .write_all(format!("{input}\n").as_bytes())?;
    let output = child.wait_with_output()?;
    ensure!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(())
}

/// One submission as the bench makes it.
struct Row {
    id: Uuid,
    content_hash: [u8; 32],
    reference: String,
    ref_year: i32,
    ref_seq: i64,
    kind: &'static str,
    text: String,
    channel: &'static str,
    unit: Option<&'static str>,
    health_or_safety: bool,
    received_at: OffsetDateTime,
    status: &'static str,
    status_reason: Option<&'static str>,
    flagged_obscene: bool,
    due_on: Option<Date>,
    tracking_token: String,
    assignee_id: Option<i64>,
    answered_at: Option<OffsetDateTime>,
}

/// SplitMix64: small, fast, and the same sequence everywhere.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True `per_mille` times in a thousand.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// One of `choices`, by weight.
    fn pick<T: Copy>(&mut self, choices: &[(T, u64)]) -> T {
        let total: u64 = choices.iter().map(|(_, w)| w).sum();
        let mut at = self.below(total);
        for &(choice, weight) in choices {
            if at < weight {
                return choice;
            }
            at -= weight;
        }
        choices[choices.len() - 1].0
    }
}

/// The submissions, made in order of registration, a statement's worth at a time.
struct Rows<'a> {
    today: OffsetDateTime,
    staff: &'a [i64],
    random: Random,
    next: usize,
    /// The last reference number of each year.
    counters: Vec<(i32, i64)>,
}

const KINDS: &[(&str, u64)] = &[
    ("complaint", 350),
    ("signal", 250),
    ("proposal", 150),
    ("praise", 100),
    ("comment", 140),
    ("corruption", 10),
];
const CHANNELS: &[(&str, u64)] = &[("web", 55), ("kiosk", 25), ("phone", 10), ("in_person", 10)];
const TEXTS: &[&str] = &[
    "Чакахме над два часа на гише 3 в Центъра за услуги и никой не ни обясни защо.",
    "Уличното осветление на ул. „Васил Левски“ не работи от седмица.",
    "Предлагам да се удължи работното време на касата в четвъртък до 19 часа.",
    "Благодаря на служителката на гише 5 за търпението и ясните обяснения.",
    "Сайтът е удобен, но формулярът за местни данъци можеше да е по-кратък.",
    "Дупка на пътя пред училището е опасна за децата, моля поставете знак.",
];

impl<'a> Rows<'a> {
    fn new(today: OffsetDateTime, staff: &'a [i64]) -> Rows<'a> {
        Rows {
            today,
            staff,
            random: Random(0x676c_6173),
            next: 0,
            counters: Vec::new(),
        }
    }

    /// The next transaction's rows, until there are no more.
    fn next_transaction(&mut self) -> Option<Vec<Row>> {
        let n = ROWS_PER_TRANSACTION.min(SUBMISSIONS - self.next);
        (n > 0).then(|| (0..n).map(|_| self.row()).collect())
    }

    fn row(&mut self) -> Row {
        let i = self.next as i64;
        self.next += 1;
        let r = &mut self.random;
        // Evenly over the span, oldest first, so references rise with time.
        let age_seconds = (SUBMISSIONS as i64 - 1 - i) * SPAN_DAYS * 86_400 / SUBMISSIONS as i64;
        let received_at = self.today - time::Duration::seconds(age_seconds);
        let age_days = age_seconds / 86_400;
        let ref_year = received_at.year();
        let ref_seq = match self.counters.last_mut() {
            Some((year, last)) if *year == ref_year => {
                *last += 1;
                *last
            }
            _ => {
                self.counters.push((ref_year, 1));
                1
            }
        };
        let kind = r.pick(KINDS);
        let channel = r.pick(CHANNELS);
        let unit = match channel {
            "web" if r.chance(400) => None,
            _ => Some(UNITS[r.below(UNITS.len() as u64) as usize]),
        };
        let owed = !matches!(kind, "praise" | "comment");
        let named = if owed { r.chance(850) } else { r.chance(300) };
        let received = received_at.date();
        let due_on = match kind {
            _ if owed && !named => None,
            "complaint" => Some(received + time::Duration::days(7)),
            "praise" | "comment" => None,
            _ => Some(add_months(received, 2)),
        };
        // Days until it is closed: most within the term, a fifth late, a few never.
        let term_days = match kind {
            "complaint" => 7,
            "praise" | "comment" => 20,
            _ => 61,
        };
        let closes_after = if r.chance(15) {
            None
        } else {
            Some(1 + r.below(term_days * 5 / 4) as i64)
        };
        let (status, status_reason, answered_at) = if owed && !named {
            ("not_examined", Some("anonymous"), None)
        } else {
            match closes_after {
                Some(days) if days <= age_days => {
                    let closed = received_at + time::Duration::days(days);
                    match r.pick(&[(0, 900), (1, 40), (2, 60)]) {
                        0 => ("answered", None, Some(closed)),
                        1 => ("not_examined", Some("outside_competence"), None),
                        _ => ("forwarded", None, None),
                    }
                }
                _ if age_days < 2 => ("registered", None, None),
                _ => (
                    if r.chance(300) {
                        "registered"
                    } else {
                        "in_review"
                    },
                    None,
                    None,
                ),
            }
        };
        let open = matches!(status, "registered" | "in_review");
        let assignee_id = if open && r.chance(500) || !owed && r.chance(500) {
            None
        } else {
            Some(self.staff[r.below(self.staff.len() as u64) as usize])
        };
        let mut content_hash = [0; 32];
        for chunk in content_hash.chunks_mut(8) {
            chunk.copy_from_slice(&r.next().to_le_bytes());
        }
        Row {
            id: Uuid::from_u64_pair(r.next(), r.next()),
            content_hash,
            reference: format!("{ref_year}-{ref_seq:06}"),
            ref_year,
            ref_seq,
            kind,
            text: TEXTS[r.below(TEXTS.len() as u64) as usize].to_owned(),
            channel,
            unit,
            health_or_safety: r.chance(30),
            received_at,
            status,
            status_reason,
            flagged_obscene: r.chance(5),
            due_on,
            tracking_token: format!("{:016x}{:016x}", r.next(), r.next()),
            assignee_id,
            answered_at,
        }
    }
}

/// One multi-row `INSERT` of `rows`; `id` gives the submission's id as the
/// database stores it (TEXT in SQLite, UUID in PostgreSQL).
fn insert<'a, DB, I>(rows: &'a [Row], id: impl Fn(Uuid) -> I) -> QueryBuilder<'a, DB>
where
    DB: Database,
    I: 'a + Encode<'a, DB> + Type<DB>,
    &'a [u8]: Encode<'a, DB> + Type<DB>,
    &'a str: Encode<'a, DB> + Type<DB>,
    Option<&'a str>: Encode<'a, DB> + Type<DB>,
    String: Encode<'a, DB> + Type<DB>,
    i32: Encode<'a, DB> + Type<DB>,
    i64: Encode<'a, DB> + Type<DB>,
    Option<i64>: Encode<'a, DB> + Type<DB>,
    bool: Encode<'a, DB> + Type<DB>,
    OffsetDateTime: Encode<'a, DB> + Type<DB>,
    Option<OffsetDateTime>: Encode<'a, DB> + Type<DB>,
    Option<Date>: Encode<'a, DB> + Type<DB>,
{
    let mut q = QueryBuilder::new(
        "INSERT INTO submissions (id, content_hash, reference, ref_year, ref_seq, kind, text,
            channel, unit, handling_unit, health_or_safety, locale, created_at, received_at,
            status, status_reason, flagged_obscene, due_on, tracking_token, assignee_id,
            answered_at) ",
    );
    q.push_values(rows, |mut b, r| {
        b.push_bind(id(r.id))
            .push_bind(&r.content_hash[..])
            .push_bind(r.reference.as_str())
            .push_bind(r.ref_year)
            .push_bind(r.ref_seq)
            .push_bind(r.kind)
            .push_bind(r.text.as_str())
            .push_bind(r.channel)
            .push_bind(r.unit)
            .push_bind(r.unit)
            .push_bind(r.health_or_safety)
            .push_bind("bg")
            .push_bind(r.received_at)
            .push_bind(r.received_at)
            .push_bind(r.status)
            .push_bind(r.status_reason)
            .push_bind(r.flagged_obscene)
            .push_bind(r.due_on)
            .push_bind(r.tracking_token.as_str())
            .push_bind(r.assignee_id)
            .push_bind(r.answered_at);
    });
    q
}

/// Starts the release server on the filled database, signs in, and measures each page.
async fn measure(bin: &Path, dir: &Path, url: &str) -> Result<Vec<Page>> {
    util::step("Measuring the inbox's first page for each filter");
    let server = Server::start(Command::new(bin), dir, url, READY_WITHIN).await?;
    let mut supervisor = Browser::open(server.addr).await?;
    supervisor.sign_in(SUPERVISOR).await?;
    let mut clerk = Browser::open(server.addr).await?;
    clerk.sign_in(CLERK).await?;
    let mut pages = Vec::new();
    for &(who, label, query) in PAGES {
        let browser = match who {
            Who::Supervisor => &mut supervisor,
            Who::Clerk => &mut clerk,
        };
        let path = if query.is_empty() {
            "/desk".to_owned()
        } else {
            format!("/desk?{query}")
        };
        let mut bytes = 0;
        for _ in 0..WARM_UP {
            bytes = browser.page(&path).await?.len();
        }
        let mut micros = Vec::with_capacity(SAMPLES);
        for _ in 0..SAMPLES {
            let start = Instant::now();
            browser.page(&path).await?;
            micros.push(u32::try_from(start.elapsed().as_micros()).unwrap_or(u32::MAX));
        }
        pages.push(Page {
            who,
            label,
            query,
            latencies: Latencies::from_micros(micros),
            bytes,
        });
    }
    server.stop(STOP_WITHIN).await?;
    Ok(pages)
}

/// A member of staff's browser, as far as the bench needs one: one keep-alive
/// connection and the desk's cookies.
struct Browser {
    sender: SendRequest<Full<Bytes>>,
    host: String,
    cookies: Vec<String>,
}

struct Answer {
    status: StatusCode,
    location: Option<String>,
    body: Bytes,
}

impl Browser {
    async fn open(addr: std::net::SocketAddr) -> Result<Browser> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(connection);
        Ok(Browser {
            sender,
            host: addr.to_string(),
            cookies: Vec::new(),
        })
    }

    async fn send(&mut self, method: Method, path: &str, form: Option<String>) -> Result<Answer> {
        self.sender.ready().await?;
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(HOST, &self.host);
        if !self.cookies.is_empty() {
            request = request.header(COOKIE, self.cookies.join("; "));
        }
        if form.is_some() {
            request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        let response = self
            .sender
            .send_request(request.body(Full::new(Bytes::from(form.unwrap_or_default())))?)
            .await?;
        for cookie in response.headers().get_all(SET_COOKIE) {
            let pair = cookie.to_str()?.split(';').next().unwrap_or_default();
            let name = pair.split('=').next().unwrap_or_default();
            self.cookies.retain(|c| c.split('=').next() != Some(name));
            self.cookies.push(pair.to_owned());
        }
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        let body = response.into_body().collect().await?.to_bytes();
        Ok(Answer {
            status,
            location,
            body,
        })
    }

    /// Signs in through the login form, its CSRF token included.
    async fn sign_in(&mut self, (email, password): (&str, &str)) -> Result<()> {
        let login = self.send(Method::GET, "/desk/login", None).await?;
        let html = String::from_utf8_lossy(&login.body);
        let csrf = html
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .context("no CSRF token on the login page")?
            .to_owned();
        let form = form(&[
            ("csrf", &csrf),
            ("next", "/desk"),
            ("email", email),
            ("password", password),
        ]);
        let answer = self.send(Method::POST, "/desk/login", Some(form)).await?;
        if answer.status != StatusCode::SEE_OTHER || answer.location.as_deref() != Some("/desk") {
            bail!(
                "signing in as {email} answered {} (to {:?})",
                answer.status,
                answer.location
            );
        }
        Ok(())
    }

    /// A desk page that must answer `200`; its body.
    async fn page(&mut self, path: &str) -> Result<Bytes> {
        let answer = self.send(Method::GET, path, None).await?;
        ensure!(
            answer.status == StatusCode::OK,
            "GET {path} answered {}",
            answer.status
        );
        Ok(answer.body)
    }
}

/// An `application/x-www-form-urlencoded` body.
fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
