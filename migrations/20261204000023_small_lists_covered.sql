-- Pages of the lists where an average account has fewer lines than a page (its collaborators,
-- its history) read from an index alone. PostgreSQL plans a prepared statement for an average
-- account once it keeps a generic plan; for a few lines, a bitmap scan and a sort cost it less
-- than the index in order, and for an account of a thousand collaborators or five thousand
-- history lines that plan reads and sorts every one of them for each page (bench: "The lists at
-- 100×"). With every column the page shows in the index, reading it in order needs no table
-- and costs less whatever the account's size, so it is the plan for any account.
CREATE INDEX memberships_collaborators_joined_idx ON memberships (account_id, created_at, user_id)
    INCLUDE (status, can_buy, can_see_all_orders) WHERE role = 'collaborator';
CREATE INDEX membership_events_account_page_idx ON membership_events (account_id, created_at, id)
    INCLUDE (action, can_buy, can_see_all_orders, actor_id, subject_id);
DROP INDEX membership_events_account_created_idx;
