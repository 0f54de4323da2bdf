-- The desk's sessions (tower-sessions-sqlx-store's schema, under our own name):
-- made here, under the migration lock, so that instances starting together do
-- not race to create it.
CREATE TABLE IF NOT EXISTS desk_sessions (
    id          TEXT PRIMARY KEY NOT NULL,
    data        BYTEA NOT NULL,
    expiry_date TIMESTAMPTZ NOT NULL
);
