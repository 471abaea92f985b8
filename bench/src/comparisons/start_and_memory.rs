//! Cold starts and resident memory: the portal against the bare axum process.
use crate::{
    fixtures::Fixtures,
    load::{self, Request},
    processes::Process,
    report::{median, Bound, Comparison, Side},
    run::Settings,
    servers::Servers,
    Context, Result,
};
use sqlx::{Connection, PgConnection};
use std::{
    path::Path,
    time::{Duration, Instant},
};

/// Cold starts per round of the other comparisons (each side, alternately).
const COLD_STARTS_PER_ROUND: u32 = 5;

/// The cold starts of the portal and of the bare axum process, against three times the bare
/// process plus one database connection.
pub async fn cold_start(
    rounds: u32,
    servers: &Servers<'_>,
    (home_file, page_file): (&Path, &Path),
    database_url: &str,
) -> Result<Comparison> {
    let (mut ours_start, mut bare_start, mut connect) = (vec![], vec![], vec![]);
    // A start takes milliseconds, and one disturbed by the machine weighs a third of a median
    // of three: five times as many rounds here.
    for _ in 0..rounds * COLD_STARTS_PER_ROUND {
        let ours = servers.ours().await?;
        ours_start.push(ms(ours.started_in));
        ours.stop().await;
        let bare = servers.bare(home_file, page_file).await?;
        bare_start.push(ms(bare.started_in));
        bare.stop().await;
        let connecting = Instant::now();
        let connection = PgConnection::connect(database_url)
            .await
            .context("timing a database connection")?;
        connect.push(ms(connecting.elapsed()));
        let _ = connection.close().await;
    }
    let connect_ms = median(&connect);
    let bare_side = Side::new("bare axum", bare_start);
    let allowed = 3.0 * bare_side.median + connect_ms;
    let ours_side = Side::new("portal", ours_start);
    Ok(Comparison::ratio(
        "cold_start",
        "cold start, exec → first 200 on /healthz",
        "ms",
        ours_side.clone(),
        bare_side.clone(),
        Bound::AtMost(allowed / bare_side.median),
    )
    .with_note(format!(
        "the goal is 3 × the bare process plus one database connection ({connect_ms:.1} ms here): \
             at most {allowed:.1} ms, i.e. a ratio of {:.2}. The portal also checks its migrations \
             (the sessions' table among them) before it listens.",
        allowed / bare_side.median
    )))
}

/// The portal and the bare axum process, running from the memory-at-rest step to the end, and
/// what was read from them at rest.
pub struct Running {
    pub ours: Process,
    pub bare: Process,
    /// Resident memory at rest, in MiB.
    pub ours_idle: f64,
    pub bare_idle: f64,
    /// The portal's home page, as it served it.
    pub home: String,
}

/// Starts the portal, then the bare axum process with the portal's pages, and reads their
/// resident memory at rest.
pub async fn start_at_rest(
    servers: &Servers<'_>,
    fixtures: &Fixtures,
    (home_file, page_file): (&Path, &Path),
) -> Result<Running> {
    let ours = servers.ours().await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let ours_idle = ours.resident_mib()?;
    let home = fetch(&servers.ours_url(), "/", None).await?;
    let page = fetch(
        &servers.ours_url(),
        "/account/collaborators?size=50",
        Some(&fixtures.cookie),
    )
    .await?;
    if !page.contains("Paul") {
        return Err("the collaborators page does not list the fixture's collaborators".into());
    }
    std::fs::write(home_file, &home).context("saving the home page")?;
    std::fs::write(page_file, &page).context("saving the collaborators page")?;
    let bare = servers.bare(home_file, page_file).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let bare_idle = bare.resident_mib()?;
    Ok(Running {
        ours,
        bare,
        ours_idle,
        bare_idle,
        home,
    })
}

/// Resident memory at rest and after the load (the bare process given its share of load
/// first).
pub async fn memory_after_load(
    settings: &Settings,
    servers: &Servers<'_>,
    script: &Path,
    running: &Running,
) -> Result<Vec<Comparison>> {
    let (connections, seconds) = (settings.connections, settings.seconds);
    let bare_request = Request::get(format!("{}/page", servers.bare_url()));
    // The bare process gets its share of load too: its page and /healthz.
    load::wrk(script, &bare_request, connections, seconds).await?;
    load::wrk(
        script,
        &Request::get(format!("{}/healthz", servers.bare_url())),
        1,
        1,
    )
    .await?;
    Ok(vec![
        Comparison::ratio(
            "rss_idle",
            "resident memory at rest",
            "MiB",
            Side::new("portal", vec![running.ours_idle]),
            Side::new("bare axum", vec![running.bare_idle]),
            Bound::AtMost(5.0),
        ).with_note("memory is read once per process (/proc/PID/status, VmRSS): it does not jitter like time does"),
        Comparison::ratio(
            "rss_loaded",
            "resident memory after the load",
            "MiB",
            Side::new("portal", vec![running.ours.resident_mib()?]),
            Side::new("bare axum", vec![running.bare.resident_mib()?]),
            Bound::AtMost(10.0),
        ),
    ])
}

/// The page at `path`, as text (with `cookie` when given).
async fn fetch(base: &str, path: &str, cookie: Option<&str>) -> Result<String> {
    let mut request = reqwest::Client::new().get(format!("{base}{path}"));
    if let Some(cookie) = cookie {
        request = request.header("Cookie", cookie);
    }
    let response = request.send().await.context(path)?;
    if !response.status().is_success() {
        return Err(format!("GET {path}: {}", response.status()));
    }
    response.text().await.context(path)
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
