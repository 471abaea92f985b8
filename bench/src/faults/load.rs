//! Steady load through nginx for the drills: workers that each, in turn, read a page, place an
//! order (a new idempotency key each time, no retry) and call a read-only server function,
//! recording every answer and when it was asked.
use super::buyer::{Answer, Buyer};
use serde_json::json;
use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};
use tokio::task::JoinHandle;
use uuid::Uuid;

/// One request of the load.
pub struct Record {
    pub what: &'static str,
    /// When it was sent and how long it took, from the start of the load.
    pub sent: Duration,
    pub took: Duration,
    pub status: Option<u16>,
    /// The body of an answer that was not 2xx, or the transport error.
    pub detail: String,
    /// The idempotency key of an order the portal confirmed.
    pub confirmed_order: Option<Uuid>,
}

impl Record {
    pub fn ok(&self) -> bool {
        self.status
            .is_some_and(|status| (200..300).contains(&status))
    }

    pub fn ended(&self) -> Duration {
        self.sent + self.took
    }
}

pub struct Load {
    pub started: Instant,
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<Vec<Record>>>,
}

impl Load {
    pub fn start(buyer: Arc<Buyer>, workers: usize) -> Self {
        let started = Instant::now();
        let stop = Arc::new(AtomicBool::new(false));
        let workers = (0..workers)
            .map(|worker| {
                let buyer = Arc::clone(&buyer);
                let stop = Arc::clone(&stop);
                tokio::spawn(async move {
                    let mut records = Vec::new();
                    let mut turn = worker;
                    while !stop.load(Ordering::SeqCst) {
                        records.push(request(&buyer, turn % 3, started).await);
                        turn += 1;
                        // Room for the drill's own probes on two shared cores.
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                    records
                })
            })
            .collect();
        Self {
            started,
            stop,
            workers,
        }
    }

    /// Time since the load started (the records' clock).
    pub fn now(&self) -> Duration {
        self.started.elapsed()
    }

    pub async fn stop(self) -> Vec<Record> {
        self.stop.store(true, Ordering::SeqCst);
        let mut records = Vec::new();
        for worker in self.workers {
            if let Ok(mut own) = worker.await {
                records.append(&mut own);
            }
        }
        records.sort_by_key(|record| record.sent);
        records
    }
}

async fn request(buyer: &Buyer, kind: usize, started: Instant) -> Record {
    let sent = started.elapsed();
    let key = Uuid::new_v4();
    let (what, answer) = match kind {
        0 => (
            "GET /account/projects",
            buyer.get("/account/projects").await,
        ),
        1 => ("POST /api/orders/place", buyer.place_order(key).await),
        _ => (
            "POST /api/projects/list",
            buyer.call("projects/list", &json!({})).await,
        ),
    };
    let took = started.elapsed() - sent;
    let (status, detail) = match &answer {
        Answer::Ok(_) => (Some(200), String::new()),
        Answer::Status(status, body) => (Some(*status), body.clone()),
        Answer::Transport(error) => (None, error.clone()),
    };
    let confirmed_order = (kind == 1 && matches!(answer, Answer::Ok(_))).then_some(key);
    Record {
        what,
        sent,
        took,
        status,
        detail,
        confirmed_order,
    }
}

/// Answers counted by label (`200`, `503`, `no answer`), for the figures.
pub fn by_status<'a>(records: impl Iterator<Item = &'a Record>) -> String {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for record in records {
        let label = record
            .status
            .map_or_else(|| "no answer".to_string(), |status| status.to_string());
        *counts.entry(label).or_default() += 1;
    }
    format!("{counts:?}")
}
