-- When the SMTP server refused a message for good (a 5xx answer: no such
-- mailbox, an address it will not relay to): it is no longer tried, and the desk
-- says so, so that the citizen is reached another way. "Send again" clears it.
ALTER TABLE mail_outbox ADD COLUMN rejected_at TIMESTAMPTZ;
