-- The indexes that keep every list's pages flat at a hundred times today's data (issue 23:
-- an account with 100,000 orders among 1,000,000). Each serves the first page and any deep page
-- of one list, its filters or its search, in the list's order (time, id) so that a page reads
-- its own lines and stops; `server/tests/api/plans.rs` checks the plans PostgreSQL makes.

-- Substring search (`ILIKE '%…%'`) from trigram indexes: a search reads the lines it finds,
-- not the whole table. pg_trgm is a trusted extension of PostgreSQL's contrib (Debian's
-- postgresql-15 package ships it): a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- orders/list of a member who sees only their own orders (placed or requested), and the filter
-- "placed or requested by" someone: that person's orders in date order.
DROP INDEX orders_placed_by_idx;
CREATE INDEX orders_placed_by_idx ON orders (account_id, placed_by, created_at, id);
DROP INDEX orders_requested_by_idx;
CREATE INDEX orders_requested_by_idx ON orders (account_id, requested_by, created_at, id);
-- orders/list filtered by step (the back-office's is orders_status_created_idx).
CREATE INDEX orders_account_status_created_idx ON orders (account_id, status, created_at, id);
-- The filters "awaiting payment" and "on account" (unpaid and not cancelled: few of all
-- orders), an account's and the back-office's, each with the filter's own condition (SQL of
-- `PaymentState::of`), so that a page reads its lines alone: PostgreSQL cannot tell how the
-- payment method and the payment go together, and read a thousand unpaid orders to sort a page
-- of those on account.
CREATE INDEX orders_account_awaiting_idx ON orders (account_id, created_at, id)
    WHERE paid_at IS NULL AND status <> 'cancelled'
      AND payment_method IS DISTINCT FROM 'on_account';
CREATE INDEX orders_account_on_account_idx ON orders (account_id, created_at, id)
    WHERE paid_at IS NULL AND status <> 'cancelled' AND payment_method = 'on_account';
CREATE INDEX orders_awaiting_idx ON orders (created_at, id)
    WHERE paid_at IS NULL AND status <> 'cancelled'
      AND payment_method IS DISTINCT FROM 'on_account';
CREATE INDEX orders_on_account_idx ON orders (created_at, id)
    WHERE paid_at IS NULL AND status <> 'cancelled' AND payment_method = 'on_account';
-- The orders' search (an account's and the back-office's): the project's name and the
-- purchase-order reference. (The number has its unique index; the customer's name is searched
-- in customer_accounts_search_idx.)
CREATE INDEX orders_search_idx ON orders
    USING gin ((project_snapshot->>'name') gin_trgm_ops, po_reference gin_trgm_ops);

-- purchase-requests/list of a member who sees only their own, and the filter "requested by".
CREATE INDEX purchase_requests_requester_idx
    ON purchase_requests (account_id, requested_by, created_at, id);
-- purchase-requests/list filtered by state ("Mes commandes" shows the pending ones).
CREATE INDEX purchase_requests_status_idx
    ON purchase_requests (account_id, status, created_at, id);
-- Its search: the project's name and the purchase-order reference (the requester's name in
-- users_search_idx).
CREATE INDEX purchase_requests_search_idx ON purchase_requests
    USING gin ((project_snapshot->>'name') gin_trgm_ops, po_reference gin_trgm_ops);

-- projects/list filtered by service, and searched by name.
CREATE INDEX projects_account_service_idx ON projects (account_id, service, updated_at, id);
CREATE INDEX projects_search_idx ON projects USING gin (name gin_trgm_ops);

-- People searched by name or e-mail: the history's actors and subjects, a purchase request's
-- requester, a customer account's holder.
CREATE INDEX users_search_idx ON users USING gin (full_name gin_trgm_ops, email gin_trgm_ops);
-- collaborators/history searched by the name of who acted or who was concerned. These also
-- serve the foreign keys when a person is deleted (`ON DELETE SET NULL`), which read the whole
-- history without them.
CREATE INDEX membership_events_actor_idx ON membership_events (actor_id);
CREATE INDEX membership_events_subject_idx ON membership_events (subject_id);

-- backoffice/accounts searched by company name or SIRET, and the back-office's orders and
-- documents searched by customer.
CREATE INDEX customer_accounts_search_idx ON customer_accounts
    USING gin (company_name gin_trgm_ops, siret gin_trgm_ops);

-- documents/list filtered by kind, and a member's quotes (members who see only their own orders
-- see every quote of the account and the documents of their orders).
CREATE INDEX documents_account_kind_idx ON documents (account_id, kind, created_at, id);
-- backoffice/documents filtered by kind.
CREATE INDEX documents_kind_created_idx ON documents (kind, created_at, id);
-- The documents' search (a member's and the back-office's): number and title.
CREATE INDEX documents_search_idx ON documents
    USING gin (number gin_trgm_ops, title gin_trgm_ops);

-- backoffice/messages searched by sender (name, e-mail, company) or text.
CREATE INDEX contact_messages_search_idx ON contact_messages
    USING gin (name gin_trgm_ops, email gin_trgm_ops, company gin_trgm_ops, message gin_trgm_ops);
