//! The server's submissions API, as the widget sees it: every answer is either
//! a receipt, a definitive refusal, or "try again later".

use std::time::Duration;

use glas_shared::{Field, FieldError, Problem};
use js_sys::{Array, Promise};
use leptos::prelude::{set_timeout_with_handle, window};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Request, RequestCredentials, RequestInit, RequestMode, Response};

use crate::browser;
use crate::json::Json;
use crate::outbox::Queued;
use crate::wire::{self, Receipt};

/// A slow network should not keep the citizen waiting: past this, the
/// submission stays in the outbox and the courier tries again later.
const TIMEOUT: Duration = Duration::from_secs(20);
/// The form waits for the profile on a first visit; not for long.
const PROFILE_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Clone)]
pub enum Delivery {
    /// `201`/`200`: registered (now or earlier, the id is the idempotency key).
    Registered(Receipt),
    /// `409`/`422`/`400`/`413`/`415`: sending it again will not help.
    Refused(Vec<FieldError>),
    /// Keep it and retry, and why: what the citizen is told must be what happened.
    Later(Why),
}

/// Why a submission waits.
#[derive(Clone, Copy, PartialEq)]
pub enum Why {
    /// The browser says it is offline.
    Offline,
    /// The server answered that it cannot take it now (`429`, `5xx`, or an
    /// answer the widget does not understand).
    Busy,
    /// No answer came though the browser is online (a refused connection, a
    /// timeout, a blocked request).
    Unreachable,
}

/// Why no answer came.
fn no_answer() -> Why {
    if browser::is_offline() {
        Why::Offline
    } else {
        Why::Unreachable
    }
}

/// `POST /api/v1/submissions`.
pub async fn deliver(api: &str, body: &str) -> Delivery {
    let Some((status, text)) = post(&format!("{api}/api/v1/submissions"), body).await else {
        return Delivery::Later(no_answer());
    };
    match status {
        200 | 201 => Json::parse(&text)
            .as_ref()
            .and_then(Receipt::read)
            .map_or(Delivery::Later(Why::Busy), Delivery::Registered),
        400 | 409 | 413 | 415 | 422 => Delivery::Refused(refusal(status, &text)),
        _ => Delivery::Later(Why::Busy),
    }
}

/// `POST /api/v1/submissions/batch`: one `Delivery` per item, in order.
/// `None` when the server did not take the batch as a whole (it may be too
/// large for it): deliver the items one by one instead.
pub async fn deliver_batch(api: &str, items: &[Queued]) -> Option<Vec<Delivery>> {
    let bodies: Vec<&str> = items.iter().map(|item| item.body.as_str()).collect();
    // The bodies are JSON already: splice them rather than parse and re-encode.
    let body = format!(r#"{{"submissions":[{}]}}"#, bodies.join(","));
    let Some((status, text)) = post(&format!("{api}/api/v1/submissions/batch"), &body).await else {
        return Some(vec![Delivery::Later(no_answer()); items.len()]);
    };
    match status {
        200 => {
            let Some(results) = Json::parse(&text).as_ref().and_then(wire::read_batch) else {
                return Some(vec![Delivery::Later(Why::Busy); items.len()]);
            };
            let answer = |item: &Queued| {
                let result = results.iter().find(|r| r.id.as_deref() == Some(&item.id));
                match result {
                    Some(r) if matches!(r.status, 200 | 201) => r
                        .receipt
                        .clone()
                        .map_or(Delivery::Later(Why::Busy), Delivery::Registered),
                    Some(r) if matches!(r.status, 409 | 422) => {
                        let errors = if r.errors.is_empty() {
                            refusal(r.status, "")
                        } else {
                            r.errors.clone()
                        };
                        Delivery::Refused(errors)
                    }
                    _ => Delivery::Later(Why::Busy),
                }
            };
            Some(items.iter().map(answer).collect())
        }
        400..=499 if status != 429 => None,
        _ => Some(vec![Delivery::Later(Why::Busy); items.len()]),
    }
}

/// The server's reasons, or one naming the status when its body says nothing
/// usable (worded from the catalogue by its code where it is shown).
fn refusal(status: u16, body: &str) -> Vec<FieldError> {
    let errors = Json::parse(body).map(|json| wire::read_errors(&json));
    match errors {
        Some(errors) if !errors.is_empty() => errors,
        _ => {
            let problem = match status {
                409 => Problem::Conflict,
                413 => Problem::PayloadTooLarge,
                415 => Problem::UnsupportedMediaType,
                400 => Problem::MalformedJson,
                _ => Problem::InvalidShape,
            };
            vec![FieldError::worded_by_code(Field::Body, problem)]
        }
    }
}

/// `GET /api/v1/profile`: the municipality profile as JSON, when the server answered with one.
pub async fn profile(api: &str) -> Option<String> {
    let url = format!("{api}/api/v1/profile");
    match request(&url, None, PROFILE_TIMEOUT).await? {
        (200, text) => Some(text),
        _ => None,
    }
}

/// The profile's JSON from the loader's request (`null` when it failed), or
/// `None` when it has not come within the same time limit.
pub async fn requested_profile(request: Promise) -> Option<String> {
    let give_up = Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(
            &resolve,
            PROFILE_TIMEOUT.as_millis() as i32,
        );
    });
    JsFuture::from(Promise::race(&Array::of2(&request, &give_up)))
        .await
        .ok()?
        .as_string()
}

/// What the server answered a kiosk's enrolment code.
#[cfg(feature = "kiosk")]
pub enum Enrolment {
    /// The device token, and the unit the kiosk serves.
    Enrolled { token: String, unit: String },
    /// `422`: the code is wrong, used or expired.
    Refused,
    /// No usable answer: try again.
    Unreachable,
}

/// `POST /api/v1/kiosk/enrol`: trades a one-time code for the kiosk's token.
#[cfg(feature = "kiosk")]
pub async fn enrol(api: &str, code: &str) -> Enrolment {
    let mut body = Json::object();
    body.set_str("code", code);
    match post(&format!("{api}/api/v1/kiosk/enrol"), &body.text()).await {
        Some((200, text)) => {
            let enrolled =
                Json::parse(&text).and_then(|json| Some((json.str("token")?, json.str("unit")?)));
            match enrolled {
                Some((token, unit)) => Enrolment::Enrolled { token, unit },
                None => Enrolment::Unreachable,
            }
        }
        Some((422 | 400, _)) => Enrolment::Refused,
        _ => Enrolment::Unreachable,
    }
}

/// `POST /api/v1/ratings`: for each rating, in order, whether the server is done
/// with it (stored now or before, or refused for good); `false` keeps it queued.
#[cfg(feature = "kiosk")]
pub async fn deliver_ratings(api: &str, items: &[Queued]) -> Vec<bool> {
    let bodies: Vec<&str> = items.iter().map(|item| item.body.as_str()).collect();
    let body = format!(r#"{{"ratings":[{}]}}"#, bodies.join(","));
    let answered = match post(&format!("{api}/api/v1/ratings"), &body).await {
        Some((200, text)) => Json::parse(&text)
            .and_then(|json| json.get("results"))
            .map(|results| results.items())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    items
        .iter()
        .map(|item| {
            answered.iter().any(|result| {
                result.str("id").as_deref() == Some(&item.id)
                    && matches!(result.u32("status"), Some(200 | 201 | 409 | 422))
            })
        })
        .collect()
}

/// `POST /api/v1/kiosk/heartbeat`; whether the server took it.
#[cfg(feature = "kiosk")]
pub async fn heartbeat(api: &str, body: &str) -> bool {
    matches!(
        post(&format!("{api}/api/v1/kiosk/heartbeat"), body).await,
        Some((204, _))
    )
}

/// POSTs JSON and reads the whole answer; `None` when no answer came.
async fn post(url: &str, body: &str) -> Option<(u16, String)> {
    request(url, Some(body), TIMEOUT).await
}

/// POSTs `body` as JSON, or GETs when there is none, and reads the whole
/// answer; `None` when no answer came within `timeout`.
async fn request(url: &str, body: Option<&str>, timeout: Duration) -> Option<(u16, String)> {
    if browser::is_offline() {
        return None;
    }
    let abort = AbortController::new().ok()?;
    let init = RequestInit::new();
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    init.set_signal(Some(&abort.signal()));
    if let Some(body) = body {
        init.set_method("POST");
        init.set_body(&JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(url, &init).ok()?;
    if body.is_some() {
        request
            .headers()
            .set("Content-Type", "application/json")
            .ok()?;
    }
    // A kiosk says which it is on every call (`kiosk::device`).
    #[cfg(feature = "kiosk")]
    if let Some(token) = crate::kiosk::device::token() {
        request
            .headers()
            .set("Authorization", &format!("Bearer {token}"))
            .ok()?;
    }

    let timer = set_timeout_with_handle(move || abort.abort(), timeout).ok();
    let answer = async {
        let response: Response = JsFuture::from(window().fetch_with_request(&request))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        let text = JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()?;
        #[cfg(feature = "kiosk")]
        crate::kiosk::device::answered(response.status());
        Some((response.status(), text))
    }
    .await;
    if let Some(timer) = timer {
        timer.clear();
    }
    answer
}

#[cfg(test)]
mod tests {
    use glas_shared::Locale;
    use glas_shared::i18n::catalogue;

    use super::*;

    #[test]
    fn the_servers_reasons_are_kept() {
        let body = r#"{"errors":[{"field":"text","code":"too_short","message":"Please write at least 5 characters."}]}"#;
        let errors = refusal(422, body);
        assert_eq!(
            (errors[0].field.as_str(), errors[0].code.as_str()),
            ("text", "too_short")
        );
    }

    #[test]
    fn a_refusal_without_reasons_is_named_by_its_status_and_worded_by_the_catalogue() {
        for status in [400, 409, 413, 415, 422] {
            let errors = refusal(status, "<html>Bad Gateway</html>");
            assert_eq!(errors.len(), 1);
            assert!(errors[0].message.is_empty());
            let problem = Problem::from_code(&errors[0].code).expect("a known code");
            for locale in Locale::ALL {
                assert!(catalogue().has(*locale, problem.message_key()), "{locale}");
                assert_eq!(errors[0].message_in(*locale), problem.message(*locale));
            }
        }
    }
}
