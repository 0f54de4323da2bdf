//! The daily digest: each working morning, every clerk and supervisor with an open
//! item that is overdue or due within two working days gets one e-mail listing
//! them. One digest a day however many instances run: the day is claimed in the
//! same transaction that queues the e-mails (`digest_days`).

use std::time::Duration;

use glas_shared::Locale;

use crate::app::AppState;
use crate::clock;
use crate::desk::Viewer;
use crate::desk::inbox::{Dates, DueFilter, Filter};
use crate::desk::letter::date;
use crate::desk_catalogue::format;
use crate::store::StoreError;
use crate::store::desk::InboxItem;
use crate::store::mail::OutgoingMail;

/// How often the server looks whether today's digest is due.
const EVERY: Duration = Duration::from_secs(10 * 60);
/// Not before this hour in Sofia.
const HOUR: u8 = 7;
/// The most items one digest lists (the rest are counted).
const LIST: i64 = 50;

/// Queues today's digest when it is due and not queued yet, now and every few minutes.
pub async fn run(state: AppState) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        match queue_due(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(digests = n, "queued the daily digest"),
            Err(e) => tracing::error!(error = %e, "could not queue the daily digest"),
        }
    }
}

/// Queues today's digests if today is a working day, it is past the hour, and no
/// instance has queued them yet; returns how many e-mails were queued.
pub async fn queue_due(state: &AppState) -> Result<usize, StoreError> {
    let now = state.clock.now();
    let today = clock::sofia_date(now);
    let hour: u8 = clock::sofia_time(now)[..2].parse().unwrap_or(0);
    if hour < HOUR || !state.profile.calendar().is_working_day(today) {
        return Ok(0);
    }
    let dates = Dates::new(&state.profile, today);
    let mut mails = Vec::new();
    for member in state.store.digest_recipients().await? {
        let viewer = Viewer {
            staff_id: member.id,
            all_units: member.sees_every_unit(),
            units: member.units.clone(),
            corruption: member.corruption,
        };
        let items = |due| {
            let filter = Filter {
                due: Some(due),
                ..Filter::default()
            };
            let viewer = viewer.clone();
            async move { state.store.inbox_all(&viewer, &filter, dates, LIST).await }
        };
        let overdue = items(DueFilter::Overdue).await?;
        let soon = items(DueFilter::Soon).await?;
        if overdue.is_empty() && soon.is_empty() {
            continue;
        }
        mails.push(mail(state, &member.email, &overdue, &soon));
    }
    let queued = state.store.queue_digest(today, &mails, now).await?;
    if queued > 0 {
        state.store.mail_queued();
    }
    Ok(queued)
}

fn mail(state: &AppState, to: &str, overdue: &[InboxItem], soon: &[InboxItem]) -> OutgoingMail {
    let locale = Locale::Bg;
    let line = |item: &InboxItem| {
        format!(
            "{} — {} — {}/desk/submissions/{}",
            item.reference,
            item.due_on.map_or_else(String::new, date),
            state.public_url,
            item.reference
        )
    };
    let mut body = String::new();
    if !overdue.is_empty() {
        body.push_str(&format(
            locale,
            "digest-overdue",
            &[("count", &overdue.len().to_string())],
        ));
        body.push('\n');
        for item in overdue {
            body.push_str(&line(item));
            body.push('\n');
        }
        body.push('\n');
    }
    if !soon.is_empty() {
        body.push_str(&format(
            locale,
            "digest-soon",
            &[("count", &soon.len().to_string())],
        ));
        body.push('\n');
        for item in soon {
            body.push_str(&line(item));
            body.push('\n');
        }
    }
    OutgoingMail {
        purpose: "digest",
        submission_id: None,
        to: to.to_owned(),
        subject: format(
            locale,
            "digest-subject",
            &[
                ("overdue", &overdue.len().to_string()),
                ("soon", &soon.len().to_string()),
            ],
        ),
        body,
    }
}
