//! `GET /`: a page like the municipality's own, built from its profile, embedding
//! the widget with its one script tag.

use axum::extract::State;
use glas_shared::{Locale, Profile};
use maud::{DOCTYPE, Markup, html};

use crate::app::AppState;
use crate::routes::assets;

pub async fn page(State(state): State<AppState>) -> Markup {
    render(&state.profile)
}

fn render(profile: &Profile) -> Markup {
    let bg = Locale::Bg;
    let name = profile.name.get(bg);
    let initial: String = name.trim_start_matches("Община ").chars().take(1).collect();
    html! {
        (DOCTYPE)
        html lang="bg" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (name) " — Обратна връзка (демонстрация на Glas)" }
                link rel="stylesheet" href=(assets::DEMO_CSS);
            }
            body {
                a.skip href="#content" { "Към съдържанието" }
                header {
                    div.bar {
                        div.crest aria-hidden="true" { (initial) }
                        div {
                            h1 { (name) }
                            p { "Демонстрационна страница: така изглежда Glas, вграден в сайта на общината" }
                        }
                    }
                }
                nav aria-label="Основна навигация" {
                    ul {
                        li { a href="#" { "Начало" } }
                        li { a href="#" { "Административни услуги" } }
                        li { a href="#" aria-current="page" { "Харта на клиента" } }
                        li { a href="#" { "Контакти" } }
                    }
                }
                main #content {
                    article {
                        h2 { "Харта на клиента" }
                        p {
                            (name) " се стреми да предоставя качествено, бързо и достъпно административно \
                            обслужване на всички граждани и организации при равни условия."
                        }
                        p {
                            "Вашето мнение е важно за нас. Можете да подадете " strong { "жалба" } ", "
                            strong { "сигнал" } ", " strong { "предложение" } ", " strong { "похвала" }
                            " или " strong { "мнение" } " чрез бутона „Обратна връзка“ в долния десен \
                            ъгъл на страницата. Всяко подаване се регистрира с входящ номер, по който \
                            можете да проследите хода му."
                        }
                        p {
                            "На писмени жалби за лошо администриране отговаряме писмено в 7-дневен срок \
                            от получаването им. Анонимни сигнали и жалби не се разглеждат, освен когато \
                            поставеният проблем застрашава здравето и сигурността на гражданите."
                        }
                        p {
                            "Формулярът работи и без връзка с интернет: подаването се запазва на \
                            устройството ви и се изпраща автоматично, когато връзката се възстанови."
                        }
                    }
                    aside {
                        section {
                            h2 { "Контакти" }
                            (contacts(profile))
                        }
                        section {
                            h2 { "Звена за обслужване" }
                            ul {
                                @for unit in &profile.units {
                                    li { (unit.name.get(bg)) " " small { "(" (unit.address.get(bg)) ")" } }
                                }
                            }
                        }
                    }
                }
                footer {
                    div {
                        "Glas — системата за обратна връзка на общината. Демонстрационна страница, \
                        не официалният сайт на " (name) "."
                    }
                }
                script src="/widget/glas.js" defer {}
            }
        }
    }
}

fn contacts(profile: &Profile) -> Markup {
    let bg = Locale::Bg;
    let c = &profile.contacts;
    html! {
        dl {
            dt { "Адрес" } dd { (c.address.get(bg)) }
            dt { "Информация" } dd { (tel(&c.phone)) }
            dt { "Жалби, сигнали и предложения" } dd { (tel(&c.feedback_phone)) }
            dt { "Сигнали за корупция" } dd { (tel(&c.corruption_phone)) }
            dt { "Имейл" } dd { a href={ "mailto:" (c.email) } { (c.email) } }
            dt { "Приемно време" } dd { (profile.reception_hours.get(bg)) }
        }
    }
}

/// A Bulgarian phone number as written (`038/603-330`), dialable (`tel:+35938603330`).
fn tel(number: &str) -> Markup {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    html! {
        a href={ "tel:+359" (digits.trim_start_matches('0')) } { (number) }
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::{HASKOVO, parse};

    #[test]
    fn profile_values_are_escaped() {
        let hostile = r#"<script>alert("x")</script> & 'y'"#;
        let toml = HASKOVO
            .replacen(r#"bg = "Община Хасково""#, &format!("bg = {hostile:?}"), 1)
            .replacen(
                r#"email = "kmet@haskovo.bg""#,
                &format!("email = {hostile:?}"),
                1,
            );
        let profile = parse(&toml, "hostile").unwrap();
        let html = super::render(&profile).into_string();

        let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'y'";
        assert_eq!(
            html.matches("<script").count(),
            1,
            "only the widget's: {html}"
        );
        assert!(html.contains(&format!("<h1>{escaped}</h1>")), "{html}");
        assert!(html.contains(&format!(r#"<a href="mailto:{escaped}">{escaped}</a>"#)));
        assert!(html.contains(r#"<script src="/widget/glas.js" defer></script>"#));
    }
}
