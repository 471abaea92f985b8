//! The harness's own subcommands (`bench argon2`, `bench busy`) run as processes of their own,
//! beside the servers under test.
use crate::{
    fixtures::{Fixtures, PASSWORD},
    Context, Result,
};
use std::path::Path;

/// `bench argon2` in its own process, so that both sides run as separate programs on the
/// same cores.
pub async fn raw_argon2(
    exe: &Path,
    threads: usize,
    seconds: u32,
    fixtures: &Fixtures,
) -> Result<f64> {
    let args = [
        "argon2".to_string(),
        threads.to_string(),
        seconds.to_string(),
        fixtures.password_hash.clone(),
        PASSWORD.to_string(),
    ];
    let printed = run_subcommand(exe, &args, "the argon2 loop").await?;
    printed
        .trim()
        .parse()
        .map_err(|_| format!("the argon2 loop printed {printed:?}"))
}

/// `bench SUBCOMMAND …` (the harness's own binary) in a process of its own: what it printed,
/// or what it said when it failed.
async fn run_subcommand(exe: &Path, args: &[String], what: &str) -> Result<String> {
    let output = tokio::process::Command::new(exe)
        .args(args)
        .output()
        .await
        .context(&format!("running {what}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// `threads` lowest-priority busy loops for `seconds`, in a process of their own (`bench busy`).
pub async fn busy_loops(exe: &Path, threads: usize, seconds: u32) -> Result<()> {
    let args = ["busy".to_string(), threads.to_string(), seconds.to_string()];
    run_subcommand(exe, &args, "the busy loops").await.map(drop)
}
