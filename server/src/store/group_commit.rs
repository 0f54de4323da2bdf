//! Group commit: one writer task takes every registration waiting when it is
//! free and commits them in one transaction (one fsync). Each request still gets
//! its answer only after that transaction has committed.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::dialect::Db;
use super::{NewRecord, Registered, StoreError};
use crate::personal::Keyring;

/// The most registrations one transaction takes.
const MAX_GROUP: usize = 256;
// A group goes into one multi-row `INSERT` of 19 columns: within SQLite's limit of
// 32,766 bound parameters (PostgreSQL's is 65,535).
const _: () = assert!(MAX_GROUP * 19 <= 32_766);
/// Requests that may wait for the writer before callers wait to hand theirs in.
const QUEUE: usize = 4096;

type Reply = oneshot::Sender<Result<Registered, StoreError>>;

#[derive(Debug, Clone)]
pub struct Committer {
    queue: mpsc::Sender<(NewRecord, Reply)>,
}

impl Committer {
    pub fn start(db: Db, keys: Option<Arc<Keyring>>) -> Committer {
        let (queue, waiting) = mpsc::channel(QUEUE);
        tokio::spawn(write(db, keys, waiting));
        Committer { queue }
    }

    pub async fn register(&self, record: NewRecord) -> Result<Registered, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send((record, reply))
            .await
            .map_err(|_| StoreError::Closed)?;
        answer.await.map_err(|_| StoreError::Closed)?
    }
}

async fn write(
    db: Db,
    keys: Option<Arc<Keyring>>,
    mut waiting: mpsc::Receiver<(NewRecord, Reply)>,
) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    // `recv_many` waits for one and takes all that are already there: whatever
    // arrived while the last transaction was committing goes into the next.
    while waiting.recv_many(&mut group, MAX_GROUP).await > 0 {
        let (records, replies): (Vec<NewRecord>, Vec<Reply>) = group.drain(..).unzip();
        match db.register_batch(&records, keys.as_deref()).await {
            Ok(outcomes) => {
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    // A caller that gave up no longer listens; its row is committed all the same.
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, size = records.len(), "a group commit failed");
                let e = Arc::new(e);
                for reply in replies {
                    let _ = reply.send(Err(StoreError::Shared(e.clone())));
                }
            }
        }
    }
}
