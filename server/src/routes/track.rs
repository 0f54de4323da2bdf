//! `GET /track/{token}`: where a citizen follows their submission. Shows the
//! kind, reference, dates and status; never the text or personal data.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Html;
use glas_shared::Locale;
use glas_shared::i18n::{Arg, catalogue, pages};
use serde::Deserialize;

use crate::error::ApiError;
use crate::extract::RequestLocale;
use crate::html::{escape, page};
use crate::startup::AppState;

#[derive(Debug, Deserialize)]
pub struct TrackQuery {
    lang: Option<String>,
}

pub async fn page_for_token(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<TrackQuery>,
    RequestLocale(accepted): RequestLocale,
) -> Result<(StatusCode, Html<String>), ApiError> {
    let asked = query.lang.as_deref().and_then(|l| Locale::parse(l).ok());
    let Some(tracked) = state.store.find_by_token(&token).await? else {
        let locale = asked.unwrap_or(accepted);
        let message = pages().text(locale, "track-not-found");
        return Ok((
            StatusCode::NOT_FOUND,
            Html(page(
                locale,
                &message,
                &format!("<h1>{}</h1>", escape(&message)),
            )),
        ));
    };
    let locale = asked
        .or_else(|| Locale::parse(&tracked.locale).ok())
        .unwrap_or(accepted);
    // The page's own words, and the citizen's words for kinds, statuses and reasons,
    // which the widget shows too.
    let (p, c) = (pages(), catalogue());
    let title = p.format(
        locale,
        "track-title",
        &[("reference", Arg::Str(&tracked.reference))],
    );
    let date = |d: time::Date| d.to_string();
    let mut rows = vec![
        (
            p.text(locale, "track-kind"),
            c.text(locale, &format!("kind-{}", tracked.kind)),
        ),
        (
            p.text(locale, "track-received"),
            date(crate::clock::sofia_date(tracked.received_at)),
        ),
        (
            p.text(locale, "track-status"),
            c.text(locale, &format!("status-{}", tracked.status)),
        ),
    ];
    if let Some(reason) = tracked.reason {
        rows.push((
            p.text(locale, "track-reason"),
            c.text(locale, &format!("reason-{reason}")),
        ));
    }
    if let Some(due) = tracked.due_on {
        rows.push((p.text(locale, "track-due"), date(due)));
    }
    let list: String = rows
        .iter()
        .map(|(k, v)| format!("<dt>{}</dt><dd>{}</dd>", escape(k), escape(v)))
        .collect();
    let body = format!("<h1>{}</h1><dl>{list}</dl>", escape(&title));
    Ok((StatusCode::OK, Html(page(locale, &title, &body))))
}
