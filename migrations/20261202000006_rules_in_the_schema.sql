-- Rules about data written once, in the schema, instead of in pieces of SQL assembled by the
-- code.

-- A person as every list, history line and e-mail names them: "First Last".
ALTER TABLE users
    ADD COLUMN full_name text GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED;

-- Who may see which order: the holder and the active members who see all orders see every
-- order of the account; the other active members, the orders they placed or asked for. Lists,
-- an order's page, its design files and the e-mails of each step all read this view.
CREATE VIEW order_readers AS
SELECT o.id AS order_id, o.account_id, m.user_id
FROM orders o
JOIN memberships m ON m.account_id = o.account_id AND m.status = 'active'
WHERE m.role = 'holder'
   OR m.can_see_all_orders
   OR m.user_id = o.placed_by
   OR m.user_id = o.requested_by;
