-- Projects, their design files, purchase requests, orders, their progress, and the
-- manufacturer's staff.

-- Staff of the manufacturer (created from the command line) use the back-office, never a
-- customer account.
ALTER TABLE users ADD COLUMN is_staff boolean NOT NULL DEFAULT false;

-- Invoice at 30 days, when the manufacturer allows it for this customer.
ALTER TABLE customer_accounts ADD COLUMN payment_on_account boolean NOT NULL DEFAULT false;

-- A board to make, shared by every active member of the account.
CREATE TABLE projects (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES customer_accounts (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    service text NOT NULL CHECK (service IN ('fabrication', 'assembly', 'fabrication_assembly')),
    quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    layers smallint NOT NULL CHECK (layers IN (1, 2, 4, 6, 8, 10, 12)),
    width_mm smallint NOT NULL CHECK (width_mm BETWEEN 5 AND 500),
    height_mm smallint NOT NULL CHECK (height_mm BETWEEN 5 AND 500),
    thickness text NOT NULL,
    finish text NOT NULL,
    mask text NOT NULL,
    notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    -- Optimistic locking: a save names the version it started from.
    version integer NOT NULL DEFAULT 1,
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_account_idx ON projects (account_id, updated_at DESC);

-- Uploaded design files. A newer upload of the same kind replaces the project's current one;
-- the older row stays as long as an order refers to it.
CREATE TABLE project_files (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES customer_accounts (id) ON DELETE CASCADE,
    project_id uuid REFERENCES projects (id) ON DELETE SET NULL,
    kind text NOT NULL CHECK (kind IN ('gerber', 'bom', 'pick_and_place')),
    file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 100),
    size_bytes bigint NOT NULL CHECK (size_bytes > 0),
    -- Where the storage keeps the bytes (a key, not a path the browser sends).
    storage_key text NOT NULL UNIQUE,
    -- Whether it is the project's file of its kind now.
    current boolean NOT NULL DEFAULT true,
    uploaded_by uuid REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX project_files_one_current ON project_files (project_id, kind) WHERE current;

-- Orders. A member who can buy places one; the project and the price are copied, so that later
-- changes of the project change nothing here.
CREATE SEQUENCE order_number_seq START 1001;
CREATE TABLE orders (
    id uuid PRIMARY KEY,
    number bigint NOT NULL UNIQUE DEFAULT nextval('order_number_seq'),
    account_id uuid NOT NULL REFERENCES customer_accounts (id) ON DELETE CASCADE,
    project_id uuid REFERENCES projects (id) ON DELETE SET NULL,
    -- The buyer who placed it, and the member whose purchase request it answers.
    placed_by uuid REFERENCES users (id) ON DELETE SET NULL,
    requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
    -- The client's key for this placement: a retry or a second tab gives the same order.
    idempotency_key uuid NOT NULL,
    project_snapshot jsonb NOT NULL,
    quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    lead_time text NOT NULL CHECK (lead_time IN ('standard', 'express')),
    net_cents bigint NOT NULL CHECK (net_cents > 0),
    vat_cents bigint NOT NULL CHECK (vat_cents >= 0),
    total_cents bigint NOT NULL CHECK (total_cents > 0),
    delivery_address jsonb NOT NULL,
    po_reference text CHECK (length(po_reference) <= 50),
    status text NOT NULL DEFAULT 'received' CHECK (status IN (
        'received', 'file_check', 'in_production', 'shipped', 'delivered', 'cancelled')),
    payment_method text CHECK (payment_method IN ('bank_transfer', 'on_account')),
    -- What the customer quotes on a bank transfer.
    payment_reference text NOT NULL UNIQUE,
    paid_at timestamptz,
    tracking_number text,
    cancel_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, idempotency_key)
);
CREATE INDEX orders_account_idx ON orders (account_id, created_at DESC);
CREATE INDEX orders_placed_by_idx ON orders (account_id, placed_by);
CREATE INDEX orders_requested_by_idx ON orders (account_id, requested_by);
CREATE INDEX orders_status_idx ON orders (status, created_at DESC);

-- The design files an order was placed with.
CREATE TABLE order_files (
    order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    file_id uuid NOT NULL REFERENCES project_files (id),
    PRIMARY KEY (order_id, file_id)
);
CREATE INDEX order_files_file_idx ON order_files (file_id);

-- The order's timeline: each step reached, when, and by whom.
CREATE TABLE order_events (
    id bigserial PRIMARY KEY,
    order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    step text NOT NULL CHECK (step IN (
        'received', 'paid', 'file_check', 'in_production', 'shipped', 'delivered', 'cancelled',
        'payment_method')),
    detail text,
    actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_events_order_idx ON order_events (order_id, id);

-- A member who cannot buy asks the account's buyers to order for them.
CREATE TABLE purchase_requests (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES customer_accounts (id) ON DELETE CASCADE,
    project_id uuid REFERENCES projects (id) ON DELETE SET NULL,
    requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
    idempotency_key uuid NOT NULL,
    project_snapshot jsonb NOT NULL,
    quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    lead_time text NOT NULL CHECK (lead_time IN ('standard', 'express')),
    -- The price the requester saw; the approver confirms the current one if it differs.
    net_cents bigint NOT NULL CHECK (net_cents > 0),
    delivery_address jsonb NOT NULL,
    po_reference text CHECK (length(po_reference) <= 50),
    status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'declined', 'cancelled')),
    decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
    decided_at timestamptz,
    message text CHECK (length(message) <= 500),
    order_id uuid REFERENCES orders (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, idempotency_key)
);
CREATE INDEX purchase_requests_account_idx ON purchase_requests (account_id, created_at DESC);
