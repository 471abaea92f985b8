//! `faults postgres`: PostgreSQL stopped for a few seconds under load, then started again.
//! `/readyz` must answer 503 within 2 s, requests must fail fast with 503 (never 500, never a
//! hang past the acquire timeout), the portal must serve again within 5 s of PostgreSQL's
//! return without a restart, and no order it confirmed may be lost.
use super::{
    load::{by_status, Load},
    Drill, Figures,
};
use crate::{Context, Result};
use serde_json::json;
use std::{
    sync::Arc,
    time::{Duration, Instant},
};
use uuid::Uuid;

const WORKERS: usize = 6;
const OUTAGE: Duration = Duration::from_secs(4);

pub async fn run(drill: &Drill<'_>) -> Result<Figures> {
    let acquire_timeout = Duration::from_secs(
        std::env::var("DATABASE_ACQUIRE_TIMEOUT_SECS")
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(5),
    );
    // The acquire timeout, and the time to answer once it is over.
    let bound = acquire_timeout + Duration::from_millis(1500);
    let buyer = Arc::new(drill.buyer().await?);
    let probe = reqwest::Client::builder()
        .timeout(Duration::from_secs(3))
        .build()
        .context("the probe's client")?;
    let readyz = format!("{}/readyz", drill.cluster.process_url(1));

    let load = Load::start(Arc::clone(&buyer), WORKERS);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let stopping = load.now();
    drill.cluster.script("db", &["stop"]).await?;
    let stopped_at = Instant::now();
    let mut unready = None;
    while unready.is_none() && stopped_at.elapsed() < OUTAGE {
        if let Ok(response) = probe.get(&readyz).send().await {
            if response.status().as_u16() == 503 {
                unready = Some(stopped_at.elapsed());
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(OUTAGE.saturating_sub(stopped_at.elapsed())).await;
    drill.cluster.script("db", &["start"]).await?;
    let back = load.now();
    let back_at = Instant::now();
    // Served again: a server function that reads the database answers 200 through nginx.
    let mut recovered = None;
    while back_at.elapsed() < Duration::from_secs(15) {
        if matches!(
            buyer.call("projects/list", &json!({})).await,
            super::buyer::Answer::Ok(_)
        ) {
            recovered = Some(back_at.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let records = load.stop().await;

    // Every request that PostgreSQL's absence may have touched.
    let during: Vec<_> = records
        .iter()
        .filter(|record| record.ended() > stopping && record.sent < back)
        .collect();
    let failed_during: Vec<_> = during.iter().filter(|record| !record.ok()).collect();
    let slowest_during = during
        .iter()
        .map(|record| record.took)
        .max()
        .unwrap_or_default();
    let confirmed: Vec<Uuid> = records
        .iter()
        .filter_map(|record| record.confirmed_order)
        .collect();
    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM orders WHERE account_id = $1 AND idempotency_key = ANY($2)",
    )
    .bind(buyer.account_id)
    .bind(&confirmed)
    .fetch_one(drill.pool)
    .await
    .context("counting the confirmed orders")?;

    let mut figures = Figures::new();
    figures.push("requests", records.len());
    figures.push("answers", by_status(records.iter()));
    figures.push("in flight or sent while PostgreSQL was down", during.len());
    figures.push("answers of those", by_status(during.iter().copied()));
    figures.push(
        "slowest of those",
        format!("{slowest_during:.2?} (bound {bound:.1?})"),
    );
    figures.push(
        "/readyz 503 after",
        unready.map_or("never".into(), |after| format!("{after:.2?}")),
    );
    figures.push(
        "served again after PostgreSQL's return",
        recovered.map_or("not within 15 s".into(), |after| format!("{after:.2?}")),
    );
    figures.push("orders confirmed", confirmed.len());
    figures.push("of those in the database", stored);
    for record in failed_during
        .iter()
        .filter(|record| record.status != Some(503))
        .take(3)
    {
        figures.push(
            &format!("not 503: {}", record.what),
            format!("{:?} {}", record.status, record.detail),
        );
    }

    figures.check(
        unready.is_some_and(|after| after <= Duration::from_secs(2)),
        "/readyz answered 503 within 2 s",
    );
    figures.check(
        failed_during
            .iter()
            .all(|record| record.status == Some(503)),
        "requests failed with 503 (not 500, not without an answer)",
    );
    figures.check(
        failed_during
            .iter()
            .all(|record| !record.detail.trim().is_empty()),
        "each 503 says why",
    );
    figures.check(
        slowest_during <= bound,
        "no request hung past the acquire timeout",
    );
    figures.check(
        recovered.is_some_and(|after| after <= Duration::from_secs(5)),
        "served again within 5 s",
    );
    figures.check(stored == confirmed.len() as i64, "no confirmed order lost");
    Ok(figures)
}
