-- The inbox at a million submissions. Its order (soonest due first, what is owed
-- no answer last, then in order of registration) becomes an index key, so a page
-- is read in order from an index instead of sorting every row; the open items
-- (what clerks work on, a few percent of all) get an index of their own that
-- holds every column the inbox filters and counts on, so the counts on every
-- page and any filter of open items read only that small index. No other index
-- on the inbox's columns: given one on `status`, SQLite's planner read every open
-- row through it and sorted them, ten times slower than walking these in order.
-- `cargo xtask bench` measures it.
DROP INDEX submissions_inbox;
DROP INDEX submissions_handling_unit;
DROP INDEX submissions_assignee;
DROP INDEX submissions_status;

CREATE INDEX submissions_inbox
    ON submissions (COALESCE(due_on, '9999-12-31'), ref_year, ref_seq);
CREATE INDEX submissions_inbox_open
    ON submissions (COALESCE(due_on, '9999-12-31'), ref_year, ref_seq, due_on, status, kind,
                    handling_unit, assignee_id, channel, flagged_obscene, health_or_safety)
    WHERE status IN ('registered', 'in_review');
