//! `/stats`: the public statistics page, its open data (`/stats.json`,
//! `/stats.csv`), for a period (`?period=`) and a unit (`?unit=`), in Bulgarian,
//! English or Turkish (`?lang=`). No JavaScript: the choices are a GET form.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use glas_shared::i18n::{Arg, pages};
use glas_shared::{Kind, Locale, Profile};
use maud::{Markup, html};
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::clock::{sofia_date, sofia_time};
use crate::error::ApiError;
use crate::extract::RequestLocale;
use crate::html::page;
use crate::stats::chart::{self, Bar, Words};
use crate::stats::cube::Place;
use crate::stats::figures::{self, Figure, MEASURES};
use crate::stats::period::Period;
use crate::stats::rollup::Month;
use crate::stats::suppress::Shown;
use crate::stats::{Stats, View, place_of, unit_key};

#[derive(Debug, Default, Deserialize)]
pub struct StatsQuery {
    period: Option<String>,
    unit: Option<String>,
    lang: Option<String>,
}

/// The figures the query asks for, or `None` when it names no period or unit
/// the statistics know.
async fn view(
    state: &AppState,
    query: &StatsQuery,
) -> Result<(Arc<Stats>, Option<View>), ApiError> {
    let stats = state
        .stats
        .get(&state.store, &state.profile, state.clock.now())
        .await?;
    let period = Period::parse(query.period.as_deref().unwrap_or(""), stats.latest);
    let place = place_of(query.unit.as_deref());
    let view = period
        .filter(|_| stats.knows(&place))
        .map(|period| stats.view(period, place));
    Ok((stats, view))
}

pub async fn page_handler(
    State(state): State<AppState>,
    Query(query): Query<StatsQuery>,
    RequestLocale(accepted): RequestLocale,
) -> Result<Response, ApiError> {
    let locale = query
        .lang
        .as_deref()
        .and_then(|l| Locale::parse(l).ok())
        .unwrap_or(accepted);
    let (stats, view) = view(&state, &query).await?;
    Ok(match view {
        Some(view) => (
            StatusCode::OK,
            render(&state.profile, &stats, &view, locale),
        )
            .into_response(),
        None => {
            let p = pages();
            let title = p.text(locale, "stats-not-found");
            (
                StatusCode::NOT_FOUND,
                page(
                    locale,
                    &title,
                    html! {
                        h1 { (title) }
                        p { a href={ "/stats?lang=" (locale.as_str()) } { (p.text(locale, "stats-back")) } }
                    },
                ),
            )
                .into_response()
        }
    })
}

/// `/stats.json`: the same figures, as open data.
#[derive(Debug, Serialize)]
pub struct OpenData<'a> {
    /// Changes only when a field changes meaning or goes.
    pub schema: &'static str,
    pub municipality: &'a str,
    pub period: String,
    /// The months counted, ISO 8601 (`2026-10`).
    pub months: Vec<String>,
    pub unit: String,
    /// When the figures were computed, ISO 8601 in UTC.
    pub computed_at: String,
    pub small_count_threshold: u32,
    pub licence: &'a glas_shared::profile::Licence,
    pub figures: Vec<Figure>,
}

pub async fn json(
    State(state): State<AppState>,
    Query(query): Query<StatsQuery>,
) -> Result<Response, ApiError> {
    let (_, view) = view(&state, &query).await?;
    let Some(view) = view else {
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    let profile = &state.profile;
    Ok(Json(OpenData {
        schema: "glas-stats/1",
        municipality: &profile.id,
        period: view.period.key(),
        months: view.months.iter().map(|m| m.key()).collect(),
        unit: unit_param(&view.place),
        computed_at: iso(view.computed_at),
        small_count_threshold: profile.small_count_threshold,
        licence: &profile.open_data_licence,
        figures: figures::figures(&view),
    })
    .into_response())
}

pub async fn csv(
    State(state): State<AppState>,
    Query(query): Query<StatsQuery>,
) -> Result<Response, ApiError> {
    let (_, view) = view(&state, &query).await?;
    let Some(view) = view else {
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    let body = figures::csv(&view, &figures::figures(&view));
    let name = format!(
        "glas-stats-{}-{}.csv",
        view.period.key(),
        unit_param(&view.place)
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

fn unit_param(place: &Place) -> String {
    match place {
        Place::All => "all".to_owned(),
        Place::Unit(u) => unit_key(u.as_deref()).to_owned(),
    }
}

fn iso(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A period in words: "November 2026", "Q4 2026", "2026", "the last 12 months".
pub fn period_name(period: Period, locale: Locale) -> String {
    let p = pages();
    match period {
        Period::Month(m) => month_name(m, locale),
        Period::Quarter { year, quarter } => p.format(
            locale,
            "stats-quarter",
            &[
                ("quarter", Arg::Number(usize::from(quarter))),
                ("year", Arg::Str(&year.to_string())),
            ],
        ),
        Period::Year(year) => year.to_string(),
        Period::Last12 { .. } => p.text(locale, "stats-last-12"),
    }
}

pub fn month_name(m: Month, locale: Locale) -> String {
    format!(
        "{} {}",
        pages().text(locale, &format!("month-{}", m.month)),
        m.year
    )
}

fn unit_name(profile: &Profile, unit: Option<&str>, locale: Locale) -> String {
    match unit {
        None => pages().text(locale, "stats-no-unit"),
        Some(id) => profile
            .unit(id)
            .map_or_else(|| id.to_owned(), |u| u.name.get(locale).to_owned()),
    }
}

fn kind_name(kind: Kind, locale: Locale) -> String {
    pages().text(locale, &format!("stats-kind-{kind}"))
}

fn render(profile: &Profile, stats: &Stats, view: &View, locale: Locale) -> Markup {
    let p = pages();
    let t = |key: &str| p.text(locale, key);
    let title = t("stats-title");
    let period = period_name(view.period, locale);
    let place_name = match &view.place {
        Place::All => t("stats-all-units"),
        Place::Unit(u) => unit_name(profile, u.as_deref(), locale),
    };
    let threshold = profile.small_count_threshold.to_string();
    let small = p.format(
        locale,
        "stats-small",
        &[("threshold", Arg::Str(&threshold))],
    );
    let hidden = t("stats-hidden");
    let as_table = t("stats-as-table");
    let count_head = t("stats-count");
    let shown = |s: Shown| match s {
        Shown::Count(n) => n.to_string(),
        Shown::Small => small.clone(),
        Shown::Hidden => hidden.clone(),
    };
    let query = |key: &str| {
        format!(
            "period={}&unit={}&lang={}",
            view.period.key(),
            unit_param(&view.place),
            if key.is_empty() { locale.as_str() } else { key }
        )
    };

    // The period's choices, newest first: the last 12 months, then each year,
    // quarter and month with ended months.
    let mut periods = vec![Period::Last12 {
        until: stats.latest,
    }];
    let months = stats.months();
    let mut years: Vec<i32> = months.iter().map(|m| m.year).collect();
    years.dedup();
    for &year in years.iter().rev() {
        periods.push(Period::Year(year));
        for quarter in (1..=4).rev() {
            let q = Period::Quarter { year, quarter };
            if !q.months(stats.latest).is_empty() {
                periods.push(q);
            }
        }
        for m in months.iter().rev().filter(|m| m.year == year) {
            periods.push(Period::Month(*m));
        }
    }

    let kind_bars: Vec<Bar> = view
        .by_kind
        .iter()
        .map(|(k, s)| Bar {
            label: kind_name(*k, locale),
            value: *s,
        })
        .collect();
    let channel_bars: Vec<Bar> = view
        .by_channel
        .iter()
        .map(|(ch, s)| Bar {
            label: t(&format!("stats-channel-{ch}")),
            value: *s,
        })
        .collect();
    let unit_bars: Vec<Bar> = view
        .by_unit
        .iter()
        .map(|(u, s)| Bar {
            label: unit_name(profile, u.as_deref(), locale),
            value: *s,
        })
        .collect();
    let trend_bars: Vec<Bar> = view
        .trend
        .iter()
        .map(|(m, s)| Bar {
            label: format!("{:02}.{}", m.month, m.year % 100),
            value: *s,
        })
        .collect();
    let reason_bars: Vec<Bar> = view
        .not_examined_by_reason
        .iter()
        .map(|(r, s)| Bar {
            label: t(&format!("stats-reason-{r}")),
            value: *s,
        })
        .collect();

    let largest = |bars: &[Bar]| {
        bars.iter()
            .filter_map(|b| b.value.count().map(|n| (n, b.label.clone())))
            .max()
    };
    let summary_largest = |bars: &[Bar], key: &str| match largest(bars) {
        Some((n, label)) if n > 0 => p.format(
            locale,
            key,
            &[
                ("name", Arg::Str(&label)),
                ("count", Arg::Number(n as usize)),
            ],
        ),
        _ => t("stats-summary-none"),
    };
    let kinds = (
        t("stats-by-kind"),
        summary_largest(&kind_bars, "stats-summary-largest"),
        t("stats-col-kind"),
    );
    let channels = (
        t("stats-by-channel"),
        summary_largest(&channel_bars, "stats-summary-largest"),
        t("stats-col-channel"),
    );
    let units = (
        t("stats-by-unit"),
        summary_largest(&unit_bars, "stats-summary-largest"),
        t("stats-col-unit"),
    );
    let trend = (
        t("stats-trend"),
        match largest(&trend_bars) {
            Some((n, _)) if n > 0 => {
                let (month, _) = view
                    .trend
                    .iter()
                    .rfind(|(_, s)| s.count() == Some(n))
                    .expect("the largest is among them");
                p.format(
                    locale,
                    "stats-summary-trend",
                    &[
                        ("month", Arg::Str(&month_name(*month, locale))),
                        ("count", Arg::Number(n as usize)),
                    ],
                )
            }
            _ => t("stats-summary-none"),
        },
        t("stats-col-month"),
    );
    let reasons = (
        t("stats-not-examined-by-reason"),
        summary_largest(&reason_bars, "stats-summary-largest"),
        t("stats-col-reason"),
    );
    let score_bars: Vec<Bar> = view
        .by_score
        .iter()
        .map(|(score, s)| Bar {
            label: t(&format!("stats-score-{}", score.value())),
            value: *s,
        })
        .collect();
    let scores = (
        t("stats-by-score"),
        summary_largest(&score_bars, "stats-summary-largest"),
        t("stats-col-score"),
    );
    let no_ratings = view.rated == Shown::Count(0) && view.repeat_taps == Shown::Count(0);
    let draw = |id: &str,
                (title, summary, label_head): &(String, String, String),
                bars: &[Bar],
                columns: bool| {
        let w = Words {
            title,
            summary,
            as_table: &as_table,
            label_head,
            value_head: &count_head,
            small: &small,
            hidden: &hidden,
        };
        if columns {
            chart::columns(id, bars, &w)
        } else {
            chart::bars(id, bars, &w)
        }
    };
    let complaints = view.answers.iter().find(|a| a.kind == Kind::Complaint);
    let computed = p.format(
        locale,
        "stats-computed",
        &[
            ("date", Arg::Str(&sofia_date(view.computed_at).to_string())),
            ("time", Arg::Str(&sofia_time(view.computed_at))),
        ],
    );

    page(
        locale,
        &format!("{title}: {period}"),
        html! {
            nav aria-label=(t("stats-languages")) {
                ul.languages {
                    @for other in Locale::ALL {
                        @if *other != locale {
                            li { a href={ "/stats?" (query(other.as_str())) } lang=(other.as_str()) hreflang=(other.as_str()) {
                                (p.text(*other, "stats-language-name"))
                            } }
                        }
                    }
                }
            }
            h1 { (title) }
            p { (p.format(locale, "stats-intro", &[("municipality", Arg::Str(profile.name.get(locale)))])) }
            form method="get" action="/stats" class="stats-choice" {
                input type="hidden" name="lang" value=(locale.as_str());
                p {
                    label for="period" { (t("stats-period")) }
                    select id="period" name="period" {
                        @for choice in &periods {
                            option value=(choice.key()) selected[*choice == view.period] { (period_name(*choice, locale)) }
                        }
                    }
                }
                p {
                    label for="unit" { (t("stats-unit")) }
                    select id="unit" name="unit" {
                        option value="all" selected[view.place == Place::All] { (t("stats-all-units")) }
                        @for place in stats.places() {
                            @if let Place::Unit(u) = place {
                                option value=(unit_key(u.as_deref())) selected[view.place == *place] {
                                    (unit_name(profile, u.as_deref(), locale))
                                }
                            }
                        }
                    }
                }
                p { button type="submit" { (t("stats-show")) } }
            }
            p.stats-scope {
                strong { (period) ", " (place_name) }
                @if let (Some(first), Some(last)) = (view.months.first(), view.months.last()) {
                    " (" (month_name(*first, locale)) " – " (month_name(*last, locale)) ")"
                }
                ". " (computed)
            }
            @if view.running {
                p { (t("stats-running")) }
            }

            section aria-labelledby="received-title" {
                h2 id="received-title" { (t("stats-received")) }
                p.stats-total { (p.format(locale, "stats-received-total", &[("count", Arg::Str(&shown(view.received)))])) }
                (draw("by-kind", &kinds, &kind_bars, false))
                (draw("by-channel", &channels, &channel_bars, false))
                @if !unit_bars.is_empty() {
                    (draw("by-unit", &units, &unit_bars, false))
                }
                (draw("trend", &trend, &trend_bars, true))
            }

            section aria-labelledby="answers-title" {
                h2 id="answers-title" { (t("stats-answers")) }
                @if let Some(pct) = complaints.and_then(|a| a.on_time_percent) {
                    p.stats-total { (p.format(locale, "stats-summary-on-time", &[
                        ("period", Arg::Str(&period)),
                        ("percent", Arg::Number(pct as usize)),
                    ])) }
                }
                (answers_table(view, locale, &shown))
                p { (p.format(locale, "stats-overdue-now", &[("count", Arg::Str(&shown(view.overdue_now)))])) }
            }

            section aria-labelledby="not-examined-title" {
                h2 id="not-examined-title" { (t("stats-not-examined")) }
                p.stats-total { (p.format(locale, "stats-not-examined-total", &[("count", Arg::Str(&shown(view.not_examined)))])) }
                (draw("by-reason", &reasons, &reason_bars, false))
            }

            section aria-labelledby="corruption-title" {
                h2 id="corruption-title" { (t("stats-corruption")) }
                p { (p.format(locale, "stats-corruption-total", &[
                    ("year", Arg::Str(&view.corruption.0.to_string())),
                    ("count", Arg::Str(&shown(view.corruption.1))),
                ])) }
            }

            section aria-labelledby="satisfaction-title" {
                h2 id="satisfaction-title" { (t("stats-satisfaction")) }
                @if no_ratings {
                    p { (t("stats-satisfaction-none")) }
                } @else {
                    p.stats-total { (p.format(locale, "stats-rated-total", &[("count", Arg::Str(&shown(view.rated)))])) }
                    (draw("by-score", &scores, &score_bars, false))
                    p { (p.format(locale, "stats-repeat-taps", &[("count", Arg::Str(&shown(view.repeat_taps)))])) }
                }
            }

            section aria-labelledby="how-title" {
                h2 id="how-title" { (t("stats-how")) }
                ul {
                    li { (t("stats-how-months")) }
                    li { (t("stats-how-received")) }
                    li { (t("stats-how-answered")) }
                    li { (t("stats-how-days")) }
                    li { (t("stats-how-on-time")) }
                    li { (p.format(locale, "stats-how-small", &[
                        ("threshold", Arg::Str(&threshold)),
                        ("largest", Arg::Str(&profile.small_count_threshold.saturating_sub(1).to_string())),
                    ])) }
                    li { (t("stats-how-hidden")) }
                    li { (t("stats-how-corruption")) }
                    li { (t("stats-how-no-ranking")) }
                }
            }

            section aria-labelledby="open-data-title" {
                h2 id="open-data-title" { (t("stats-open-data")) }
                ul {
                    li { a href={ "/stats.json?" (query("")) } { (t("stats-json")) } }
                    li { a href={ "/stats.csv?" (query("")) } { (t("stats-csv")) } }
                }
                p {
                    (t("stats-licence")) " "
                    a href=(profile.open_data_licence.url) rel="license" { (profile.open_data_licence.name) }
                }
                table {
                    caption { (t("stats-dictionary")) }
                    thead { tr {
                        th scope="col" { (t("stats-col-field")) }
                        th scope="col" lang="bg" { "Значение" }
                        th scope="col" lang="en" { "Meaning" }
                    } }
                    tbody {
                        @for (measure, bg, en) in MEASURES {
                            tr { th scope="row" { code { (measure) } } td lang="bg" { (bg) } td lang="en" { (en) } }
                        }
                    }
                }
                p { (t("stats-fields")) }
            }
        },
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    lang: Option<String>,
}

/// `/stats/report/{year}`: the yearly report on feedback and satisfaction that the
/// Ordinance on administrative services (чл. 24) asks for, as a printable page
/// (A4, page numbers where the browser supports them), from the same figures.
pub async fn report(
    State(state): State<AppState>,
    axum::extract::Path(year): axum::extract::Path<String>,
    Query(query): Query<ReportQuery>,
    RequestLocale(accepted): RequestLocale,
) -> Result<Response, ApiError> {
    let locale = query
        .lang
        .as_deref()
        .and_then(|l| Locale::parse(l).ok())
        .unwrap_or(accepted);
    let stats = state
        .stats
        .get(&state.store, &state.profile, state.clock.now())
        .await?;
    let Some(period) = year
        .parse::<i32>()
        .ok()
        .and_then(|y| Period::parse(&y.to_string(), stats.latest))
    else {
        let title = pages().text(locale, "stats-not-found");
        return Ok((
            StatusCode::NOT_FOUND,
            page(locale, &title, html! { h1 { (title) } }),
        )
            .into_response());
    };
    let view = stats.view(period, Place::All);
    Ok((StatusCode::OK, render_report(&state.profile, &view, locale)).into_response())
}

fn render_report(profile: &Profile, view: &View, locale: Locale) -> Markup {
    let p = pages();
    let t = |key: &str| p.text(locale, key);
    let threshold = profile.small_count_threshold.to_string();
    let small = p.format(
        locale,
        "stats-small",
        &[("threshold", Arg::Str(&threshold))],
    );
    let hidden = t("stats-hidden");
    let shown = |s: Shown| match s {
        Shown::Count(n) => n.to_string(),
        Shown::Small => small.clone(),
        Shown::Hidden => hidden.clone(),
    };
    let Period::Year(year) = view.period else {
        unreachable!("a report is of a year")
    };
    let title = p.format(
        locale,
        "stats-report-title",
        &[("year", Arg::Str(&year.to_string()))],
    );
    // The most received first; hidden counts last, in their own order.
    let ranked = |rows: Vec<(String, Shown)>| {
        let mut rows = rows;
        rows.sort_by_key(|(_, s)| std::cmp::Reverse(s.count().unwrap_or(0)));
        rows
    };
    let kinds = ranked(
        view.by_kind
            .iter()
            .map(|(k, s)| (kind_name(*k, locale), *s))
            .collect(),
    );
    let units = ranked(
        view.by_unit
            .iter()
            .map(|(u, s)| (unit_name(profile, u.as_deref(), locale), *s))
            .collect(),
    );
    let table = |caption: String, head: String, rows: &[(String, Shown)]| {
        html! {
            table {
                caption { (caption) }
                thead { tr { th scope="col" { (head) } th scope="col" { (t("stats-count")) } } }
                tbody {
                    @for (label, s) in rows {
                        tr { th scope="row" { (label) } td { (shown(*s)) } }
                    }
                }
            }
        }
    };
    let channels: Vec<(String, Shown)> = view
        .by_channel
        .iter()
        .map(|(c, s)| (t(&format!("stats-channel-{c}")), *s))
        .collect();
    let reasons: Vec<(String, Shown)> = view
        .not_examined_by_reason
        .iter()
        .map(|(r, s)| (t(&format!("stats-reason-{r}")), *s))
        .collect();
    let months: Vec<(String, Shown)> = view
        .trend
        .iter()
        .map(|(m, s)| (month_name(*m, locale), *s))
        .collect();
    page(
        locale,
        &title,
        html! {
            div.report {
                p.report-municipality { (profile.name.get(locale)) }
                h1 { (title) }
                p { (t("stats-report-intro")) }
                @if view.running {
                    p { (t("stats-running")) }
                }
                p.stats-total { (p.format(locale, "stats-received-total", &[("count", Arg::Str(&shown(view.received)))])) }
                section aria-labelledby="report-volumes" {
                    h2 id="report-volumes" { (t("stats-received")) }
                    (table(t("stats-report-top-kinds"), t("stats-col-kind"), &kinds))
                    (table(t("stats-by-channel"), t("stats-col-channel"), &channels))
                    (table(t("stats-report-top-units"), t("stats-col-unit"), &units))
                    (table(t("stats-trend"), t("stats-col-month"), &months))
                }
                section aria-labelledby="report-answers" {
                    h2 id="report-answers" { (t("stats-answers")) }
                    (answers_table(view, locale, &shown))
                }
                section aria-labelledby="report-not-examined" {
                    h2 id="report-not-examined" { (t("stats-not-examined")) }
                    (table(t("stats-not-examined-by-reason"), t("stats-col-reason"), &reasons))
                    p { (p.format(locale, "stats-corruption-total", &[
                        ("year", Arg::Str(&year.to_string())),
                        ("count", Arg::Str(&shown(view.corruption.1))),
                    ])) }
                }
                section aria-labelledby="report-satisfaction" {
                    h2 id="report-satisfaction" { (t("stats-satisfaction")) }
                    @if view.rated == Shown::Count(0) && view.repeat_taps == Shown::Count(0) {
                        p { (t("stats-satisfaction-none")) }
                    } @else {
                        p { (p.format(locale, "stats-rated-total", &[("count", Arg::Str(&shown(view.rated)))])) }
                        table {
                            thead { tr {
                                th scope="col" { (t("stats-col-score")) }
                                th scope="col" { (t("stats-count")) }
                            } }
                            tbody {
                                @for (score, s) in &view.by_score {
                                    tr {
                                        th scope="row" { (t(&format!("stats-score-{}", score.value()))) }
                                        td { (shown(*s)) }
                                    }
                                }
                            }
                        }
                        p { (p.format(locale, "stats-repeat-taps", &[("count", Arg::Str(&shown(view.repeat_taps)))])) }
                    }
                }
                section aria-labelledby="report-how" {
                    h2 id="report-how" { (t("stats-how")) }
                    p { (p.format(locale, "stats-how-small", &[
                        ("threshold", Arg::Str(&threshold)),
                        ("largest", Arg::Str(&profile.small_count_threshold.saturating_sub(1).to_string())),
                    ])) " " (t("stats-how-hidden")) }
                    p { (t("stats-how-answered")) " " (t("stats-how-days")) }
                }
                p.report-computed { (p.format(locale, "stats-computed", &[
                    ("date", Arg::Str(&sofia_date(view.computed_at).to_string())),
                    ("time", Arg::Str(&sofia_time(view.computed_at))),
                ])) }
            }
        },
    )
}

/// What was answered in the view's period, kind by kind: how many, the share
/// within the legal term, and the working days to answer (the page and the report).
fn answers_table(view: &View, locale: Locale, shown: &dyn Fn(Shown) -> String) -> Markup {
    let p = pages();
    let t = |key: &str| p.text(locale, key);
    let too_few = || t("stats-too-few");
    html! {
        table {
            caption { (t("stats-answers-caption")) }
            thead { tr {
                th scope="col" { (t("stats-col-kind")) }
                th scope="col" { (t("stats-answered")) }
                th scope="col" { (t("stats-on-time")) }
                th scope="col" { (t("stats-median")) }
                th scope="col" { (t("stats-p90")) }
            } }
            tbody {
                @for a in &view.answers {
                    tr {
                        th scope="row" { (kind_name(a.kind, locale)) }
                        td { (shown(a.answered)) }
                        td { @if !a.owed { (t("stats-no-term")) } @else { (a.on_time_percent.map_or_else(too_few, |p| format!("{p} %"))) } }
                        td { (a.median_days.map_or_else(too_few, |d| d.to_string())) }
                        td { (a.p90_days.map_or_else(too_few, |d| d.to_string())) }
                    }
                }
            }
        }
    }
}
