-- The documents issued to customers: quotes, pro-forma invoices, invoices and credit notes.
-- What each one says is fixed when it is issued (`content`, documents::DocumentContent as
-- JSON); its PDF is rendered from that alone and kept in the file storage once made
-- (`storage_key`). Rows are never updated but to record where the PDF is kept, and kept when the
-- account, order or project goes (accounting keeps invoices ten years).

-- The last number given in each series and year. Invoices and credit notes are numbered in
-- sequence without gaps: a number is taken by updating this row in the transaction that
-- issues the document, so that a rollback gives it back and concurrent issues wait in line.
CREATE TABLE document_series (
    series text NOT NULL CHECK (series IN ('quote', 'invoice', 'credit_note')),
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
    last_number integer NOT NULL CHECK (last_number > 0),
    PRIMARY KEY (series, year)
);

CREATE TABLE documents (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('quote', 'pro_forma', 'invoice', 'credit_note')),
    number text NOT NULL CHECK (length(number) BETWEEN 1 AND 30),
    account_id uuid REFERENCES customer_accounts (id) ON DELETE SET NULL,
    order_id uuid REFERENCES orders (id) ON DELETE SET NULL,
    project_id uuid REFERENCES projects (id) ON DELETE SET NULL,
    -- Who asked for it (a quote) or whose action issued it (an order's step).
    issued_by uuid REFERENCES users (id) ON DELETE SET NULL,
    locale text NOT NULL CHECK (locale IN ('fr', 'en')),
    -- What lists show and search without reading the content.
    title text NOT NULL CHECK (length(title) <= 100),
    gross_cents bigint NOT NULL CHECK (gross_cents >= 0),
    content jsonb NOT NULL,
    -- Set once the PDF is stored; a missing one is rendered from the content when first asked.
    storage_key text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kind, number)
);
-- One pro-forma, one invoice and one credit note per order.
CREATE UNIQUE INDEX documents_one_of_a_kind_per_order ON documents (order_id, kind)
    WHERE order_id IS NOT NULL;
CREATE INDEX documents_account_created_idx ON documents (account_id, created_at, id);
CREATE INDEX documents_created_idx ON documents (created_at, id);
