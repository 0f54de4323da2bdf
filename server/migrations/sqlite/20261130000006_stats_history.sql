-- Where the public statistics stand, raised in the same transaction as the
-- change (server/src/stats/rollup.rs says when): `published` by every change to a
-- rollup row of a month that has ended (or is about to), `overdue` by every
-- change to what is open and already due; `glas stats rebuild` raises both. The
-- statistics page keeps its figures while they stay the same (and the day does):
-- a registration, which can change neither, costs it nothing.
CREATE TABLE stats_history (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    published BIGINT NOT NULL,
    overdue   BIGINT NOT NULL
);
INSERT INTO stats_history (id, published, overdue) VALUES (1, 0, 0);

-- What is overdue today, by kind and unit, is read in this order: each group's
-- rows are together, so the sums need no sort (and the index covers them).
CREATE INDEX stats_open_by_place ON stats_open (kind, unit, due_on, count);
