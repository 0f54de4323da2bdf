//! The staff desk's inbox with 1,000,000 submissions in the database: the
//! release server on a database filled with five years of a busy municipality's
//! feedback, signed in as a supervisor and as a clerk over real HTTP, the first
//! page of every filter requested one at a time (what a clerk's click costs:
//! the page's query, its counts and the HTML, end to end).
//!
//! The rows go in through SQL (see `seed`); staff accounts are added with
//! `glas user add`.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::Result;
use sqlx::Connection;
use time::OffsetDateTime;
use tokio::time::Instant;

use super::database;
use super::load::Latencies;
use super::seed::{self, Seed, UNITS};
use super::server::{self, Server};
use super::session::Browser;
use crate::util;

/// Submissions in the database, received over five years up to today.
pub const SEED: Seed = Seed {
    submissions: 1_000_000,
    days: 5 * 365,
};
/// Requests of each page before measuring, and measured.
pub const WARM_UP: usize = 5;
pub const SAMPLES: usize = 200;
const READY_WITHIN: Duration = Duration::from_secs(120);
const STOP_WITHIN: Duration = Duration::from_secs(30);

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
    /// Open (registered or in review) among the [`SEED`]'s submissions.
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
    let mut db = seed::sqlite_database(&url).await?;
    add_staff(bin, dir.path(), &url)?;
    let staff: Vec<i64> = sqlx::query_scalar(STAFF_IDS).fetch_all(&mut db).await?;
    let today = OffsetDateTime::now_utc();
    let fill = seed::fill_sqlite(&mut db, SEED, today, &staff).await?;
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
        let mut db = seed::postgres_database(&url).await?;
        add_staff(bin, dir.path(), &url)?;
        let staff: Vec<i64> = sqlx::query_scalar(STAFF_IDS).fetch_all(&mut db).await?;
        let today = OffsetDateTime::now_utc();
        let fill = seed::fill_postgres(&mut db, SEED, today, &staff).await?;
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
        "Inbox on {backend}: a database of {} submissions, then the first page of {} filters",
        SEED.submissions,
        PAGES.len()
    ));
}

const STAFF_IDS: &str = "SELECT id FROM staff ORDER BY id";
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
        server::run(command, dir, url, Some(password))?;
    }
    Ok(())
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
