//! The OpenAPI 3.1 description of the public API (the `api` and `kiosks` groups of
//! `router.rs`), served at `GET /api/openapi.json`. It is generated from the code:
//! the wire types' schemas come from `glas_shared` (derived there only with its
//! `server` feature, so none of this reaches a browser), each route's from the
//! `#[utoipa::path]` on its handler, and the refusals every route shares from the
//! response types below. `cargo xtask test` runs schemathesis against a live server
//! with this document, so an answer the document does not describe fails the build.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use glas_shared::ErrorBody;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, IntoResponses, Modify, OpenApi, ToResponse};

use crate::routes::{kiosk, profile, submissions};

/// The name of the kiosks' device-token security scheme (`security(("kiosk_token" = []))`
/// on a route: the macro takes only a literal).
pub const KIOSK_TOKEN: &str = "kiosk_token";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Glas",
        description = "Citizens' feedback to a municipality: the widget's and kiosks' API. \
            Every refusal is JSON `{ \"errors\": [ { field, code, message } ] }`, its \
            `message` in the submission's language (else `Accept-Language`'s)."
    ),
    paths(
        submissions::create,
        submissions::create_batch,
        profile::profile,
        kiosk::enrol,
        kiosk::heartbeat,
        kiosk::ratings,
        document,
    ),
    components(
        schemas(ErrorBody),
        responses(
            Malformed,
            TooLarge,
            NotJson,
            Invalid,
            NotEnrolled,
            RateLimited,
            Unavailable,
            TimedOut
        )
    ),
    modifiers(&KioskToken),
    tags(
        (name = "submissions", description = "Citizens' feedback, from the widget and kiosks"),
        (name = "kiosks", description = "What kiosks call, with their device token"),
        (name = "profile", description = "The municipality's public profile"),
        (name = "meta", description = "This description"),
    )
)]
pub struct ApiDoc;

/// The bearer scheme of kiosks' device tokens (`Authorization: Bearer …`).
struct KioskToken;

impl Modify for KioskToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            KIOSK_TOKEN,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A kiosk's device token, from `POST /api/v1/kiosk/enrol`.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The language a route answers its errors in when the body names none Glas speaks.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
pub struct AcceptLanguage {
    /// The language of errors when the body names none Glas speaks: the first of
    /// `bg`, `en` and `tr` it lists, Bulgarian when none.
    #[param(rename = "Accept-Language", required = false)]
    pub accept_language: String,
}

/// The document, made once.
static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    ApiDoc::openapi()
        .to_json()
        .expect("the OpenAPI document serialises")
});

/// This API's OpenAPI 3.1 description.
///
/// `GET /api/openapi.json`, generated from the code.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    operation_id = "openapi",
    tag = "meta",
    responses(
        (status = 200, description = "The OpenAPI 3.1 description of this API.",
            body = Object, content_type = "application/json"),
        Transport,
    )
)]
pub async fn document() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        DOCUMENT.as_str(),
    )
}

// What follows describes answers for the document; none of it is built: the
// answers themselves are `ApiError`s (`error.rs`), the layers' (`rate_limit.rs`,
// the request timeout in `router.rs`).

/// The body is not JSON, or is nested more than 8 deep.
#[derive(ToResponse)]
pub struct Malformed(pub ErrorBody);

/// The body is over the size limit.
#[derive(ToResponse)]
pub struct TooLarge(pub ErrorBody);

/// The body is not `application/json`.
#[derive(ToResponse)]
pub struct NotJson(pub ErrorBody);

/// The JSON has the wrong shape, or values are refused: one error per field, with
/// its stable `code`.
#[derive(ToResponse)]
pub struct Invalid(pub ErrorBody);

/// No working device token (none, unknown or revoked): the kiosk keeps what it
/// sent, to send again once enrolled.
#[derive(ToResponse)]
#[response(headers(("WWW-Authenticate" = String, description = "`Bearer`")))]
pub struct NotEnrolled(pub ErrorBody);

/// The client (an address, or a kiosk's token) is over its rate limit: nothing
/// was stored; send it again after `Retry-After` seconds.
#[derive(ToResponse)]
#[response(headers(("Retry-After" = u64, description = "Seconds to wait")))]
pub struct RateLimited(pub ErrorBody);

/// The database cannot take it now: nothing was stored.
#[derive(ToResponse)]
#[response(headers(("Retry-After" = u64, description = "Seconds to wait")))]
pub struct Unavailable(pub ErrorBody);

/// The request took longer than the server's request timeout: nothing is
/// promised, send it again (a submission's id makes that safe).
#[derive(ToResponse)]
pub struct TimedOut;

/// What any route may answer before its handler runs.
#[derive(IntoResponses)]
pub enum Transport {
    #[response(status = 408)]
    TimedOut(#[ref_response] TimedOut),
}

/// How a route that reads a JSON body refuses one.
#[derive(IntoResponses)]
pub enum BodyRefusals {
    #[response(status = 400)]
    Malformed(#[ref_response] Malformed),
    #[response(status = 413)]
    TooLarge(#[ref_response] TooLarge),
    #[response(status = 415)]
    NotJson(#[ref_response] NotJson),
    #[response(status = 422)]
    Invalid(#[ref_response] Invalid),
}

/// A refused kiosk token.
#[derive(IntoResponses)]
pub enum KioskRefusal {
    #[response(status = 401)]
    NotEnrolled(#[ref_response] NotEnrolled),
}

/// Come back later: over a rate limit, the database busy, or too slow.
#[derive(IntoResponses)]
pub enum Busy {
    #[response(status = 429)]
    RateLimited(#[ref_response] RateLimited),
    #[response(status = 503)]
    Unavailable(#[ref_response] Unavailable),
    #[response(status = 408)]
    TimedOut(#[ref_response] TimedOut),
}
