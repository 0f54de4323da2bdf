-- The mail outbox's address and body are sealed like authors' details
-- (`personal.rs`): `key_id` names the key that sealed the row (NULL: a row from
-- before, in plain text, which the server seals at its next start), and
-- `seal_id` is what the sealed values are bound to. A sent message's body is
-- emptied. Staff's TOTP keys (`staff.totp_secret`) are sealed too, each value
-- naming its key (`v1:<key id>:…`), so this needs no column for them.
ALTER TABLE mail_outbox ADD COLUMN key_id TEXT;
ALTER TABLE mail_outbox ADD COLUMN seal_id TEXT;
CREATE INDEX mail_outbox_key_id ON mail_outbox (key_id);
