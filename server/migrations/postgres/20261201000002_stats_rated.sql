-- Kiosk ratings for the public statistics, kept in step by each batch of ratings
-- (server/src/stats/rollup.rs, `Key::Rated`): by the month a rating counts in
-- (Europe/Sofia, of `ratings.counted_at`), the unit it was given in, the face, and
-- whether it was a repeat tap (counted apart). `glas stats rebuild` recomputes them.
CREATE TABLE stats_rated (
    month  TEXT NOT NULL,
    unit   TEXT NOT NULL,
    score  SMALLINT NOT NULL,
    repeat BOOLEAN NOT NULL,
    count  BIGINT NOT NULL,
    PRIMARY KEY (month, unit, score, repeat)
);
