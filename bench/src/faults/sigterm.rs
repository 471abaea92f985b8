//! `faults sigterm`: process 2 gets SIGTERM under load. It must stop answering `/readyz` with
//! 200 at once, finish what it was doing and exit within 30 s, while nginx sends the new
//! requests to process 1: no client sees an error.
use super::{
    load::{by_status, Load},
    Drill, Figures,
};
use crate::Result;
use std::{
    sync::Arc,
    time::{Duration, Instant},
};

const WORKERS: usize = 8;

pub async fn run(drill: &Drill<'_>) -> Result<Figures> {
    let buyer = Arc::new(drill.buyer().await?);
    let probe = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
        .map_err(|error| error.to_string())?;
    let readyz = format!("{}/readyz", drill.cluster.process_url(2));

    let load = Load::start(buyer, WORKERS);
    // Load on both processes before the signal.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let signalled = load.now();
    let signalled_at = Instant::now();
    let pid = drill.cluster.signal(2, libc::SIGTERM)?;
    // How soon the process stops saying it is ready (503, or no longer accepting).
    let mut not_ready_after = None;
    while not_ready_after.is_none() && signalled_at.elapsed() < Duration::from_secs(5) {
        let ready = matches!(probe.get(&readyz).send().await, Ok(response) if response.status().is_success());
        if !ready {
            not_ready_after = Some(signalled_at.elapsed());
        } else {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let exited = drill.cluster.wait_exit(pid, Duration::from_secs(40)).await;
    // The load goes on a while with one process only.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let records = load.stop().await;
    let restarted = drill.cluster.restart(2).await?;

    let in_flight: Vec<_> = records
        .iter()
        .filter(|record| record.sent < signalled && record.ended() > signalled)
        .collect();
    let after: Vec<_> = records
        .iter()
        .filter(|record| record.sent >= signalled)
        .collect();
    let errors: Vec<_> = records.iter().filter(|record| !record.ok()).collect();
    let slowest = records
        .iter()
        .map(|record| record.took)
        .max()
        .unwrap_or_default();

    let mut figures = Figures::new();
    figures.push("requests (pages, orders, server functions)", records.len());
    figures.push("answers", by_status(records.iter()));
    figures.push("in flight at SIGTERM", in_flight.len());
    figures.push("answers of those", by_status(in_flight.iter().copied()));
    figures.push("sent after SIGTERM", after.len());
    figures.push("answers of those", by_status(after.iter().copied()));
    figures.push(
        "/readyz of the stopping process not 200 after",
        not_ready_after.map_or("never (5 s)".into(), |after| format!("{after:.2?}")),
    );
    match &exited {
        Ok(took) => figures.push("process exited after", format!("{took:.2?}")),
        Err(error) => figures.push("process exited", error),
    }
    figures.push("slowest request", format!("{slowest:.2?}"));
    figures.push("restarted and ready in", format!("{restarted:.2?}"));
    for error in errors.iter().take(3) {
        figures.push(
            &format!("error: {}", error.what),
            format!("{:?} {}", error.status, error.detail),
        );
    }

    figures.check(errors.is_empty(), "no client saw an error");
    figures.check(
        in_flight.iter().all(|record| record.ok()),
        "requests in flight finished",
    );
    figures.check(
        not_ready_after.is_some_and(|after| after < Duration::from_secs(1)),
        "/readyz stopped answering 200 within 1 s",
    );
    figures.check(
        exited.is_ok_and(|took| took < Duration::from_secs(30)),
        "the process exited within 30 s",
    );
    Ok(figures)
}
