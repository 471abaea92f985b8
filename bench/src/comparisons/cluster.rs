//! The portal as deployed: nginx in front of two release processes, started by `scripts/cluster
//! start --no-build` on the run's database (the fixture, and the holder's session, are the ones
//! the harness's own portal made). Its requests per second through nginx against one process
//! alone reached directly, and the requests that fail while a process is killed under load.
//!
//! The process alone is the harness's portal started afresh, with tokio's default of a worker
//! thread a core: the cluster's processes run half that each (`scripts/cluster`), which would
//! make one of them, reached directly, a weaker yardstick than a process deployed alone.
use super::or_failed;
use crate::{
    cpu::{self, CpuSplit},
    faults::cluster::Cluster,
    fixtures::Fixtures,
    load::{self, Request, WrkSummary},
    report::{Bound, Comparison, Side},
    run::Settings,
    servers::Servers,
    Result,
};
use std::{path::Path, time::Duration};

/// nginx; its processes on +1 and +2, their metrics on +91 and +92 (the harness's own servers
/// are on 3210–3212, the fault drills' cluster on 3200).
const CLUSTER_PORT: u16 = 3220;
/// Requests per second through nginx, at least this share of one process's.
const SCALING_GOAL: f64 = 0.85;
/// The load starts this long before the kill.
const KILL_AFTER: Duration = Duration::from_secs(1);
/// nginx's `fail_timeout` (deploy/nginx/ems-portal.conf) and a little more: after a restart,
/// the time until nginx sends the process requests again.
const BACK_IN_NGINX: Duration = Duration::from_secs(3);

const LIST: (&str, &str) = (
    "cluster_list",
    "collaborators/list through nginx (2 processes) vs 1 process alone, directly, requests/s",
);
const PAGE: (&str, &str) = (
    "cluster_page",
    "collaborators page through nginx (2 processes) vs 1 process alone, directly, requests/s",
);
const KILL: (&str, &str) = (
    "cluster_kill9",
    "collaborators page through nginx: requests failed while a process is killed (kill -9)",
);

/// Starts the cluster, measures, stops it: three lines, each saying why when it could not be
/// measured (the run goes on).
pub async fn scaling_and_kill(
    settings: &Settings,
    servers: &Servers<'_>,
    fixtures: &Fixtures,
    database_url: &str,
    script: &Path,
) -> Vec<Comparison> {
    let out = &settings.out;
    let env = [
        ("DATABASE_URL", database_url.to_string()),
        // PostgreSQL is the harness's; the design files are those of the fixture, in a folder.
        ("CLUSTER_STOP_SERVICES", "0".into()),
        ("CLUSTER_S3", "0".into()),
        ("FILES_DIR", out.join("files").display().to_string()),
        ("MAIL_DIR", out.join("mail").display().to_string()),
        // Their memory is not measured: a panic's backtrace says where it comes from.
        ("RUST_BACKTRACE", "1".into()),
    ];
    let cluster = Cluster::new(
        settings.root.clone(),
        out.join("logs/cluster"),
        CLUSTER_PORT,
        env.map(|(name, value)| (name.to_string(), value)).to_vec(),
    );
    let (scaling, kill) = match start(&cluster).await {
        Ok(()) => {
            let scaling = scaling(settings, servers, fixtures, &cluster, script).await;
            let kill = kill(settings, fixtures, &cluster, script).await;
            (scaling, kill)
        }
        Err(error) => (Err(error.clone()), Err(error)),
    };
    if let Err(error) = cluster.script("cluster", &["stop"]).await {
        eprintln!("        the cluster did not stop: {error}");
    }
    let (list, page) = match scaling {
        Ok((list, page)) => (Ok(list), Ok(page)),
        Err(error) => (Err(error.clone()), Err(error)),
    };
    let at_least = Bound::AtLeast(SCALING_GOAL);
    vec![
        or_failed(list, LIST.0, LIST.1, at_least),
        or_failed(page, PAGE.0, PAGE.1, at_least),
        or_failed(kill, KILL.0, KILL.1, Bound::Below(1.0)),
    ]
}

/// Stops what an interrupted run may have left, removes the previous logs, starts the cluster.
async fn start(cluster: &Cluster) -> Result<()> {
    cluster.script("cluster", &["stop"]).await?;
    for log in [
        "server-1.log",
        "server-2.log",
        "nginx/access.log",
        "nginx/error.log",
    ] {
        let _ = std::fs::remove_file(cluster.dir().join(log));
    }
    cluster.script("cluster", &["start", "--no-build"]).await
}

/// The holder's requests, through nginx or to the process alone.
struct Requests {
    list: Request,
    page: Request,
}

impl Requests {
    fn new(base: &str, fixtures: &Fixtures) -> Self {
        let body = serde_json::json!({ "query": { "size": 50 } });
        Self {
            list: Request {
                json_body: Some(body.to_string()),
                cookie: Some(fixtures.cookie.clone()),
                ..Request::get(format!("{base}/api/collaborators/list"))
            },
            page: Request {
                cookie: Some(fixtures.cookie.clone()),
                ..Request::get(format!("{base}/account/collaborators?size=50"))
            },
        }
    }

    /// The page lists the fixture's collaborators (a session the cluster did not know would
    /// send wrk to the login page, a 200 too).
    async fn check(&self, fixtures: &Fixtures) -> Result<()> {
        let response = reqwest::Client::new()
            .get(&self.page.url)
            .header("Cookie", &fixtures.cookie)
            .send()
            .await
            .map_err(|error| format!("GET {}: {error}", self.page.url))?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        if !status.is_success() || !text.contains("Paul") {
            return Err(format!(
                "{} does not list the fixture's collaborators ({status})",
                self.page.url
            ));
        }
        Ok(())
    }
}

/// `collaborators/list` and the page, through nginx vs the process alone, alternately; the
/// process alone runs only for these.
async fn scaling(
    settings: &Settings,
    servers: &Servers<'_>,
    fixtures: &Fixtures,
    cluster: &Cluster,
    script: &Path,
) -> Result<(Comparison, Comparison)> {
    let alone = servers.ours().await?;
    let lines = scaling_against(settings, servers, fixtures, cluster, script).await;
    alone.stop().await;
    lines
}

async fn scaling_against(
    settings: &Settings,
    servers: &Servers<'_>,
    fixtures: &Fixtures,
    cluster: &Cluster,
    script: &Path,
) -> Result<(Comparison, Comparison)> {
    let (connections, seconds) = (settings.connections, settings.seconds);
    let nginx = Requests::new(&cluster.base, fixtures);
    let direct = Requests::new(&servers.ours_url(), fixtures);
    nginx.check(fixtures).await?;
    direct.check(fixtures).await?;
    let mut lines = Vec::new();
    for ((id, what), through, alone) in [
        (LIST, &nginx.list, &direct.list),
        (PAGE, &nginx.page, &direct.page),
    ] {
        // Warm the cluster's two processes' pools and caches, and the process alone's.
        load::wrk(script, through, connections, 1).await?;
        load::wrk(script, alone, connections, 1).await?;
        let (ours, one) = super::alternate(settings.rounds, || async {
            let ours = cpu::measured(load::wrk(script, through, connections, seconds)).await?;
            let one = cpu::measured(load::wrk(script, alone, connections, seconds)).await?;
            Ok((ours, one))
        })
        .await?;
        let note = format!(
            "the same two cores run nginx, both processes, PostgreSQL and wrk: through nginx, its \
             own work comes on top of the portal's, and two processes (a worker thread for every \
             two cores each, scripts/cluster) share what one alone (a worker a core) had. CPU \
             time through nginx: {}; directly: {}",
            cpu_per_request(&ours),
            cpu_per_request(&one)
        );
        lines.push(
            Comparison::ratio(
                id,
                what,
                "req/s",
                Side::new(
                    format!("nginx, 2 processes, {connections} connections"),
                    ours.iter().map(|(wrk, _)| wrk.per_second()).collect(),
                ),
                Side::new(
                    "1 process alone, directly",
                    one.iter().map(|(wrk, _)| wrk.per_second()).collect(),
                ),
                Bound::AtLeast(SCALING_GOAL),
            )
            .with_note(note),
        );
    }
    let page = lines.pop().ok_or("no page line")?;
    let list = lines.pop().ok_or("no list line")?;
    Ok((list, page))
}

/// The rounds' CPU split, and the CPU time a request.
fn cpu_per_request(rounds: &[(WrkSummary, CpuSplit)]) -> String {
    let (requests, split) = CpuSplit::of_rounds(rounds, |wrk| wrk.requests);
    split.per_request(requests)
}

/// Each round: the page through nginx for `seconds` + 2 s, process 1 killed (`kill -9`) a second
/// in, started again once the load is over; the share of requests that failed (non-2xx answers
/// and socket errors).
async fn kill(
    settings: &Settings,
    fixtures: &Fixtures,
    cluster: &Cluster,
    script: &Path,
) -> Result<Comparison> {
    let connections = settings.connections;
    let seconds = settings.seconds + 2;
    let page = Requests::new(&cluster.base, fixtures).page;
    let (mut shares, mut rounds) = (Vec::new(), Vec::new());
    for _ in 0..settings.rounds {
        let log_before = cluster.access_log().len();
        let kill = async {
            tokio::time::sleep(KILL_AFTER).await;
            let pid = cluster.signal(1, libc::SIGKILL)?;
            cluster.wait_exit(pid, Duration::from_secs(5)).await
        };
        let (load, killed) = tokio::join!(
            load::wrk_counting_errors(script, &page, connections, seconds),
            kill
        );
        let (load, killed) = (load?, killed?);
        let restarted = cluster.restart(1).await?;
        // Requests nginx sent on to the other process (its log names both upstreams).
        let retried = cluster
            .access_log()
            .iter()
            .skip(log_before)
            .filter(|line| line.contains(", "))
            .count();
        let failed = load.non2xx + load.errors;
        let sent = load.requests + load.errors;
        shares.push(100.0 * failed as f64 / sent.max(1) as f64);
        rounds.push(format!(
            "{sent} requests, {} non-2xx, {} socket errors, {retried} sent on to process 2 by \
             nginx; process 1 gone {:.0} ms after the signal, ready again {:.0} ms after its \
             restart",
            load.non2xx,
            load.errors,
            killed.as_secs_f64() * 1000.0,
            restarted.as_secs_f64() * 1000.0
        ));
        // nginx counts process 1 as failed for `fail_timeout`: the next round starts with both.
        tokio::time::sleep(BACK_IN_NGINX).await;
    }
    Ok(Comparison::absolute(
        KILL.0,
        KILL.1,
        "%",
        Side::new(format!("GET, {connections} connections"), shares),
        Bound::Below(1.0),
    )
    .with_note(format!(
        "wrk through nginx for {seconds} s a round, process 1 killed {} s in and started again \
         once the load is over (nginx retries a GET on the other process: \
         deploy/nginx/ems-portal-proxy.conf, proxy_next_upstream); by round: {}",
        KILL_AFTER.as_secs(),
        rounds.join("; ")
    )))
}
