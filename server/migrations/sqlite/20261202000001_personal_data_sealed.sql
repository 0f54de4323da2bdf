-- Citizens' contact details are sealed (encrypted) at rest (`personal.rs`): name,
-- email, phone and address hold `v1:<key id>:<base64>`. `key_id` names the key
-- that sealed the row (NULL: a row from before, still in plain text, which the
-- server seals at its next start); `email_index` is the keyed hash the desk finds
-- an address by.
ALTER TABLE submission_authors ADD COLUMN key_id TEXT;
ALTER TABLE submission_authors ADD COLUMN email_index TEXT;
CREATE INDEX submission_authors_key_id ON submission_authors (key_id);
CREATE INDEX submission_authors_email_index ON submission_authors (email_index);
