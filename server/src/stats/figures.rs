//! A view's figures as rows of open data: one row per published number, with
//! stable names. The JSON and the CSV are these rows; the page shows the same
//! numbers (a test compares them).

use serde::Serialize;

use super::cube::Place;
use super::suppress::Shown;
use super::{View, unit_key};

/// One published number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// What is counted (see [`MEASURES`]).
    pub measure: &'static str,
    /// Which part of it: `total`, `kind:complaint`, `channel:web`, `unit:centre`,
    /// `unit:none`, `month:2026-10`, `reason:anonymous`, `year:2026`.
    pub breakdown: String,
    /// The number, or nothing when it is not published.
    pub value: Option<u64>,
    /// Why not: `small` (from 1 to the threshold less one), `hidden` (so that a
    /// small one cannot be worked out), `small_group` (a share or duration of
    /// fewer answers than the threshold).
    pub suppressed: Option<&'static str>,
}

/// Every measure, with what it counts in Bulgarian and English (the data
/// dictionary on the page says the same).
pub const MEASURES: &[(&str, &str, &str)] = &[
    (
        "received",
        "Получени през периода сигнали, жалби, предложения, похвали и мнения (без сигналите за корупция).",
        "Feedback received in the period (corruption reports left out).",
    ),
    (
        "answered",
        "Получили първи писмен отговор през периода, според вида.",
        "Given a first written answer in the period, by kind.",
    ),
    (
        "answered_on_time_percent",
        "Дял на отговорените през периода в законовия срок, в проценти.",
        "Share of those answered in the period that were answered within the legal term, in percent.",
    ),
    (
        "answer_working_days_median",
        "Медиана на работните дни от получаване до първия отговор.",
        "Median working days from receipt to the first answer.",
    ),
    (
        "answer_working_days_p90",
        "90-и процентил на работните дни от получаване до първия отговор.",
        "90th percentile of working days from receipt to the first answer.",
    ),
    (
        "not_examined",
        "Получени през периода и оставени без разглеждане, според основанието.",
        "Received in the period and not examined, by reason.",
    ),
    (
        "overdue_now",
        "Неотговорени към момента на изчисляване, със срок, който е изтекъл.",
        "Unanswered when computed, past their due date.",
    ),
    (
        "rated",
        "Оценки на обслужването от киоските („Как бяхте обслужени днес?“, от 1 – много недоволни, до 4 – много доволни), без повторните докосвания.",
        "Ratings of the service at the kiosks (\"How were you served today?\", from 1, very unhappy, to 4, very happy), repeat taps left out.",
    ),
    (
        "repeat_taps",
        "Повторни докосвания на киоск, до 10 секунди след предишното на същия киоск: броят се отделно.",
        "Repeat taps on a kiosk, within 10 seconds of the previous one on the same kiosk: counted apart.",
    ),
    (
        "corruption_received",
        "Сигнали за корупция, получени през годината (само годишен брой).",
        "Corruption reports received in the year (a yearly total only).",
    ),
];

fn count(measure: &'static str, breakdown: String, shown: Shown) -> Figure {
    let (value, suppressed) = match shown {
        Shown::Count(n) => (Some(n), None),
        Shown::Small => (None, Some("small")),
        Shown::Hidden => (None, Some("hidden")),
    };
    Figure {
        measure,
        breakdown,
        value,
        suppressed,
    }
}

fn derived(measure: &'static str, breakdown: String, value: Option<u32>) -> Figure {
    Figure {
        measure,
        breakdown,
        value: value.map(u64::from),
        suppressed: value.is_none().then_some("small_group"),
    }
}

/// Every number `view` publishes.
pub fn figures(view: &View) -> Vec<Figure> {
    let mut rows = vec![count("received", "total".into(), view.received)];
    for (kind, shown) in &view.by_kind {
        rows.push(count("received", format!("kind:{kind}"), *shown));
    }
    for (channel, shown) in &view.by_channel {
        rows.push(count("received", format!("channel:{channel}"), *shown));
    }
    if view.place == Place::All {
        for (unit, shown) in &view.by_unit {
            rows.push(count(
                "received",
                format!("unit:{}", unit_key(unit.as_deref())),
                *shown,
            ));
        }
    }
    for (month, shown) in &view.trend {
        rows.push(count("received", format!("month:{}", month.key()), *shown));
    }
    for a in &view.answers {
        rows.push(count("answered", format!("kind:{}", a.kind), a.answered));
        if a.owed {
            rows.push(derived(
                "answered_on_time_percent",
                format!("kind:{}", a.kind),
                a.on_time_percent,
            ));
        }
        rows.push(derived(
            "answer_working_days_median",
            format!("kind:{}", a.kind),
            a.median_days,
        ));
        rows.push(derived(
            "answer_working_days_p90",
            format!("kind:{}", a.kind),
            a.p90_days,
        ));
    }
    rows.push(count("not_examined", "total".into(), view.not_examined));
    for (reason, shown) in &view.not_examined_by_reason {
        rows.push(count("not_examined", format!("reason:{reason}"), *shown));
    }
    rows.push(count("overdue_now", "total".into(), view.overdue_now));
    rows.push(count("rated", "total".into(), view.rated));
    for (score, shown) in &view.by_score {
        rows.push(count("rated", format!("score:{}", score.value()), *shown));
    }
    rows.push(count("repeat_taps", "total".into(), view.repeat_taps));
    let (year, shown) = view.corruption;
    rows.push(count("corruption_received", format!("year:{year}"), shown));
    rows
}

/// The rows as CSV (RFC 4180: CRLF line ends, fields quoted where needed), UTF-8
/// with a byte order mark so that spreadsheet programs read it as UTF-8.
pub fn csv(view: &View, rows: &[Figure]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str("period,unit,measure,breakdown,value,suppressed\r\n");
    let unit = match &view.place {
        Place::All => "all".to_owned(),
        Place::Unit(u) => unit_key(u.as_deref()).to_owned(),
    };
    for r in rows {
        let fields = [
            view.period.key(),
            unit.clone(),
            r.measure.to_owned(),
            r.breakdown.clone(),
            r.value.map(|v| v.to_string()).unwrap_or_default(),
            r.suppressed.unwrap_or_default().to_owned(),
        ];
        let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_or_quotes_are_quoted() {
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("plain"), "plain");
    }

    #[test]
    fn every_measure_is_in_the_dictionary() {
        for measure in [
            "received",
            "answered",
            "answered_on_time_percent",
            "answer_working_days_median",
            "answer_working_days_p90",
            "not_examined",
            "overdue_now",
            "corruption_received",
        ] {
            assert!(MEASURES.iter().any(|(m, ..)| *m == measure), "{measure}");
        }
    }
}
