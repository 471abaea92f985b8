-- Customer accounts, the people who use them, and what they send by e-mail.

CREATE TABLE users (
    id uuid PRIMARY KEY,
    email text NOT NULL CHECK (length(email) <= 254),
    password_hash text NOT NULL,
    first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    phone text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    locale text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
    -- Set when someone else chose the password (a holder creating a collaborator).
    must_change_password boolean NOT NULL DEFAULT false,
    -- Bumped when the password changes: sessions carrying an older epoch end.
    session_epoch integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- Unique without regard to case.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE customer_accounts (
    id uuid PRIMARY KEY,
    company_name text NOT NULL CHECK (length(company_name) BETWEEN 1 AND 100),
    siret text CHECK (siret ~ '^[0-9]{14}$'),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customer_accounts_siret_key ON customer_accounts (siret);
CREATE INDEX customer_accounts_siren_idx ON customer_accounts (left(siret, 9));

-- Who belongs to which account, and what they may do there.
CREATE TABLE memberships (
    account_id uuid NOT NULL REFERENCES customer_accounts (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('holder', 'collaborator')),
    can_buy boolean NOT NULL DEFAULT false,
    can_see_all_orders boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated')),
    added_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, user_id)
);
-- At most one holder per account (the code keeps at least one).
CREATE UNIQUE INDEX memberships_one_holder ON memberships (account_id) WHERE role = 'holder';
CREATE INDEX memberships_user_idx ON memberships (user_id);

-- Forgotten-password links: only a hash of the token is kept.
CREATE TABLE password_reset_tokens (
    token_hash bytea PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
CREATE INDEX password_reset_tokens_user_idx ON password_reset_tokens (user_id);

-- E-mails to send, written with the change that causes them.
CREATE TABLE outbox (
    id bigserial PRIMARY KEY,
    recipient text NOT NULL,
    locale text NOT NULL,
    kind text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    last_error text
);
CREATE INDEX outbox_pending_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL;
