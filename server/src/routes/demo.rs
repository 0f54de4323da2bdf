//! `GET /`: a page like the municipality's own, built from its profile, embedding
//! the widget with its one script tag.

use axum::extract::State;
use axum::response::Html;
use glas_shared::{Locale, Profile};

use crate::app::AppState;
use crate::html::escape;

const TEMPLATE: &str = include_str!("../../assets/demo.html");

pub async fn page(State(state): State<AppState>) -> Html<String> {
    Html(render(&state.profile))
}

fn render(profile: &Profile) -> String {
    let bg = Locale::Bg;
    let c = &profile.contacts;
    let tel = |n: &str| {
        let digits: String = n.chars().filter(char::is_ascii_digit).collect();
        format!(
            "<a href=\"tel:+359{}\">{}</a>",
            digits.trim_start_matches('0'),
            escape(n)
        )
    };
    let contacts = format!(
        "      <dl>\n        <dt>Адрес</dt><dd>{}</dd>\n        <dt>Информация</dt><dd>{}</dd>\n        \
         <dt>Жалби, сигнали и предложения</dt><dd>{}</dd>\n        <dt>Сигнали за корупция</dt><dd>{}</dd>\n        \
         <dt>Имейл</dt><dd><a href=\"mailto:{email}\">{email}</a></dd>\n        <dt>Приемно време</dt><dd>{}</dd>\n      </dl>\n",
        escape(c.address.get(bg)),
        tel(&c.phone),
        tel(&c.feedback_phone),
        tel(&c.corruption_phone),
        escape(profile.reception_hours.get(bg)),
        email = escape(&c.email),
    );
    let units: String = profile
        .units
        .iter()
        .map(|u| {
            format!(
                "        <li>{} <small>({})</small></li>\n",
                escape(u.name.get(bg)),
                escape(u.address.get(bg))
            )
        })
        .collect();
    let name = profile.name.get(bg);
    TEMPLATE
        .replace("{{contacts}}", &contacts)
        .replace("{{units}}", &format!("      <ul>\n{units}      </ul>"))
        .replace(
            "{{initial}}",
            &escape(
                &name
                    .trim_start_matches("Община ")
                    .chars()
                    .take(1)
                    .collect::<String>(),
            ),
        )
        .replace("{{name}}", &escape(name))
}
