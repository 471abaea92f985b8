-- Lists are read a page at a time from a line's place, its (time, id) (keyset pagination,
-- shared::list): each index ends with the id, so that a page starting after any line, in
-- either direction, is read from the index without sorting.
DROP INDEX orders_account_idx;
CREATE INDEX orders_account_created_idx ON orders (account_id, created_at, id);
DROP INDEX orders_created_idx;
CREATE INDEX orders_created_idx ON orders (created_at, id);
DROP INDEX orders_status_idx;
CREATE INDEX orders_status_created_idx ON orders (status, created_at, id);
DROP INDEX projects_account_idx;
CREATE INDEX projects_account_updated_idx ON projects (account_id, updated_at, id);
