//! `faults kill9`: 100 clients each place one order through nginx, with an idempotency key,
//! retrying on any failure until answered, while process 1 is killed (`kill -9`) and started
//! again. Exactly 100 orders must exist afterwards, none doubled, and every client answered.
use super::{buyer::Answer, Drill, Figures};
use crate::{Context, Result};
use std::{
    collections::{BTreeMap, HashSet},
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};
use uuid::Uuid;

const CLIENTS: usize = 100;
/// Clients start this far apart, so that the kill and the restart fall in the middle of the load.
const STAGGER: Duration = Duration::from_millis(25);
/// The process dies once this many clients have their answer.
const KILL_AFTER: usize = 20;
/// A client gives up (and the drill fails) after this long without an answer.
const CLIENT_LIMIT: Duration = Duration::from_secs(60);

pub async fn run(drill: &Drill<'_>) -> Result<Figures> {
    let buyer = Arc::new(drill.buyer().await?);
    let answered = Arc::new(AtomicUsize::new(0));
    let log_before = drill.cluster.access_log().len();
    let started = Instant::now();
    let mut clients = Vec::new();
    for index in 0..CLIENTS {
        let buyer = Arc::clone(&buyer);
        let answered = Arc::clone(&answered);
        clients.push(tokio::spawn(async move {
            tokio::time::sleep(STAGGER * index as u32).await;
            let key = Uuid::new_v4();
            let began = Instant::now();
            let mut failures = Vec::new();
            loop {
                match buyer.place_order(key).await {
                    Answer::Ok(value) => {
                        answered.fetch_add(1, Ordering::SeqCst);
                        let order: Option<Uuid> = serde_json::from_value(value).ok();
                        return (key, order, failures, began.elapsed());
                    }
                    failure => failures.push(failure.label()),
                }
                if began.elapsed() > CLIENT_LIMIT {
                    return (key, None, failures, began.elapsed());
                }
                // A client's pause before it tries again, as a browser's retry would.
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }));
    }

    // The kill, under load.
    let deadline = Instant::now() + Duration::from_secs(30);
    while answered.load(Ordering::SeqCst) < KILL_AFTER {
        if Instant::now() > deadline {
            return Err(format!(
                "only {} orders answered in 30 s before the kill",
                answered.load(Ordering::SeqCst)
            ));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let killed_at = started.elapsed();
    let pid = drill.cluster.signal(1, libc::SIGKILL)?;
    drill.cluster.wait_exit(pid, Duration::from_secs(5)).await?;
    let answered_at_kill = answered.load(Ordering::SeqCst);
    let restart = drill.cluster.restart(1).await?;
    let answered_at_restart = answered.load(Ordering::SeqCst);

    let mut keys = HashSet::new();
    let mut orders = HashSet::new();
    let mut failures: BTreeMap<String, usize> = BTreeMap::new();
    let mut retried_clients = 0;
    let mut unanswered = 0;
    let mut slowest = Duration::ZERO;
    for client in clients {
        let (key, order, failed, took) = client.await.context("a client task")?;
        keys.insert(key);
        match order {
            Some(order) => {
                orders.insert(order);
            }
            None => unanswered += 1,
        }
        if !failed.is_empty() {
            retried_clients += 1;
        }
        for label in failed {
            *failures.entry(label).or_default() += 1;
        }
        slowest = slowest.max(took);
    }
    let elapsed = started.elapsed();

    let (stored, distinct_keys): (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(DISTINCT idempotency_key) FROM orders WHERE account_id = $1",
    )
    .bind(buyer.account_id)
    .fetch_one(drill.pool)
    .await
    .context("counting the orders")?;
    let keys_in_db: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM orders WHERE account_id = $1 AND idempotency_key = ANY($2)",
    )
    .bind(buyer.account_id)
    .bind(keys.iter().copied().collect::<Vec<_>>())
    .fetch_one(drill.pool)
    .await
    .context("matching the clients' keys")?;

    let failed_attempts: usize = failures.values().sum();
    // Orders nginx sent to the second process after the first failed (the upstreams part of a
    // line names both).
    let moved_by_nginx = drill
        .cluster
        .access_log()
        .iter()
        .skip(log_before)
        .filter(|line| line.contains("/api/orders/place") && line.contains(", "))
        .count();
    let mut figures = Figures::new();
    figures.push("clients", CLIENTS);
    figures.push("clients answered", CLIENTS - unanswered);
    figures.push("distinct orders the clients were given", orders.len());
    figures.push("orders in the database", stored);
    figures.push("distinct idempotency keys among them", distinct_keys);
    figures.push("orders carrying a client's key", keys_in_db);
    figures.push("failed attempts (then retried)", failed_attempts);
    figures.push("failed attempts by answer", format!("{failures:?}"));
    figures.push("clients that had to retry", retried_clients);
    figures.push(
        "attempts nginx retried on the other process",
        moved_by_nginx,
    );
    figures.push(
        "killed after (answers before the kill)",
        format!("{killed_at:.2?} ({answered_at_kill})"),
    );
    figures.push(
        "restarted and ready in (answers meanwhile)",
        format!("{restart:.2?} ({})", answered_at_restart - answered_at_kill),
    );
    figures.push("slowest client", format!("{slowest:.2?}"));
    figures.push("whole drill", format!("{elapsed:.2?}"));

    figures.check(unanswered == 0, "every client got an answer");
    figures.check(
        stored == CLIENTS as i64,
        "exactly 100 orders in the database",
    );
    figures.check(distinct_keys == stored, "no order doubled");
    figures.check(
        keys_in_db == CLIENTS as i64 && orders.len() == CLIENTS,
        "each client's key made its one order",
    );
    Ok(figures)
}
