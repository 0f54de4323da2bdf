//! Citizens' contact details (`submission_authors`), sealed and opened as
//! `personal.rs` says: what is written is sealed under the current key, what is
//! read is opened by the key its row names. A row whose `key_id` is `NULL` is from
//! before sealing, in plain text, until [`Store::reseal_authors`] reaches it (the
//! server runs it at every start).

use glas_shared::Author;
use uuid::Uuid;

use super::desk::AuthorRow;
use super::dialect::{Id, on_db};
use super::{Store, StoreError};
use crate::desk::inbox::CitizenEmail;
use crate::personal::{Field, Keyring};

/// What [`Store::reseal_personal_data`] sealed: rows of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Resealed {
    pub authors: u64,
    pub mail: u64,
    pub totp_keys: u64,
}

impl Resealed {
    pub fn any(&self) -> bool {
        self.authors + self.mail + self.totp_keys > 0
    }
}

/// Rows sealed again per transaction by [`Store::reseal_authors`] and
/// [`Store::reseal_mail`].
pub(super) const RESEAL_BATCH: i64 = 500;

/// Which rows a reseal reads, `$1` being the current key's id: with
/// `only_plain`, those from before sealing (`key_id` NULL); else also those
/// sealed under another key.
pub(super) fn to_reseal(only_plain: bool) -> &'static str {
    if only_plain {
        "key_id IS NULL AND $1 = $1"
    } else {
        "key_id IS NULL OR key_id <> $1"
    }
}

/// A row of `submission_authors` as it goes into the database.
pub(super) struct SealedAuthor {
    pub key_id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub email_index: Option<String>,
}

/// `author`'s details sealed for `submission` under the current key.
pub(super) fn seal(
    keys: Option<&Keyring>,
    submission: Uuid,
    author: &AuthorRow,
) -> Result<SealedAuthor, StoreError> {
    let keys = keys.ok_or(StoreError::NoPersonalDataKey)?;
    let seal =
        |field, value: &Option<String>| value.as_deref().map(|v| keys.seal(submission, field, v));
    Ok(SealedAuthor {
        key_id: keys.current_id().to_owned(),
        name: keys.seal(submission, Field::Name, &author.name),
        email: seal(Field::Email, &author.email),
        phone: seal(Field::Phone, &author.phone),
        address: seal(Field::Address, &author.address),
        email_index: author.email.as_deref().map(|e| keys.email_index(e)),
    })
}

/// A parsed submission's author, as plain values.
pub(super) fn plain(author: &Author) -> AuthorRow {
    AuthorRow {
        name: author.name.as_ref().to_owned(),
        email: author.email.as_ref().map(|e| e.as_ref().to_owned()),
        phone: author.phone.as_ref().map(|p| p.as_ref().to_owned()),
        address: author.address.as_ref().map(|a| a.as_ref().to_owned()),
    }
}

/// What an address typed at the desk is looked for as: its keyed hash under every
/// key of the store (a row `glas key rotate` has not reached yet is found too) or,
/// in a row from before sealing, the address itself in lower case.
pub(super) struct EmailLookup {
    pub address: String,
    /// Never empty: there is always the current key's.
    pub hashes: Vec<String>,
}

impl EmailLookup {
    /// The condition on `submission_authors a` that finds this address's rows.
    pub fn push_condition<'a, DB: sqlx::Database>(&'a self, q: &mut sqlx::QueryBuilder<'a, DB>)
    where
        &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    {
        q.push("((a.key_id IS NULL AND LOWER(a.email) = ")
            .push_bind(self.address.as_str())
            .push(") OR a.email_index IN (");
        let mut hashes = q.separated(", ");
        for hash in &self.hashes {
            hashes.push_bind(hash.as_str());
        }
        q.push("))");
    }
}

/// A row of `submission_authors` as the database holds it.
#[derive(sqlx::FromRow)]
pub(super) struct StoredAuthor {
    pub submission_id: Id,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub key_id: Option<String>,
}

/// The columns [`StoredAuthor`] reads.
pub(super) const STORED_AUTHOR: &str = "submission_id, name, email, phone, address, key_id";

impl StoredAuthor {
    /// The details in plain text: opened, or as they are in a row from before sealing.
    pub fn open(self, keys: Option<&Keyring>) -> Result<AuthorRow, StoreError> {
        if self.key_id.is_none() {
            return Ok(AuthorRow {
                name: self.name,
                email: self.email,
                phone: self.phone,
                address: self.address,
            });
        }
        let keys = keys.ok_or(StoreError::NoPersonalDataKey)?;
        let id = self.submission_id.0;
        let open = |field: Field, value: &str| {
            keys.open(id, field, value)
                .map_err(|reason| StoreError::Unreadable {
                    submission: id,
                    field: field.as_str(),
                    reason,
                })
        };
        let open_some = |field, value: Option<String>| value.map(|v| open(field, &v)).transpose();
        Ok(AuthorRow {
            name: open(Field::Name, &self.name)?,
            email: open_some(Field::Email, self.email)?,
            phone: open_some(Field::Phone, self.phone)?,
            address: open_some(Field::Address, self.address)?,
        })
    }
}

impl Store {
    /// The keys personal data is sealed under (authors' details, the mail
    /// outbox, staff's TOTP keys), other than this store's: the server refuses to
    /// start while there is one (it could not show those details, answer their
    /// authors, send that mail or check those codes).
    pub async fn unknown_personal_keys(&self) -> Result<Vec<String>, StoreError> {
        let mut ids: Vec<String> = on_db!(&self.db, pools => {
            sqlx::query_scalar(
                "SELECT DISTINCT key_id FROM submission_authors WHERE key_id IS NOT NULL",
            )
            .fetch_all(&pools.reader)
            .await?
        });
        ids.extend(self.mail_key_ids().await?);
        ids.extend(self.totp_key_ids().await?);
        ids.sort();
        ids.dedup();
        let keys = self.keys.as_deref();
        ids.retain(|id| !keys.is_some_and(|k| k.knows(id)));
        Ok(ids)
    }

    /// Seals under the current key all personal data that is not: authors'
    /// details, the mail outbox and staff's TOTP keys (`only_plain`: only what
    /// is from before sealing, as at every start; else also what an old key
    /// sealed, as `glas key rotate` does).
    pub async fn reseal_personal_data(&self, only_plain: bool) -> Result<Resealed, StoreError> {
        Ok(Resealed {
            authors: self.reseal_authors(only_plain).await?,
            mail: self.reseal_mail(only_plain).await?,
            totp_keys: self.reseal_totp_keys(only_plain).await?,
        })
    }

    /// Seals under the current key every author row that is not: with
    /// `only_plain`, the rows from before sealing (the server's start); else also
    /// those sealed under an old key (`glas key rotate`), their e-mail hashes
    /// computed again. In batches of [`RESEAL_BATCH`] rows, each its own
    /// transaction, so a large table never holds the writer for long. Returns how
    /// many rows it sealed.
    async fn reseal_authors(&self, only_plain: bool) -> Result<u64, StoreError> {
        let keys = self.keys.as_deref().ok_or(StoreError::NoPersonalDataKey)?;
        let current = keys.current_id().to_owned();
        let select = format!(
            "SELECT {STORED_AUTHOR} FROM submission_authors WHERE {}
             ORDER BY submission_id LIMIT $2",
            to_reseal(only_plain)
        );
        let mut sealed_rows = 0;
        loop {
            let rows: Vec<StoredAuthor> = on_db!(&self.db, pools => {
                sqlx::query_as(&select)
                    .bind(&current)
                    .bind(RESEAL_BATCH)
                    .fetch_all(&pools.writer)
                    .await?
            });
            if rows.is_empty() {
                return Ok(sealed_rows);
            }
            let mut batch = Vec::with_capacity(rows.len());
            for row in rows {
                let (id, was) = (row.submission_id, row.key_id.clone().unwrap_or_default());
                let plain = row.open(Some(keys))?;
                batch.push((id, was, seal(Some(keys), id.0, &plain)?));
            }
            sealed_rows += on_db!(&self.db, pools => {
                let mut tx = pools.writer.begin().await?;
                let mut done = 0;
                for (id, was, sealed) in &batch {
                    // Unless another instance got there first, or the row was erased.
                    done += sqlx::query(
                        "UPDATE submission_authors
                         SET name = $1, email = $2, phone = $3, address = $4, key_id = $5,
                             email_index = $6
                         WHERE submission_id = $7 AND COALESCE(key_id, '') = $8",
                    )
                    .bind(&sealed.name)
                    .bind(&sealed.email)
                    .bind(&sealed.phone)
                    .bind(&sealed.address)
                    .bind(&sealed.key_id)
                    .bind(&sealed.email_index)
                    .bind(*id)
                    .bind(was)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                }
                tx.commit().await?;
                done
            });
        }
    }

    /// The submissions (id and reference) whose author gave `email`, oldest first, found by its
    /// keyed hash under any of this store's keys (a row `glas key rotate` has not
    /// reached yet is found too) or, in a row from before sealing, by the address.
    pub async fn submissions_by_email(
        &self,
        email: &str,
    ) -> Result<Vec<(Uuid, String)>, StoreError> {
        let Some(email) = CitizenEmail::parse(email) else {
            return Ok(Vec::new());
        };
        let lookup = self.email_lookup(&email)?;
        let found: Vec<(Id, String)> = on_db!(&self.db, pools => {
            let mut query = sqlx::QueryBuilder::new(
                "SELECT s.id, s.reference FROM submissions s
                 JOIN submission_authors a ON a.submission_id = s.id
                 WHERE ",
            );
            lookup.push_condition(&mut query);
            query.push(" ORDER BY s.ref_year, s.ref_seq");
            query.build_query_as().fetch_all(&pools.reader).await?
        });
        Ok(found
            .into_iter()
            .map(|(id, reference)| (id.0, reference))
            .collect())
    }

    /// How `email` is looked for (see [`EmailLookup`]).
    pub(super) fn email_lookup(&self, email: &CitizenEmail) -> Result<EmailLookup, StoreError> {
        let keys = self.keys.as_deref().ok_or(StoreError::NoPersonalDataKey)?;
        Ok(EmailLookup {
            address: email.as_str().to_owned(),
            hashes: keys.email_indexes(email.as_str()),
        })
    }

    /// The author's details of one submission, opened; `None` when it has none
    /// (anonymous, or erased).
    pub async fn author_of(&self, submission: Uuid) -> Result<Option<AuthorRow>, StoreError> {
        let row: Option<StoredAuthor> = on_db!(&self.db, pools => {
            sqlx::query_as(&format!(
                "SELECT {STORED_AUTHOR} FROM submission_authors WHERE submission_id = $1"
            ))
            .bind(Id(submission))
            .fetch_optional(&pools.reader)
            .await?
        });
        row.map(|row| row.open(self.keys.as_deref())).transpose()
    }
}

/// What an access or erasure request (`glas person`) is audited with: the
/// address's keyed hash, never the address, and the references it concerned.
fn request_audit(email_index: &str, references: &[String]) -> String {
    serde_json::json!({
        "email_index": email_index,
        "submissions": references,
    })
    .to_string()
}

impl Store {
    /// Audits an access request for `email`, which found `references`.
    pub async fn audit_access_request(
        &self,
        email: &str,
        references: &[String],
        now: time::OffsetDateTime,
    ) -> Result<(), StoreError> {
        let keys = self.keys.as_deref().ok_or(StoreError::NoPersonalDataKey)?;
        let after = request_audit(&keys.email_index(email), references);
        on_db!(&self.db, pools => {
            sqlx::query(
                "INSERT INTO audit_log (at, staff_id, action, after) VALUES ($1, NULL, 'person_export', $2)",
            )
            .bind(now)
            .bind(&after)
            .execute(&pools.writer)
            .await?;
        });
        Ok(())
    }

    /// Audits that `staff_id` searched the inbox (`view`: the page or its CSV) for
    /// the submissions of `email`'s author: who looked for whom, and when, by the
    /// address's keyed hash, never the address. Nothing about what was found, as
    /// supervisors without the corruption permission read this entry too.
    pub async fn audit_email_search(
        &self,
        staff_id: i64,
        email: &CitizenEmail,
        view: &str,
        now: time::OffsetDateTime,
    ) -> Result<(), StoreError> {
        let keys = self.keys.as_deref().ok_or(StoreError::NoPersonalDataKey)?;
        let after = serde_json::json!({
            "email_index": keys.email_index(email.as_str()),
            "view": view,
        })
        .to_string();
        on_db!(&self.db, pools => {
            sqlx::query(
                "INSERT INTO audit_log (at, staff_id, action, after) VALUES ($1, $2, 'email_search', $3)",
            )
            .bind(now)
            .bind(staff_id)
            .bind(&after)
            .execute(&pools.writer)
            .await?;
        });
        Ok(())
    }

    /// Erases what is held about `email`'s author on `found` (from
    /// [`Store::submissions_by_email`]): their author rows, and the answers
    /// e-mailed to them from the mail outbox, sent or not. The submissions stay,
    /// anonymous, and so do the statistics, which never counted an author. One
    /// transaction, with its audit entry. Returns how many author rows went.
    pub async fn erase_person(
        &self,
        email: &str,
        found: &[(Uuid, String)],
        now: time::OffsetDateTime,
    ) -> Result<u64, StoreError> {
        let keys = self.keys.as_deref().ok_or(StoreError::NoPersonalDataKey)?;
        let references: Vec<String> = found.iter().map(|(_, r)| r.clone()).collect();
        let after = request_audit(&keys.email_index(email), &references);
        Ok(on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            let mut erased = 0;
            for (id, _) in found {
                erased += sqlx::query("DELETE FROM submission_authors WHERE submission_id = $1")
                    .bind(Id(*id))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                sqlx::query("DELETE FROM mail_outbox WHERE submission_id = $1 AND purpose = 'answer'")
                    .bind(Id(*id))
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query(
                "INSERT INTO audit_log (at, staff_id, action, after) VALUES ($1, NULL, 'person_erase', $2)",
            )
            .bind(now)
            .bind(&after)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            erased
        }))
    }
}
