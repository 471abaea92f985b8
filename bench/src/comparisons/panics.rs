//! Panics in the portal's logs: every `panicked at` line (Rust's panic hook, on stderr) that the
//! portal's processes wrote during the run, the harness's own (`target/bench/logs/portal.log`,
//! appended to by every start, and `portal-100x.log`, the portal on the 100× database) and the
//! cluster's (`target/bench/logs/cluster/server-N.log`).
use super::or_failed;
use crate::{
    report::{Bound, Comparison, Side},
    Context, Result,
};
use std::path::{Path, PathBuf};

/// At most this many panics are quoted in the report's note.
const QUOTED: usize = 3;
const WHAT: &str = "panics in the portal's logs during the run";

/// Removes the previous run's logs (`target/bench/logs/*.log`; the cluster's step removes its
/// own), so that what is counted at the end was written during this run.
pub fn clear_logs(out: &Path) -> Result<()> {
    let logs = out.join("logs");
    for entry in std::fs::read_dir(&logs).context("reading target/bench/logs")? {
        let path = entry.context("a log file")?.path();
        if path.is_file() && path.extension().is_some_and(|ext| ext == "log") {
            std::fs::remove_file(&path).context(&format!("removing {}", path.display()))?;
        }
    }
    Ok(())
}

/// The panics in the portal's logs, against none.
pub fn count(out: &Path) -> Comparison {
    or_failed(counted(out), "panics", WHAT, Bound::AtMost(0.0))
}

fn counted(out: &Path) -> Result<Comparison> {
    let logs = out.join("logs");
    // The harness's portals: `portal.log`, and `portal-100x.log` once the lists at scale ran.
    let mut files: Vec<PathBuf> = std::fs::read_dir(&logs)
        .context("reading target/bench/logs")?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("portal") && name.ends_with(".log"))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err("no portal log in target/bench/logs".into());
    }
    if let Ok(entries) = std::fs::read_dir(logs.join("cluster")) {
        let mut servers: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| {
                path.file_name()
                    .and_then(|name| name.to_str())
                    .is_some_and(|name| name.starts_with("server-") && name.ends_with(".log"))
            })
            .collect();
        servers.sort();
        files.extend(servers);
    }
    let (mut total, mut per_file, mut quoted) = (0usize, Vec::new(), Vec::new());
    for file in &files {
        let text = std::fs::read(file).context(&format!("reading {}", file.display()))?;
        let text = String::from_utf8_lossy(&text);
        let lines: Vec<&str> = text.lines().collect();
        let mut here = 0;
        for (index, line) in lines.iter().enumerate() {
            if !line.contains("panicked at") {
                continue;
            }
            here += 1;
            if quoted.len() < QUOTED {
                // The hook's first line names the place, the next one the message.
                let message = lines.get(index + 1).copied().unwrap_or_default();
                let quote: String = format!("{} {message}", line.trim())
                    .chars()
                    .take(240)
                    .collect();
                quoted.push(format!("`{}`", quote.replace('`', "'")));
            }
        }
        total += here;
        let name = file.strip_prefix(out).unwrap_or(file).display().to_string();
        per_file.push(format!("{name}: {here}"));
    }
    let mut note = format!(
        "`panicked at` lines, Rust's panic hook, in the logs of every portal process the run \
         started ({})",
        per_file.join(", ")
    );
    if !quoted.is_empty() {
        note.push_str(&format!("; the first: {}", quoted.join("; ")));
    }
    Ok(Comparison::absolute(
        "panics",
        WHAT,
        "panics",
        Side::new(format!("{} portal logs", files.len()), vec![total as f64]),
        Bound::AtMost(0.0),
    )
    .with_note(note))
}
