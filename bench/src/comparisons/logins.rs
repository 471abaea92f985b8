//! Logins per second against raw argon2 verifies, and `/healthz`'s latency while logins flood
//! the cores (its tail against this machine's floor: the bare process's beside busy loops).
use super::alternate;
use crate::{
    cpu::{self, CpuSplit, CHILDREN, PORTAL},
    fixtures::{Fixtures, HOLDER_EMAIL, PASSWORD},
    load::{self, Request, WrkSummary},
    report::{median, Bound, Comparison, Limit, Side},
    run::Settings,
    servers::Servers,
    subcommands::{busy_loops, raw_argon2},
    Context, Result,
};
use std::{
    future::Future,
    path::{Path, PathBuf},
    time::Duration,
};

/// Logins in flight: enough that every hashing thread always has one waiting (each login also
/// waits for its session's commit, a disk flush).
const LOGIN_CONNECTIONS: u32 = 16;

/// The login flood, and the cores and the harness's binary its yardsticks run on.
pub struct Logins {
    login: Request,
    cores: usize,
    bench_exe: PathBuf,
}

impl Logins {
    pub fn new(servers: &Servers<'_>) -> Result<Self> {
        let login = Request {
            json_body: Some(
                serde_json::json!({ "form": { "email": HOLDER_EMAIL, "password": PASSWORD } })
                    .to_string(),
            ),
            ..Request::get(format!("{}/api/auth/login", servers.ours_url()))
        };
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        let bench_exe = std::env::current_exe().context("the bench binary")?;
        Ok(Self {
            login,
            cores,
            bench_exe,
        })
    }

    /// Logins per second vs raw argon2 verifies of the same hash, on as many threads as cores.
    pub async fn versus_argon2(
        &self,
        settings: &Settings,
        script: &Path,
        fixtures: &Fixtures,
    ) -> Result<Comparison> {
        let (rounds, seconds) = (settings.rounds, settings.seconds);
        let (login, cores, bench_exe) = (&self.login, self.cores, &self.bench_exe);
        let (logins, verifies) = alternate(rounds, || async {
            let logins =
                cpu::measured(load::wrk(script, login, LOGIN_CONNECTIONS, seconds)).await?;
            let verifies = cpu::measured(raw_argon2(bench_exe, cores, seconds, fixtures)).await?;
            Ok((logins, verifies))
        })
        .await?;
        let note = cpu_per_login(&logins, &verifies, seconds);
        Ok(Comparison::ratio(
            "login",
            "logins/s vs argon2 verifies/s",
            "/s",
            Side::new(
                format!("login, {LOGIN_CONNECTIONS} clients"),
                logins.iter().map(|(wrk, _)| wrk.per_second()).collect(),
            ),
            Side::new(
                format!("argon2 loop, {cores} threads"),
                verifies.iter().map(|(rate, _)| *rate).collect(),
            ),
            Bound::AtLeast(0.9),
        )
        .with_note(note))
    }

    /// `/healthz`'s p50 during the login flood vs alone, and its p99 during the flood vs this
    /// machine's floor: the bare axum process's p99 beside busy loops (and, as a limit, that
    /// floor against the bare process alone).
    pub async fn healthz(
        &self,
        settings: &Settings,
        servers: &Servers<'_>,
        script: &Path,
    ) -> Result<(Vec<Comparison>, Limit)> {
        let (rounds, seconds) = (settings.rounds, settings.seconds);
        let (login, cores, bench_exe) = (&self.login, self.cores, &self.bench_exe);
        let healthz = Request::get(format!("{}/healthz", servers.ours_url()));
        let bare_healthz = Request::get(format!("{}/healthz", servers.bare_url()));
        let (mut calm, mut busy) = (Vec::new(), Vec::new());
        let (mut bare_calm, mut bare_busy) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            calm.push(load::wrk(script, &healthz, 1, seconds).await?);
            let flood = load::wrk(script, login, LOGIN_CONNECTIONS, seconds + 2);
            busy.push(probe_beside(script, &healthz, seconds, flood).await?);
            bare_calm.push(load::wrk(script, &bare_healthz, 1, seconds).await?);
            let spin = busy_loops(bench_exe, cores, seconds + 2);
            bare_busy.push(probe_beside(script, &bare_healthz, seconds, spin).await?);
        }
        let micros = |runs: &[load::WrkSummary], pick: fn(&load::WrkSummary) -> u64| {
            runs.iter().map(|run| pick(run) as f64).collect::<Vec<_>>()
        };
        let healthz_p50 = Comparison::ratio(
            "healthz_p50",
            "/healthz p50 under login load vs alone",
            "µs",
            Side::new("during logins", micros(&busy, |run| run.p50_us)),
            Side::new("alone", micros(&calm, |run| run.p50_us)),
            Bound::AtMost(1.5),
        );
        let floor = Side::new(
            format!("bare axum beside {cores} SCHED_IDLE loops"),
            micros(&bare_busy, |run| run.p99_us),
        );
        let healthz_p99 = Comparison::ratio(
            "healthz_p99_vs_floor",
            "/healthz p99 under login load vs the bare process's beside busy loops",
            "µs",
            Side::new("during logins", micros(&busy, |run| run.p99_us)),
            floor.clone(),
            Bound::AtMost(1.5),
        )
        .with_note(format!(
            "the floor is this machine's: the bare axum process (no portal code, no database) \
             while another process keeps the {cores} cores busy with loops under SCHED_IDLE, which \
             any other thread preempts at once and which touch no memory. Alone, the portal's \
             p99 was {} µs and the bare process's {} µs (medians)",
            median(&micros(&calm, |run| run.p99_us)),
            median(&micros(&bare_calm, |run| run.p99_us)),
        ));
        let busy_loops_floor = Limit::new(
            "healthz_p99_busy_loops",
            "bare axum /healthz p99 beside busy loops at the lowest priority vs alone",
            "µs",
            (
                floor,
                Side::new("alone", micros(&bare_calm, |run| run.p99_us)),
            ),
            "healthz_p99_vs_floor",
            "what keeping the cores busy does to any server's tail on this machine, whatever the \
             server does: the yardstick of the /healthz p99 goal, against the same process alone",
        );
        Ok((vec![healthz_p50, healthz_p99], busy_loops_floor))
    }
}

/// `load` (a login flood, busy loops) starts; a second later, one connection measures `probe`'s
/// latency for `seconds` while `load` goes on.
async fn probe_beside<T>(
    script: &Path,
    probe: &Request,
    seconds: u32,
    load: impl Future<Output = Result<T>>,
) -> Result<load::WrkSummary> {
    let probe = async {
        tokio::time::sleep(Duration::from_secs(1)).await;
        load::wrk(script, probe, 1, seconds).await
    };
    let (load, probe) = tokio::join!(load, probe);
    load?;
    probe
}

/// Where the CPU went during the logins and during the loop, and each one's CPU time a hash:
/// the portal's a login against the loop's a verify.
fn cpu_per_login(
    logins: &[(WrkSummary, CpuSplit)],
    verifies: &[(f64, CpuSplit)],
    seconds: u32,
) -> String {
    let (count, during_logins) = CpuSplit::of_rounds(logins, |wrk| wrk.requests);
    let (verified, during_loop) =
        CpuSplit::of_rounds(verifies, |&rate| cpu::done_in(rate, seconds));
    format!(
        "CPU time during the logins: {}; the portal {:.1} ms a login. During the loop: {}; \
         the loop {:.1} ms a verify",
        during_logins.describe(),
        during_logins.ms_each(PORTAL, count),
        during_loop.describe(),
        during_loop.ms_each(CHILDREN, verified),
    )
}
