//! The device's outbox in IndexedDB: a submission is written here before it is
//! sent and leaves only once the server has answered for good.
//!
//! Three object stores, each keyed by the submission's `id`:
//! - `outbox`: `{id, body}`, the JSON of a `NewSubmission` waiting to be delivered;
//! - `receipts`: `{id, receipt}`, delivered in the background, not yet seen by the citizen;
//! - `rejected`: `{id, body, errors}`, refused by the server, kept so the citizen is told.
//!
//! The loader (`widget/loader/glas.js`) counts these stores to decide whether to
//! load the widget at page load, so their names are part of its contract too.
//!
//! A kiosk has a database of its own, `glas-kiosk`, with a fourth store, `ratings`
//! (`{id, body}`, the JSON of a `NewRating`). It serves a new person every few
//! minutes, so it keeps nothing to tell: what is delivered or refused in the
//! background leaves it at once (`KEEPS_NEWS`).

use glas_shared::{FieldError, NewSubmission};
use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::logging::warn;
use leptos::prelude::window;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbObjectStoreParameters, IdbRequest, IdbTransaction, IdbTransactionMode,
};

use crate::json::Json;
use crate::wire::{self, Receipt};

#[cfg(not(feature = "kiosk"))]
const DATABASE: &str = "glas";
#[cfg(feature = "kiosk")]
const DATABASE: &str = "glas-kiosk";
const VERSION: u32 = 1;
const OUTBOX: &str = "outbox";
const RECEIPTS: &str = "receipts";
const REJECTED: &str = "rejected";
#[cfg(not(feature = "kiosk"))]
const STORES: [&str; 3] = [OUTBOX, RECEIPTS, REJECTED];
#[cfg(feature = "kiosk")]
const RATINGS: &str = "ratings";
#[cfg(feature = "kiosk")]
const STORES: [&str; 4] = [OUTBOX, RECEIPTS, REJECTED, RATINGS];
/// Whether what the background delivered or the server refused is kept until the
/// citizen has seen it: on their own device, yes; on a kiosk, never.
const KEEPS_NEWS: bool = cfg!(not(feature = "kiosk"));

/// A submission waiting in the outbox.
#[derive(Clone)]
pub struct Queued {
    pub id: String,
    /// The `NewSubmission` as JSON, exactly as it will be sent.
    pub body: String,
}

/// How the server's answer closes a queued submission.
pub enum Settled {
    /// The citizen has seen the outcome: nothing to keep.
    Seen,
    /// Registered in the background: keep the receipt until the citizen sees it.
    Delivered(Receipt),
    /// Refused in the background: keep it and the reasons until the citizen sees them.
    Refused(Vec<FieldError>),
}

/// Something the citizen has not been told yet about earlier feedback.
#[derive(Clone, Default, PartialEq)]
pub struct Unseen {
    pub delivered: Vec<Receipt>,
    pub refused: Vec<Refusal>,
    /// Submissions still waiting in the outbox.
    pub pending: usize,
}

#[derive(Clone, PartialEq)]
pub struct Refusal {
    pub submission: NewSubmission,
    pub errors: Vec<FieldError>,
}

/// Saves a submission in the outbox; returns once the write is durable.
pub async fn put(queued: &Queued) -> Result<(), JsValue> {
    put_in(OUTBOX, queued).await
}

/// Everything in the outbox, oldest first as far as ids allow.
pub async fn queued() -> Result<Vec<Queued>, JsValue> {
    all_in(OUTBOX).await
}

/// Saves a kiosk's rating; returns once the write is durable.
#[cfg(feature = "kiosk")]
pub async fn put_rating(rating: &Queued) -> Result<(), JsValue> {
    put_in(RATINGS, rating).await
}

/// Every rating waiting on the kiosk.
#[cfg(feature = "kiosk")]
pub async fn ratings() -> Result<Vec<Queued>, JsValue> {
    all_in(RATINGS).await
}

/// Takes the ratings the server is done with off the kiosk.
#[cfg(feature = "kiosk")]
pub async fn forget_ratings(ids: &[&str]) -> Result<(), JsValue> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(RATINGS, IdbTransactionMode::Readwrite)?;
    let store = tx.object_store(RATINGS)?;
    for id in ids {
        store.delete(&JsValue::from_str(id))?;
    }
    finish(db, &tx).await
}

// Inlined, so that the web widget, which has one store to write, builds as if
// each call named its store (measured: the web widget's size does not move).
#[inline(always)]
async fn put_in(store: &str, queued: &Queued) -> Result<(), JsValue> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)?;
    tx.object_store(store)?
        .put(&record(&[("id", &queued.id), ("body", &queued.body)]))?;
    finish(db, &tx).await
}

#[inline(always)]
async fn all_in(store: &str) -> Result<Vec<Queued>, JsValue> {
    let db = open().await?;
    let tx = db.transaction_with_str(store)?;
    let all = tx.object_store(store)?.get_all()?;
    finish(db, &tx).await?;
    Ok(rows(&all)
        .filter_map(|row| {
            Some(Queued {
                id: text(&row, "id")?,
                body: text(&row, "body")?,
            })
        })
        .collect())
}

/// Takes answered submissions out of the outbox, in one transaction, keeping
/// what the citizen still has to be told.
pub async fn settle(answers: &[(Queued, Settled)]) -> Result<(), JsValue> {
    if answers.is_empty() {
        return Ok(());
    }
    let db = open().await?;
    let tx = transaction(&db, IdbTransactionMode::Readwrite)?;
    let (outbox, receipts, rejected) = (
        tx.object_store(OUTBOX)?,
        tx.object_store(RECEIPTS)?,
        tx.object_store(REJECTED)?,
    );
    for (queued, settled) in answers {
        let id = JsValue::from_str(&queued.id);
        outbox.delete(&id)?;
        match settled {
            Settled::Delivered(receipt) if KEEPS_NEWS => {
                receipts.put(&record(&[("id", &queued.id), ("receipt", &receipt.text)]))?;
            }
            Settled::Refused(errors) if KEEPS_NEWS => {
                let json = wire::errors_json(errors).text();
                rejected.put(&record(&[
                    ("id", &queued.id),
                    ("body", &queued.body),
                    ("errors", &json),
                ]))?;
            }
            Settled::Refused(errors) => {
                let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
                warn!("glas: the server refused a queued submission for good: {codes:?}");
            }
            // Seen: another tab may have delivered it meanwhile; this tab has shown it.
            Settled::Seen | Settled::Delivered(_) => {
                receipts.delete(&id)?;
            }
        }
    }
    finish(db, &tx).await
}

/// What the citizen has not been told yet, and how much is still waiting.
pub async fn unseen() -> Result<Unseen, JsValue> {
    let db = open().await?;
    let tx = transaction(&db, IdbTransactionMode::Readonly)?;
    let receipts = tx.object_store(RECEIPTS)?.get_all()?;
    let rejected = tx.object_store(REJECTED)?.get_all()?;
    let pending = tx.object_store(OUTBOX)?.count()?;
    #[cfg(feature = "kiosk")]
    let ratings = tx.object_store(RATINGS)?.count()?;
    finish(db, &tx).await?;

    let mut delivered: Vec<Receipt> = rows(&receipts)
        .filter_map(|row| Receipt::read(&Json::parse(&text(&row, "receipt")?)?))
        .collect();
    delivered.sort_by(|a, b| a.reference.cmp(&b.reference));
    let refused = rows(&rejected)
        .filter_map(|row| {
            Some(Refusal {
                submission: wire::read_submission(&Json::parse(&text(&row, "body")?)?)?,
                errors: text(&row, "errors")
                    .and_then(|errors| Json::parse(&errors))
                    .map(|errors| wire::read_errors(&errors))
                    .unwrap_or_default(),
            })
        })
        .collect();
    let pending = pending.result()?.as_f64().unwrap_or(0.0) as usize;
    #[cfg(feature = "kiosk")]
    let pending = pending + ratings.result()?.as_f64().unwrap_or(0.0) as usize;
    Ok(Unseen {
        delivered,
        refused,
        pending,
    })
}

/// Forgets receipts and refusals the citizen has now seen.
#[cfg(feature = "web")]
pub async fn forget(receipts: &[String], refusals: &[String]) -> Result<(), JsValue> {
    let db = open().await?;
    let tx = transaction(&db, IdbTransactionMode::Readwrite)?;
    let (receipts_store, rejected_store) = (tx.object_store(RECEIPTS)?, tx.object_store(REJECTED)?);
    for id in receipts {
        receipts_store.delete(&JsValue::from_str(id))?;
    }
    for id in refusals {
        rejected_store.delete(&JsValue::from_str(id))?;
    }
    finish(db, &tx).await
}

async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = window()
        .indexed_db()?
        .ok_or_else(|| JsValue::from_str("IndexedDB is not available"))?;
    let request = factory.open_with_u32(DATABASE, VERSION)?;
    let upgrade = {
        let request = request.clone();
        Closure::<dyn FnMut()>::new(move || {
            let Ok(db) = request.result().and_then(|db| db.dyn_into::<IdbDatabase>()) else {
                return;
            };
            let names = db.object_store_names();
            let by_id = IdbObjectStoreParameters::new();
            by_id.set_key_path(&JsValue::from_str("id"));
            for store in STORES.into_iter().filter(|store| !names.contains(store)) {
                // An error here aborts the upgrade, and the open request reports it.
                let _ = db.create_object_store_with_optional_parameters(store, &by_id);
            }
        })
    };
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    done(&request).await?;
    request.result()?.dyn_into()
}

fn transaction(db: &IdbDatabase, mode: IdbTransactionMode) -> Result<IdbTransaction, JsValue> {
    let stores: Array = STORES.into_iter().map(JsValue::from_str).collect();
    db.transaction_with_str_sequence_and_mode(&stores, mode)
}

/// Waits for `request`'s `success` (or its `error`).
async fn done(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await
}

/// Waits until `tx` has committed (or failed), then closes the connection so
/// that no tab ever blocks a newer widget's upgrade of the database.
async fn finish(db: IdbDatabase, tx: &IdbTransaction) -> Result<(), JsValue> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    let outcome = JsFuture::from(promise).await;
    db.close();
    outcome.map(drop)
}

fn record(fields: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object
}

fn rows(request: &IdbRequest) -> impl Iterator<Item = JsValue> {
    request
        .result()
        .ok()
        .and_then(|all| all.dyn_into::<Array>().ok())
        .into_iter()
        .flat_map(|all| all.into_iter())
}

fn text(row: &JsValue, key: &str) -> Option<String> {
    Reflect::get(row, &JsValue::from_str(key)).ok()?.as_string()
}
