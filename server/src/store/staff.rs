//! Staff accounts, their units and their sign-in state. Every change to an account
//! writes its `audit_log` row in the same transaction (before and after as JSON,
//! never a password hash).

use serde::Serialize;
use time::OffsetDateTime;

use super::dialect::on_db;
use super::{Store, StoreError};
use crate::auth::{Role, StaffMember};
use crate::personal::{Keyring, Place, key_id_of};

/// An account to create.
#[derive(Debug, Clone)]
pub struct NewStaff {
    /// Lower-case (the login).
    pub email: String,
    pub name: String,
    pub position: String,
    pub role: Role,
    pub corruption: bool,
    pub units: Vec<String>,
    /// argon2id PHC string.
    pub password_hash: String,
}

/// What an admin may change about an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChange {
    pub role: Role,
    pub corruption: bool,
    pub units: Vec<String>,
    pub disabled: bool,
}

/// An account as the admin sees it.
#[derive(Debug, Clone)]
pub struct Account {
    pub member: StaffMember,
    pub disabled: bool,
    pub created_at: OffsetDateTime,
}

impl Account {
    pub fn change(&self) -> AccountChange {
        AccountChange {
            role: self.member.role,
            corruption: self.member.corruption,
            units: self.member.units.clone(),
            disabled: self.disabled,
        }
    }
}

/// What signing in needs to know about an account.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LoginRecord {
    pub id: i64,
    pub password_hash: String,
    /// `clerk`, `supervisor` or `admin` (see [`Role::parse`]).
    pub role: String,
    pub disabled: bool,
    pub failed_logins: i32,
    pub locked_until: Option<OffsetDateTime>,
    /// Two-step sign-in is on: a code follows the password.
    pub totp: bool,
}

const LOGIN_COLUMNS: &str = "SELECT id, password_hash, role, disabled, failed_logins, locked_until,
            totp_secret IS NOT NULL AS totp
     FROM staff";

/// What turning two-step sign-in off found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotpOff {
    /// It was on, and now is off (audited).
    Done,
    /// It was off already: nothing changed, nothing audited.
    WasOff,
    NoAccount,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    Added(i64),
    /// Another account has this e-mail address.
    EmailTaken,
}

/// Who made a change: a staff member, or `None` for `glas user` and the server.
pub type Actor = Option<i64>;

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    email: String,
    name: String,
    position: String,
    role: String,
    corruption: bool,
    disabled: bool,
    totp: bool,
    created_at: OffsetDateTime,
    unit: Option<String>,
}

/// Rows of accounts joined with their units (ordered by account), folded into accounts.
fn fold(rows: Vec<AccountRow>) -> Result<Vec<Account>, StoreError> {
    let mut accounts: Vec<Account> = Vec::new();
    for row in rows {
        if let Some(last) = accounts.last_mut().filter(|a| a.member.id == row.id) {
            last.member.units.extend(row.unit);
            continue;
        }
        let role = Role::parse(&row.role)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown role {:?}", row.role)))?;
        accounts.push(Account {
            member: StaffMember {
                id: row.id,
                email: row.email,
                name: row.name,
                position: row.position,
                role,
                corruption: row.corruption,
                units: row.unit.into_iter().collect(),
                totp: row.totp,
            },
            disabled: row.disabled,
            created_at: row.created_at,
        });
    }
    Ok(accounts)
}

const ACCOUNT_COLUMNS: &str =
    "SELECT s.id, s.email, s.name, s.position, s.role, s.corruption, s.disabled,
            s.totp_secret IS NOT NULL AS totp, s.created_at, u.unit
     FROM staff s LEFT JOIN staff_units u ON u.staff_id = s.id";

/// An account as the audit log keeps it: no password hash, no sign-in state.
#[derive(Serialize)]
struct Audited<'a> {
    email: &'a str,
    name: &'a str,
    position: &'a str,
    role: &'a str,
    corruption: bool,
    units: &'a [String],
    disabled: bool,
}

fn audited(a: &Account) -> String {
    serde_json::to_string(&Audited {
        email: &a.member.email,
        name: &a.member.name,
        position: &a.member.position,
        role: a.member.role.as_str(),
        corruption: a.member.corruption,
        units: &a.member.units,
        disabled: a.disabled,
    })
    .expect("an account serialises")
}

/// `audit!(tx, now, actor, action, before, after)`: one `audit_log` row inside `tx`.
macro_rules! audit {
    ($tx:ident, $now:expr, $actor:expr, $action:expr, $before:expr, $after:expr) => {{
        let before: Option<String> = $before;
        let after: Option<String> = $after;
        sqlx::query(
            "INSERT INTO audit_log (at, staff_id, action, before, after) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind($now)
        .bind($actor)
        .bind($action)
        .bind(before)
        .bind(after)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(super) use audit;

/// `account_in!(executor, id)`: the account `id`, read through `executor`.
macro_rules! account_in {
    ($executor:expr, $id:expr) => {{
        let rows: Vec<AccountRow> = sqlx::query_as(&format!(
            "{ACCOUNT_COLUMNS} WHERE s.id = $1 ORDER BY u.unit"
        ))
        .bind($id)
        .fetch_all($executor)
        .await?;
        fold(rows)?.pop()
    }};
}

/// `set_units!(tx, id, units)`: the account's units become `units`.
macro_rules! set_units {
    ($tx:ident, $id:expr, $units:expr) => {{
        sqlx::query("DELETE FROM staff_units WHERE staff_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        for unit in $units {
            sqlx::query(
                "INSERT INTO staff_units (staff_id, unit) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind($id)
            .bind(unit)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

impl Store {
    /// Creates an account; audited as `account_added`.
    pub async fn add_staff(
        &self,
        new: &NewStaff,
        actor: Actor,
        now: OffsetDateTime,
    ) -> Result<Added, StoreError> {
        on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO staff (email, name, position, role, corruption, password_hash, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (email) DO NOTHING RETURNING id",
            )
            .bind(&new.email)
            .bind(&new.name)
            .bind(&new.position)
            .bind(new.role.as_str())
            .bind(new.corruption)
            .bind(&new.password_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(id) = id else {
                return Ok(Added::EmailTaken);
            };
            set_units!(tx, id, &new.units);
            let account = account_in!(&mut *tx, id)
                .ok_or_else(|| StoreError::Corrupt("the new account is gone".into()))?;
            audit!(tx, now, actor, "account_added", None, Some(audited(&account)));
            tx.commit().await?;
            Ok(Added::Added(id))
        })
    }

    /// The account `id`, disabled or not.
    pub async fn account(&self, id: i64) -> Result<Option<Account>, StoreError> {
        Ok(on_db!(&self.db, pools => account_in!(&pools.reader, id)))
    }

    /// The account with this (lower-case) e-mail address.
    pub async fn account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError> {
        let id: Option<i64> = on_db!(&self.db, pools => {
            sqlx::query_scalar("SELECT id FROM staff WHERE email = $1")
                .bind(email)
                .fetch_optional(&pools.reader)
                .await?
        });
        match id {
            Some(id) => self.account(id).await,
            None => Ok(None),
        }
    }

    /// Every account, by e-mail address.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let rows: Vec<AccountRow> = on_db!(&self.db, pools => {
            sqlx::query_as(&format!("{ACCOUNT_COLUMNS} ORDER BY s.email, s.id, u.unit"))
                .fetch_all(&pools.reader)
                .await?
        });
        fold(rows)
    }

    /// Changes role, units, corruption access and whether the account is disabled;
    /// audited as `action`. `None` when there is no such account.
    pub async fn change_account(
        &self,
        id: i64,
        change: &AccountChange,
        actor: Actor,
        action: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Account>, StoreError> {
        on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            let Some(before) = account_in!(&mut *tx, id) else {
                return Ok(None);
            };
            sqlx::query("UPDATE staff SET role = $2, corruption = $3, disabled = $4 WHERE id = $1")
                .bind(id)
                .bind(change.role.as_str())
                .bind(change.corruption)
                .bind(change.disabled)
                .execute(&mut *tx)
                .await?;
            set_units!(tx, id, &change.units);
            let after = account_in!(&mut *tx, id)
                .ok_or_else(|| StoreError::Corrupt("the changed account is gone".into()))?;
            audit!(tx, now, actor, action, Some(audited(&before)), Some(audited(&after)));
            tx.commit().await?;
            Ok(Some(after))
        })
    }

    /// Sets a new password hash and lifts any lock-out; audited as `action`
    /// (`password_reset`, `password_changed`) without the hash. Whether the account exists.
    pub async fn set_password(
        &self,
        id: i64,
        password_hash: &str,
        actor: Actor,
        action: &str,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            let email: Option<String> = sqlx::query_scalar(
                "UPDATE staff SET password_hash = $2, failed_logins = 0, locked_until = NULL
                 WHERE id = $1 RETURNING email",
            )
            .bind(id)
            .bind(password_hash)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(email) = email else {
                return Ok(false);
            };
            let who = serde_json::json!({ "email": email }).to_string();
            audit!(tx, now, actor, action, None, Some(who));
            tx.commit().await?;
            Ok(true)
        })
    }

    /// What signing in as `email` (lower-case) needs.
    pub async fn login_record(&self, email: &str) -> Result<Option<LoginRecord>, StoreError> {
        Ok(on_db!(&self.db, pools => {
            sqlx::query_as(&format!("{LOGIN_COLUMNS} WHERE email = $1"))
                .bind(email)
                .fetch_optional(&pools.reader)
                .await?
        }))
    }

    /// The same for the account `id` (the second step of signing in).
    pub async fn login_record_by_id(&self, id: i64) -> Result<Option<LoginRecord>, StoreError> {
        Ok(on_db!(&self.db, pools => {
            sqlx::query_as(&format!("{LOGIN_COLUMNS} WHERE id = $1"))
                .bind(id)
                .fetch_optional(&pools.reader)
                .await?
        }))
    }

    /// The account's TOTP key (base32), when two-step sign-in is on: opened, as it
    /// is sealed in the database with the personal-data key (`personal.rs`), bound
    /// to the account, so a copied database cannot make codes.
    pub async fn totp_secret(&self, id: i64) -> Result<Option<String>, StoreError> {
        let secret: Option<Option<String>> = on_db!(&self.db, pools => {
            sqlx::query_scalar("SELECT totp_secret FROM staff WHERE id = $1")
                .bind(id)
                .fetch_optional(&pools.reader)
                .await?
        });
        secret
            .flatten()
            .map(|stored| open_totp_key(self.keys.as_deref(), id, stored))
            .transpose()
    }

    /// Turns two-step sign-in on with `secret` (base32), the code of `step` having
    /// confirmed it (so that code cannot sign in afterwards); audited as
    /// `totp_enabled` (the key is not in the entry). `false` when it was on already
    /// or there is no such account.
    pub async fn enable_totp(
        &self,
        id: i64,
        secret: &str,
        step: i64,
        actor: Actor,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let keys = self.keys.as_deref().ok_or(StoreError::NoPersonalDataKey)?;
        let sealed = keys.seal_at(Place::TotpKey { staff_id: id }, secret);
        on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            let email: Option<String> = sqlx::query_scalar(
                "UPDATE staff SET totp_secret = $2, totp_last_step = $3
                 WHERE id = $1 AND totp_secret IS NULL RETURNING email",
            )
            .bind(id)
            .bind(&sealed)
            .bind(step)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(email) = email else {
                return Ok(false);
            };
            let who = serde_json::json!({ "email": email }).to_string();
            audit!(tx, now, actor, "totp_enabled", None, Some(who));
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Turns two-step sign-in off (its key forgotten); audited as `action`
    /// (`totp_disabled` by its owner, `totp_reset` by an admin or `glas user`).
    pub async fn disable_totp(
        &self,
        id: i64,
        actor: Actor,
        action: &str,
        now: OffsetDateTime,
    ) -> Result<TotpOff, StoreError> {
        on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            let email: Option<String> = sqlx::query_scalar(
                "UPDATE staff SET totp_secret = NULL, totp_last_step = NULL
                 WHERE id = $1 AND totp_secret IS NOT NULL RETURNING email",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(email) = email else {
                let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM staff WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
                return Ok(if exists.is_some() { TotpOff::WasOff } else { TotpOff::NoAccount });
            };
            let who = serde_json::json!({ "email": email }).to_string();
            audit!(tx, now, actor, action, None, Some(who));
            tx.commit().await?;
            Ok(TotpOff::Done)
        })
    }

    /// Takes a code of `step` for the account: `true` the first time, `false` when
    /// a code of this step or a later one has been taken already (a replay), or
    /// two-step sign-in is off. One statement, so two instances given the same
    /// code at once take it once.
    pub async fn use_totp_step(&self, id: i64, step: i64) -> Result<bool, StoreError> {
        let taken = on_db!(&self.db, pools => {
            sqlx::query(
                "UPDATE staff SET totp_last_step = $2
                 WHERE id = $1 AND totp_secret IS NOT NULL
                   AND (totp_last_step IS NULL OR totp_last_step < $2)",
            )
            .bind(id)
            .bind(step)
            .execute(&pools.writer)
            .await?
            .rows_affected()
        });
        Ok(taken == 1)
    }

    /// Counts a failed sign-in; when `lock_for(failures)` says so, locks the account
    /// until `now` plus that long (audited as `account_locked`).
    pub async fn record_failed_login(
        &self,
        id: i64,
        now: OffsetDateTime,
        lock_for: impl Fn(i32) -> Option<time::Duration>,
    ) -> Result<(), StoreError> {
        on_db!(&self.db, pools => {
            let mut tx = pools.writer.begin().await?;
            let row: Option<(i32, String)> = sqlx::query_as(
                "UPDATE staff SET failed_logins = failed_logins + 1 WHERE id = $1
                 RETURNING failed_logins, email",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((failures, email)) = row
                && let Some(lock) = lock_for(failures)
            {
                let until = now + lock;
                sqlx::query("UPDATE staff SET locked_until = $2 WHERE id = $1")
                    .bind(id)
                    .bind(until)
                    .execute(&mut *tx)
                    .await?;
                let after = serde_json::json!({
                    "email": email,
                    "failed_logins": failures,
                    "locked_until": until
                        .format(&time::format_description::well_known::Rfc3339)
                        .unwrap_or_default(),
                })
                .to_string();
                audit!(tx, now, None::<i64>, "account_locked", None, Some(after));
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// A good sign-in: the failure count starts again.
    pub async fn record_good_login(&self, id: i64) -> Result<(), StoreError> {
        on_db!(&self.db, pools => {
            sqlx::query(
                "UPDATE staff SET failed_logins = 0, locked_until = NULL
                 WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)",
            )
            .bind(id)
            .execute(&pools.writer)
            .await?;
        });
        Ok(())
    }

    /// The signed-in member behind a session: one indexed query. `None` when the
    /// account is gone or disabled.
    pub async fn active_member(&self, id: i64) -> Result<Option<StaffMember>, StoreError> {
        Ok(self
            .account(id)
            .await?
            .filter(|a| !a.disabled)
            .map(|a| a.member))
    }
}

/// A stored TOTP key opened; as it is when from before sealing (a base32 key
/// holds no `:`, so it is never taken for a sealed one).
fn open_totp_key(keys: Option<&Keyring>, id: i64, stored: String) -> Result<String, StoreError> {
    if key_id_of(&stored).is_none() {
        return Ok(stored);
    }
    let keys = keys.ok_or(StoreError::NoPersonalDataKey)?;
    keys.open_at(Place::TotpKey { staff_id: id }, &stored)
        .map_err(|reason| StoreError::UnreadableSealed {
            what: format!("the TOTP key of account {id}"),
            reason,
        })
}

impl Store {
    /// The accounts' TOTP keys as stored, by account.
    async fn stored_totp_keys(&self) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(on_db!(&self.db, pools => {
            sqlx::query_as("SELECT id, totp_secret FROM staff WHERE totp_secret IS NOT NULL")
                .fetch_all(&pools.writer)
                .await?
        }))
    }

    /// The keys TOTP keys are sealed under (see [`Store::unknown_personal_keys`]).
    pub(super) async fn totp_key_ids(&self) -> Result<Vec<String>, StoreError> {
        let mut ids: Vec<String> = self
            .stored_totp_keys()
            .await?
            .iter()
            .filter_map(|(_, stored)| key_id_of(stored).map(str::to_owned))
            .collect();
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    /// Seals under the current key every TOTP key that is not (`only_plain`: only
    /// those from before sealing). Staff are few: one statement each, each
    /// applied only if the key is still the one read. Returns how many.
    pub async fn reseal_totp_keys(&self, only_plain: bool) -> Result<u64, StoreError> {
        let keys = self.keys.as_deref().ok_or(StoreError::NoPersonalDataKey)?;
        let mut sealed = 0;
        for (id, stored) in self.stored_totp_keys().await? {
            let under = key_id_of(&stored);
            if under == Some(keys.current_id()) || (only_plain && under.is_some()) {
                continue;
            }
            let plain = open_totp_key(Some(keys), id, stored.clone())?;
            let again = keys.seal_at(Place::TotpKey { staff_id: id }, &plain);
            sealed += on_db!(&self.db, pools => {
                sqlx::query("UPDATE staff SET totp_secret = $1 WHERE id = $2 AND totp_secret = $3")
                    .bind(&again)
                    .bind(id)
                    .bind(&stored)
                    .execute(&pools.writer)
                    .await?
                    .rows_affected()
            });
        }
        Ok(sealed)
    }
}
