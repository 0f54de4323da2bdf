//! `GET /api/openapi.json`: the public API's OpenAPI 3.1 description, the running
//! municipality's kinds and units in it, and real answers of the running server
//! checked against the schemas it declares.

use glas_server::clock::Clock;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{ALLOWED_ORIGIN, TestApp, complaint, praise, spawn_app, spawn_app_with};

/// A profile other than the built-in Haskovo's: no corruption line, its own units.
const EXAMPLE: &str = "profiles/example.toml";

/// The routes the document must describe, with their methods.
const ROUTES: [(&str, &str); 7] = [
    ("/api/v1/submissions", "post"),
    ("/api/v1/submissions/batch", "post"),
    ("/api/v1/profile", "get"),
    ("/api/v1/kiosk/enrol", "post"),
    ("/api/v1/kiosk/heartbeat", "post"),
    ("/api/v1/ratings", "post"),
    ("/api/openapi.json", "get"),
];

async fn document(app: &TestApp) -> Value {
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.expect("the document is JSON")
}

/// The schema of the answer `status` to `method path`, in a document of its own
/// that carries the description's components, so its `$ref`s resolve.
fn answer_schema(doc: &Value, path: &str, method: &str, status: u16) -> Value {
    let mut response = &doc["paths"][path][method]["responses"][status.to_string()];
    if let Some(reference) = response["$ref"].as_str() {
        let name = reference
            .strip_prefix("#/components/responses/")
            .expect("a response component");
        response = &doc["components"]["responses"][name];
    }
    let schema = &response["content"]["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "{method} {path} declares no JSON body for {status}: {response}"
    );
    let mut schema = schema.clone();
    schema["components"] = doc["components"].clone();
    schema
}

/// The schema of `method path`'s request body, in a document of its own that
/// carries the description's components, and the body's example.
fn request_schema(doc: &Value, path: &str, method: &str) -> (Value, Value) {
    let body = &doc["paths"][path][method]["requestBody"]["content"]["application/json"];
    let mut schema = body["schema"].clone();
    schema["components"] = doc["components"].clone();
    (schema, body["example"].clone())
}

/// Each request body's example (which the fuzzer sends first) is one its schema
/// allows.
fn assert_examples_conform(doc: &Value) {
    for (path, method) in ROUTES.iter().filter(|(_, method)| *method == "post") {
        let (schema, example) = request_schema(doc, path, method);
        assert!(example.is_object(), "{path} has no example");
        assert_conforms(&schema, &example);
    }
}

/// The values a submission's `kind` and `unit` may take, as the document says.
fn kinds_and_units(doc: &Value) -> (Vec<Value>, Vec<Value>) {
    let properties = &doc["components"]["schemas"]["NewSubmission"]["properties"];
    let values = |name: &str| {
        properties[name]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("a submission's {name} names no values: {properties}"))
            .clone()
    };
    (values("kind"), values("unit"))
}

/// Fails, naming every problem, unless `instance` is valid against `schema`
/// (JSON Schema 2020-12, the dialect of OpenAPI 3.1, formats included).
fn assert_conforms(schema: &Value, instance: &Value) {
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the declared schema is a valid JSON Schema");
    let problems: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        problems.is_empty(),
        "{instance} breaks its schema: {problems:?}"
    );
}

#[tokio::test]
async fn the_api_describes_itself_in_openapi_3_1() {
    let app = spawn_app().await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    let cache = response.headers()["cache-control"].to_str().unwrap();
    assert!(cache.starts_with("public"), "{cache}");
    let doc: Value = response.json().await.unwrap();

    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1."),
        "{}",
        doc["openapi"]
    );
    for (path, method) in ROUTES {
        let operation = &doc["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is not described");
    }
    // Every route that reads JSON says how it refuses a body, and that it may be
    // told to come back later, with when.
    for (path, method) in ROUTES.iter().filter(|(_, method)| *method == "post") {
        let responses = &doc["paths"][path][method]["responses"];
        for status in ["400", "408", "413", "415", "422", "429", "503"] {
            assert!(
                responses[status].is_object(),
                "{method} {path} does not describe {status}"
            );
        }
    }
    assert_examples_conform(&doc);
    let responses = &doc["components"]["responses"];
    assert!(responses["RateLimited"]["headers"]["Retry-After"].is_object());
    assert!(responses["Unavailable"]["headers"]["Retry-After"].is_object());
    assert!(responses["NotEnrolled"]["headers"]["WWW-Authenticate"].is_object());

    // Kiosks' calls carry a bearer token; a submission may.
    assert_eq!(
        doc["components"]["securitySchemes"]["kiosk_token"],
        json!({
            "type": "http",
            "scheme": "bearer",
            "description": "A kiosk's device token, from `POST /api/v1/kiosk/enrol`."
        })
    );
    for path in ["/api/v1/ratings", "/api/v1/kiosk/heartbeat"] {
        let operation = &doc["paths"][path]["post"];
        assert_eq!(operation["security"], json!([{ "kiosk_token": [] }]));
        assert!(operation["responses"]["401"].is_object(), "{path}");
    }
    assert_eq!(
        doc["paths"]["/api/v1/submissions"]["post"]["security"],
        json!([{}, { "kiosk_token": [] }])
    );
    // Only what the API's JSON carries: the profile's server-side settings are
    // neither sent nor described.
    let profile = &doc["components"]["schemas"]["Profile"]["properties"];
    assert!(profile["units"].is_object());
    assert!(profile.get("small_count_threshold").is_none());
}

#[tokio::test]
async fn the_document_may_be_read_from_the_municipalitys_pages() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/openapi.json"))
        .header("origin", ALLOWED_ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        ALLOWED_ORIGIN
    );
}

#[tokio::test]
async fn real_answers_conform_to_the_schemas_the_document_declares() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let submissions = "/api/v1/submissions";

    let created = app.post_submission(&complaint()).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let receipt: Value = created.json().await.unwrap();
    assert_conforms(&answer_schema(&doc, submissions, "post", 201), &receipt);

    // An anonymous praise owes no answer: its receipt's due date is null.
    let unanswered = app.post_submission(&praise()).await;
    assert_eq!(unanswered.status(), StatusCode::CREATED);
    let receipt: Value = unanswered.json().await.unwrap();
    assert_eq!(receipt["due_on"], Value::Null);
    assert_conforms(&answer_schema(&doc, submissions, "post", 201), &receipt);

    let mut invalid = complaint();
    invalid.text = "?".into();
    invalid.author.as_mut().unwrap().email = Some("not an address".into());
    let refused = app.post_submission(&invalid).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let errors: Value = refused.json().await.unwrap();
    assert_eq!(errors["errors"].as_array().unwrap().len(), 2, "{errors}");
    assert_conforms(&answer_schema(&doc, submissions, "post", 422), &errors);
    // The check is not vacuous: an error body is no receipt.
    let receipt_schema = answer_schema(&doc, submissions, "post", 201);
    assert!(!jsonschema::draft202012::is_valid(&receipt_schema, &errors));

    let broken = app
        .post_raw(submissions, "application/json", "{\"id\":")
        .await;
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
    let errors: Value = broken.json().await.unwrap();
    assert_conforms(&answer_schema(&doc, submissions, "post", 400), &errors);

    let batch = "/api/v1/submissions/batch";
    let answered = app
        .client
        .post(app.url(batch))
        .json(&json!({ "submissions": [complaint(), invalid, { "id": 7 }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), StatusCode::OK);
    let results: Value = answered.json().await.unwrap();
    assert_conforms(&answer_schema(&doc, batch, "post", 200), &results);

    let profile: Value = app.get("/api/v1/profile").await.json().await.unwrap();
    assert_conforms(
        &answer_schema(&doc, "/api/v1/profile", "get", 200),
        &profile,
    );
}

#[tokio::test]
async fn kiosk_answers_conform_to_the_schemas_the_document_declares() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let ratings = "/api/v1/ratings";
    let batch = json!({ "ratings": [{
        "id": "0b9f3a52-8d1c-4e55-9a77-2f4c6b1d0e11",
        "score": 3,
        "created_at": "2026-11-30T09:15:00+02:00"
    }, { "id": "nope", "score": 9, "created_at": "today" }] });

    let refused = app
        .client
        .post(app.url(ratings))
        .json(&batch)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(refused.headers()["www-authenticate"], "Bearer");
    let errors: Value = refused.json().await.unwrap();
    assert_conforms(&answer_schema(&doc, ratings, "post", 401), &errors);

    let (_, enrolled) = app
        .enrolled_kiosk("centre", time::OffsetDateTime::now_utc())
        .await;
    let rated = app
        .client
        .post(app.url(ratings))
        .bearer_auth(&enrolled.token)
        .json(&batch)
        .send()
        .await
        .unwrap();
    assert_eq!(rated.status(), StatusCode::OK);
    let results: Value = rated.json().await.unwrap();
    assert_eq!(results["results"][1]["status"], 422, "{results}");
    assert_conforms(&answer_schema(&doc, ratings, "post", 200), &results);

    let wrong_code = app
        .client
        .post(app.url("/api/v1/kiosk/enrol"))
        .json(&json!({ "code": "AAAA-AAAA" }))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_code.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let errors: Value = wrong_code.json().await.unwrap();
    assert_conforms(
        &answer_schema(&doc, "/api/v1/kiosk/enrol", "post", 422),
        &errors,
    );
}

#[tokio::test]
async fn the_document_names_the_kinds_and_units_of_the_running_profile() {
    // Haskovo's accepts every kind the Charter names.
    let haskovo = spawn_app().await;
    let doc = document(&haskovo).await;
    assert_eq!(
        kinds_and_units(&doc),
        (
            vec![
                json!("complaint"),
                json!("signal"),
                json!("proposal"),
                json!("praise"),
                json!("comment"),
                json!("corruption")
            ],
            vec![
                json!("centre"),
                json!("local-taxes"),
                json!("civil-registration"),
                json!("territorial-planning"),
                Value::Null
            ]
        )
    );

    // Another municipality's document is its own: no corruption line, its units.
    let example = spawn_app_with(Some(EXAMPLE), Clock::System).await;
    let doc = document(&example).await;
    assert_eq!(
        kinds_and_units(&doc),
        (
            vec![
                json!("complaint"),
                json!("signal"),
                json!("proposal"),
                json!("praise"),
                json!("comment")
            ],
            vec![json!("gishe"), json!("kmetstvo-sever"), Value::Null]
        )
    );
    let properties = &doc["components"]["schemas"]["NewSubmission"]["properties"];
    assert_eq!(properties["unit"]["type"], json!(["string", "null"]));
    // The Charter's kinds are still all named, for what the API answers.
    assert_eq!(
        doc["components"]["schemas"]["Kind"]["enum"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
    // The batch's items are the same schema.
    assert_eq!(
        doc["components"]["schemas"]["BatchRequest"]["properties"]["submissions"]["items"],
        json!({ "$ref": "#/components/schemas/NewSubmission" })
    );
    assert_examples_conform(&doc);
}

#[tokio::test]
async fn a_submission_made_of_the_documents_values_is_registered() {
    let app = spawn_app_with(Some(EXAMPLE), Clock::System).await;
    let doc = document(&app).await;
    let (schema, _) = request_schema(&doc, "/api/v1/submissions", "post");
    let (kinds, units) = kinds_and_units(&doc);
    let submission = |kind: &Value, unit: &Value| {
        json!({
            "id": Uuid::new_v4().to_string(),
            "kind": kind,
            "text": "Чакахме 2 часа на гише 3 в Центъра за услуги.",
            "channel": "web",
            "unit": unit,
            "author": { "name": "Мария Иванова", "email": "maria@example.com", "address": null },
            "created_at": "2026-11-24T09:15:00+02:00",
            "locale": "en"
        })
    };
    let post = |body: Value| {
        app.client
            .post(app.url("/api/v1/submissions"))
            .json(&body)
            .send()
    };

    for kind in &kinds {
        for unit in &units {
            let body = submission(kind, unit);
            assert_conforms(&schema, &body);
            let answer = post(body).await.unwrap();
            assert_eq!(answer.status(), StatusCode::CREATED, "{kind} in {unit}");
        }
    }
    assert_eq!(app.stored().await.len(), kinds.len() * units.len());

    // What the document leaves out is what the server refuses: a kind this
    // municipality does not accept, a unit it does not have.
    for (kind, unit, field, code) in [
        (
            json!("corruption"),
            Value::Null,
            "kind",
            "kind_not_accepted",
        ),
        (json!("complaint"), json!("centre"), "unit", "invalid_unit"),
    ] {
        let body = submission(&kind, &unit);
        assert!(!jsonschema::draft202012::is_valid(&schema, &body), "{body}");
        let answer = post(body).await.unwrap();
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let errors: Value = answer.json().await.unwrap();
        assert_eq!(
            errors["errors"],
            json!([{
                "field": field,
                "code": code,
                "message": errors["errors"][0]["message"]
            }])
        );
    }

    // Free text may break lines and hold tabs, but no other control character;
    // a name, not even those.
    let mut lines = submission(&kinds[0], &Value::Null);
    lines["text"] = json!("Първо:\tгише 3.\r\nВторо: гише 5.");
    lines["author"]["address"] = json!("ул. Първа 1,\nХасково");
    assert_conforms(&schema, &lines);
    assert_eq!(post(lines).await.unwrap().status(), StatusCode::CREATED);
    for (field, value) in [
        ("/text", "Звъня\u{7} на гише 3."),
        ("/text", "Гише 3\u{85} не работи."),
        ("/author/name", "Мария\tИванова"),
        ("/author/address", "ул. Първа 1\u{0}"),
    ] {
        let mut body = submission(&kinds[0], &Value::Null);
        *body.pointer_mut(field).expect("a field of the submission") = json!(value);
        assert!(!jsonschema::draft202012::is_valid(&schema, &body), "{body}");
        let answer = post(body).await.unwrap();
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let errors: Value = answer.json().await.unwrap();
        assert_eq!(
            errors["errors"][0]["code"], "control_characters",
            "{errors}"
        );
    }
}

#[tokio::test]
async fn the_examples_are_ones_the_running_profile_registers() {
    // A municipality that takes no complaints, the kind of the single
    // submission's example.
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("no-complaints.toml");
    let example = std::fs::read_to_string(crate::helpers::workspace_path(EXAMPLE)).unwrap();
    let without: String = example
        .lines()
        .filter(|line| !line.starts_with("complaint ="))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_ne!(without, example);
    std::fs::write(&profile, without).unwrap();
    let app = spawn_app_with(profile.to_str(), Clock::System).await;
    let doc = document(&app).await;
    assert_eq!(kinds_and_units(&doc).0[0], "signal");
    assert_examples_conform(&doc);

    let (_, one) = request_schema(&doc, "/api/v1/submissions", "post");
    assert_eq!(one["kind"], "signal");
    let answer = app
        .client
        .post(app.url("/api/v1/submissions"))
        .json(&one)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);

    let (_, batch) = request_schema(&doc, "/api/v1/submissions/batch", "post");
    let answer = app
        .client
        .post(app.url("/api/v1/submissions/batch"))
        .json(&batch)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let results: Value = answer.json().await.unwrap();
    assert_eq!(results["results"][0]["status"], 201, "{results}");
}
