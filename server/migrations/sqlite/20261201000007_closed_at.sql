-- When a case was closed (answered, not examined, forwarded): personal data is
-- kept for the profile's retention period from then, not from receipt, so that an
-- open case never loses its author's details (retention.rs). NULL while open;
-- a case reopened is open again. Cases closed before this column existed count
-- from their first answer, or else from receipt.
ALTER TABLE submissions ADD COLUMN closed_at TEXT;
UPDATE submissions SET closed_at = COALESCE(answered_at, received_at)
    WHERE status IN ('answered', 'not_examined', 'forwarded');
CREATE INDEX submissions_closed_at ON submissions (closed_at) WHERE closed_at IS NOT NULL;
