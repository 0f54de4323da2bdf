//! What one group of registrations comes to, worked out once for both dialects,
//! so that a group costs a handful of statements however many records it holds:
//! one query for the ids already stored, one counter update per year, one
//! multi-row insert per table.
//!
//! A record is a replay or a conflict of a stored row, of an earlier record in
//! the same group (a device that sent twice before its first answer), or new.
//! New records get their reference numbers in the order they arrived.

use std::collections::HashMap;

use glas_shared::Reference;
use uuid::Uuid;

use super::rows::ReceiptRow;
use super::{NewRecord, Registered, StoreError, StoredReceipt};

/// How one record is answered.
enum Answer {
    /// Decided from a stored row.
    Known(Registered),
    /// Inserted as `new[i]`.
    New(usize),
    /// The same id as `new[i]`, earlier in this group; `same` when the content matches.
    AsNew { new: usize, same: bool },
}

/// A record to insert, with its reference number once the counters have been read.
pub(super) struct NewRow<'a> {
    pub record: &'a NewRecord,
    pub seq: i64,
    pub reference: String,
}

pub(super) struct Plan<'a> {
    answers: Vec<Answer>,
    pub new: Vec<NewRow<'a>>,
}

/// The distinct ids of `records`, to look up in one query.
pub(super) fn ids(records: &[NewRecord]) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = records.iter().map(|r| r.submission.id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

impl<'a> Plan<'a> {
    /// Sorts `records` into replays, conflicts and new rows, given the stored rows
    /// among their ids.
    pub fn new(records: &'a [NewRecord], stored: Vec<ReceiptRow>) -> Result<Plan<'a>, StoreError> {
        let stored: HashMap<Uuid, ReceiptRow> =
            stored.into_iter().map(|row| (row.id.0, row)).collect();
        let mut first_new: HashMap<Uuid, usize> = HashMap::new();
        let mut answers = Vec::with_capacity(records.len());
        let mut new: Vec<NewRow<'a>> = Vec::new();
        for record in records {
            let id = record.submission.id;
            let answer = if let Some(row) = stored.get(&id) {
                Answer::Known(if row.content_hash == record.content_hash {
                    Registered::Replayed(row.clone().into_receipt()?)
                } else {
                    Registered::Conflict
                })
            } else if let Some(&i) = first_new.get(&id) {
                Answer::AsNew {
                    new: i,
                    same: new[i].record.content_hash == record.content_hash,
                }
            } else {
                first_new.insert(id, new.len());
                new.push(NewRow {
                    record,
                    seq: 0,
                    reference: String::new(),
                });
                Answer::New(new.len() - 1)
            };
            answers.push(answer);
        }
        Ok(Plan { answers, new })
    }

    /// The years the new rows need numbers in, each with how many.
    pub fn years(&self) -> Vec<(i32, i64)> {
        let mut years: Vec<(i32, i64)> = Vec::new();
        for row in &self.new {
            match years.iter_mut().find(|(y, _)| *y == row.record.ref_year) {
                Some((_, n)) => *n += 1,
                None => years.push((row.record.ref_year, 1)),
            }
        }
        // A fixed order, so that two writers never take two years' counters crosswise.
        years.sort_unstable();
        years
    }

    /// Numbers `year`'s new rows, in arrival order, up to `last` (the counter after
    /// it was raised by their count).
    pub fn number(&mut self, year: i32, last: i64) {
        let count = self
            .new
            .iter()
            .filter(|r| r.record.ref_year == year)
            .count() as i64;
        let mut seq = last - count;
        for row in self.new.iter_mut().filter(|r| r.record.ref_year == year) {
            seq += 1;
            row.seq = seq;
            row.reference = Reference::new(year, seq as u64).to_string();
        }
    }

    /// One outcome per record, in order, once the new rows are in.
    pub fn outcomes(self) -> Vec<Registered> {
        let receipts: Vec<StoredReceipt> = self.new.iter().map(receipt).collect();
        self.answers
            .into_iter()
            .map(|answer| match answer {
                Answer::Known(outcome) => outcome,
                Answer::New(i) => Registered::Created(receipts[i].clone()),
                Answer::AsNew { new, same: true } => Registered::Replayed(receipts[new].clone()),
                Answer::AsNew { same: false, .. } => Registered::Conflict,
            })
            .collect()
    }
}

/// The receipt of a row inserted in this group.
pub(super) fn receipt(row: &NewRow<'_>) -> StoredReceipt {
    let r = row.record;
    StoredReceipt {
        id: r.submission.id,
        reference: row.reference.clone(),
        status: r.status,
        reason: r.reason,
        received_at: r.received_at,
        due_on: r.due_on,
        tracking_token: r.tracking_token.clone(),
    }
}
