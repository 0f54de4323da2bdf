-- Every registered submission. Personal data lives apart, in submission_authors,
-- so that statistics never read it and retention can delete it in one statement.
CREATE TABLE submissions (
    id               TEXT PRIMARY KEY NOT NULL,          -- the device's UUID (idempotency key)
    content_hash     BLOB NOT NULL,                      -- SHA-256 of the request as received
    reference        TEXT NOT NULL UNIQUE,               -- YYYY-NNNNNN
    ref_year         INTEGER NOT NULL,
    ref_seq          INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    text             TEXT NOT NULL,
    channel          TEXT NOT NULL,
    unit             TEXT,
    health_or_safety INTEGER NOT NULL,
    locale           TEXT NOT NULL,
    created_at       TEXT NOT NULL,                      -- the device's clock
    received_at      TEXT NOT NULL,                      -- ours, UTC
    status           TEXT NOT NULL,
    due_on           TEXT,
    tracking_token   TEXT NOT NULL UNIQUE,
    UNIQUE (ref_year, ref_seq)
);

CREATE INDEX submissions_received_at ON submissions (received_at);

CREATE TABLE submission_authors (
    submission_id TEXT PRIMARY KEY NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    email         TEXT,
    phone         TEXT,
    address       TEXT
);

-- The last reference number given out each year.
CREATE TABLE reference_counters (
    year INTEGER PRIMARY KEY NOT NULL,
    last INTEGER NOT NULL
);
