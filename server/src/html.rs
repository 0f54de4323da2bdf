//! The frame Glas's own pages share: plain and accessible, styled by a stylesheet
//! file rather than inline. Pages are maud templates, so everything they
//! interpolate is escaped (no page uses `PreEscaped`).

use glas_shared::Locale;
use maud::{DOCTYPE, Markup, html};

use crate::routes::assets;

/// A complete HTML page in `locale`, titled `title`, with `content` inside `<main>`.
pub fn page(locale: Locale, title: &str, content: Markup) -> Markup {
    page_styled(locale, title, assets::PAGE_CSS, content)
}

/// As [`page`], with another of the server's stylesheets (`routes/assets.rs`).
pub fn page_styled(locale: Locale, title: &str, stylesheet: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(locale.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width,initial-scale=1";
                title { (title) }
                link rel="stylesheet" href=(stylesheet);
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
