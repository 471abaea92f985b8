//! `bench run`: every comparison of issue 6, each side measured alternately `BENCH_ROUNDS`
//! times, then the report. Needs the release builds (scripts/bench makes them) and
//! `BENCH_DATABASE_URL`, the maintenance database of a PostgreSQL server it may create
//! databases on. `BENCH_ONLY=scale` runs the lists at 100× alone (after the fixture, before the
//! panics' count and the report), for work on that step.
use crate::{
    browser::Browser,
    comparisons::{
        cluster, first_load, flood, logins::Logins, panics, scale, start_and_memory, throughput,
        vitals,
    },
    fixtures,
    report::{Comparison, Limit, Report},
    servers::Servers,
    Context, Result,
};
use sqlx::{Connection, PgConnection, PgPool};
use std::{
    path::{Path, PathBuf},
    time::Instant,
};

/// Concurrent clients of the throughput comparisons (wrk connections, pgbench clients).
const DEFAULT_CONNECTIONS: u32 = 8;

/// What the run reads from its environment, and the folders it reads and writes.
pub struct Settings {
    pub rounds: u32,
    pub seconds: u32,
    pub connections: u32,
    pub maintenance_url: String,
    pub out: PathBuf,
    pub root: PathBuf,
    /// `BENCH_ONLY=scale`: the fixture, then the lists at 100× alone.
    pub only_scale: bool,
}

impl Settings {
    fn from_env() -> Result<Self> {
        let number = |name: &str, default: u32| -> Result<u32> {
            std::env::var(name)
                .ok()
                .map(|value| value.parse().context(name))
                .unwrap_or(Ok(default))
        };
        let root = std::env::current_dir().context("the current folder")?;
        let only_scale = match std::env::var("BENCH_ONLY") {
            Err(_) => false,
            Ok(step) if step == "scale" => true,
            Ok(step) => return Err(format!("BENCH_ONLY={step}: the only step known is scale")),
        };
        Ok(Self {
            rounds: number("BENCH_ROUNDS", 3)?.max(1),
            seconds: number("BENCH_SECONDS", 5)?.max(1),
            connections: number("BENCH_CONNECTIONS", DEFAULT_CONNECTIONS)?.max(1),
            maintenance_url: std::env::var("BENCH_DATABASE_URL")
                .map_err(|_| "BENCH_DATABASE_URL is not set (scripts/bench sets it)")?,
            out: root.join("target/bench"),
            root,
            only_scale,
        })
    }
}

/// Prints where the run is, with the time spent so far.
struct Progress {
    started: Instant,
    step: u32,
    total: u32,
}

impl Progress {
    fn step(&mut self, what: &str) {
        self.step += 1;
        eprintln!(
            "[{:>2}/{}] {:>4.0} s  {what}",
            self.step,
            self.total,
            self.started.elapsed().as_secs_f64()
        );
    }
}

pub async fn run() -> Result<()> {
    let settings = Settings::from_env()?;
    let mut progress = Progress {
        started: Instant::now(),
        step: 0,
        total: if settings.only_scale { 6 } else { 19 },
    };
    std::fs::create_dir_all(settings.out.join("logs")).context("creating target/bench")?;
    panics::clear_logs(&settings.out)?;
    let started_at = now_text(&settings.maintenance_url).await?;

    progress.step("creating a fresh database");
    let database = format!("bench_{}", std::process::id());
    // The lists at 100× make a second database in their step; it goes with the first.
    let scaled = format!("{database}_100x");
    let database_url = fresh_database(&settings.maintenance_url, &database).await?;
    let outcome = measure(
        &settings,
        &mut progress,
        (&database_url, &scaled),
        &started_at,
    )
    .await;
    for name in [&database, &scaled] {
        if std::env::var_os("BENCH_KEEP_DATABASE").is_some() {
            let url = with_database(&settings.maintenance_url, name);
            eprintln!("the fixture data stays in {url} (BENCH_KEEP_DATABASE)");
        } else if let Err(error) = drop_database(&settings.maintenance_url, name).await {
            eprintln!("{name} stays: {error}");
        }
    }
    outcome
}

/// Makes the database `name` afresh on the server of `maintenance_url`: its URL.
pub async fn fresh_database(maintenance_url: &str, name: &str) -> Result<String> {
    drop_database(maintenance_url, name).await?;
    let mut admin = PgConnection::connect(maintenance_url)
        .await
        .context("connecting to BENCH_DATABASE_URL")?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .context(&format!("creating the database {name}"))?;
    Ok(with_database(maintenance_url, name))
}

async fn drop_database(maintenance_url: &str, name: &str) -> Result<()> {
    let mut admin = PgConnection::connect(maintenance_url)
        .await
        .context("connecting to BENCH_DATABASE_URL")?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .context(&format!("dropping {name}"))
        .map(drop)
}

/// Every comparison, one step after the other, then the report: on the run's database
/// `database_url`, and last the lists at 100× on a second database, `scaled`.
async fn measure(
    settings: &Settings,
    progress: &mut Progress,
    (database_url, scaled): (&str, &str),
    started_at: &str,
) -> Result<()> {
    let servers = Servers::new(settings, database_url);
    let pool = PgPool::connect(database_url)
        .await
        .context("connecting to the benchmark's database")?;
    let mut comparisons = Vec::new();
    let mut limits = Vec::new();

    progress.step("starting the portal (migrations) and creating the fixture data");
    let ours = servers.ours().await?;
    let fixtures = fixtures::create(&servers.ours_url(), &pool).await?;
    ours.stop().await;

    if !settings.only_scale {
        let (lines, machine_limits) =
            comparisons_on_todays_data(settings, progress, &servers, &fixtures, database_url)
                .await?;
        comparisons.extend(lines);
        limits.extend(machine_limits);
    }

    // Last of the steps on the run's database: it grows it.
    progress.step("lists at scale: this database grown to 1×, a second one made and grown to 100×");
    let scaled_url = with_database(&settings.maintenance_url, scaled);
    let scaled_servers = Servers::second_portal(settings, &scaled_url);
    let portals = scale::prepare(
        settings,
        (&servers, &fixtures, &pool),
        (scaled, &scaled_servers),
    )
    .await;
    progress.step("lists at scale: each list's first page and page 200 at 100× vs 1×");
    comparisons.extend(scale::lists(settings, portals).await);

    progress.step("panics in the portal's logs");
    comparisons.push(panics::count(&settings.out));
    write_report(settings, progress, started_at, comparisons, limits)
}

/// Every comparison on the fixture as `fixtures::create` made it, one step after the other.
async fn comparisons_on_todays_data(
    settings: &Settings,
    progress: &mut Progress,
    servers: &Servers<'_>,
    fixtures: &fixtures::Fixtures,
    database_url: &str,
) -> Result<(Vec<Comparison>, Vec<Limit>)> {
    let (out, rounds) = (&settings.out, settings.rounds);
    let mut comparisons = Vec::new();
    let mut limits = Vec::new();
    // The bare server needs its pages at hand; they are taken from the portal further down.
    let home_file = out.join("home.html");
    let page_file = out.join("collaborators.html");
    for file in [&home_file, &page_file] {
        std::fs::write(file, "").context("writing a placeholder page")?;
    }
    let pages = (home_file.as_path(), page_file.as_path());

    progress.step("cold starts: the portal, the bare axum process, a database connection");
    comparisons.push(start_and_memory::cold_start(rounds, servers, pages, database_url).await?);

    progress.step("starting the portal and the bare axum process; resident memory at rest");
    let running = start_and_memory::start_at_rest(servers, fixtures, pages).await?;

    progress.step("the collaborator list: server function vs pgbench running its SQL");
    comparisons
        .push(throughput::collaborator_list(settings, servers, fixtures, database_url).await?);

    progress.step(
        "the collaborators page: SSR vs pgbench running its SQL, vs its data as JSON, vs bare axum",
    );
    let script = wrk_script(out)?;
    let (ssr_page, ssr_limits) =
        throughput::ssr_page(settings, servers, fixtures, &script, database_url).await?;
    comparisons.push(ssr_page);
    limits.extend(ssr_limits);

    progress.step("logins vs raw argon2 verifies on the same cores");
    let logins = Logins::new(servers)?;
    comparisons.push(logins.versus_argon2(settings, &script, fixtures).await?);

    progress.step(
        "/healthz latency: alone, then while logins saturate the CPU; bare axum's beside busy loops",
    );
    let (healthz, busy_loops_floor) = logins.healthz(settings, servers, &script).await?;
    comparisons.extend(healthz);
    limits.push(busy_loops_floor);

    progress.step("resident memory after the load");
    comparisons
        .extend(start_and_memory::memory_after_load(settings, servers, &script, &running).await?);

    progress.step("a login during a flood of 1,000 bogus sign-ups vs alone");
    comparisons.extend(flood::login_during_sign_up_flood(settings, servers).await);

    progress.step("first load: HTML, JS, WASM and CSS after brotli, vs the hello-world crate");
    // Without it (BENCH_NO_BUILD=1 before any build of it), its two lines say so.
    let hello = servers.hello().await;
    let browser = Browser::new(&settings.root);
    let home = &running.home;
    comparisons.extend(first_load::bytes(settings, servers, &browser, home, &hello).await);

    progress.step("time to hydration in Chromium, CPU throttled 4×");
    comparisons.push(first_load::hydration(rounds, servers, &browser, &hello).await);
    if let Ok(hello) = hello {
        hello.stop().await;
    }

    progress.step("largest contentful paint and layout shift vs the same HTML as a static file");
    comparisons.extend(vitals::lcp_and_cls(rounds, servers, &browser).await);

    progress.step("Lighthouse performance score (mobile, simulated throttling)");
    comparisons.push(vitals::lighthouse(rounds, servers, &browser).await);

    running.ours.stop().await;
    running.bare.stop().await;

    progress
        .step("scripts/cluster: nginx and 2 processes vs 1 process alone; a kill -9 under load");
    comparisons.extend(
        cluster::scaling_and_kill(settings, servers, fixtures, database_url, &script).await,
    );
    Ok((comparisons, limits))
}

/// Writes `target/bench/report.{json,md}` and says how many goals were met.
fn write_report(
    settings: &Settings,
    progress: &mut Progress,
    started_at: &str,
    comparisons: Vec<Comparison>,
    limits: Vec<Limit>,
) -> Result<()> {
    let report = Report {
        started_at: started_at.into(),
        machine: machine(),
        rounds: settings.rounds,
        seconds_per_side: settings.seconds,
        connections: settings.connections,
        duration_s: progress.started.elapsed().as_secs_f64(),
        comparisons,
        limits,
    };
    let changes =
        std::fs::read_to_string(settings.root.join("bench/CHANGES.md")).unwrap_or_default();
    report.write(&settings.out, &changes)?;
    progress.step("done");
    let met = report.comparisons.iter().filter(|c| c.met).count();
    eprintln!(
        "{met} of {} goals met; see target/bench/report.md",
        report.comparisons.len()
    );
    Ok(())
}

/// `postgres://…/postgres` → `postgres://…/name`.
fn with_database(url: &str, name: &str) -> String {
    match url.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{name}"),
        None => format!("{url}/{name}"),
    }
}

pub async fn now_text(database_url: &str) -> Result<String> {
    let mut connection = PgConnection::connect(database_url)
        .await
        .context("connecting to the database")?;
    sqlx::query_scalar::<_, String>("SELECT now()::text")
        .fetch_one(&mut connection)
        .await
        .context("reading the time")
}

pub fn wrk_script(out: &Path) -> Result<PathBuf> {
    let path = out.join("wrk.lua");
    std::fs::write(&path, include_str!("wrk.lua")).context("writing wrk.lua")?;
    Ok(path)
}

/// The CPU model and core count, for the report's header.
fn machine() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|line| line.strip_prefix("model name"))
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    format!("{model}, {cores} cores")
}
