-- Rate limits shared by every server process (`app/src/server/limits.rs`): one row per limiter
-- and key, holding the time at which the key is back to its full quota (the generic cell rate
-- algorithm's "theoretical arrival time"). Each attempt is one upsert that pushes it forward;
-- a key without a row has its full quota, so rows past that time are swept without changing
-- any answer. Keys are short: an address or its /64, a parsed e-mail (254 characters), an id.
CREATE TABLE rate_limits (
    limiter text NOT NULL CHECK (length(limiter) <= 64),
    key text NOT NULL CHECK (length(key) <= 254),
    full_at timestamptz NOT NULL,
    PRIMARY KEY (limiter, key)
)
-- Room in each page for the updated row: the update stays on its page, indexes untouched.
WITH (fillfactor = 70);
