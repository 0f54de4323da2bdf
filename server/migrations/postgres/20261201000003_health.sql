-- One row that readiness (`GET /readyz`) writes: a server is ready when its store
-- can commit, not merely answer a read.
CREATE TABLE health (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    checks BIGINT NOT NULL                    -- how many readiness checks committed
);
INSERT INTO health (id, checks) VALUES (1, 0);
