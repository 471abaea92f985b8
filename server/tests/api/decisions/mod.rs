//! Decisions that guard orders, purchase requests and projects, made where they are written:
//! "can buy" and membership checked on the membership locked in the writing transaction,
//! approvals that order the version requested, uploads that are edits, and the explanation a
//! member who may not buy gets.
mod approvals;
mod membership;

use crate::world::{
    gerber_zip, ok, order_form, project_form, status_and_body, uuid, world, world_with, World,
};
use futures::future::join_all;
use serde_json::{json, Value};
use sqlx::PgPool;
use std::{
    collections::BTreeSet,
    future::Future,
    sync::atomic::{AtomicBool, Ordering::SeqCst},
    time::Duration,
};
use time::OffsetDateTime;
use uuid::Uuid;

async fn user_id(world: &World, email: &str) -> Uuid {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&world.app.pool)
        .await
        .unwrap()
}

/// The account's orders that are committed now.
async fn committed_orders(world: &World) -> BTreeSet<Uuid> {
    sqlx::query_scalar::<_, Uuid>("SELECT id FROM orders WHERE account_id = $1")
        .bind(world.account_id)
        .fetch_all(&world.app.pool)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

/// Returns once `waiters` connections to the test's database wait for a lock, or once `done`
/// (a call that took no lock has answered). The database says who waits: no timing involved.
async fn until_waiting(pool: &PgPool, waiters: i64, done: &AtomicBool) {
    loop {
        if done.load(SeqCst) {
            return;
        }
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        if waiting >= waiters {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The holder withdraws "can buy" from `member`, through the collaborators' page's function.
async fn withdraw_buying(world: &World, member: Uuid) {
    let permissions = json!({ "can_buy": false, "can_see_all_orders": false });
    let arguments = json!({ "user_id": member, "permissions": permissions });
    let call = world
        .app
        .call_as(&world.holder, "collaborators/permissions", arguments);
    ok(call.await).await;
}

async fn place_with(world: &World, version: i32, key: Uuid) -> reqwest::Response {
    world
        .app
        .call_as(
            &world.buyer,
            "orders/place",
            json!({ "project_id": world.project, "project_version": version,
                    "form": order_form(), "idempotency_key": key }),
        )
        .await
}
