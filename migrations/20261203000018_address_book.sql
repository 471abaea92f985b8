-- The account's address book: named delivery addresses (shared::DeliveryAddress as JSON), one
-- of them the default that the order form opens with.
CREATE TABLE delivery_addresses (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES customer_accounts (id) ON DELETE CASCADE,
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 60),
    address jsonb NOT NULL,
    is_default boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_addresses_account_idx ON delivery_addresses (account_id, label);
CREATE UNIQUE INDEX delivery_addresses_one_default ON delivery_addresses (account_id) WHERE is_default;
