-- The collaborator space: requests to join an account, invitations, and what happened when.

-- A person asking to join an account (kind 'request', decided by the holder), or a holder
-- inviting a person who already has an account (kind 'invitation', answered by that person).
CREATE TABLE collaboration_requests (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES customer_accounts (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('request', 'invitation')),
    status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled')),
    -- The permissions an invitation offers (a request gets them when accepted).
    can_buy boolean NOT NULL DEFAULT false,
    can_see_all_orders boolean NOT NULL DEFAULT false,
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
    decided_at timestamptz,
    -- The holder's optional word when declining.
    message text CHECK (length(message) <= 500)
);
-- One open request or invitation per person and account.
CREATE UNIQUE INDEX collaboration_requests_one_pending
    ON collaboration_requests (account_id, user_id) WHERE status = 'pending';
CREATE INDEX collaboration_requests_user_idx ON collaboration_requests (user_id);

-- The audit trail the holder sees: who did what to whom, and when.
CREATE TABLE membership_events (
    id bigserial PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES customer_accounts (id) ON DELETE CASCADE,
    actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
    subject_id uuid REFERENCES users (id) ON DELETE SET NULL,
    action text NOT NULL CHECK (action IN (
        'created', 'invited', 'requested', 'attached', 'declined', 'permissions_changed',
        'deactivated', 'reactivated', 'removed', 'left', 'holder_transferred')),
    can_buy boolean,
    can_see_all_orders boolean,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX membership_events_account_idx ON membership_events (account_id, created_at DESC);

-- Handing the holder role to a collaborator, who must accept.
CREATE TABLE holder_transfers (
    account_id uuid PRIMARY KEY REFERENCES customer_accounts (id) ON DELETE CASCADE,
    to_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
