//! The processes under test: started, timed until their first `/healthz` answer, weighed
//! (resident memory), stopped.
use crate::{Context, Result};
use std::{
    path::Path,
    process::Stdio,
    time::{Duration, Instant},
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
    process::{Child, Command},
};

/// A running server; killed when dropped.
pub struct Process {
    child: Child,
    /// From exec to the first `200` on `/healthz`.
    pub started_in: Duration,
}

impl Process {
    /// Starts `program` and waits (at most a minute) until `GET ready_path` answers 200 on
    /// `port`.
    pub async fn start(
        name: &'static str,
        program: &Path,
        args: &[String],
        env: &[(&str, String)],
        (port, ready_path): (u16, &str),
        log: &Path,
    ) -> Result<Self> {
        // Appended to: every start of the run stays in the log (the panics' count reads them).
        let log_file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .context("opening a log file")?;
        let started = Instant::now();
        let child = Command::new(program)
            .args(args)
            .envs(env.iter().map(|(name, value)| (*name, value.as_str())))
            .stdout(Stdio::from(log_file.try_clone().context("log file")?))
            .stderr(Stdio::from(log_file))
            .kill_on_drop(true)
            .spawn()
            .context(&format!("starting {}", program.display()))?;
        let mut process = Self {
            child,
            started_in: Duration::ZERO,
        };
        while !answers(port, ready_path).await {
            if let Ok(Some(status)) = process.child.try_wait() {
                return Err(format!(
                    "{name} exited ({status}) before answering; see {}",
                    log.display()
                ));
            }
            if started.elapsed() > Duration::from_secs(60) {
                return Err(format!(
                    "{name} did not answer within a minute; see {}",
                    log.display()
                ));
            }
            tokio::time::sleep(Duration::from_micros(500)).await;
        }
        process.started_in = started.elapsed();
        Ok(process)
    }

    /// Resident memory (VmRSS), in MiB.
    pub fn resident_mib(&self) -> Result<f64> {
        let pid = self.child.id().ok_or("the process has ended")?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .context("reading /proc/PID/status")?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kib| kib.parse::<f64>().ok())
            .map(|kib| kib / 1024.0)
            .ok_or_else(|| "no VmRSS line".to_string())
    }

    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// Whether `GET path` answers 200 now: a raw request, so that the timing is the server's.
async fn answers(port: u16, path: &str) -> bool {
    let attempt = async {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.ok()?;
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).await.ok()?;
        Some(&head == b"HTTP/1.1 200")
    };
    tokio::time::timeout(Duration::from_secs(1), attempt)
        .await
        .ok()
        .flatten()
        .unwrap_or(false)
}
