-- The public statistics' rollups: counts kept up to date in the same transaction
-- as each registration and each change at the desk (server/src/stats/rollup.rs
-- says what counts where), so that the statistics page never reads submissions.
-- month: the calendar month in Europe/Sofia, as 'YYYY-MM'; unit: '' when the
-- citizen named none. `glas stats rebuild` recomputes them from the submissions.
CREATE TABLE stats_received (
    month   TEXT NOT NULL,
    kind    TEXT NOT NULL,
    unit    TEXT NOT NULL,
    channel TEXT NOT NULL,
    count   BIGINT NOT NULL,
    PRIMARY KEY (month, kind, unit, channel)
);

-- First answers, by the month answered and how many working days they took.
CREATE TABLE stats_answered (
    month        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    unit         TEXT NOT NULL,
    working_days INTEGER NOT NULL,
    on_time      BOOLEAN NOT NULL,
    count        BIGINT NOT NULL,
    PRIMARY KEY (month, kind, unit, working_days, on_time)
);

-- Not examined, by the month received.
CREATE TABLE stats_not_examined (
    month  TEXT NOT NULL,
    kind   TEXT NOT NULL,
    unit   TEXT NOT NULL,
    reason TEXT NOT NULL,
    count  BIGINT NOT NULL,
    PRIMARY KEY (month, kind, unit, reason)
);

-- Open (registered or in review) and owed an answer, by the day it is due.
CREATE TABLE stats_open (
    due_on DATE NOT NULL,
    kind   TEXT NOT NULL,
    unit   TEXT NOT NULL,
    count  BIGINT NOT NULL,
    PRIMARY KEY (due_on, kind, unit)
);
