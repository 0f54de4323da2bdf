-- Submissions kept aside as probably sent by a robot (the form's trap was filled
-- in, or it was sent faster than a person can fill it in): `trap` or `too_fast`,
-- NULL for everything else. They are receipted like any other, kept out of the
-- inbox and the statistics, and listed for review on the desk
-- (`/desk/set-aside`), where a supervisor may release one into the inbox.
ALTER TABLE submissions ADD COLUMN set_aside TEXT;
CREATE INDEX submissions_set_aside ON submissions (received_at) WHERE set_aside IS NOT NULL;
