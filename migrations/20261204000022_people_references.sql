-- Deleting a person (`account/delete`) sets their name to nothing wherever they acted: every
-- column that references `users` is looked up by that person's id alone, which without an index
-- starting with it reads the whole table (at 100x: a million orders, twice, and their events).
-- Partial indexes: most of these columns are often empty, and a lookup by a person's id never
-- looks for an empty one (the history's `actor_id` and `subject_id` have theirs already, from
-- 20261204000021). `server/tests/api/plans.rs` checks the plans of a deletion.
CREATE INDEX customer_accounts_siret_verified_by_ref_idx ON customer_accounts (siret_verified_by)
    WHERE siret_verified_by IS NOT NULL;
CREATE INDEX memberships_added_by_ref_idx ON memberships (added_by) WHERE added_by IS NOT NULL;
CREATE INDEX collaboration_requests_created_by_ref_idx ON collaboration_requests (created_by)
    WHERE created_by IS NOT NULL;
CREATE INDEX collaboration_requests_decided_by_ref_idx ON collaboration_requests (decided_by)
    WHERE decided_by IS NOT NULL;
CREATE INDEX holder_transfers_created_by_ref_idx ON holder_transfers (created_by)
    WHERE created_by IS NOT NULL;
CREATE INDEX holder_transfers_to_user_id_ref_idx ON holder_transfers (to_user_id);
CREATE INDEX projects_created_by_ref_idx ON projects (created_by) WHERE created_by IS NOT NULL;
CREATE INDEX projects_updated_by_ref_idx ON projects (updated_by) WHERE updated_by IS NOT NULL;
CREATE INDEX project_files_uploaded_by_ref_idx ON project_files (uploaded_by)
    WHERE uploaded_by IS NOT NULL;
CREATE INDEX orders_placed_by_ref_idx ON orders (placed_by) WHERE placed_by IS NOT NULL;
CREATE INDEX orders_requested_by_ref_idx ON orders (requested_by)
    WHERE requested_by IS NOT NULL;
CREATE INDEX order_events_actor_id_ref_idx ON order_events (actor_id) WHERE actor_id IS NOT NULL;
CREATE INDEX purchase_requests_requested_by_ref_idx ON purchase_requests (requested_by)
    WHERE requested_by IS NOT NULL;
CREATE INDEX purchase_requests_decided_by_ref_idx ON purchase_requests (decided_by)
    WHERE decided_by IS NOT NULL;
CREATE INDEX documents_issued_by_ref_idx ON documents (issued_by) WHERE issued_by IS NOT NULL;
-- The person's messages to the manufacturer go with them, found by their address.
CREATE INDEX contact_messages_email_idx ON contact_messages (lower(email));
