//! The desk's reads and writes. A change, its audit entry, its answer and the
//! e-mail it sends are written in one transaction, so the audit log never misses
//! a change and never records one that did not happen.

use glas_shared::calendar::Calendar;
use glas_shared::{Channel, Kind, Reason, Status};
use serde::Serialize;
use sqlx::{Database, Encode, QueryBuilder, Type};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::authors::{EmailLookup, STORED_AUTHOR, StoredAuthor};
use super::dialect::{Id, on_db};
use super::mail::{OutgoingMail, enqueue_mail};
use super::stats::{add_to_rollups, snapshot};
use super::{Store, StoreError, parse_kind, parse_reason, parse_status};
use crate::desk::Viewer;
use crate::desk::inbox::{AssigneeFilter, Dates, DueFilter, Filter, PAGE_SIZE, StatusFilter};
use crate::screening::SetAside;
use crate::stats::rollup;

/// One line of the inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxItem {
    pub reference: String,
    pub kind: Kind,
    pub status: Status,
    pub channel: Channel,
    pub unit: Option<String>,
    pub assignee: Option<String>,
    pub received_at: OffsetDateTime,
    pub due_on: Option<Date>,
    pub flagged_obscene: bool,
    pub health_or_safety: bool,
    /// The start of the text, to recognise it by.
    pub excerpt: String,
}

#[derive(sqlx::FromRow)]
struct InboxRow {
    reference: String,
    kind: String,
    status: String,
    channel: String,
    handling_unit: Option<String>,
    assignee: Option<String>,
    received_at: OffsetDateTime,
    due_on: Option<Date>,
    flagged_obscene: bool,
    health_or_safety: bool,
    excerpt: String,
}

impl InboxRow {
    fn into_item(self) -> Result<InboxItem, StoreError> {
        Ok(InboxItem {
            reference: self.reference,
            kind: parse_kind(&self.kind)?,
            status: parse_status(&self.status)?,
            channel: Channel::parse(&self.channel)
                .map_err(|_| StoreError::Corrupt(format!("unknown channel {:?}", self.channel)))?,
            unit: self.handling_unit,
            assignee: self.assignee,
            received_at: self.received_at,
            due_on: self.due_on,
            flagged_obscene: self.flagged_obscene,
            health_or_safety: self.health_or_safety,
            excerpt: self.excerpt,
        })
    }
}

/// How many open items each quick filter of the inbox holds, for this viewer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct InboxCounts {
    pub open: i64,
    pub overdue: i64,
    pub soon: i64,
    pub flagged: i64,
    pub unassigned: i64,
    pub mine: i64,
}

/// A submission as the desk shows it, personal data included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskItem {
    pub id: Uuid,
    pub reference: String,
    pub kind: Kind,
    pub text: String,
    pub channel: Channel,
    /// The unit the citizen chose.
    pub unit: Option<String>,
    /// The unit that answers (at first the citizen's).
    pub handling_unit: Option<String>,
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    pub status: Status,
    pub reason: Option<Reason>,
    pub flagged_obscene: bool,
    pub health_or_safety: bool,
    pub locale: String,
    pub created_at: OffsetDateTime,
    pub received_at: OffsetDateTime,
    pub due_on: Option<Date>,
    pub inspection_reason: Option<String>,
    pub forwarded_to: Option<String>,
    pub answered_at: Option<OffsetDateTime>,
    pub tracking_token: String,
    pub author: Option<AuthorRow>,
    /// Kept aside as probably a robot's: out of the inbox until released.
    pub set_aside: Option<SetAside>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuthorRow {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

#[derive(sqlx::FromRow)]
struct DeskRow {
    id: Id,
    reference: String,
    kind: String,
    text: String,
    channel: String,
    unit: Option<String>,
    handling_unit: Option<String>,
    assignee_id: Option<i64>,
    assignee: Option<String>,
    status: String,
    status_reason: Option<String>,
    flagged_obscene: bool,
    health_or_safety: bool,
    locale: String,
    created_at: OffsetDateTime,
    received_at: OffsetDateTime,
    due_on: Option<Date>,
    inspection_reason: Option<String>,
    forwarded_to: Option<String>,
    answered_at: Option<OffsetDateTime>,
    tracking_token: String,
    set_aside: Option<String>,
}

/// A submission kept aside, as the desk lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAsideItem {
    pub reference: String,
    pub kind: Kind,
    pub received_at: OffsetDateTime,
    pub why: SetAside,
    pub excerpt: String,
}

#[derive(sqlx::FromRow)]
struct SetAsideRow {
    reference: String,
    kind: String,
    received_at: OffsetDateTime,
    set_aside: String,
    excerpt: String,
}

/// One line of a submission's history or of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: OffsetDateTime,
    pub staff: Option<String>,
    pub action: String,
    pub reference: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A formal answer, as stored (never changed).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Answer {
    pub id: i64,
    pub created_at: OffsetDateTime,
    pub body: String,
    pub signer_name: String,
    pub signer_position: String,
    pub corrects: Option<i64>,
}

/// Someone a submission can be assigned to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Assignable {
    pub id: i64,
    pub name: String,
    pub email: String,
}

/// What a desk action changes in one submission, with its audit entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub submission_id: Uuid,
    pub at: OffsetDateTime,
    pub staff_id: i64,
    /// The audit log's name for the action (`take`, `assign`, `status`, …).
    pub action: &'static str,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
    pub set: Vec<Set>,
    pub answer: Option<NewAnswer>,
    pub mail: Vec<OutgoingMail>,
}

/// One column a change sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Set {
    Status(Status),
    Reason(Option<Reason>),
    Assignee(Option<i64>),
    HandlingUnit(Option<String>),
    DueOn(Option<Date>),
    InspectionReason(String),
    ForwardedTo(Option<String>),
    /// The first answer's time; a later answer (a correction) keeps the first.
    AnsweredAt(OffsetDateTime),
    /// Out of the set-aside, into the inbox and the statistics.
    Released,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewAnswer {
    pub body: String,
    pub signer_name: String,
    pub signer_position: String,
    pub corrects: Option<i64>,
}

/// Adds the viewer's scope to a query on `submissions s`: their units and what is
/// assigned to them (unless they see every unit), never a corruption report
/// without the permission.
fn push_scope<'a, DB: Database>(q: &mut QueryBuilder<'a, DB>, viewer: &'a Viewer)
where
    i64: Encode<'a, DB> + Type<DB>,
    &'a str: Encode<'a, DB> + Type<DB>,
{
    if !viewer.corruption {
        q.push(" AND s.kind <> 'corruption'");
    }
    if !viewer.all_units {
        q.push(" AND (s.assignee_id = ").push_bind(viewer.staff_id);
        if !viewer.units.is_empty() {
            q.push(" OR s.handling_unit IN (");
            let mut units = q.separated(", ");
            for unit in &viewer.units {
                units.push_bind(unit.as_str());
            }
            q.push(")");
        }
        q.push(")");
    }
}

const OPEN: &str = "s.status IN ('registered', 'in_review')";

/// Adds `filter`'s conditions; `email`, its address's lookup, when it has one.
fn push_filter<'a, DB: Database>(
    q: &mut QueryBuilder<'a, DB>,
    filter: &'a Filter,
    email: Option<&'a EmailLookup>,
    dates: Dates,
) where
    i64: Encode<'a, DB> + Type<DB>,
    &'a str: Encode<'a, DB> + Type<DB>,
    Date: Encode<'a, DB> + Type<DB>,
{
    if let Some(kind) = filter.kind {
        q.push(" AND s.kind = ").push_bind(kind.as_str());
    }
    if let Some(unit) = &filter.unit {
        q.push(" AND s.handling_unit = ").push_bind(unit.as_str());
    }
    match filter.status {
        StatusFilter::Open => {
            q.push(" AND ").push(OPEN);
        }
        StatusFilter::All => {}
        StatusFilter::Is(status) => {
            q.push(" AND s.status = ").push_bind(status.as_str());
        }
    }
    if let Some(channel) = filter.channel {
        q.push(" AND s.channel = ").push_bind(channel.as_str());
    }
    match filter.assignee {
        Some(AssigneeFilter::Nobody) => {
            q.push(" AND s.assignee_id IS NULL");
        }
        Some(AssigneeFilter::Staff(id)) => {
            q.push(" AND s.assignee_id = ").push_bind(id);
        }
        None => {}
    }
    match filter.due {
        // On the order's key, not `due_on`, so that the range is read straight
        // from the index (nothing owed an answer has a key in it).
        Some(DueFilter::Overdue) => {
            q.push(" AND ")
                .push(OPEN)
                .push(" AND ")
                .push(DUE_KEY)
                .push(" < ")
                .push_bind(dates.today);
        }
        Some(DueFilter::Soon) => {
            q.push(" AND ")
                .push(OPEN)
                .push(" AND ")
                .push(DUE_KEY)
                .push(" >= ")
                .push_bind(dates.today)
                .push(" AND ")
                .push(DUE_KEY)
                .push(" <= ")
                .push_bind(dates.soon_until);
        }
        None => {}
    }
    if filter.flagged {
        q.push(" AND (s.flagged_obscene = TRUE OR s.health_or_safety = TRUE)");
    }
    if let Some(email) = email {
        // A condition like the others, so the viewer's scope and the set-aside
        // still apply; the index on `email_index` finds the author rows.
        q.push(" AND s.id IN (SELECT a.submission_id FROM submission_authors a WHERE ");
        email.push_condition(q);
        q.push(")");
    }
}

const INBOX_COLUMNS: &str = "SELECT s.reference, s.kind, s.status, s.channel, s.handling_unit,
        st.name AS assignee, s.received_at, s.due_on, s.flagged_obscene, s.health_or_safety,
        SUBSTR(s.text, 1, 140) AS excerpt
    FROM submissions s LEFT JOIN staff st ON st.id = s.assignee_id
    WHERE s.set_aside IS NULL";

/// The due date, with what is owed no answer after everything else: the first
/// column of the indexes `submissions_inbox*` (written otherwise, they are not used).
const DUE_KEY: &str = "COALESCE(s.due_on, '9999-12-31')";

/// Soonest due first; what is owed no answer after; then in order of registration.
/// The indexes hold this order: a page is read from one, not sorted.
const INBOX_ORDER: &str = " ORDER BY COALESCE(s.due_on, '9999-12-31'), s.ref_year, s.ref_seq";

impl Store {
    /// One page of the inbox, for `viewer`, soonest due first.
    pub async fn inbox(
        &self,
        viewer: &Viewer,
        filter: &Filter,
        dates: Dates,
    ) -> Result<Vec<InboxItem>, StoreError> {
        self.inbox_rows(
            viewer,
            filter,
            dates,
            i64::from(PAGE_SIZE),
            i64::from(filter.page) * i64::from(PAGE_SIZE),
        )
        .await
    }

    /// Every row of the filtered inbox (for the CSV export), up to `limit`.
    pub async fn inbox_all(
        &self,
        viewer: &Viewer,
        filter: &Filter,
        dates: Dates,
        limit: i64,
    ) -> Result<Vec<InboxItem>, StoreError> {
        self.inbox_rows(viewer, filter, dates, limit, 0).await
    }

    async fn inbox_rows(
        &self,
        viewer: &Viewer,
        filter: &Filter,
        dates: Dates,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<InboxItem>, StoreError> {
        let email = filter
            .email
            .as_ref()
            .map(|e| self.email_lookup(e))
            .transpose()?;
        let rows: Vec<InboxRow> = on_db!(&self.db, pools => {
            let mut q = QueryBuilder::new(INBOX_COLUMNS);
            push_scope(&mut q, viewer);
            push_filter(&mut q, filter, email.as_ref(), dates);
            q.push(INBOX_ORDER);
            q.push(" LIMIT ").push_bind(limit).push(" OFFSET ").push_bind(offset);
            q.build_query_as().fetch_all(&pools.reader).await?
        });
        rows.into_iter().map(InboxRow::into_item).collect()
    }

    /// How many open items each quick filter holds for `viewer`.
    pub async fn inbox_counts(
        &self,
        viewer: &Viewer,
        dates: Dates,
    ) -> Result<InboxCounts, StoreError> {
        Ok(on_db!(&self.db, pools => {
            let mut q = QueryBuilder::new("SELECT COUNT(*) AS open,
                    COALESCE(SUM(CASE WHEN s.due_on < ");
            q.push_bind(dates.today)
                .push(" THEN 1 ELSE 0 END), 0) AS overdue, COALESCE(SUM(CASE WHEN s.due_on >= ")
                .push_bind(dates.today)
                .push(" AND s.due_on <= ")
                .push_bind(dates.soon_until)
                .push(" THEN 1 ELSE 0 END), 0) AS soon,
                    COALESCE(SUM(CASE WHEN s.flagged_obscene = TRUE OR s.health_or_safety = TRUE THEN 1 ELSE 0 END), 0) AS flagged,
                    COALESCE(SUM(CASE WHEN s.assignee_id IS NULL THEN 1 ELSE 0 END), 0) AS unassigned,
                    COALESCE(SUM(CASE WHEN s.assignee_id = ")
                .push_bind(viewer.staff_id)
                .push(" THEN 1 ELSE 0 END), 0) AS mine
                 FROM submissions s WHERE s.set_aside IS NULL AND ")
                .push(OPEN);
            push_scope(&mut q, viewer);
            q.build_query_as().fetch_one(&pools.reader).await?
        }))
    }

    /// What was kept aside as probably a robot's, newest first (at most `limit`).
    /// Corruption reports only for those who may see them (`corruption`).
    pub async fn set_aside_items(
        &self,
        corruption: bool,
        limit: i64,
    ) -> Result<Vec<SetAsideItem>, StoreError> {
        let rows: Vec<SetAsideRow> = on_db!(&self.db, pools => {
            sqlx::query_as(
                "SELECT reference, kind, received_at, set_aside, SUBSTR(text, 1, 140) AS excerpt
                 FROM submissions WHERE set_aside IS NOT NULL AND ($1 OR kind <> 'corruption')
                 ORDER BY received_at DESC LIMIT $2",
            )
            .bind(corruption)
            .bind(limit)
            .fetch_all(&pools.reader)
            .await?
        });
        rows.into_iter()
            .map(|row| {
                Ok(SetAsideItem {
                    reference: row.reference,
                    kind: parse_kind(&row.kind)?,
                    received_at: row.received_at,
                    why: SetAside::parse(&row.set_aside).ok_or_else(|| {
                        StoreError::Corrupt(format!("unknown set_aside {:?}", row.set_aside))
                    })?,
                    excerpt: row.excerpt,
                })
            })
            .collect()
    }

    /// The submission with this reference, whoever may see it (the caller checks).
    pub async fn desk_item(&self, reference: &str) -> Result<Option<DeskItem>, StoreError> {
        let found = on_db!(&self.db, pools => {
            let row: Option<DeskRow> = sqlx::query_as(
                "SELECT s.id, s.reference, s.kind, s.text, s.channel, s.unit, s.handling_unit,
                        s.assignee_id, st.name AS assignee, s.status, s.status_reason,
                        s.flagged_obscene, s.health_or_safety, s.locale, s.created_at,
                        s.received_at, s.due_on, s.inspection_reason, s.forwarded_to,
                        s.answered_at, s.tracking_token, s.set_aside
                 FROM submissions s LEFT JOIN staff st ON st.id = s.assignee_id
                 WHERE s.reference = $1",
            )
            .bind(reference)
            .fetch_optional(&pools.reader)
            .await?;
            match row {
                None => None,
                Some(row) => {
                    let author: Option<StoredAuthor> = sqlx::query_as(&format!(
                        "SELECT {STORED_AUTHOR} FROM submission_authors WHERE submission_id = $1"
                    ))
                    .bind(row.id)
                    .fetch_optional(&pools.reader)
                    .await?;
                    Some((row, author))
                }
            }
        });
        let Some((row, author)) = found else {
            return Ok(None);
        };
        Ok(Some(DeskItem {
            id: row.id.0,
            reference: row.reference,
            kind: parse_kind(&row.kind)?,
            text: row.text,
            channel: Channel::parse(&row.channel)
                .map_err(|_| StoreError::Corrupt(format!("unknown channel {:?}", row.channel)))?,
            unit: row.unit,
            handling_unit: row.handling_unit,
            assignee_id: row.assignee_id,
            assignee: row.assignee,
            status: parse_status(&row.status)?,
            reason: parse_reason(row.status_reason)?,
            flagged_obscene: row.flagged_obscene,
            health_or_safety: row.health_or_safety,
            locale: row.locale,
            created_at: row.created_at,
            received_at: row.received_at,
            due_on: row.due_on,
            inspection_reason: row.inspection_reason,
            forwarded_to: row.forwarded_to,
            answered_at: row.answered_at,
            tracking_token: row.tracking_token,
            author: author.map(|a| a.open(self.keys.as_deref())).transpose()?,
            set_aside: row.set_aside.as_deref().and_then(SetAside::parse),
        }))
    }

    /// Everything that happened to a submission, oldest first.
    pub async fn history(&self, submission_id: Uuid) -> Result<Vec<AuditEntry>, StoreError> {
        Ok(on_db!(&self.db, pools => {
            sqlx::query_as(
                "SELECT a.id, a.at, st.name AS staff, a.action, s.reference, a.before, a.after
                 FROM audit_log a
                 LEFT JOIN staff st ON st.id = a.staff_id
                 LEFT JOIN submissions s ON s.id = a.submission_id
                 WHERE a.submission_id = $1 ORDER BY a.id",
            )
            .bind(Id(submission_id))
            .fetch_all(&pools.reader)
            .await?
        }))
    }

    /// A submission's answers, oldest first.
    pub async fn answers(&self, submission_id: Uuid) -> Result<Vec<Answer>, StoreError> {
        Ok(on_db!(&self.db, pools => {
            sqlx::query_as(
                "SELECT id, created_at, body, signer_name, signer_position, corrects
                 FROM answers WHERE submission_id = $1 ORDER BY id",
            )
            .bind(Id(submission_id))
            .fetch_all(&pools.reader)
            .await?
        }))
    }

    /// The answers a tracking page shows, found by its token.
    pub async fn answers_by_token(&self, token: &str) -> Result<Vec<Answer>, StoreError> {
        Ok(on_db!(&self.db, pools => {
            sqlx::query_as(
                "SELECT a.id, a.created_at, a.body, a.signer_name, a.signer_position, a.corrects
                 FROM answers a JOIN submissions s ON s.id = a.submission_id
                 WHERE s.tracking_token = $1 ORDER BY a.id",
            )
            .bind(token)
            .fetch_all(&pools.reader)
            .await?
        }))
    }

    /// Active staff, who may be given a submission: a clerk given one of another
    /// unit sees it because it is theirs.
    pub async fn assignable(&self) -> Result<Vec<Assignable>, StoreError> {
        Ok(on_db!(&self.db, pools => {
            sqlx::query_as(
                "SELECT id, name, email FROM staff WHERE disabled = FALSE ORDER BY name, id",
            )
            .fetch_all(&pools.reader)
            .await?
        }))
    }

    /// Writes `change`: the submission's new values, the audit entry, the answer
    /// and the e-mail, in one transaction. Returns the new answer's id, if any.
    /// The statistics' rollups move with it (`calendar` counts the working days).
    pub async fn apply(
        &self,
        change: &Change,
        calendar: &Calendar,
    ) -> Result<Option<i64>, StoreError> {
        on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            if !change.set.is_empty() {
                let before = snapshot!(tx, change.submission_id, pools.for_update());
                let mut q = QueryBuilder::new("UPDATE submissions SET ");
                let mut sets = q.separated(", ");
                for set in &change.set {
                    match set {
                        Set::Status(s) => {
                            sets.push("status = ").push_bind_unseparated(s.as_str());
                            // Retention counts from the close (`forget_authors_before`):
                            // the first close stands; reopening clears it.
                            if s.is_closed() {
                                sets.push("closed_at = COALESCE(closed_at, ")
                                    .push_bind_unseparated(change.at)
                                    .push_unseparated(")")
                            } else {
                                sets.push("closed_at = NULL")
                            }
                        }
                        Set::Reason(r) => sets.push("status_reason = ").push_bind_unseparated(r.map(|r| r.as_str())),
                        Set::Assignee(a) => sets.push("assignee_id = ").push_bind_unseparated(*a),
                        Set::HandlingUnit(u) => sets.push("handling_unit = ").push_bind_unseparated(u.as_deref()),
                        Set::DueOn(d) => sets.push("due_on = ").push_bind_unseparated(*d),
                        Set::InspectionReason(r) => sets.push("inspection_reason = ").push_bind_unseparated(r.as_str()),
                        Set::ForwardedTo(f) => sets.push("forwarded_to = ").push_bind_unseparated(f.as_deref()),
                        Set::Released => sets.push("set_aside = NULL"),
                        Set::AnsweredAt(t) => sets
                            .push("answered_at = COALESCE(answered_at, ")
                            .push_bind_unseparated(*t)
                            .push_unseparated(")"),
                    };
                }
                q.push(" WHERE id = ").push_bind(Id(change.submission_id));
                q.build().execute(&mut *tx).await?;
                let after = snapshot!(tx, change.submission_id, "");
                let deltas = rollup::delta(before.as_ref(), after.as_ref(), calendar);
                add_to_rollups!(tx, &deltas, change.at);
            }
            let answer_id: Option<i64> = match &change.answer {
                None => None,
                Some(answer) => Some(
                    sqlx::query_scalar(
                        "INSERT INTO answers (submission_id, staff_id, created_at, body, signer_name,
                             signer_position, corrects)
                         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                    )
                    .bind(Id(change.submission_id))
                    .bind(change.staff_id)
                    .bind(change.at)
                    .bind(&answer.body)
                    .bind(&answer.signer_name)
                    .bind(&answer.signer_position)
                    .bind(answer.corrects)
                    .fetch_one(&mut *tx)
                    .await?,
                ),
            };
            let mut after = change.after.clone();
            if let (Some(id), Some(map)) = (answer_id, after.as_object_mut()) {
                map.insert("answer_id".into(), id.into());
            }
            sqlx::query(
                "INSERT INTO audit_log (at, staff_id, action, submission_id, before, after)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(change.at)
            .bind(change.staff_id)
            .bind(change.action)
            .bind(Id(change.submission_id))
            .bind(json_or_null(&change.before))
            .bind(json_or_null(&after))
            .execute(&mut *tx)
            .await?;
            for mail in &change.mail {
                enqueue_mail!(tx, self.keys.as_deref(), mail, change.at);
            }
            tx.commit().await?;
            Ok(answer_id)
        })
    }

    /// Records that `staff_id` read a submission (every read of a corruption report
    /// is audited).
    pub async fn record_read(
        &self,
        staff_id: i64,
        submission_id: Uuid,
        at: OffsetDateTime,
        what: &str,
    ) -> Result<(), StoreError> {
        on_db!(&self.db, pools => {
            sqlx::query(
                "INSERT INTO audit_log (at, staff_id, action, submission_id, after)
                 VALUES ($1, $2, 'read', $3, $4)",
            )
            .bind(at)
            .bind(staff_id)
            .bind(Id(submission_id))
            .bind(serde_json::json!({ "view": what }).to_string())
            .execute(&pools.writer)
            .await?;
        });
        Ok(())
    }

    /// The audit log, newest first, filtered by person, submission and dates.
    pub async fn audit_log(&self, query: &AuditQuery) -> Result<Vec<AuditEntry>, StoreError> {
        Ok(on_db!(&self.db, pools => {
            let mut q = QueryBuilder::new(
                "SELECT a.id, a.at, st.name AS staff, a.action, s.reference, a.before, a.after
                 FROM audit_log a
                 LEFT JOIN staff st ON st.id = a.staff_id
                 LEFT JOIN submissions s ON s.id = a.submission_id
                 WHERE 1 = 1",
            );
            if let Some(staff) = query.staff_id {
                q.push(" AND a.staff_id = ").push_bind(staff);
            }
            if let Some(reference) = &query.reference {
                q.push(" AND s.reference = ").push_bind(reference.as_str());
            }
            if let Some(from) = query.from {
                q.push(" AND a.at >= ").push_bind(from);
            }
            if let Some(until) = query.until {
                q.push(" AND a.at < ").push_bind(until);
            }
            if !query.corruption {
                q.push(" AND (s.kind IS NULL OR s.kind <> 'corruption')");
            }
            q.push(" ORDER BY a.id DESC LIMIT ").push_bind(query.limit);
            q.build_query_as().fetch_all(&pools.reader).await?
        }))
    }

    /// The active clerks and supervisors, who get the daily digest.
    pub async fn digest_recipients(&self) -> Result<Vec<crate::auth::StaffMember>, StoreError> {
        let ids: Vec<i64> = on_db!(&self.db, pools => {
            sqlx::query_scalar(
                "SELECT id FROM staff WHERE disabled = FALSE AND role IN ('clerk', 'supervisor')
                 ORDER BY id",
            )
            .fetch_all(&pools.reader)
            .await?
        });
        let mut members = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(member) = self.active_member(id).await? {
                members.push(member);
            }
        }
        Ok(members)
    }

    /// Claims `day`'s digest and queues `mails`, in one transaction; nothing when
    /// the day was claimed before (by this or another instance). Returns how many
    /// were queued.
    pub async fn queue_digest(
        &self,
        day: Date,
        mails: &[OutgoingMail],
        now: OffsetDateTime,
    ) -> Result<usize, StoreError> {
        on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            let claimed = sqlx::query("INSERT INTO digest_days (day) VALUES ($1) ON CONFLICT (day) DO NOTHING")
                .bind(day)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if claimed == 0 {
                return Ok(0);
            }
            for mail in mails {
                enqueue_mail!(tx, self.keys.as_deref(), mail, now);
            }
            tx.commit().await?;
        });
        Ok(mails.len())
    }

    /// Every member of staff, for the audit log's filter.
    pub async fn staff_names(&self) -> Result<Vec<Assignable>, StoreError> {
        Ok(on_db!(&self.db, pools => {
            sqlx::query_as("SELECT id, name, email FROM staff ORDER BY name")
                .fetch_all(&pools.reader)
                .await?
        }))
    }
}

/// The audit log's filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub staff_id: Option<i64>,
    pub reference: Option<String>,
    pub from: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
    /// Whether entries about corruption reports are shown.
    pub corruption: bool,
    pub limit: i64,
}

fn json_or_null(value: &serde_json::Value) -> Option<String> {
    (!value.is_null()).then(|| value.to_string())
}
