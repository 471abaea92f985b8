-- The other lists read a page at a time (shared::list): the collaborators by the date they
-- joined, the membership history, the purchase requests and the back-office's customer
-- accounts, each index ending with the line's id like those of migration 16.
CREATE INDEX memberships_account_joined_idx ON memberships (account_id, created_at, user_id);
DROP INDEX membership_events_account_idx;
CREATE INDEX membership_events_account_created_idx ON membership_events (account_id, created_at, id);
DROP INDEX purchase_requests_account_idx;
CREATE INDEX purchase_requests_account_created_idx ON purchase_requests (account_id, created_at, id);
CREATE INDEX customer_accounts_created_idx ON customer_accounts (created_at, id);
