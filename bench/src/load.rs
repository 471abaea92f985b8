//! The load generators: wrk (HTTP), pgbench (the database alone) and a raw argon2 loop.
use crate::{Context, Result};
use argon2::{password_hash::PasswordHash, Argon2, PasswordVerifier};
use serde::Deserialize;
use std::{
    path::Path,
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, Instant},
};
use tokio::process::Command;

/// What one wrk run measured.
#[derive(Clone, Copy, Debug, Deserialize)]
pub struct WrkSummary {
    pub requests: u64,
    pub duration_us: u64,
    pub errors: u64,
    pub non2xx: u64,
    pub p50_us: u64,
    pub p99_us: u64,
}

impl WrkSummary {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / (self.duration_us as f64 / 1e6)
    }
}

/// One HTTP request, repeated by wrk.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub url: String,
    /// A JSON body makes it a POST (server functions).
    pub json_body: Option<String>,
    pub cookie: Option<String>,
}

impl Request {
    pub fn get(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            ..Self::default()
        }
    }
}

/// Runs wrk (one thread, `connections` connections) for `seconds`. Any failed request or
/// non-2xx answer fails the run: a number measured on errors would mean nothing.
pub async fn wrk(
    script: &Path,
    request: &Request,
    connections: u32,
    seconds: u32,
) -> Result<WrkSummary> {
    let summary = wrk_counting_errors(script, request, connections, seconds).await?;
    if summary.errors > 0 || summary.non2xx > 0 || summary.requests == 0 {
        return Err(format!(
            "wrk on {}: {} requests, {} socket errors, {} non-2xx answers",
            request.url, summary.requests, summary.errors, summary.non2xx
        ));
    }
    Ok(summary)
}

/// Runs wrk like [`wrk`], its failed requests counted rather than failing the run (a process
/// killed under load).
pub async fn wrk_counting_errors(
    script: &Path,
    request: &Request,
    connections: u32,
    seconds: u32,
) -> Result<WrkSummary> {
    let output = Command::new("wrk")
        .arg("-t1")
        .arg(format!("-c{connections}"))
        .arg(format!("-d{seconds}s"))
        // wrk's default, 2 s, counts a login queued behind the hashes of a flood as a socket
        // error when other work shares the cores; a request that slow is in the latencies instead.
        .arg("--timeout")
        .arg("10s")
        .arg("-s")
        .arg(script)
        .arg(&request.url)
        .env(
            "BENCH_METHOD",
            if request.json_body.is_some() {
                "POST"
            } else {
                "GET"
            },
        )
        .env("BENCH_BODY", request.json_body.as_deref().unwrap_or(""))
        .env("BENCH_COOKIE", request.cookie.as_deref().unwrap_or(""))
        .kill_on_drop(true)
        .output()
        .await
        .context("running wrk (is it installed? scripts/bench installs it)")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary: WrkSummary = stdout
        .lines()
        .find_map(|line| line.strip_prefix("BENCH_JSON "))
        .ok_or_else(|| {
            format!(
                "wrk printed no summary: {stdout}{}",
                String::from_utf8_lossy(&output.stderr)
            )
        })
        .and_then(|json| serde_json::from_str(json).context("reading wrk's summary"))?;
    Ok(summary)
}

/// Runs `script` with `pgbench -M prepared` (one thread, `clients` connections) for `seconds`;
/// `variables` fill its `:name` placeholders. Answers transactions per second.
pub async fn pgbench(
    database_url: &str,
    script: &Path,
    variables: &[(&str, String)],
    clients: u32,
    seconds: u32,
) -> Result<f64> {
    let mut command = Command::new(pgbench_path());
    command
        .args(["-n", "-M", "prepared", "-j", "1"])
        .arg(format!("-c{clients}"))
        .arg(format!("-T{seconds}"))
        .arg("-f")
        .arg(script);
    for (name, value) in variables {
        command.arg("-D").arg(format!("{name}={value}"));
    }
    let output = command
        .arg(database_url)
        .kill_on_drop(true)
        .output()
        .await
        .context("running pgbench")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let failed = stdout
        .lines()
        .find_map(|line| line.strip_prefix("number of failed transactions: "))
        .and_then(|rest| rest.split_whitespace().next())
        .is_some_and(|count| count != "0");
    let tps = stdout
        .lines()
        .find_map(|line| line.strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|number| number.parse::<f64>().ok());
    match tps {
        Some(tps) if output.status.success() && !failed => Ok(tps),
        _ => Err(format!(
            "pgbench failed: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        )),
    }
}

/// pgbench ships with the PostgreSQL server binaries, not always on PATH.
fn pgbench_path() -> String {
    std::fs::read_dir("/usr/lib/postgresql")
        .ok()
        .and_then(|versions| {
            versions
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.path().join("bin/pgbench"))
                .filter(|path| path.is_file())
                .max()
        })
        .map(|path| path.display().to_string())
        .unwrap_or_else(|| "pgbench".into())
}

/// `bench argon2 THREADS SECONDS PHC_HASH PASSWORD`: verifies PASSWORD against PHC_HASH on
/// THREADS threads for SECONDS, like the login does (same crate, same parameters, same
/// hash), and prints the verifies per second.
pub fn argon2_loop(args: &[String]) -> Result<()> {
    let [threads, seconds, hash, password] = args else {
        return Err("argon2 needs THREADS SECONDS PHC_HASH PASSWORD".into());
    };
    let threads: usize = threads.parse().context("the thread count")?;
    let seconds: f64 = seconds.parse().context("the duration")?;
    let parsed = PasswordHash::new(hash).map_err(|error| format!("the hash: {error}"))?;
    let verifies = AtomicU64::new(0);
    let mismatches = AtomicU64::new(0);
    let started = Instant::now();
    let until = started + Duration::from_secs_f64(seconds);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while Instant::now() < until {
                    let matched = Argon2::default()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok();
                    let counter = if matched { &verifies } else { &mismatches };
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    if mismatches.load(Ordering::Relaxed) > 0 {
        return Err("the password does not match the hash".into());
    }
    println!("{}", verifies.load(Ordering::Relaxed) as f64 / elapsed);
    Ok(())
}

/// `bench busy THREADS SECONDS`: THREADS threads spin for SECONDS under `SCHED_IDLE`, the lowest
/// priority Linux has: work that any other thread preempts at once, which touches no memory to
/// speak of. What it does to another process's latency is this machine's floor for a tail
/// measured while the cores are kept busy.
pub fn busy_loop(args: &[String]) -> Result<()> {
    let [threads, seconds] = args else {
        return Err("busy needs THREADS SECONDS".into());
    };
    let threads: usize = threads.parse().context("the thread count")?;
    let seconds: f64 = seconds.parse().context("the duration")?;
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    std::thread::scope(|scope| {
        let spinners: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || -> Result<()> {
                    let param = libc::sched_param { sched_priority: 0 };
                    // SAFETY: a plain system call on the calling thread with a valid parameter.
                    if unsafe { libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) } != 0 {
                        return Err(format!(
                            "SCHED_IDLE refused: {}",
                            std::io::Error::last_os_error()
                        ));
                    }
                    let mut state = 1u64;
                    while Instant::now() < until {
                        for _ in 0..10_000 {
                            state = std::hint::black_box(
                                state.wrapping_mul(6_364_136_223_846_793_005) + 1,
                            );
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        spinners.into_iter().try_for_each(|spinner| {
            spinner
                .join()
                .map_err(|_| "a busy thread panicked".to_string())?
        })
    })
}
