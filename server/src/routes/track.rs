//! `GET /track/{token}`: where a citizen follows their submission. Shows the
//! kind, reference, dates and status; never the text or personal data. `POST
//! /track/{token}/revoke`: the citizen stops the link (shared by mistake, seen by
//! someone else); the submission stays as it is.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use glas_shared::i18n::{Arg, catalogue, pages};
use glas_shared::{Locale, Profile};
use maud::{Markup, html};
use serde::Deserialize;

use crate::app::AppState;
use crate::desk::letter::{self, Letter};
use crate::error::ApiError;
use crate::extract::RequestLocale;
use crate::html::page;
use crate::store::Tracked;
use crate::store::desk::Answer;

#[derive(Debug, Deserialize)]
pub struct TrackQuery {
    lang: Option<String>,
}

pub async fn page_for_token(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<TrackQuery>,
    RequestLocale(accepted): RequestLocale,
) -> Result<(StatusCode, Markup), ApiError> {
    let asked = query.lang.as_deref().and_then(|l| Locale::parse(l).ok());
    let Some(tracked) = state.store.find_by_token(&token).await? else {
        return Ok((StatusCode::NOT_FOUND, not_found(asked.unwrap_or(accepted))));
    };
    let locale = asked
        .or_else(|| Locale::parse(&tracked.locale).ok())
        .unwrap_or(accepted);
    let answers = state.store.answers_by_token(&token).await?;
    Ok((
        StatusCode::OK,
        render(&state.profile, locale, &token, &tracked, &answers),
    ))
}

/// `POST /track/{token}/revoke`: the link stops working. Its token is replaced
/// by one nobody is shown; the answer says so in the language asked for.
pub async fn revoke(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<TrackQuery>,
    RequestLocale(accepted): RequestLocale,
) -> Result<(StatusCode, Markup), ApiError> {
    let locale = query
        .lang
        .as_deref()
        .and_then(|l| Locale::parse(l).ok())
        .unwrap_or(accepted);
    let replacement = crate::intake::new_tracking_token();
    let Some(reference) = state.store.revoke_tracking(&token, &replacement).await? else {
        return Ok((StatusCode::NOT_FOUND, not_found(locale)));
    };
    tracing::info!("a citizen stopped a tracking link");
    let p = pages();
    let title = p.text(locale, "track-revoked");
    let text = p.format(
        locale,
        "track-revoked-text",
        &[("reference", Arg::Str(&reference))],
    );
    Ok((
        StatusCode::OK,
        page(locale, &title, html! { h1 { (title) } p { (text) } }),
    ))
}

fn not_found(locale: Locale) -> Markup {
    let message = pages().text(locale, "track-not-found");
    page(locale, &message, html! { h1 { (message) } })
}

/// The tracking page of `tracked`, in `locale`, with its answers as letters.
fn render(
    profile: &Profile,
    locale: Locale,
    token: &str,
    tracked: &Tracked,
    answers: &[Answer],
) -> Markup {
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
            c.text(locale, tracked.kind.label_key()),
        ),
        (
            p.text(locale, "track-received"),
            date(crate::clock::sofia_date(tracked.received_at)),
        ),
        (
            p.text(locale, "track-status"),
            c.text(locale, tracked.status.message_key()),
        ),
    ];
    if let Some(reason) = tracked.reason {
        rows.push((
            p.text(locale, "track-reason"),
            c.text(locale, reason.message_key()),
        ));
    }
    if let Some(due) = tracked.due_on {
        rows.push((p.text(locale, "track-due"), date(due)));
    }
    page(
        locale,
        &title,
        html! {
            h1 { (title) }
            dl {
                @for (term, value) in &rows {
                    dt { (term) }
                    dd { (value) }
                }
            }
            @for answer in answers {
                section aria-labelledby=(format!("answer-{}", answer.id)) {
                    h2 id=(format!("answer-{}", answer.id)) {
                        (p.text(locale, if answer.corrects.is_some() { "track-correction" } else { "track-answer" }))
                    }
                    div.letter {
                        (letter::render(profile, &Letter {
                            kind: tracked.kind,
                            reference: &tracked.reference,
                            received_at: tracked.received_at,
                            at: answer.created_at,
                            body: &answer.body,
                            signer_name: &answer.signer_name,
                            signer_position: &answer.signer_position,
                            correction: answer.corrects.is_some(),
                        }, locale))
                    }
                }
            }
            section aria-labelledby="revoke-title" {
                h2 id="revoke-title" { (p.text(locale, "track-revoke-title")) }
                p { (p.text(locale, "track-revoke-text")) }
                form method="post" action={ "/track/" (token) "/revoke?lang=" (locale.as_str()) } {
                    button type="submit" { (p.text(locale, "track-revoke-button")) }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use glas_shared::{Kind, Locale, Status};
    use time::macros::{date, datetime};

    use super::*;

    #[test]
    fn what_the_page_shows_is_escaped() {
        let tracked = Tracked {
            reference: "<script>alert(\"x\")</script> & 'y'".into(),
            kind: Kind::Complaint,
            status: Status::Registered,
            reason: None,
            received_at: datetime!(2026-03-02 08:00 UTC),
            due_on: Some(date!(2026 - 03 - 09)),
            locale: "en".into(),
        };
        let profile = crate::profile::load(None).unwrap();
        let html = render(&profile, Locale::En, "token", &tracked, &[]).into_string();
        assert!(!html.contains("<script>"), "{html}");
        let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'y'";
        assert!(
            html.contains(&format!("<h1>{}</h1>", english_title(escaped))),
            "{html}"
        );
        assert!(
            html.contains("<dt>Status</dt><dd>Registered</dd>"),
            "{html}"
        );
        assert!(html.contains("<dd>2026-03-09</dd>"), "{html}");
    }

    /// The English title around an already escaped reference.
    fn english_title(reference: &str) -> String {
        pages().format(
            Locale::En,
            "track-title",
            &[("reference", Arg::Str(reference))],
        )
    }
}
