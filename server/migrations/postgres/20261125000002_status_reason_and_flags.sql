-- Why a submission is not examined (anonymous, obscene, …), and whether its text
-- looks obscene or insulting: a flag for staff, never a reason to drop it.
ALTER TABLE submissions ADD COLUMN status_reason TEXT;
ALTER TABLE submissions ADD COLUMN flagged_obscene BOOLEAN NOT NULL DEFAULT FALSE;
