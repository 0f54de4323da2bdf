//! The frame every server-rendered page shares: plain and accessible. Pages are
//! maud templates, so everything they interpolate is escaped unless wrapped in
//! `PreEscaped`, which only ever wraps constants of this crate.

use glas_shared::Locale;
use maud::{DOCTYPE, Markup, PreEscaped, html};

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;\
max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a;background:#fff}\
h1{font-size:1.5rem;color:#0b3d6e}dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1.5rem}\
dt{font-weight:600}dd{margin:0}";

/// A complete HTML page in `locale`, titled `title`, with `content` inside `<main>`.
pub fn page(locale: Locale, title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(locale.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width,initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main { (content) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use glas_shared::Locale;
    use maud::html;

    #[test]
    fn the_title_and_content_are_escaped() {
        let hostile = "<script>alert(\"x\")</script> & 'y'";
        let page = super::page(Locale::En, hostile, html! { p { (hostile) } }).into_string();
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains(
            "<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'y'</title>"
        ));
        assert!(
            page.contains("<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'y'</p>")
        );
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    }
}
