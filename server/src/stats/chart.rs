//! Charts as inline SVG, drawn on the server: pure functions from figures to
//! markup. Each chart is a `<figure>`: the drawing (an image to assistive
//! technology, named by its caption), a one-line summary in words, and the same
//! figures as a table in a `<details>` under it. A hidden count (small, or
//! hidden so a small one cannot be worked out) is drawn as no bar, with its
//! label ("<5", "×") where the bar would be.

use maud::{Markup, html};

use super::suppress::Shown;

/// One bar: what it is, and its count as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: Shown,
}

/// What a chart says around its drawing, in the reader's language.
pub struct Words<'a> {
    /// The figure's caption (names the drawing too).
    pub title: &'a str,
    /// The one-line summary in plain words.
    pub summary: &'a str,
    /// The `<summary>` of the table's `<details>`, e.g. "The figures as a table".
    pub as_table: &'a str,
    /// The table's column heads.
    pub label_head: &'a str,
    pub value_head: &'a str,
    /// How a hidden count reads.
    pub small: &'a str,
    pub hidden: &'a str,
}

const WIDTH: u32 = 640;
const ROW: u32 = 28;
const LABELS: u32 = 270;
const BAR_HEIGHT: u32 = 18;

/// How a count reads, in the table and beside a bar.
pub fn shown(value: Shown, words: &Words<'_>) -> String {
    match value {
        Shown::Count(n) => n.to_string(),
        Shown::Small => words.small.to_owned(),
        Shown::Hidden => words.hidden.to_owned(),
    }
}

/// The longest bar's count: the scale's end (at least 1, so that all zeros draw).
fn scale(bars: &[Bar]) -> u64 {
    bars.iter()
        .filter_map(|b| b.value.count())
        .max()
        .unwrap_or(0)
        .max(1)
}

/// Horizontal bars, one per row, labels on the left: for kinds, channels, units.
pub fn bars(id: &str, bars: &[Bar], words: &Words<'_>) -> Markup {
    let height = ROW * bars.len() as u32 + 8;
    let max = scale(bars);
    let room = WIDTH - LABELS - 60;
    figure(
        id,
        words,
        bars,
        html! {
            svg class="chart" viewBox={ "0 0 " (WIDTH) " " (height) } width=(WIDTH) height=(height)
                role="img" aria-labelledby={ (id) "-title" } focusable="false" {
                @for (i, bar) in bars.iter().enumerate() {
                    @let y = ROW * i as u32 + 4;
                    g {
                        text x=(LABELS - 8) y=(y + BAR_HEIGHT - 4) text-anchor="end" class="chart-label" {
                            (bar.label)
                        }
                        @match bar.value.count() {
                            Some(n) => {
                                @let w = (n * u64::from(room)).div_ceil(max) as u32;
                                rect x=(LABELS) y=(y) width=(w) height=(BAR_HEIGHT) class="chart-bar" {}
                                text x=(LABELS + w + 6) y=(y + BAR_HEIGHT - 4) class="chart-value" { (n) }
                            }
                            None => {
                                text x=(LABELS + 6) y=(y + BAR_HEIGHT - 4) class="chart-value chart-hidden" {
                                    (shown(bar.value, words))
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// Columns side by side, labels under them: a trend month by month.
pub fn columns(id: &str, bars: &[Bar], words: &Words<'_>) -> Markup {
    const TOP: u32 = 24;
    const PLOT: u32 = 160;
    const BOTTOM: u32 = 40;
    let max = scale(bars);
    let slot = (WIDTH - 20) / (bars.len().max(1) as u32);
    let width = (slot * 6 / 10).max(4);
    figure(
        id,
        words,
        bars,
        html! {
            svg class="chart" viewBox={ "0 0 " (WIDTH) " " (TOP + PLOT + BOTTOM) } width=(WIDTH)
                height=(TOP + PLOT + BOTTOM) role="img" aria-labelledby={ (id) "-title" } focusable="false" {
                line x1="10" x2=(WIDTH - 10) y1=(TOP + PLOT) y2=(TOP + PLOT) class="chart-axis" {}
                @for (i, bar) in bars.iter().enumerate() {
                    @let x = 10 + slot * i as u32 + (slot - width) / 2;
                    @let middle = x + width / 2;
                    g {
                        @match bar.value.count() {
                            Some(n) => {
                                @let h = (n * u64::from(PLOT)).div_ceil(max) as u32;
                                rect x=(x) y=(TOP + PLOT - h) width=(width) height=(h) class="chart-bar" {}
                                text x=(middle) y=(TOP + PLOT - h - 6) text-anchor="middle" class="chart-value" { (n) }
                            }
                            None => {
                                text x=(middle) y=(TOP + PLOT - 6) text-anchor="middle" class="chart-value chart-hidden" {
                                    (shown(bar.value, words))
                                }
                            }
                        }
                        text x=(middle) y=(TOP + PLOT + 18) text-anchor="middle" class="chart-label" {
                            (bar.label)
                        }
                    }
                }
            }
        },
    )
}

fn figure(id: &str, words: &Words<'_>, bars: &[Bar], drawing: Markup) -> Markup {
    html! {
        figure class="chart-figure" aria-labelledby={ (id) "-title" } {
            figcaption id={ (id) "-title" } { (words.title) }
            (drawing)
            p class="chart-summary" { (words.summary) }
            details {
                summary { (words.as_table) }
                table {
                    caption { (words.title) }
                    thead { tr { th scope="col" { (words.label_head) } th scope="col" { (words.value_head) } } }
                    tbody {
                        @for bar in bars {
                            tr { th scope="row" { (bar.label) } td { (shown(bar.value, words)) } }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words<'static> {
        Words {
            title: "Received by kind",
            summary: "Most were complaints.",
            as_table: "The figures as a table",
            label_head: "Kind",
            value_head: "Received",
            small: "<5",
            hidden: "×",
        }
    }

    fn bar(label: &str, value: Shown) -> Bar {
        Bar {
            label: label.into(),
            value,
        }
    }

    #[test]
    fn the_longest_bar_fills_the_room_and_the_others_scale() {
        let html = bars(
            "kinds",
            &[
                bar("complaint", Shown::Count(100)),
                bar("praise", Shown::Count(50)),
            ],
            &words(),
        )
        .into_string();
        let room = WIDTH - LABELS - 60;
        assert!(html.contains(&format!(r#"width="{room}""#)), "{html}");
        assert!(html.contains(&format!(r#"width="{}""#, room / 2)), "{html}");
    }

    #[test]
    fn a_hidden_count_draws_no_bar_and_says_so_in_the_drawing_and_the_table() {
        let html = bars(
            "kinds",
            &[
                bar("complaint", Shown::Count(9)),
                bar("praise", Shown::Small),
                bar("signal", Shown::Hidden),
            ],
            &words(),
        )
        .into_string();
        assert_eq!(html.matches("<rect").count(), 1);
        assert_eq!(
            html.matches("&lt;5").count(),
            2,
            "beside the bar and in the table"
        );
        assert_eq!(html.matches('×').count(), 2);
    }

    #[test]
    fn the_figure_is_named_summarised_and_tabled() {
        let html = columns(
            "trend",
            &[
                bar("2026-10", Shown::Count(3)),
                bar("2026-11", Shown::Count(0)),
            ],
            &words(),
        )
        .into_string();
        assert!(html.contains(r#"<figcaption id="trend-title">Received by kind</figcaption>"#));
        assert!(html.contains(r#"role="img" aria-labelledby="trend-title""#));
        assert!(html.contains("Most were complaints."));
        assert!(html.contains(r#"<th scope="row">2026-11</th><td>0</td>"#));
    }

    #[test]
    fn labels_are_escaped() {
        let html = bars(
            "units",
            &[bar("<script>alert(1)</script>", Shown::Count(1))],
            &words(),
        )
        .into_string();
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn nothing_to_draw_still_draws() {
        let html = columns("trend", &[], &words()).into_string();
        assert!(html.contains("<svg"));
    }
}
