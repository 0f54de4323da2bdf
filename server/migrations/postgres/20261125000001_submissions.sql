-- Every registered submission. Personal data lives apart, in submission_authors,
-- so that statistics never read it and retention can delete it in one statement.
CREATE TABLE submissions (
    id               UUID PRIMARY KEY,                   -- the device's UUID (idempotency key)
    content_hash     BYTEA NOT NULL,                     -- SHA-256 of the request as received
    reference        TEXT NOT NULL UNIQUE,               -- YYYY-NNNNNN
    ref_year         INTEGER NOT NULL,
    ref_seq          BIGINT NOT NULL,
    kind             TEXT NOT NULL,
    text             TEXT NOT NULL,
    channel          TEXT NOT NULL,
    unit             TEXT,
    health_or_safety BOOLEAN NOT NULL,
    locale           TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,               -- the device's clock
    received_at      TIMESTAMPTZ NOT NULL,               -- ours
    status           TEXT NOT NULL,
    due_on           DATE,
    tracking_token   TEXT NOT NULL UNIQUE,
    UNIQUE (ref_year, ref_seq)
);

CREATE INDEX submissions_received_at ON submissions (received_at);

CREATE TABLE submission_authors (
    submission_id UUID PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    email         TEXT,
    phone         TEXT,
    address       TEXT
);

-- The last reference number given out each year. Registering takes this row's
-- lock until it commits, so numbers are unique and without gaps across instances.
CREATE TABLE reference_counters (
    year INTEGER PRIMARY KEY,
    last BIGINT NOT NULL
);
