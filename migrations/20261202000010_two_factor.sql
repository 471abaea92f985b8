-- Two-factor authentication (TOTP, RFC 6238) and the holder's requirement of it.

-- The shared secret of a person's authenticator: `two_factor_pending_secret` between showing the
-- QR code and the first right code, then `two_factor_secret` once enabled. Neither is ever sent
-- again after enrolment. `two_factor_last_step` is the last 30-second step accepted: a code of
-- that step or an earlier one is refused (no replay).
ALTER TABLE users
    ADD COLUMN two_factor_secret bytea,
    ADD COLUMN two_factor_pending_secret bytea,
    ADD COLUMN two_factor_enabled_at timestamptz,
    ADD COLUMN two_factor_last_step bigint,
    ADD CONSTRAINT users_two_factor_enabled CHECK (
        (two_factor_secret IS NULL) = (two_factor_enabled_at IS NULL));

-- Recovery codes, single use: only their SHA-256 is kept (they are random, 50 bits each).
CREATE TABLE two_factor_recovery_codes (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash bytea NOT NULL,
    used_at timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- The holder requires two-factor authentication of every member of the account.
ALTER TABLE customer_accounts
    ADD COLUMN require_two_factor boolean NOT NULL DEFAULT false;
