-- Trust in the collaborator space: proven e-mail addresses, SIRET claims checked by staff,
-- requests and invitations that end, and approvals that order what was requested.

-- An address is proven when its owner followed a link sent to it. People who had an account
-- before this migration keep theirs as proven (they used it to sign up or were given it by
-- their holder; nothing asked them to prove it then).
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
UPDATE users SET email_verified_at = created_at;

-- Single-use links sent by e-mail: proving one's address, or changing it (the new address is
-- only stored once its link is followed). Only a hash of the token is kept.
CREATE TABLE email_tokens (
    token_hash bytea PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose text NOT NULL CHECK (purpose IN ('verify_email', 'change_email')),
    new_email text CHECK (length(new_email) <= 254),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    CHECK ((purpose = 'change_email') = (new_email IS NOT NULL))
);
CREATE INDEX email_tokens_user_idx ON email_tokens (user_id, purpose);

-- Staff check that a SIRET is the company's; a change of SIRET needs a new check.
ALTER TABLE customer_accounts
    ADD COLUMN siret_verified_at timestamptz,
    ADD COLUMN siret_verified_by uuid REFERENCES users (id) ON DELETE SET NULL;

-- Requests and invitations end: `expires_at` (invitations 14 days, requests 30), then
-- `expired`. A request made with an e-mail address keeps the address typed, and exists even
-- when it names nobody's account (`account_id` NULL): the requester's trace is the same either
-- way.
ALTER TABLE collaboration_requests
    ADD COLUMN expires_at timestamptz,
    ADD COLUMN requested_email text CHECK (length(requested_email) <= 254),
    ALTER COLUMN account_id DROP NOT NULL,
    DROP CONSTRAINT collaboration_requests_status_check,
    ADD CONSTRAINT collaboration_requests_status_check
        CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled', 'expired')),
    ADD CONSTRAINT collaboration_requests_names_an_account
        CHECK (account_id IS NOT NULL OR (kind = 'request' AND requested_email IS NOT NULL));
UPDATE collaboration_requests
SET expires_at = created_at + CASE kind WHEN 'invitation' THEN interval '14 days'
                                       ELSE interval '30 days' END;
ALTER TABLE collaboration_requests ALTER COLUMN expires_at SET NOT NULL;
-- One open request per person and typed address, whether or not it names an account.
CREATE UNIQUE INDEX collaboration_requests_one_pending_email
    ON collaboration_requests (user_id, lower(requested_email))
    WHERE status = 'pending' AND requested_email IS NOT NULL;

-- The holder role's offers and their answers, and invitations withdrawn, in the history.
ALTER TABLE membership_events
    DROP CONSTRAINT membership_events_action_check,
    ADD CONSTRAINT membership_events_action_check CHECK (action IN (
        'created', 'invited', 'requested', 'attached', 'declined', 'permissions_changed',
        'deactivated', 'reactivated', 'removed', 'left', 'holder_transferred',
        'holder_offered', 'holder_offer_withdrawn', 'holder_declined', 'invitation_withdrawn'));

-- A purchase request keeps the version of the project the requester saw and its design files,
-- so that an approval orders exactly that.
ALTER TABLE purchase_requests ADD COLUMN project_version integer;
CREATE TABLE purchase_request_files (
    request_id uuid NOT NULL REFERENCES purchase_requests (id) ON DELETE CASCADE,
    file_id uuid NOT NULL REFERENCES project_files (id),
    PRIMARY KEY (request_id, file_id)
);
CREATE INDEX purchase_request_files_file_idx ON purchase_request_files (file_id);

-- An order names the version of the project it was placed from; an approved request's order
-- names the request (its own key: a buyer's idempotency key can never take its place).
ALTER TABLE orders
    ADD COLUMN project_version integer,
    ADD COLUMN purchase_request_id uuid UNIQUE REFERENCES purchase_requests (id) ON DELETE SET NULL;
