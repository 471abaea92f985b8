//! The portal at a hundred times today's data (issue 23): `bench/sql/scale.sql` grows the
//! database that `fixtures::create` made (its measured account and the accounts around it) in
//! set-based SQL. `bench scale` runs it on a database of its own; the benchmark calls [`grow`]
//! after `fixtures::create` to measure the lists at that size against the same lists at
//! [`ONEFOLD`] (`comparisons::scale`).
use crate::{fixtures::HOLDER_EMAIL, Context, Result};
use sqlx::{Connection, PgConnection, PgPool};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The sizes `scale.sql` grows to: targets for the measured account, and the accounts made
/// around it until every account's orders together reach `all_orders`.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub orders: i32,
    pub projects: i32,
    pub collaborators: i32,
    pub history: i32,
    pub requests: i32,
    pub all_orders: i32,
    /// Orders of each account made around the measured one (a fifth as many projects, a tenth
    /// as many purchase requests).
    pub orders_each: i32,
    pub collaborators_each: i32,
    pub history_each: i32,
    /// One new order in so many gets its pro-forma.
    pub documents_every: i32,
    /// Contact messages in all.
    pub messages: i32,
}

/// A hundred times today's data: the measured account with 100,000 orders, 20,000 projects,
/// 1,000 collaborators and 5,000 lines of history, among 1,000,000 orders in all (about 9,000
/// accounts of 100 orders around it).
pub const HUNDREDFOLD: Scale = Scale {
    orders: 100_000,
    projects: 20_000,
    collaborators: 1_000,
    history: 5_000,
    requests: 10_000,
    all_orders: 1_000_000,
    orders_each: 100,
    collaborators_each: 4,
    history_each: 5,
    documents_every: 2,
    messages: 10_000,
};

/// Today's data, a hundredth of [`HUNDREDFOLD`]: the measured account with 1,000 orders, 200
/// projects, 10 collaborators (`fixtures::create` already makes 50, which stay) and 50 lines of
/// history, among 10,000 orders in all. The accounts around it are the same as at 100× (100
/// orders each), a hundredth as many: about 80 of them besides the fixture's 20.
pub const ONEFOLD: Scale = Scale {
    orders: 1_000,
    projects: 200,
    collaborators: 10,
    history: 50,
    requests: 100,
    all_orders: 10_000,
    messages: 100,
    ..HUNDREDFOLD
};

/// What the database holds after [`grow`]: rows of the tables the lists read.
#[derive(Debug)]
pub struct Grown {
    pub took: Duration,
    /// `(table, rows)`.
    pub rows: Vec<(String, i64)>,
}

/// Grows the database of `pool` around `account_id` (which `fixtures::create` or the tests'
/// world made: an order placed through the portal, with its project, design file and
/// pro-forma) to `scale`, in one transaction, then analyses it. Running it again adds only
/// what is missing.
pub async fn grow(pool: &PgPool, account_id: Uuid, scale: &Scale) -> Result<Grown> {
    let started = Instant::now();
    let mut connection = pool.acquire().await.context("a connection")?;
    let mut tx = connection.begin().await.context("BEGIN")?;
    sqlx::query(
        "CREATE TEMP TABLE scale ON COMMIT DROP AS
         SELECT $1::uuid AS account_id, $2::int AS orders, $3::int AS projects,
                $4::int AS collaborators, $5::int AS history, $6::int AS requests,
                $7::int AS all_orders, $8::int AS orders_each, $9::int AS collaborators_each,
                $10::int AS history_each, $11::int AS documents_every, $12::int AS messages",
    )
    .bind(account_id)
    .bind(scale.orders)
    .bind(scale.projects)
    .bind(scale.collaborators)
    .bind(scale.history)
    .bind(scale.requests)
    .bind(scale.all_orders)
    .bind(scale.orders_each)
    .bind(scale.collaborators_each)
    .bind(scale.history_each)
    .bind(scale.documents_every)
    .bind(scale.messages)
    .execute(&mut *tx)
    .await
    .context("the sizes")?;
    sqlx::raw_sql(include_str!("../sql/scale.sql"))
        .execute(&mut *tx)
        .await
        .context("bench/sql/scale.sql")?;
    tx.commit().await.context("COMMIT")?;
    sqlx::query("ANALYZE")
        .execute(&mut *connection)
        .await
        .context("ANALYZE")?;
    let mut rows = Vec::new();
    for table in [
        "customer_accounts",
        "users",
        "memberships",
        "projects",
        "orders",
        "purchase_requests",
        "membership_events",
        "documents",
        "contact_messages",
    ] {
        let count: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&mut *connection)
            .await
            .context(table)?;
        rows.push((table.to_string(), count));
    }
    Ok(Grown {
        took: started.elapsed(),
        rows,
    })
}

/// `bench scale DATABASE_URL [HOLDER_EMAIL]`: grows that database a hundredfold around the
/// account held by `HOLDER_EMAIL` (the fixtures' holder by default), and prints what it took
/// and the rows of each table.
pub async fn run(args: &[String]) -> Result<()> {
    let [url, rest @ ..] = args else {
        return Err("usage: bench scale DATABASE_URL [HOLDER_EMAIL]".into());
    };
    let email = rest.first().map_or(HOLDER_EMAIL, String::as_str);
    // Fails early with a clear message when the database is out of reach.
    PgConnection::connect(url)
        .await
        .context("connecting to the database")?
        .close()
        .await
        .context("closing")?;
    let pool = PgPool::connect(url).await.context("connecting")?;
    let account_id: Uuid = sqlx::query_scalar(
        "SELECT m.account_id FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE lower(u.email) = lower($1) AND m.role = 'holder'",
    )
    .bind(email)
    .fetch_optional(&pool)
    .await
    .context("finding the measured account")?
    .ok_or_else(|| format!("{email} holds no account in that database"))?;
    let grown = grow(&pool, account_id, &HUNDREDFOLD).await?;
    println!("grown in {:.1} s", grown.took.as_secs_f64());
    for (table, rows) in grown.rows {
        println!("{table:>20} {rows:>10}");
    }
    Ok(())
}
