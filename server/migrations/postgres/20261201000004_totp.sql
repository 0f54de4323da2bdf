-- Staff's second factor (TOTP, RFC 6238): the key an authenticator app holds, in
-- base32, NULL while two-step sign-in is off; and the 30-second step of the last
-- code taken, so that no code is taken twice. The key is stored as it is: whoever
-- reads the database can make codes with it (though not sign in without the
-- password). Encrypting it at rest comes with the encryption of personal data.
ALTER TABLE staff ADD COLUMN totp_secret TEXT;
ALTER TABLE staff ADD COLUMN totp_last_step BIGINT;
