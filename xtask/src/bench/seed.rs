//! The databases the benchmarks read: a busy municipality's feedback put in
//! straight through SQL, not through the server (that would take minutes and
//! measure ingest again). A fixed pseudo-random sequence, the same on every run
//! and both databases: kinds, channels, units, flags and assignees in a busy
//! municipality's proportions; most answered within their term, a fifth late,
//! 1.5 % never closed.

use std::str::FromStr;
use std::time::Duration;

use anyhow::Result;
use glas_shared::deadline::add_months;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{
    Connection, Database, Encode, PgConnection, Postgres, QueryBuilder, Sqlite, SqliteConnection,
    Type,
};
use time::{Date, OffsetDateTime};
use tokio::time::Instant;
use uuid::Uuid;

use super::database;

const ROWS_PER_STATEMENT: usize = 100;
const ROWS_PER_TRANSACTION: usize = 10_000;

/// How many submissions, received evenly over how many days up to now.
#[derive(Debug, Clone, Copy)]
pub struct Seed {
    pub submissions: usize,
    pub days: i64,
}

/// A new SQLite database at `url` with the schema, open for filling: no fsync
/// while the rows go in (filling is not what is measured).
pub async fn sqlite_database(url: &str) -> Result<SqliteConnection> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .foreign_keys(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Off);
    let mut db = SqliteConnection::connect_with(&options).await?;
    database::migrate("sqlite", &mut db).await?;
    Ok(db)
}

/// A PostgreSQL database at `url` with the schema, open for filling: no waiting
/// for the WAL's flush while the rows go in.
pub async fn postgres_database(url: &str) -> Result<PgConnection> {
    let mut db = PgConnection::connect(url).await?;
    database::migrate("postgres", &mut db).await?;
    sqlx::query("SET synchronous_commit = off")
        .execute(&mut db)
        .await?;
    Ok(db)
}

/// Puts `seed`'s submissions into SQLite, received up to `today`, assigned among
/// `staff` (none if it is empty); how long that took.
pub async fn fill_sqlite(
    db: &mut SqliteConnection,
    seed: Seed,
    today: OffsetDateTime,
    staff: &[i64],
) -> Result<Duration> {
    let started = Instant::now();
    let mut rows = Rows::new(seed, today, staff);
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
            .execute(&mut *db)
            .await?;
    }
    Ok(started.elapsed())
}

/// [`fill_sqlite`] for PostgreSQL, with the `VACUUM ANALYZE` that autovacuum
/// does soon after such a load done before anything is measured.
pub async fn fill_postgres(
    db: &mut PgConnection,
    seed: Seed,
    today: OffsetDateTime,
    staff: &[i64],
) -> Result<Duration> {
    let started = Instant::now();
    let mut rows = Rows::new(seed, today, staff);
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
            .execute(&mut *db)
            .await?;
    }
    sqlx::query("VACUUM ANALYZE submissions")
        .execute(&mut *db)
        .await?;
    Ok(started.elapsed())
}

const COUNTER: &str = "INSERT INTO reference_counters (year, last) VALUES ($1, $2)
    ON CONFLICT (year) DO UPDATE SET last = excluded.last";

pub const UNITS: [&str; 4] = [
    "centre",
    "local-taxes",
    "civil-registration",
    "territorial-planning",
];

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
    seed: Seed,
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
    fn new(seed: Seed, today: OffsetDateTime, staff: &'a [i64]) -> Rows<'a> {
        Rows {
            seed,
            today,
            staff,
            random: Random(0x676c_6173),
            next: 0,
            counters: Vec::new(),
        }
    }

    /// The next transaction's rows, until there are no more.
    fn next_transaction(&mut self) -> Option<Vec<Row>> {
        let n = ROWS_PER_TRANSACTION.min(self.seed.submissions - self.next);
        (n > 0).then(|| (0..n).map(|_| self.row()).collect())
    }

    fn row(&mut self) -> Row {
        let i = self.next as i64;
        self.next += 1;
        let r = &mut self.random;
        // Evenly over the span, oldest first, so references rise with time.
        let count = self.seed.submissions as i64;
        let age_seconds = (count - 1 - i) * self.seed.days * 86_400 / count;
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
        let assignee_id =
            if open && r.chance(500) || !owed && r.chance(500) || self.staff.is_empty() {
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
