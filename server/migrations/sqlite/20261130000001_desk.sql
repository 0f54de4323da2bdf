-- The staff desk: accounts, routing, answers, the audit log and the mail outbox.

-- Municipal staff. A clerk reads and answers the units in staff_units; a supervisor
-- every unit; an admin also keeps the accounts. Only accounts with `corruption`
-- may see corruption reports at all.
CREATE TABLE staff (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,               -- lower-case; the login
    name          TEXT NOT NULL,
    position      TEXT NOT NULL,                      -- signs answers, e.g. "главен експерт"
    role          TEXT NOT NULL,                      -- clerk | supervisor | admin
    corruption    INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT NOT NULL,                      -- argon2id, PHC string
    disabled      INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,         -- since the last good login
    locked_until  TEXT,                               -- no login before this (UTC)
    created_at    TEXT NOT NULL
);

CREATE TABLE staff_units (
    staff_id INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    unit     TEXT NOT NULL,
    PRIMARY KEY (staff_id, unit)
);

-- Who answers: the unit (at first the one the citizen chose) and the person.
ALTER TABLE submissions ADD COLUMN handling_unit TEXT;
ALTER TABLE submissions ADD COLUMN assignee_id INTEGER REFERENCES staff (id);
-- "Inspection needed" (the Charter, rule 3): why, and the deadline it replaced.
ALTER TABLE submissions ADD COLUMN inspection_reason TEXT;
-- The other body a submission was forwarded to.
ALTER TABLE submissions ADD COLUMN forwarded_to TEXT;
-- When the first answer was given (UTC).
ALTER TABLE submissions ADD COLUMN answered_at TEXT;
UPDATE submissions SET handling_unit = unit;

-- The inbox: open items by due date, per unit and per assignee.
CREATE INDEX submissions_inbox ON submissions (due_on, ref_year, ref_seq);
CREATE INDEX submissions_handling_unit ON submissions (handling_unit, due_on);
CREATE INDEX submissions_assignee ON submissions (assignee_id, due_on);
CREATE INDEX submissions_status ON submissions (status, due_on);

-- Formal answers: never changed; a correction is a new answer that names the one
-- it corrects.
CREATE TABLE answers (
    id              INTEGER PRIMARY KEY,
    submission_id   TEXT NOT NULL REFERENCES submissions (id),
    staff_id        INTEGER NOT NULL REFERENCES staff (id),
    created_at      TEXT NOT NULL,
    body            TEXT NOT NULL,
    signer_name     TEXT NOT NULL,
    signer_position TEXT NOT NULL,
    corrects        INTEGER REFERENCES answers (id)
);
CREATE INDEX answers_submission ON answers (submission_id, id);
CREATE TRIGGER answers_unchangeable BEFORE UPDATE ON answers
BEGIN SELECT RAISE(ABORT, 'answers are never changed: write a correction'); END;
CREATE TRIGGER answers_undeletable BEFORE DELETE ON answers
BEGIN SELECT RAISE(ABORT, 'answers are never deleted'); END;

-- Every staff action, and every read of a corruption report: who, what, when,
-- before and after (JSON). Written in the same transaction as the change.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    staff_id      INTEGER REFERENCES staff (id),      -- null: the server itself or `glas user`
    action        TEXT NOT NULL,
    submission_id TEXT REFERENCES submissions (id),
    before        TEXT,
    after         TEXT
);
CREATE INDEX audit_log_submission ON audit_log (submission_id, id);
CREATE INDEX audit_log_staff ON audit_log (staff_id, id);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_undeletable BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- E-mail to send: written in the transaction that decides to send it, delivered
-- by the mail worker, retried with backoff until the SMTP server takes it.
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    created_at      TEXT NOT NULL,
    purpose         TEXT NOT NULL,                    -- answer | assignment | digest
    submission_id   TEXT REFERENCES submissions (id),
    to_address      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    sent_at         TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);
CREATE INDEX mail_outbox_submission ON mail_outbox (submission_id);

-- Days whose digest has been queued: one digest a day, however many instances.
CREATE TABLE digest_days (
    day TEXT PRIMARY KEY NOT NULL
);
