-- Grows a portal database to a given size, in set-based SQL (`generate_series`, a few seconds
-- for the tests' sizes, minutes for 100x): the measured account is topped up to its targets, and
-- new accounts around it bring the orders of all accounts to `all_orders`.
--
-- The measured account must exist with a first order placed through the portal (its project, the
-- project's design file and the order's pro-forma): every row made here is a copy of those, so
-- that the stored JSON (projects' snapshots, delivery addresses, documents' content) is the
-- real one. `bench/src/fixtures.rs` makes such an account, and so does the tests' world.
--
-- The caller first creates, in the same session, the temporary table `scale` of one row:
--   CREATE TEMP TABLE scale AS SELECT
--     '…'::uuid AS account_id,    -- the measured account
--     100000 AS orders,           -- the measured account's targets
--     20000 AS projects,
--     1000 AS collaborators,
--     5000 AS history,
--     10000 AS requests,
--     1000000 AS all_orders,      -- every account's orders together
--     100 AS orders_each,         -- orders of each new account (projects a fifth, requests a
--                                 -- tenth of that)
--     4 AS collaborators_each,    -- besides its holder
--     5 AS history_each,
--     2 AS documents_every,       -- one order in so many gets a pro-forma (new orders only)
--     10000 AS messages;          -- contact messages in all
-- then runs this file as one transaction (as `sqlx::raw_sql` does: `bench scale`, the plans
-- test; with psql, `--single-transaction`), then ANALYZE. Running it again adds only what is
-- missing. Dates are spread over the last two years.

CREATE TEMP TABLE scale_template AS
SELECT s.*, o.id AS order_id, o.project_id, h.user_id AS holder_id,
       (SELECT count(*) FROM customer_accounts) AS accounts_before,
       (SELECT d.id FROM documents d WHERE d.order_id = o.id ORDER BY d.created_at, d.id LIMIT 1)
           AS document_id,
       (SELECT f.id FROM project_files f WHERE f.project_id = o.project_id AND f.current
        ORDER BY f.uploaded_at, f.id LIMIT 1) AS file_id
FROM scale s
JOIN memberships h ON h.account_id = s.account_id AND h.role = 'holder'
-- The first order placed through the portal: one with its pro-forma (SQL copies have none).
JOIN LATERAL (SELECT o.id, o.project_id FROM orders o
              WHERE o.account_id = s.account_id AND o.project_id IS NOT NULL
              ORDER BY EXISTS (SELECT 1 FROM documents d WHERE d.order_id = o.id) DESC,
                       o.created_at, o.id
              LIMIT 1) o ON true;
ANALYZE scale_template;

-- Loading in bulk: the secondary indexes of the tables grown here (not the unique ones, which
-- keep the data right) are dropped, then made again from their definitions once the rows are
-- in, which is many times faster than maintaining them row by row.
SET maintenance_work_mem = '256MB';
SET work_mem = '64MB';
-- Rows made by the hundred thousand: hash joins, never a loop over one side per row of the
-- other (the temporary tables are analysed as they are made, for the same reason).
SET enable_nestloop = off;
CREATE TEMP TABLE scale_indexes AS
SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relnamespace = 'public'::regnamespace AND NOT i.indisunique
  AND t.relname IN ('orders', 'documents', 'projects', 'project_files', 'purchase_requests',
                    'memberships', 'membership_events', 'users', 'customer_accounts',
                    'contact_messages');
DO $$
DECLARE
    dropped record;
BEGIN
    FOR dropped IN SELECT name FROM scale_indexes LOOP
        EXECUTE format('DROP INDEX %I', dropped.name);
    END LOOP;
END $$;

-- How long ago the `n`th row of an account was made: every `step` back from now for the
-- measured account (`seq` 0), anywhere in the last two years for the others, so that their rows
-- interleave in time as different customers' do.
CREATE FUNCTION pg_temp.scale_ago(seq int, n int, step interval) RETURNS interval
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN seq = 0 THEN n * step
                ELSE (abs(hashint8(seq * 1000003::bigint + n)) % 63072000) * interval '1 second'
           END
$$;

-- How many rows each account gets, from 1 + `skip` (the rows it has already) to `skip + add`.
CREATE TEMP TABLE scale_plan (
    account_id uuid PRIMARY KEY,
    holder_id uuid NOT NULL,
    seq int NOT NULL,               -- numbers the account's e-mails and dates
    collaborators_skip int NOT NULL,
    collaborators_add int NOT NULL,
    projects_skip int NOT NULL,
    projects_add int NOT NULL,
    orders_skip int NOT NULL,
    orders_add int NOT NULL,
    requests_add int NOT NULL,
    history_add int NOT NULL
);

INSERT INTO scale_plan
SELECT t.account_id, t.holder_id, 0,
       c.n, greatest(0, t.collaborators - c.n),
       p.n, greatest(0, t.projects - p.n),
       o.n, greatest(0, t.orders - o.n),
       greatest(0, t.requests - (SELECT count(*) FROM purchase_requests
                                 WHERE account_id = t.account_id)),
       greatest(0, t.history - (SELECT count(*) FROM membership_events
                                WHERE account_id = t.account_id))
FROM scale_template t,
     LATERAL (SELECT count(*)::int AS n FROM memberships
              WHERE account_id = t.account_id AND role = 'collaborator') c,
     LATERAL (SELECT count(*)::int AS n FROM projects WHERE account_id = t.account_id) p,
     LATERAL (SELECT count(*)::int AS n FROM orders WHERE account_id = t.account_id) o;

-- The new accounts: enough of them to reach `all_orders` once the measured account has its own.
WITH missing AS (
    SELECT t.all_orders - (SELECT count(*) FROM orders) - p.orders_add AS orders
    FROM scale_template t, scale_plan p),
numbered AS MATERIALIZED (
    SELECT n, gen_random_uuid() AS account_id, gen_random_uuid() AS holder_id
    FROM scale_template t, missing m,
         generate_series(1, greatest(0, ceil(m.orders::numeric / t.orders_each))::int) n),
accounts AS (
    INSERT INTO customer_accounts (id, company_name, siret, created_at, payment_on_account,
                                   siret_verified_at)
    SELECT x.account_id, 'Client échelle ' || (t.accounts_before + x.n),
           CASE WHEN x.n % 3 <> 0 THEN '99' || lpad((t.accounts_before + x.n)::text, 12, '0') END,
           now() - pg_temp.scale_ago(x.n, 0, interval '0'),
           x.n % 10 = 0, CASE WHEN x.n % 3 = 1 THEN now() END
    FROM numbered x, scale_template t),
holders AS (
    INSERT INTO users (id, email, password_hash, first_name, last_name, phone, email_verified_at)
    SELECT x.holder_id, 'titulaire' || (t.accounts_before + x.n) || '@scale.example',
           u.password_hash, 'Jeanne', 'Titulaire ' || (t.accounts_before + x.n),
           '+337' || lpad((x.n % 100000000)::text, 8, '0'), now()
    FROM numbered x, scale_template t JOIN users u ON u.id = t.holder_id)
INSERT INTO scale_plan
SELECT x.account_id, x.holder_id, x.n, 0, t.collaborators_each, 0, greatest(1, t.orders_each / 5), 0,
       -- the last account takes what is left
       least(t.orders_each, m.orders - (x.n - 1) * t.orders_each),
       t.orders_each / 10, t.history_each
FROM numbered x, scale_template t, missing m;

ANALYZE scale_plan;

INSERT INTO memberships (account_id, user_id, role, created_at)
SELECT p.account_id, p.holder_id, 'holder', now() - pg_temp.scale_ago(p.seq, 0, interval '0')
FROM scale_plan p WHERE p.seq > 0;

-- Collaborators: every third can buy, every fourth sees all orders, every tenth deactivated.
WITH people AS (
    SELECT p.account_id, p.holder_id, p.seq, n, gen_random_uuid() AS user_id
    FROM scale_plan p,
         generate_series(p.collaborators_skip + 1, p.collaborators_skip + p.collaborators_add) n),
made AS (
    INSERT INTO users (id, email, password_hash, first_name, last_name, phone, email_verified_at)
    SELECT x.user_id, 'c' || x.n || '.' || replace(x.account_id::text, '-', '') || '@scale.example',
           u.password_hash,
           (ARRAY['Paul','Zoé','Léa','Hugo','Inès','Louis','Chloé','Jules','Emma','Noé'])[1 + x.n % 10],
           (ARRAY['Martin','Bernard','Dubois','Thomas','Robert','Richard','Petit','Durand'])[1 + x.n % 8]
               || '-' || x.seq || '-' || x.n,
           '+336' || lpad(((x.seq * 1000 + x.n) % 100000000)::text, 8, '0'), now()
    FROM people x, scale_template t JOIN users u ON u.id = t.holder_id)
INSERT INTO memberships (account_id, user_id, role, can_buy, can_see_all_orders, status,
                         added_by, created_at, updated_at)
SELECT x.account_id, x.user_id, 'collaborator', x.n % 3 = 0, x.n % 4 = 0,
       CASE WHEN x.n % 10 = 0 THEN 'deactivated' ELSE 'active' END, x.holder_id,
       now() - pg_temp.scale_ago(x.seq, x.n, interval '7 hours'),
       now() - pg_temp.scale_ago(x.seq, x.n, interval '7 hours')
FROM people x;

-- The active members numbered per account from 0 (`j`), and apart (`k`) the buyers (the holder
-- and those who can buy), who place orders, and the others, who ask for them.
CREATE TEMP TABLE scale_people AS
SELECT m.account_id, m.role = 'holder' OR m.can_buy AS buyer, m.user_id,
       (row_number() OVER (PARTITION BY m.account_id, m.role = 'holder' OR m.can_buy
                           ORDER BY m.user_id) - 1)::int AS k,
       (row_number() OVER (PARTITION BY m.account_id ORDER BY m.user_id) - 1)::int AS j
FROM memberships m JOIN scale_plan p ON p.account_id = m.account_id
WHERE m.status = 'active';
CREATE INDEX ON scale_people (account_id, buyer, k);
CREATE INDEX ON scale_people (account_id, j);
CREATE TEMP TABLE scale_people_count AS
SELECT p.account_id,
       count(*) FILTER (WHERE x.buyer)::int AS buyers,
       count(*) FILTER (WHERE NOT x.buyer)::int AS askers,
       count(*)::int AS members
FROM scale_plan p LEFT JOIN scale_people x ON x.account_id = p.account_id
GROUP BY p.account_id;
ANALYZE scale_people, scale_people_count;

INSERT INTO projects (id, account_id, name, service, quantity, layers, width_mm, height_mm,
                      thickness, finish, mask, notes, created_by, updated_by, created_at, updated_at)
SELECT gen_random_uuid(), p.account_id,
       (ARRAY['Carte capteur', 'Alimentation', 'Contrôleur moteur', 'Module radio',
              'Interface USB', 'Pilote LED', 'Carte mère', 'Afficheur', 'Chargeur', 'Passerelle',
              'Amplificateur', 'Convertisseur', 'Horloge', 'Relais', 'Sonde thermique',
              'Clavier', 'Émetteur', 'Récepteur', 'Régulateur', 'Filtre actif'])[1 + n % 20]
           || ' ' || p.seq || '-' || n,
       (ARRAY['fabrication','assembly','fabrication_assembly'])[1 + n % 3],
       1 + (n * 7) % 500, t.layers, t.width_mm, t.height_mm, t.thickness, t.finish, t.mask, t.notes,
       b.user_id, b.user_id,
       now() - pg_temp.scale_ago(p.seq, n, interval '53 minutes'),
       now() - 0.6 * pg_temp.scale_ago(p.seq, n, interval '53 minutes')
FROM scale_plan p
JOIN scale_template s ON true
JOIN projects t ON t.id = s.project_id
JOIN scale_people_count c ON c.account_id = p.account_id
CROSS JOIN LATERAL generate_series(p.projects_skip + 1, p.projects_skip + p.projects_add) n
JOIN scale_people b ON b.account_id = p.account_id AND b.buyer AND b.k = n % c.buyers;

-- The projects numbered per account from 0, for the orders and requests to name one.
CREATE TEMP TABLE scale_projects AS
SELECT account_id, id, name,
       (row_number() OVER (PARTITION BY account_id ORDER BY id) - 1)::int AS k
FROM projects WHERE account_id IN (SELECT account_id FROM scale_plan);
CREATE INDEX ON scale_projects (account_id, k);
CREATE TEMP TABLE scale_project_count AS
SELECT account_id, count(*)::int AS projects FROM scale_projects GROUP BY account_id;
ANALYZE scale_projects, scale_project_count;

-- Each new project gets the template's design file (the stored file is the template's: a list
-- counts it, a download of a copy finds nothing).
INSERT INTO project_files (id, account_id, project_id, kind, file_name, size_bytes, storage_key,
                           current, uploaded_by, uploaded_at)
SELECT gen_random_uuid(), x.account_id, x.id, f.kind, f.file_name, f.size_bytes,
       'scale/' || x.id, true, f.uploaded_by, f.uploaded_at
FROM scale_projects x
JOIN scale_template s ON true
JOIN project_files f ON f.id = s.file_id
WHERE x.id <> s.project_id
  AND NOT EXISTS (SELECT 1 FROM project_files e WHERE e.project_id = x.id);

-- Orders through every step; one in five asked for by a member who cannot buy, one in eight
-- paid on account; each placed from a project of its account, with the template's snapshot under
-- that project's name, and a purchase-order reference of its own.
INSERT INTO orders (id, account_id, project_id, placed_by, requested_by, idempotency_key,
                    project_snapshot, quantity, lead_time, net_cents, vat_cents, total_cents,
                    delivery_address, po_reference, status, payment_method, payment_reference,
                    paid_at, project_version, terms_version, created_at, updated_at)
SELECT gen_random_uuid(), p.account_id, pr.id, b.user_id, a.user_id, gen_random_uuid(),
       jsonb_set(t.project_snapshot, '{name}', to_jsonb(pr.name)),
       t.quantity, t.lead_time, t.net_cents, t.vat_cents, t.total_cents, t.delivery_address,
       'PO-' || p.seq || '-' || n,
       (ARRAY['received','file_check','in_production','shipped','delivered','cancelled'])[1 + n % 6],
       CASE WHEN n % 8 = 0 THEN 'on_account' WHEN n % 6 <> 0 THEN 'bank_transfer' END,
       'S' || p.seq || '-' || n || '-' || left(replace(p.account_id::text, '-', ''), 8),
       CASE WHEN n % 6 BETWEEN 1 AND 4 AND n % 8 <> 0
            THEN now() - 0.9 * pg_temp.scale_ago(p.seq, n, interval '10 minutes') END,
       t.project_version, t.terms_version,
       now() - pg_temp.scale_ago(p.seq, n, interval '10 minutes'),
       now() - 0.9 * pg_temp.scale_ago(p.seq, n, interval '10 minutes')
FROM scale_plan p
JOIN scale_template s ON true
JOIN orders t ON t.id = s.order_id
JOIN scale_people_count c ON c.account_id = p.account_id
JOIN scale_project_count pc ON pc.account_id = p.account_id
CROSS JOIN LATERAL generate_series(p.orders_skip + 1, p.orders_skip + p.orders_add) n
JOIN scale_projects pr ON pr.account_id = p.account_id AND pr.k = n % pc.projects
JOIN scale_people b ON b.account_id = p.account_id AND b.buyer AND b.k = n % c.buyers
LEFT JOIN scale_people a ON a.account_id = p.account_id AND NOT a.buyer AND n % 5 = 0
                            AND a.k = (n / 5) % greatest(c.askers, 1);

-- One new order in `documents_every` gets its pro-forma, a copy of the template's.
INSERT INTO documents (id, kind, number, account_id, order_id, project_id, issued_by, locale,
                       title, gross_cents, content, created_at)
SELECT gen_random_uuid(), d.kind, 'PF-' || o.number, o.account_id, o.id, NULL, o.placed_by,
       d.locale, o.project_snapshot->>'name', d.gross_cents, d.content, o.created_at
FROM orders o
JOIN scale_plan p ON p.account_id = o.account_id
JOIN scale_template s ON true
JOIN documents d ON d.id = s.document_id
WHERE o.number % s.documents_every = 0
  AND o.id <> s.order_id
  AND NOT EXISTS (SELECT 1 FROM documents e WHERE e.order_id = o.id);

-- Purchase requests by members who cannot buy (or the holder, in an account without them),
-- in every state.
INSERT INTO purchase_requests (id, account_id, project_id, requested_by, idempotency_key,
                               project_snapshot, quantity, lead_time, net_cents,
                               delivery_address, po_reference, status, decided_by, decided_at,
                               message, project_version, terms_version, created_at)
SELECT gen_random_uuid(), p.account_id, pr.id, coalesce(a.user_id, p.holder_id),
       gen_random_uuid(),
       jsonb_set(t.project_snapshot, '{name}', to_jsonb(pr.name)),
       t.quantity, t.lead_time, t.net_cents, t.delivery_address, 'DA-' || p.seq || '-' || n,
       (ARRAY['pending','approved','declined','cancelled'])[1 + n % 4],
       CASE WHEN n % 4 IN (1, 2) THEN p.holder_id END,
       CASE WHEN n % 4 IN (1, 2)
            THEN now() - 0.9 * pg_temp.scale_ago(p.seq, n, interval '37 minutes') END,
       CASE WHEN n % 4 = 2 THEN 'Pas ce mois-ci.' END,
       t.project_version, t.terms_version,
       now() - pg_temp.scale_ago(p.seq, n, interval '37 minutes')
FROM scale_plan p
JOIN scale_template s ON true
JOIN orders t ON t.id = s.order_id
JOIN scale_people_count c ON c.account_id = p.account_id
JOIN scale_project_count pc ON pc.account_id = p.account_id
CROSS JOIN LATERAL generate_series(1, p.requests_add) n
JOIN scale_projects pr ON pr.account_id = p.account_id AND pr.k = n % pc.projects
LEFT JOIN scale_people a ON a.account_id = p.account_id AND NOT a.buyer
                            AND a.k = n % greatest(c.askers, 1);

-- The account's history: the holder acting on its members.
INSERT INTO membership_events (account_id, actor_id, subject_id, action, can_buy,
                               can_see_all_orders, created_at)
SELECT p.account_id, p.holder_id, m.user_id,
       (ARRAY['created','permissions_changed','deactivated','reactivated','invited','attached'])[1 + n % 6],
       CASE WHEN n % 6 IN (0, 1) THEN n % 3 = 0 END,
       CASE WHEN n % 6 IN (0, 1) THEN n % 4 = 0 END,
       now() - pg_temp.scale_ago(p.seq, n, interval '2 hours')
FROM scale_plan p
JOIN scale_people_count c ON c.account_id = p.account_id
CROSS JOIN LATERAL generate_series(1, p.history_add) n
JOIN scale_people m ON m.account_id = p.account_id AND m.j = n % c.members;

INSERT INTO contact_messages (id, name, email, company, subject, message, locale, created_at)
SELECT gen_random_uuid(), 'Visiteur ' || n, 'visiteur' || n || '@scale.example',
       CASE WHEN n % 2 = 0 THEN 'Société ' || n END,
       (ARRAY['quote','order','files','account','other'])[1 + n % 5],
       'Bonjour, une question sur la commande ' || n || ' et ses délais.',
       CASE WHEN n % 4 = 0 THEN 'en' ELSE 'fr' END,
       now() - n * interval '3 hours'
FROM scale_template s,
     generate_series(1, greatest(0, s.messages - (SELECT count(*) FROM contact_messages))) n;

DO $$
DECLARE
    made record;
BEGIN
    FOR made IN SELECT definition FROM scale_indexes LOOP
        EXECUTE made.definition;
    END LOOP;
END $$;
RESET maintenance_work_mem;
RESET work_mem;
RESET enable_nestloop;

DROP FUNCTION pg_temp.scale_ago;
DROP TABLE scale_template, scale_plan, scale_people, scale_people_count, scale_projects,
           scale_project_count, scale_indexes;
