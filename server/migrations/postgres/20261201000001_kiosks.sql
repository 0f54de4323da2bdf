-- Kiosks: the touch screens that replace the paper boxes in the service units.
-- A kiosk's identity (its row, its token) is apart from the unit it serves, so a
-- kiosk moved to another unit keeps its history; each rating keeps the unit it
-- was given in.
CREATE TABLE kiosks (
    id               BIGSERIAL PRIMARY KEY,
    name             TEXT NOT NULL,                   -- where it stands, for staff
    unit             TEXT NOT NULL,                   -- the profile's unit it serves now
    token_hash       BYTEA UNIQUE,                    -- SHA-256 of its device token; none before enrolment
    created_by       BIGINT REFERENCES staff (id),    -- none: `glas kiosk add`
    created_at       TIMESTAMPTZ NOT NULL,
    enrolled_at      TIMESTAMPTZ,                     -- when it last redeemed a code
    revoked_at       TIMESTAMPTZ,                     -- its token no longer works
    refused_at       TIMESTAMPTZ,                     -- the last request refused with its revoked token
    -- Its last heartbeat: how it is, by its own account.
    last_seen_at     TIMESTAMPTZ,
    queue_length     INTEGER,
    oldest_unsent_at TIMESTAMPTZ,
    app_version      TEXT
);

-- One-time codes that enrol a kiosk: hashed, short-lived, used once.
CREATE TABLE kiosk_codes (
    code_hash  BYTEA PRIMARY KEY,                     -- SHA-256 of the code
    kiosk_id   BIGINT NOT NULL REFERENCES kiosks (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

-- One tap on a face: "How were you served today?"
CREATE TABLE ratings (
    id          UUID PRIMARY KEY,                     -- the kiosk's UUID (idempotency key)
    kiosk_id    BIGINT NOT NULL REFERENCES kiosks (id),
    unit        TEXT NOT NULL,                        -- the kiosk's unit when it arrived
    score       SMALLINT NOT NULL CHECK (score BETWEEN 1 AND 4),
    created_at  TIMESTAMPTZ NOT NULL,                 -- the kiosk's clock
    created_ms  BIGINT NOT NULL,                      -- the same, in ms since 1970 (the repeat rule's order)
    received_at TIMESTAMPTZ NOT NULL,                 -- ours
    counted_at  TIMESTAMPTZ NOT NULL,                 -- what the statistics use (glas_shared::rating::counted_at)
    repeat      BOOLEAN NOT NULL                      -- within 10 s of the kiosk's previous tap (glas_shared::rating)
);
CREATE INDEX ratings_by_kiosk ON ratings (kiosk_id, created_ms);
CREATE INDEX ratings_counted ON ratings (counted_at);
