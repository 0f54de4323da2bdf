//! Rows as both dialects return them.

use time::{Date, OffsetDateTime};

use super::dialect::Id;
use super::{StoreError, StoredReceipt, Tracked, parse_kind, parse_reason, parse_status};

#[derive(Clone, sqlx::FromRow)]
pub(super) struct ReceiptRow {
    pub id: Id,
    pub content_hash: Vec<u8>,
    pub reference: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub received_at: OffsetDateTime,
    pub due_on: Option<Date>,
    pub tracking_token: String,
}

impl ReceiptRow {
    pub fn into_receipt(self) -> Result<StoredReceipt, StoreError> {
        Ok(StoredReceipt {
            id: self.id.0,
            reference: self.reference,
            status: parse_status(&self.status)?,
            reason: parse_reason(self.status_reason)?,
            received_at: self.received_at,
            due_on: self.due_on,
            tracking_token: self.tracking_token,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct TrackedRow {
    pub reference: String,
    pub kind: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub received_at: OffsetDateTime,
    pub due_on: Option<Date>,
    pub locale: String,
}

impl TrackedRow {
    pub fn into_tracked(self) -> Result<Tracked, StoreError> {
        Ok(Tracked {
            reference: self.reference,
            kind: parse_kind(&self.kind)?,
            status: parse_status(&self.status)?,
            reason: parse_reason(self.status_reason)?,
            received_at: self.received_at,
            due_on: self.due_on,
            locale: self.locale,
        })
    }
}
