//! `bench faults [DRILL…]`: the fault drills, against a cluster `scripts/faults` started (nginx
//! in front of two server processes). Each drill prints its figures and its checks; the command
//! fails when one check does.
//!   kill9     a process killed under load while clients place orders with idempotency keys
//!   sigterm   a process stopped gracefully under load
//!   postgres  PostgreSQL restarted under load (needs FAULTS_POSTGRES=1: the private cluster)
//!   storage   the S3 server stopped (needs FAULTS_S3=1: scripts/s3)
mod buyer;
pub mod cluster;
mod kill9;
mod load;
mod postgres;
mod sigterm;
mod storage;

use crate::{Context, Result};
use buyer::Buyer;
use cluster::Cluster;
use std::{fmt::Display, time::Instant};

const DRILLS: [&str; 4] = ["kill9", "sigterm", "postgres", "storage"];

/// What every drill is given.
pub struct Drill<'a> {
    pub cluster: &'a Cluster,
    pub pool: &'a sqlx::PgPool,
}

impl Drill<'_> {
    /// A new buyer (company, project, session) for one drill.
    pub async fn buyer(&self) -> Result<Buyer> {
        Buyer::sign_up(&self.cluster.base, self.pool).await
    }
}

/// A drill's figures, printed in order, and its checks.
pub struct Figures {
    lines: Vec<(String, String)>,
    checks: Vec<(String, bool)>,
}

impl Figures {
    pub fn new() -> Self {
        Self {
            lines: Vec::new(),
            checks: Vec::new(),
        }
    }

    pub fn push(&mut self, name: &str, value: impl Display) {
        self.lines.push((name.to_string(), value.to_string()));
    }

    pub fn check(&mut self, passed: bool, what: &str) {
        self.checks.push((what.to_string(), passed));
    }

    fn print(&self, drill: &str) -> bool {
        println!("--- fault drill `{drill}`");
        for (name, value) in &self.lines {
            println!("  {name:<48} {value}");
        }
        let mut passed = true;
        for (what, ok) in &self.checks {
            println!("  [{}] {what}", if *ok { "ok" } else { "FAILED" });
            passed &= ok;
        }
        passed
    }
}

pub async fn run(args: &[String]) -> Result<()> {
    let chosen: Vec<&str> = if args.is_empty() {
        DRILLS.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    if let Some(unknown) = chosen.iter().find(|name| !DRILLS.contains(name)) {
        return Err(format!(
            "no drill named {unknown} (drills: {})",
            DRILLS.join(", ")
        ));
    }
    let cluster = Cluster::from_env()?;
    let database_url =
        std::env::var("FAULTS_DATABASE_URL").map_err(|_| "FAULTS_DATABASE_URL is not set")?;
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(4)
        .connect(&database_url)
        .await
        .context("connecting to the drills' database")?;
    let drill = Drill {
        cluster: &cluster,
        pool: &pool,
    };
    let flag = |name: &str| std::env::var(name).is_ok_and(|value| value == "1");
    let mut failed = Vec::new();
    for name in chosen {
        let started = Instant::now();
        let outcome = match name {
            "kill9" => kill9::run(&drill).await,
            "sigterm" => sigterm::run(&drill).await,
            "postgres" if flag("FAULTS_POSTGRES") => postgres::run(&drill).await,
            "storage" if flag("FAULTS_S3") => storage::run(&drill).await,
            skipped => {
                println!(
                    "--- fault drill `{skipped}`: skipped (see `bench faults` in bench/README.md)"
                );
                continue;
            }
        };
        match outcome {
            Ok(figures) => {
                if !figures.print(name) {
                    failed.push(name);
                }
            }
            Err(error) => {
                println!("--- fault drill `{name}`: could not run: {error}");
                failed.push(name);
            }
        }
        println!("  ({name}: {:.1?})", started.elapsed());
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("fault drills failed: {}", failed.join(", ")))
    }
}
