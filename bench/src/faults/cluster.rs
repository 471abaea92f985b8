//! The cluster under test, as `scripts/cluster` started it: its processes' pids and ports, and
//! the scripts that stop and start its parts.
use crate::{Context, Result};
use std::{
    path::PathBuf,
    time::{Duration, Instant},
};
use tokio::process::Command;

pub struct Cluster {
    pub root: PathBuf,
    /// nginx, as visitors reach it.
    pub base: String,
    dir: PathBuf,
    port: u16,
    /// What every script it runs is given, besides CLUSTER_DIR and CLUSTER_PORT.
    env: Vec<(String, String)>,
}

impl Cluster {
    /// The cluster of `scripts/cluster` with CLUSTER_DIR `dir` and CLUSTER_PORT `port`, its
    /// scripts run from `root` with `env`.
    pub fn new(root: PathBuf, dir: PathBuf, port: u16, env: Vec<(String, String)>) -> Self {
        Self {
            root,
            base: format!("http://127.0.0.1:{port}"),
            dir,
            port,
            env,
        }
    }

    /// From the environment `scripts/faults` sets: CLUSTER_DIR, CLUSTER_PORT.
    pub fn from_env() -> Result<Self> {
        let root = std::env::current_dir().context("the current folder")?;
        let dir = std::env::var("CLUSTER_DIR").map_err(|_| "CLUSTER_DIR is not set")?;
        let port: u16 = std::env::var("CLUSTER_PORT")
            .map_err(|_| "CLUSTER_PORT is not set")?
            .parse()
            .context("CLUSTER_PORT")?;
        Ok(Self::new(root, PathBuf::from(dir), port, Vec::new()))
    }

    /// Its folder: logs, pids, nginx's configuration and logs.
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// Server process `n` (1 or 2) directly, without nginx.
    pub fn process_url(&self, n: u16) -> String {
        format!("http://127.0.0.1:{}", self.port + n)
    }

    pub fn pid(&self, n: u16) -> Result<i32> {
        let path = self.dir.join(format!("server-{n}.pid"));
        std::fs::read_to_string(&path)
            .context(&format!("reading {}", path.display()))?
            .trim()
            .parse()
            .context("the pid")
    }

    /// Sends `signal` to process `n`; its pid, for [`Cluster::wait_exit`].
    pub fn signal(&self, n: u16, signal: i32) -> Result<i32> {
        let pid = self.pid(n)?;
        // SAFETY: kill(2) with a pid read from the cluster's pid file and a valid signal.
        if unsafe { libc::kill(pid, signal) } != 0 {
            return Err(format!("cannot signal process {n} (pid {pid})"));
        }
        Ok(pid)
    }

    /// Waits (at most `limit`) until `pid` has ended; how long it took.
    pub async fn wait_exit(&self, pid: i32, limit: Duration) -> Result<Duration> {
        let started = Instant::now();
        while running(pid) {
            if started.elapsed() > limit {
                return Err(format!("pid {pid} still runs after {limit:?}"));
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Ok(started.elapsed())
    }

    /// Starts process `n` again with the cluster's settings, and waits until it is ready.
    pub async fn restart(&self, n: u16) -> Result<Duration> {
        let started = Instant::now();
        self.script("cluster", &["restart", &n.to_string()]).await?;
        Ok(started.elapsed())
    }

    /// nginx's access log so far, one request a line (`scripts/cluster`'s `upstreams` format:
    /// the processes tried, comma-separated).
    pub fn access_log(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.join("nginx/access.log"))
            .map(|text| text.lines().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    /// Runs `scripts/NAME ARGS…` to its end.
    pub async fn script(&self, name: &str, args: &[&str]) -> Result<()> {
        let status = Command::new(self.root.join("scripts").join(name))
            .args(args)
            .current_dir(&self.root)
            .env("CLUSTER_DIR", &self.dir)
            .env("CLUSTER_PORT", self.port.to_string())
            .envs(self.env.iter().map(|(name, value)| (name, value)))
            .status()
            .await
            .context(&format!("running scripts/{name}"))?;
        if !status.success() {
            return Err(format!(
                "scripts/{name} {} failed ({status})",
                args.join(" ")
            ));
        }
        Ok(())
    }
}

/// Whether `pid` is a live process (a zombie nobody reaped yet counts as ended).
fn running(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| !rest.starts_with('Z') && !rest.starts_with('X')),
        Err(_) => false,
    }
}
