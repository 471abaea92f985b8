-- What happened to whom: logins, limits, resets, changes of password or address, sessions
-- ended, staff actions (`shared::SecurityEvent`, stored as its text). Each person sees their own
-- in "Mon compte"; rows older than a year are deleted (`app/src/server/security_events.rs`).
CREATE TABLE security_events (
    id bigserial PRIMARY KEY,
    user_id uuid REFERENCES users (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (length(kind) <= 64),
    ip inet,
    user_agent text CHECK (length(user_agent) <= 256),
    details jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX security_events_user_idx ON security_events (user_id, created_at DESC);
CREATE INDEX security_events_created_idx ON security_events (created_at);

-- Whose session each one is, so that "log out my other sessions" deletes them
-- (`server/src/sessions.rs` fills it from the session's login).
ALTER TABLE tower_sessions.session ADD COLUMN IF NOT EXISTS user_id uuid;
CREATE INDEX IF NOT EXISTS session_user_idx ON tower_sessions.session (user_id)
    WHERE user_id IS NOT NULL;

-- No live link at rest: an e-mail that carries a single-use link stores a placeholder in its
-- body, the kind of link, and the hash of a token nobody has; the mail worker makes the token
-- when it sends the e-mail (`app/src/server/links.rs`) and forgets its hash once sent.
ALTER TABLE outbox
    ADD COLUMN link text CHECK (link IN ('reset_password', 'verify_email', 'change_email')),
    ADD COLUMN link_token_hash bytea,
    ADD CHECK (link_token_hash IS NULL OR link IS NOT NULL);
-- Links already sent in clear are not kept; the bodies of sent e-mails go after 30 days.
UPDATE outbox SET body = '' WHERE sent_at IS NOT NULL AND body LIKE '%token=%';
CREATE INDEX outbox_sent_idx ON outbox (sent_at) WHERE sent_at IS NOT NULL AND body <> '';
