//! The OpenAPI 3.1 description of the public API (the `api` and `kiosks` groups of
//! `router.rs`), served at `GET /api/openapi.json`. It is generated from the code:
//! the wire types' schemas come from `glas_shared` (derived there only with its
//! `server` feature, so none of this reaches a browser), each route's from the
//! `#[utoipa::path]` on its handler, and the refusals every route shares from the
//! response types below. What only the running municipality decides, the kinds it
//! accepts and its service units, is written into the submission's schema from its
//! profile when the server starts (`ProfileValues`), so the document names the
//! values that are registered rather than refused. `cargo xtask test` runs
//! schemathesis against a live server with this document, so an answer the document
//! does not describe fails the build.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use glas_shared::{ErrorBody, Kind, Profile};
use serde_json::Value;
use utoipa::openapi::schema::{Object, Schema};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Components, RefOr};
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

/// The kinds `profile` accepts and its service units, in the schema of a
/// submission (the one and the batch's): what the code alone cannot say, so that
/// a client, and the fuzzer, sends values that are registered. A submission's
/// `kind` becomes the `Kind` schema narrowed to the accepted kinds (the
/// component, the Charter's kinds, stays whole), its `unit` one of the units' ids
/// or `null`; and the request bodies' examples are kept ones the schemas allow.
struct ProfileValues<'a>(&'a Profile);

impl Modify for ProfileValues<'_> {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let profile = self.0;
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut kind = schema_object(components, "Kind").clone();
        kind.enum_values = Some(
            profile
                .kinds
                .accepted()
                .map(|k| Value::from(k.as_str()))
                .collect(),
        );
        kind.description = Some(
            "What the citizen is telling the municipality: one of the Charter's kinds that \
             this municipality accepts (`kinds` in `GET /api/v1/profile`)."
                .into(),
        );
        let submission = schema_object_mut(components, "NewSubmission");
        submission
            .properties
            .insert("kind".into(), RefOr::T(Schema::Object(kind)));
        let unit = match submission.properties.get_mut("unit") {
            Some(RefOr::T(Schema::Object(unit))) => unit,
            _ => panic!("a submission's unit is described inline"),
        };
        unit.enum_values = Some(
            profile
                .units
                .iter()
                .map(|u| Value::from(u.id.as_ref()))
                .chain([Value::Null])
                .collect(),
        );
        // The ids' form is the enum's now.
        unit.pattern = None;

        for (path, submissions) in [
            ("/api/v1/submissions", None),
            ("/api/v1/submissions/batch", Some("submissions")),
        ] {
            let body = openapi
                .paths
                .paths
                .get_mut(path)
                .and_then(|item| item.post.as_mut())
                .and_then(|operation| operation.request_body.as_mut());
            let Some(RefOr::T(body)) = body else {
                panic!("POST {path} describes its body inline");
            };
            for content in body.content.values_mut() {
                let RefOr::T(content) = content else { continue };
                let Some(example) = content.example.as_mut() else {
                    continue;
                };
                match submissions {
                    None => fit_example(example, profile),
                    Some(key) => example[key]
                        .as_array_mut()
                        .into_iter()
                        .flatten()
                        .for_each(|item| fit_example(item, profile)),
                }
            }
        }
    }
}

/// The component schema `name`, which the derives make an object schema.
fn schema_object<'a>(components: &'a Components, name: &str) -> &'a Object {
    match components.schemas.get(name) {
        Some(RefOr::T(Schema::Object(object))) => object,
        _ => panic!("the schema {name} is an object schema"),
    }
}

fn schema_object_mut<'a>(components: &'a mut Components, name: &str) -> &'a mut Object {
    match components.schemas.get_mut(name) {
        Some(RefOr::T(Schema::Object(object))) => object,
        _ => panic!("the schema {name} is an object schema"),
    }
}

/// A submission's example, written for Haskovo, as one `profile` registers: a
/// kind it does not accept becomes the first it does, a unit it lacks none.
fn fit_example(submission: &mut Value, profile: &Profile) {
    let accepted =
        |kind: &str| Kind::parse(kind).is_ok_and(|kind| profile.kinds.rule(kind).is_some());
    if let Some(kind) = submission["kind"].as_str()
        && !accepted(kind)
        && let Some(first) = profile.kinds.accepted().next()
    {
        submission["kind"] = first.as_str().into();
    }
    if let Some(unit) = submission["unit"].as_str()
        && profile.unit(unit).is_none()
    {
        submission["unit"] = Value::Null;
    }
}

/// The document as this server serves it, made once when the router is built: the
/// code's, with `profile`'s values (`ProfileValues`).
#[derive(Clone)]
pub struct Served(Bytes);

impl Served {
    pub fn new(profile: &Profile) -> Served {
        let mut openapi = ApiDoc::openapi();
        ProfileValues(profile).modify(&mut openapi);
        Served(
            openapi
                .to_json()
                .expect("the OpenAPI document serialises")
                .into(),
        )
    }
}

/// This API's OpenAPI 3.1 description.
///
/// `GET /api/openapi.json`, generated from the code and the municipality's
/// profile (the kinds it accepts, its service units).
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
pub async fn document(State(Served(document)): State<Served>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        document,
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
