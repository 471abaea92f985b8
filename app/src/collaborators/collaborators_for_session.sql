-- A page of collaborators/list in one statement: the session's checks ($1 user id, $2 session
-- epoch, $3 the account chosen in the session) and the page ($4 a search's LIKE pattern, $5 a
-- state, $6 and $7 the cursor's time and id, $8 newest first, $9 how many lines). Also run as
-- is by pgbench in `make bench`. The quoted column names tell sqlx's checked macros each
-- column's nullability and Rust type.
WITH member AS (
    SELECT m.account_id, m.role = 'holder' AS holder,
           NOT a.require_two_factor OR u.two_factor_enabled_at IS NOT NULL AS allowed
    FROM users u JOIN memberships m ON m.user_id = u.id AND m.status = 'active'
         JOIN customer_accounts a ON a.id = m.account_id
    WHERE u.id = $1 AND u.session_epoch = $2 AND NOT u.must_change_password
      AND NOT u.is_staff
    ORDER BY coalesce(m.account_id = $3, false) DESC, m.role = 'holder' DESC, m.created_at
    LIMIT 1)
SELECT c.user_id AS "user_id?", c.first_name AS "first_name?", c.last_name AS "last_name?",
       c.email AS "email?", c.phone AS "phone?", c.can_buy AS "can_buy?",
       c.can_see_all_orders AS "can_see_all_orders?", c.status AS "status?: MembershipStatus",
       c.email_verified AS "email_verified?", c.created_at AS "created_at?"
FROM member LEFT JOIN LATERAL (
    -- Newest first ($8) or oldest first, each its own branch so that the account's index of
    -- collaborators in joining order (memberships_collaborators_joined_idx, which holds every
    -- column of memberships read here) gives the page's lines in order, read in one direction
    -- or the other, and stops at the page's end: one order chosen by $8 for both would sort
    -- every member of the account for each page. The other branch runs not at all.
    -- The cursor is a bound of the index's range (the first page's: beyond any line), so a
    -- deep page starts where it begins rather than reading the lines before it.
    (SELECT u.id AS user_id, u.first_name, u.last_name, u.email, u.phone,
            m.can_buy, m.can_see_all_orders, m.status,
            u.email_verified_at IS NOT NULL AS email_verified, m.created_at
     FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE $8 AND m.account_id = member.account_id AND m.role = 'collaborator'
       AND (member.holder OR m.status = 'active')
       AND ($4::text IS NULL OR u.full_name ILIKE $4 OR u.email ILIKE $4)
       AND ($5::text IS NULL OR m.status = $5)
       AND (m.created_at, m.user_id)
           < (coalesce($6::timestamptz, 'infinity'),
              coalesce($7::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
     ORDER BY m.created_at DESC, m.user_id DESC
     LIMIT $9)
    UNION ALL
    (SELECT u.id, u.first_name, u.last_name, u.email, u.phone,
            m.can_buy, m.can_see_all_orders, m.status,
            u.email_verified_at IS NOT NULL, m.created_at
     FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE NOT $8 AND m.account_id = member.account_id AND m.role = 'collaborator'
       AND (member.holder OR m.status = 'active')
       AND ($4::text IS NULL OR u.full_name ILIKE $4 OR u.email ILIKE $4)
       AND ($5::text IS NULL OR m.status = $5)
       AND (m.created_at, m.user_id)
           > (coalesce($6::timestamptz, '-infinity'),
              coalesce($7::uuid, '00000000-0000-0000-0000-000000000000'))
     ORDER BY m.created_at, m.user_id
     LIMIT $9)) c ON true
-- A member who must still enrol the second factor the holder requires gets no row: the usual
-- check says why.
WHERE member.allowed
