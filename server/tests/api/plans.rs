//! Every list answers its first page and a deep one from indexes, however large the data: the
//! real plan of every statement a list's server function runs, read from PostgreSQL itself
//! (`auto_explain`, set on the test's database, sends each plan back to sqlx as a NOTICE), must
//! not read a large table sequentially. The data is grown with the bench's own fixture
//! (`bench/sql/scale.sql`) to the proportions of the 100x target, at a tenth of its size.
//!
//! Each list is read as its callers read it: the first page, a page about 200 pages down (from
//! the cursor of a line that deep, as following "next" would reach it), the two pages after it
//! by their `next` cursor and the one before by `previous`, and its filters and searches. Once
//! with the plans PostgreSQL makes for the values at hand, then again on a second server whose
//! connections use generic plans only (`plan_cache_mode`), which is what a prepared statement
//! switches to after five runs when its generic plan looks as cheap.
use crate::helpers::{spawn_app_on_database_with, TestApp};
use crate::world::{ok, world_in, World};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use tracing::{
    field::{Field, Visit},
    Event, Subscriber,
};
use tracing_subscriber::{
    filter::filter_fn, layer::Context, prelude::*, registry::LookupSpan, Layer,
};
use uuid::Uuid;

/// Every statement's plan, sent to the client as a NOTICE in JSON, with the rows each step
/// read (`log_analyze`, without timing: cheap).
const AUTO_EXPLAIN: [(&str, &str); 6] = [
    ("session_preload_libraries", "auto_explain"),
    ("auto_explain.log_min_duration", "0"),
    ("auto_explain.log_format", "json"),
    ("auto_explain.log_level", "notice"),
    ("auto_explain.log_analyze", "on"),
    ("auto_explain.log_timing", "off"),
];

/// The tables that grow with the business, each made large here: none may be read whole. The
/// others stay small whatever the data, or are never read by a list: the sessions (read by
/// their key only), an account's delivery addresses, the document series (one row a year and
/// series), holder transfers (one pending per account at most), the rate limits and the outbox
/// (swept as they age), the security events (read by person), the requests to join an account
/// (read by account or person, never by a list).
const LARGE_TABLES: [&str; 10] = [
    "orders",
    "projects",
    "project_files",
    "purchase_requests",
    "memberships",
    "membership_events",
    "users",
    "customer_accounts",
    "documents",
    "contact_messages",
];

/// The most rows of a large table one step of a page's statement may read: a page's lines (25,
/// a few hundred when a filter keeps one line in ten), or the account's members (the people a
/// list is narrowed to: 300 here, at most a few thousand in life). Reading a whole account's
/// orders, projects or history (thousands here) is what a page must never do. A searched page
/// is not held to it: PostgreSQL weighs the search's index against reading the list in order
/// until the page is full, from how often it expects the text, and either may read more.
const MOST_ROWS: f64 = 500.0;

/// How deep the deep page starts: the line at page 200 of 25 lines, or three quarters down a
/// shorter list.
const DEEP: i64 = 200 * 25;

/// The plans PostgreSQL sends back, outside the process's background tasks (the mailer's
/// polling, the sweeps: under a `background` span).
#[derive(Clone, Default)]
struct Plans(Arc<Mutex<Vec<String>>>);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Plans {
    fn on_event(&self, event: &Event<'_>, context: Context<'_, S>) {
        let in_background = context
            .event_scope(event)
            .is_some_and(|mut scope| scope.any(|span| span.name() == "background"));
        if in_background {
            return;
        }
        let mut message = Message::default();
        event.record(&mut message);
        self.0.lock().unwrap().push(message.0);
    }
}

/// The `message` field of sqlx's NOTICE event.
#[derive(Default)]
struct Message(String);

impl Visit for Message {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            value.clone_into(&mut self.0);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}

impl Plans {
    fn record() -> Self {
        let plans = Self::default();
        let only_notices =
            filter_fn(|meta| meta.is_span() || meta.target() == "sqlx::postgres::notice");
        tracing_subscriber::registry()
            .with(plans.clone().with_filter(only_notices))
            .init();
        plans
    }

    /// The plans received since the last call: each statement's text and plan.
    fn take(&self) -> Vec<(String, Value)> {
        std::mem::take(&mut *self.0.lock().unwrap())
            .iter()
            .filter_map(|message| {
                // `duration: 0.1 ms  plan:\n{…}`
                let explained: Value = serde_json::from_str(&message[message.find('{')?..]).ok()?;
                let text = explained["Query Text"].as_str().unwrap_or("").to_owned();
                Some((text, explained["Plan"].clone()))
            })
            .collect()
    }
}

/// What is wrong with `plan`, at any depth (joins, sub-plans, init plans): a large table read
/// sequentially, more than `MOST_ROWS` rows of a `counted` table read by one step, more than
/// `MOST_ROWS` lines sorted for a page (`sorts_counted`: the lines read whole then sorted, where
/// an index gives them in order), or a limit planned for more lines than a page has (`LIMIT $n`
/// in a generic plan: PostgreSQL plans for a tenth of the table, which at 100x makes it compile
/// the plan with JIT for every page).
fn faults(
    plan: &Value,
    counted: &dyn Fn(&str) -> bool,
    sorts_counted: bool,
    found: &mut Vec<String>,
) {
    let count = |plan: &Value, key: &str| plan[key].as_f64().unwrap_or(0.0);
    if plan["Node Type"] == "Limit" && count(plan, "Plan Rows") > 101.0 {
        found.push(format!("plans its limit for {} lines", plan["Plan Rows"]));
    }
    if plan["Node Type"] == "Sort" && sorts_counted {
        let sorted: f64 = (plan["Plans"].as_array().into_iter().flatten())
            .map(|input| count(input, "Actual Rows") * count(input, "Actual Loops"))
            .sum();
        if sorted > MOST_ROWS {
            found.push(format!("sorts {sorted} lines for a page"));
        }
    }
    let table = plan["Relation Name"].as_str().unwrap_or_default();
    if LARGE_TABLES.contains(&table) {
        let node = plan["Node Type"].as_str().unwrap_or_default();
        if node == "Seq Scan" {
            found.push(format!("reads {table} sequentially"));
        }
        // Per loop: the rows given, and those read then dropped.
        let read = (count(plan, "Actual Rows")
            + count(plan, "Rows Removed by Filter")
            + count(plan, "Rows Removed by Index Recheck"))
            * count(plan, "Actual Loops");
        if counted(table) && read > MOST_ROWS {
            found.push(format!("reads {read} rows of {table} ({node})"));
        }
    }
    for child in plan["Plans"].as_array().into_iter().flatten() {
        faults(child, counted, sorts_counted, found);
    }
}

/// A plan as one line per node: its type, table and index (`PLANS_SHOW=1` prints them all).
fn outline(plan: &Value, depth: usize) -> String {
    let mut line = format!(
        "{}{}",
        "  ".repeat(depth),
        plan["Node Type"].as_str().unwrap_or("?")
    );
    for key in ["Relation Name", "Index Name", "Scan Direction"] {
        if let Some(value) = plan[key].as_str() {
            line.push_str(&format!(" {value}"));
        }
    }
    line.push_str(&format!(
        " (rows {} planned, {} x {} read, {} dropped)",
        plan["Plan Rows"],
        plan["Actual Rows"],
        plan["Actual Loops"],
        plan["Rows Removed by Filter"].as_f64().unwrap_or(0.0)
            + plan["Rows Removed by Index Recheck"]
                .as_f64()
                .unwrap_or(0.0)
    ));
    for child in plan["Plans"].as_array().into_iter().flatten() {
        line.push('\n');
        line.push_str(&outline(child, depth + 1));
    }
    line
}

/// One list as one kind of caller reads it: its endpoint, a search or filters, and the cursor
/// of a line far down.
struct List<'a> {
    name: String,
    client: &'a reqwest::Client,
    endpoint: &'static str,
    /// The query's search and filters (`{}` for the whole list).
    query: Value,
    deep: Value,
    /// Tables of which a page may read more than `MOST_ROWS` rows, each said why.
    uncounted: &'static [&'static str],
    /// A searched list whose search still reads its lines in order: held to `MOST_ROWS` like
    /// a list that is not searched.
    searched_in_order: bool,
}

fn list<'a>(
    name: &str,
    client: &'a reqwest::Client,
    endpoint: &'static str,
    query: Value,
    deep: &Value,
) -> List<'a> {
    List {
        name: name.to_owned(),
        client,
        endpoint,
        query,
        deep: deep.clone(),
        uncounted: &[],
        searched_in_order: false,
    }
}

impl List<'_> {
    fn uncounted(self, tables: &'static [&'static str]) -> Self {
        List {
            uncounted: tables,
            ..self
        }
    }

    fn searched_in_order(self) -> Self {
        List {
            searched_in_order: true,
            ..self
        }
    }
}

/// The page in a list's answer (`orders/list` and `purchase-requests/list` answer it beside
/// the people to narrow it to).
fn page_in(answer: &Value) -> &Value {
    answer
        .get("orders")
        .or_else(|| answer.get("requests"))
        .unwrap_or(answer)
}

/// The cursor of the line `DEEP` lines down (or three quarters down) the rows of `from`, sorted
/// newest first by `time` and `id` as the lists are.
async fn cursor_down(pool: &sqlx::PgPool, from: &str, time: &str, id: &str) -> Value {
    let sql = format!(
        "SELECT jsonb_build_object('at_micros', (extract(epoch FROM t) * 1000000)::bigint,
                                   'id', i)
         FROM (SELECT {time} AS t, {id} AS i,
                      row_number() OVER (ORDER BY {time} DESC, {id} DESC) AS r,
                      count(*) OVER () AS c
               FROM {from}) x
         WHERE r = greatest(1, least({DEEP}, c * 3 / 4))"
    );
    sqlx::query_scalar(&sql)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|error| panic!("{sql}: {error}"))
}

/// The world's data grown by the bench's fixture: a tenth of the 100x target, in the same
/// proportions (the measured account a tenth of the orders, its collaborators a few percent of
/// the people).
async fn grow(world: &World) {
    let started = std::time::Instant::now();
    let mut connection = world.app.pool.acquire().await.unwrap();
    // Not the plans of the fixture's statements: measuring them doubles its time.
    sqlx::query("SET auto_explain.log_min_duration = -1")
        .execute(&mut *connection)
        .await
        .unwrap();
    let sizes = format!(
        "CREATE TEMP TABLE scale AS SELECT '{}'::uuid AS account_id,
             6000 AS orders, 1200 AS projects, 300 AS collaborators, 1000 AS history,
             3000 AS requests, 60000 AS all_orders, 6 AS orders_each,
             2 AS collaborators_each, 2 AS history_each, 2 AS documents_every,
             10000 AS messages",
        world.account_id
    );
    sqlx::query(&sizes).execute(&mut *connection).await.unwrap();
    sqlx::raw_sql(include_str!("../../../bench/sql/scale.sql"))
        .execute(&mut *connection)
        .await
        .expect("bench/sql/scale.sql");
    sqlx::raw_sql("DROP TABLE scale; RESET auto_explain.log_min_duration")
        .execute(&mut *connection)
        .await
        .unwrap();
    // As autovacuum leaves a table that has grown: its statistics, and its visibility map,
    // which lets a page be read from an index alone (migration 23, the back-office's search by
    // customer).
    sqlx::query("VACUUM ANALYZE")
        .execute(&mut *connection)
        .await
        .unwrap();
    eprintln!("grown in {:.1} s", started.elapsed().as_secs_f32());
    for table in LARGE_TABLES {
        let rows: f32 = sqlx::query_scalar("SELECT reltuples FROM pg_class WHERE relname = $1")
            .bind(table)
            .fetch_one(&mut *connection)
            .await
            .unwrap();
        assert!(rows >= 2000.0, "{table} has {rows} rows: too few to tell");
    }
}

async fn user_id(world: &World, email: &str) -> Uuid {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&world.app.pool)
        .await
        .unwrap()
}

/// Every list, as each kind of caller whose list is a statement of its own reads it.
async fn lists(world: &World) -> Vec<List<'_>> {
    let pool = &world.app.pool;
    let account = world.account_id;
    let buyer = user_id(world, "buyer@acme.fr").await;
    let non_buyer = user_id(world, "nonbuyer@acme.fr").await;
    let some_order: i64 = sqlx::query_scalar(
        "SELECT number FROM orders WHERE account_id = $1 ORDER BY created_at LIMIT 1 OFFSET 3000",
    )
    .bind(account)
    .fetch_one(pool)
    .await
    .unwrap();
    let orders = cursor_down(
        pool,
        &format!("orders WHERE account_id = '{account}'"),
        "created_at",
        "id",
    )
    .await;
    let own_orders = |user: Uuid| {
        format!(
            "orders WHERE account_id = '{account}' AND (placed_by = '{user}' OR requested_by = '{user}')"
        )
    };
    let buyer_orders = cursor_down(pool, &own_orders(buyer), "created_at", "id").await;
    let non_buyer_orders = cursor_down(pool, &own_orders(non_buyer), "created_at", "id").await;
    let requests = cursor_down(
        pool,
        &format!("purchase_requests WHERE account_id = '{account}'"),
        "created_at",
        "id",
    )
    .await;
    let own_requests = cursor_down(
        pool,
        &format!(
            "purchase_requests WHERE account_id = '{account}' AND requested_by = '{non_buyer}'"
        ),
        "created_at",
        "id",
    )
    .await;
    let projects = cursor_down(
        pool,
        &format!("projects WHERE account_id = '{account}'"),
        "updated_at",
        "id",
    )
    .await;
    let collaborators = cursor_down(
        pool,
        &format!("memberships WHERE account_id = '{account}' AND role = 'collaborator'"),
        "created_at",
        "user_id",
    )
    .await;
    let history = cursor_down(
        pool,
        &format!("membership_events WHERE account_id = '{account}'"),
        "created_at",
        "id",
    )
    .await;
    let documents = cursor_down(
        pool,
        &format!("documents WHERE account_id = '{account}'"),
        "created_at",
        "id",
    )
    .await;
    let own_documents = cursor_down(
        pool,
        &format!(
            "documents WHERE account_id = '{account}' AND (kind = 'quote' OR order_id IN
                 (SELECT id FROM {}))",
            own_orders(non_buyer)
        ),
        "created_at",
        "id",
    )
    .await;
    let all_orders = cursor_down(pool, "orders", "created_at", "id").await;
    let accounts = cursor_down(pool, "customer_accounts", "created_at", "id").await;
    let all_documents = cursor_down(pool, "documents", "created_at", "id").await;
    let messages = cursor_down(pool, "contact_messages", "created_at", "id").await;

    let holder = &world.holder;
    let staff = &world.staff;
    vec![
        // The orders: the holder sees all of them, the buyer and the non-buyer only their own.
        list("orders (holder)", holder, "orders/list", json!({}), &orders),
        list(
            "orders by step (holder)",
            holder,
            "orders/list",
            json!({ "filter": { "status": "shipped" } }),
            &orders,
        ),
        list(
            "orders awaiting payment (holder)",
            holder,
            "orders/list",
            json!({ "filter": { "payment": "awaiting" } }),
            &orders,
        ),
        list(
            "orders placed by a member (holder)",
            holder,
            "orders/list",
            json!({ "filter": { "placed_by": buyer } }),
            &orders,
        ),
        list(
            "orders searched by project (holder)",
            holder,
            "orders/list",
            json!({ "search": "Module radio 0-10" }),
            &orders,
        ),
        list(
            "orders searched by number (holder)",
            holder,
            "orders/list",
            json!({ "search": format!("#{some_order}") }),
            &orders,
        ),
        list(
            "orders (buyer)",
            &world.buyer,
            "orders/list",
            json!({}),
            &buyer_orders,
        ),
        list(
            "orders searched by reference (buyer)",
            &world.buyer,
            "orders/list",
            json!({ "search": "PO-0-12" }),
            &buyer_orders,
        ),
        list(
            "orders (non-buyer)",
            &world.non_buyer,
            "orders/list",
            json!({}),
            &non_buyer_orders,
        ),
        // Purchase requests: buyers see all, the others their own.
        list(
            "purchase requests (holder)",
            holder,
            "purchase-requests/list",
            json!({}),
            &requests,
        ),
        list(
            "pending purchase requests (holder)",
            holder,
            "purchase-requests/list",
            json!({ "filter": { "status": "pending" } }),
            &requests,
        ),
        list(
            "purchase requests by a member (holder)",
            holder,
            "purchase-requests/list",
            json!({ "filter": { "requested_by": non_buyer } }),
            &requests,
        ),
        list(
            "purchase requests searched (holder)",
            holder,
            "purchase-requests/list",
            json!({ "search": "DA-0-42" }),
            &requests,
        ),
        list(
            "purchase requests (non-buyer)",
            &world.non_buyer,
            "purchase-requests/list",
            json!({}),
            &own_requests,
        ),
        // Projects: the same list for every member.
        list("projects", holder, "projects/list", json!({}), &projects),
        list(
            "projects by service",
            holder,
            "projects/list",
            json!({ "filter": { "service": "assembly" } }),
            &projects,
        ),
        list(
            "projects searched",
            holder,
            "projects/list",
            json!({ "search": "radio 0-10" }),
            &projects,
        ),
        // Collaborators: the holder sees the deactivated too.
        list(
            "collaborators (holder)",
            holder,
            "collaborators/list",
            json!({}),
            &collaborators,
        ),
        list(
            "deactivated collaborators (holder)",
            holder,
            "collaborators/list",
            json!({ "filter": { "status": "deactivated" } }),
            &collaborators,
        ),
        list(
            "collaborators searched (holder)",
            holder,
            "collaborators/list",
            json!({ "search": "Durand-0-1" }),
            &collaborators,
        ),
        list(
            "collaborators (non-buyer)",
            &world.non_buyer,
            "collaborators/list",
            json!({}),
            &collaborators,
        ),
        // The collaborator space's history, its holder's.
        list(
            "history",
            holder,
            "collaborators/history",
            json!({}),
            &history,
        ),
        list(
            "history searched",
            holder,
            "collaborators/history",
            json!({ "search": "Petit-0-3" }),
            &history,
        ),
        // Documents: the account's quotes and the documents of the orders the member sees.
        list(
            "documents (holder)",
            holder,
            "documents/list",
            json!({}),
            &documents,
        ),
        list(
            "documents searched (holder)",
            holder,
            "documents/list",
            json!({ "search": "Horloge 0-11" }),
            &documents,
        ),
        list(
            "documents (non-buyer)",
            &world.non_buyer,
            "documents/list",
            json!({}),
            &own_documents,
        ),
        // The back-office: every customer's orders, the accounts, documents and messages.
        list(
            "back-office orders",
            staff,
            "backoffice/orders",
            json!({}),
            &all_orders,
        ),
        list(
            "back-office orders by step",
            staff,
            "backoffice/orders",
            json!({ "filter": { "status": "received" } }),
            &all_orders,
        ),
        list(
            "back-office orders paid on account",
            staff,
            "backoffice/orders",
            json!({ "filter": { "payment": "on_account" } }),
            &all_orders,
        ),
        list(
            "back-office orders searched by customer",
            staff,
            "backoffice/orders",
            json!({ "search": "Client échelle 1234" }),
            &all_orders,
        ),
        // The customer of thousands of orders: a page of them read in order, not all sorted.
        list(
            "back-office orders searched by the largest customer",
            staff,
            "backoffice/orders",
            json!({ "search": "Acme Électronique" }),
            &orders,
        )
        .searched_in_order(),
        list(
            "back-office orders searched by number",
            staff,
            "backoffice/orders",
            json!({ "search": some_order.to_string() }),
            &all_orders,
        ),
        list(
            "back-office orders searched by reference",
            staff,
            "backoffice/orders",
            json!({ "search": "PO-1500-2" }),
            &all_orders,
        ),
        // Each account's line counts its orders in orders_account_created_idx (an index-only
        // scan: about 10 ms for the account of 100,000 orders at 100x).
        list(
            "back-office accounts",
            staff,
            "backoffice/accounts",
            json!({}),
            &accounts,
        )
        .uncounted(&["orders"]),
        list(
            "back-office accounts with a SIRET to check",
            staff,
            "backoffice/accounts",
            json!({ "filter": { "siret": "unverified" } }),
            &accounts,
        )
        .uncounted(&["orders"]),
        list(
            "back-office accounts searched by name",
            staff,
            "backoffice/accounts",
            json!({ "search": "échelle 77" }),
            &accounts,
        ),
        list(
            "back-office accounts searched by holder",
            staff,
            "backoffice/accounts",
            json!({ "search": "titulaire123@" }),
            &accounts,
        ),
        list(
            "back-office documents",
            staff,
            "backoffice/documents",
            json!({}),
            &all_documents,
        ),
        list(
            "back-office documents searched",
            staff,
            "backoffice/documents",
            json!({ "search": "Client échelle 99" }),
            &all_documents,
        ),
        list(
            "back-office documents searched by the largest customer",
            staff,
            "backoffice/documents",
            json!({ "search": "Acme Électronique" }),
            &documents,
        )
        .searched_in_order(),
        list(
            "back-office messages",
            staff,
            "backoffice/messages",
            json!({}),
            &messages,
        ),
        list(
            "back-office messages searched",
            staff,
            "backoffice/messages",
            json!({ "search": "visiteur42@" }),
            &messages,
        ),
    ]
}

/// Reads `list`'s pages on `app`, each kind of page `times` times, and says what is wrong with
/// the plan of any statement they ran.
async fn read_pages(
    app: &TestApp,
    plans: &Plans,
    list: &List<'_>,
    times: usize,
    problems: &mut Vec<String>,
) {
    let with_start = |start: Value| {
        let mut query = list.query.clone();
        query["start"] = start;
        query
    };
    let show = std::env::var_os("PLANS_SHOW").is_some();
    let mut read = async |page: &str, query: Value| {
        plans.take();
        let mut answer = Value::Null;
        for _ in 0..times {
            answer = ok(app
                .call_as(
                    list.client,
                    list.endpoint,
                    json!({ "query": query.clone() }),
                )
                .await)
            .await;
        }
        for (text, plan) in plans.take() {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if show {
                eprintln!("{}, {page}: {text}\n{}", list.name, outline(&plan, 1));
            }
            let mut found = Vec::new();
            let held = list.query.get("search").is_none() || list.searched_in_order;
            let counted = |table: &str| held && !list.uncounted.contains(&table);
            faults(
                &plan,
                &counted,
                held && list.uncounted.is_empty(),
                &mut found,
            );
            for fault in found {
                problems.push(format!(
                    "{}, {page}: {fault} in\n    {text}\n    plan: {plan}",
                    list.name
                ));
            }
        }
        page_in(&answer).clone()
    };
    read("first page", list.query.clone()).await;
    let deep = read("deep page", with_start(json!({ "after": list.deep }))).await;
    if list.query == json!({}) {
        assert!(
            !deep["items"].as_array().unwrap().is_empty(),
            "{}: the deep page is empty",
            list.name
        );
    }
    let mut next = deep["next"].clone();
    for _ in 0..2 {
        if next.is_null() {
            break;
        }
        let page = read(
            "a page after the deep one",
            with_start(json!({ "after": next })),
        )
        .await;
        next = page["next"].clone();
    }
    if !deep["previous"].is_null() {
        let before = with_start(json!({ "before": deep["previous"] }));
        read("the page before the deep one", before).await;
    }
}

#[tokio::test]
async fn every_list_reads_its_first_and_deep_pages_from_indexes() {
    let plans = Plans::record();
    let world = world_in(spawn_app_on_database_with(&[], &AUTO_EXPLAIN).await).await;
    grow(&world).await;
    let lists = lists(&world).await;
    // A server of one connection, where each page's statement runs six times: PostgreSQL plans
    // a prepared statement for its values five times, then may keep a generic plan for any
    // values, which is what a busy server runs.
    let app = world
        .app
        .spawn_sibling_with(&[("DATABASE_MAX_CONNECTIONS", "1")])
        .await;
    let started = std::time::Instant::now();
    let mut problems = Vec::new();
    for list in &lists {
        read_pages(&app, &plans, list, 6, &mut problems).await;
    }
    eprintln!("lists read in {:.1} s", started.elapsed().as_secs_f32());
    if std::env::var_os("PLANS_KEEP").is_some() {
        let name: String = sqlx::query_scalar("SELECT current_database()")
            .fetch_one(&world.app.pool)
            .await
            .unwrap();
        eprintln!("kept the database {name}");
        std::mem::forget(app);
        std::mem::forget(world);
    }
    assert!(
        problems.is_empty(),
        "{} statements read a large table sequentially or too much of it:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Deleting a person empties their name wherever they acted (`ON DELETE SET NULL` on every
/// column that references `users`): each of those lookups by the person's id must come from an
/// index, however large the tables (`migrations/…_people_references.sql`). The foreign keys'
/// own statements are nested in the `DELETE`; `auto_explain` reports them too when asked.
#[tokio::test]
async fn deleting_a_person_reads_no_large_table_whole() {
    let plans = Plans::record();
    let mut settings = AUTO_EXPLAIN.to_vec();
    settings.push(("auto_explain.log_nested_statements", "on"));
    let world = world_in(spawn_app_on_database_with(&[], &settings).await).await;
    grow(&world).await;
    plans.take();
    ok(world
        .app
        .call_as(
            &world.buyer,
            "account/delete",
            json!({ "password": crate::world::PASSWORD }),
        )
        .await)
    .await;
    let mut problems = Vec::new();
    let mut foreign_keys = 0;
    for (text, plan) in plans.take() {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        foreign_keys += usize::from(text.contains("SET \"placed_by\" = NULL"));
        let mut found = Vec::new();
        faults(&plan, &|_| false, false, &mut found);
        problems.extend(
            found
                .into_iter()
                .map(|fault| format!("{fault} in\n    {text}\n    {}", outline(&plan, 2))),
        );
    }
    assert_eq!(
        foreign_keys, 1,
        "the foreign keys' statements were not reported (auto_explain.log_nested_statements)"
    );
    assert!(
        problems.is_empty(),
        "deleting a person reads large tables whole:\n{}",
        problems.join("\n")
    );
}
