-- Kiosks: the touch screens that replace the paper boxes in the service units.
-- A kiosk's identity (its row, its token) is apart from the unit it serves, so a
-- kiosk moved to another unit keeps its history; each rating keeps the unit it
-- was given in.
CREATE TABLE kiosks (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,                   -- where it stands, for staff
    unit             TEXT NOT NULL,                   -- the profile's unit it serves now
    token_hash       BLOB UNIQUE,                     -- SHA-256 of its device token; none before enrolment
    created_by       INTEGER REFERENCES staff (id),   -- none: `glas kiosk add`
    created_at       TEXT NOT NULL,
    enrolled_at      TEXT,                            -- when it last redeemed a code
    revoked_at       TEXT,                            -- its token no longer works
    refused_at       TEXT,                            -- the last request refused with its revoked token
    -- Its last heartbeat: how it is, by its own account.
    last_seen_at     TEXT,
    queue_length     INTEGER,
    oldest_unsent_at TEXT,
    app_version      TEXT
);

-- One-time codes that enrol a kiosk: hashed, short-lived, used once.
CREATE TABLE kiosk_codes (
    code_hash  BLOB PRIMARY KEY NOT NULL,             -- SHA-256 of the code
    kiosk_id   INTEGER NOT NULL REFERENCES kiosks (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);

-- One tap on a face: "How were you served today?"
CREATE TABLE ratings (
    id          TEXT PRIMARY KEY NOT NULL,            -- the kiosk's UUID (idempotency key)
    kiosk_id    INTEGER NOT NULL REFERENCES kiosks (id),
    unit        TEXT NOT NULL,                        -- the kiosk's unit when it arrived
    score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 4),
    created_at  TEXT NOT NULL,                        -- the kiosk's clock
    created_ms  INTEGER NOT NULL,                     -- the same, in ms since 1970 (the repeat rule's order)
    received_at TEXT NOT NULL,                        -- ours
    counted_at  TEXT NOT NULL,                        -- what the statistics use (glas_shared::rating::counted_at)
    repeat      INTEGER NOT NULL                      -- within 10 s of the kiosk's previous tap (glas_shared::rating)
);
CREATE INDEX ratings_by_kiosk ON ratings (kiosk_id, created_ms);
CREATE INDEX ratings_counted ON ratings (counted_at);
