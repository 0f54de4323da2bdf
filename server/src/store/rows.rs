//! Rows as both dialects return them (PostgreSQL casts its UUIDs to text).

use time::{Date, OffsetDateTime};

use super::{
    ExportRow, StoreError, StoredReceipt, Tracked, parse_kind, parse_reason, parse_status,
};

#[derive(sqlx::FromRow)]
pub(super) struct ReceiptRow {
    pub id: String,
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
            id: self
                .id
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("id {:?}", self.id)))?,
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

#[derive(sqlx::FromRow)]
pub(super) struct ExportedRow {
    pub id: String,
    pub reference: String,
    pub kind: String,
    pub text: String,
    pub channel: String,
    pub unit: Option<String>,
    pub status: String,
    pub status_reason: Option<String>,
    pub flagged_obscene: bool,
    pub health_or_safety: bool,
    pub locale: String,
    pub has_author: bool,
    pub created_at: OffsetDateTime,
    pub received_at: OffsetDateTime,
    pub due_on: Option<Date>,
}

impl From<ExportedRow> for ExportRow {
    fn from(r: ExportedRow) -> ExportRow {
        ExportRow {
            id: r.id,
            reference: r.reference,
            kind: r.kind,
            text: r.text,
            channel: r.channel,
            unit: r.unit,
            status: r.status,
            reason: r.status_reason,
            flagged_obscene: r.flagged_obscene,
            health_or_safety: r.health_or_safety,
            locale: r.locale,
            has_author: r.has_author,
            created_at: r.created_at,
            received_at: r.received_at,
            due_on: r.due_on.map(|d| d.to_string()),
        }
    }
}
