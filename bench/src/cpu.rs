//! Where the machine's CPU time went during a measurement, by program, read from `/proc`: the
//! measured reason beside a ratio that falls short (nginx's share of the cores, PostgreSQL's,
//! the load generator's, the portal's own time per request).
//!
//! A process's time is its `utime + stime` (`/proc/PID/stat`, every thread); a program is a
//! process's name (`comm`). The harness's children (wrk, the argon2 loop) have ended by the
//! time the work is over: their time is read from the harness's `cutime + cstime`, which the
//! kernel adds when they are waited for.
use crate::{Context, Result};
use std::{collections::BTreeMap, future::Future};

/// The portal's processes (its binary's name).
pub const PORTAL: &str = "server";
/// PostgreSQL's processes.
pub const DATABASE: &str = "postgres";
/// The harness's children, as the split names them.
pub const CHILDREN: &str = "load generator";
/// The cores' idle time.
const IDLE: &str = "idle";
/// The kernel's own threads, together.
const KERNEL: &str = "kernel threads";
/// Every kernel thread is a child of `kthreadd`, process 2.
const KERNEL_THREADS_PARENT: &str = "2";

/// CPU time used so far, by program, and the machine's.
struct Snapshot {
    ticks: BTreeMap<String, u64>,
    /// Every core's ticks, busy or idle, and the idle ones.
    machine: u64,
    idle: u64,
}

impl Snapshot {
    fn now() -> Result<Self> {
        let own = std::process::id().to_string();
        let mut ticks = BTreeMap::new();
        for entry in std::fs::read_dir("/proc").context("reading /proc")? {
            let Ok(entry) = entry else { continue };
            let name = entry.file_name();
            let Some(pid) = name
                .to_str()
                .filter(|pid| pid.bytes().all(|b| b.is_ascii_digit()))
            else {
                continue;
            };
            // A process may end between the listing and the read: it is left out.
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            let Some((program, times)) = process_times(&stat) else {
                continue;
            };
            // Kernel threads rename themselves with their work ("kworker/0:2-events"): one group.
            let program = if times.parent == KERNEL_THREADS_PARENT || pid == KERNEL_THREADS_PARENT {
                KERNEL
            } else {
                program
            };
            if pid == own {
                *ticks.entry("harness".to_string()).or_default() += times.own;
                *ticks.entry(CHILDREN.to_string()).or_default() += times.children;
            } else {
                *ticks.entry(program.to_string()).or_default() += times.own;
            }
        }
        let stat = std::fs::read_to_string("/proc/stat").context("reading /proc/stat")?;
        let (machine, idle) = machine_ticks(&stat).ok_or("no cpu line in /proc/stat")?;
        Ok(Self {
            ticks,
            machine,
            idle,
        })
    }
}

struct Times<'a> {
    /// The parent's process id, as written.
    parent: &'a str,
    own: u64,
    children: u64,
}

/// A process's name and times from its `stat` line: the name is between the first `(` and the
/// last `)` (it may hold either); after it, the parent's id is the 2nd field, and utime, stime,
/// cutime and cstime the 12th to 15th.
fn process_times(stat: &str) -> Option<(&str, Times<'_>)> {
    let name = &stat[stat.find('(')? + 1..stat.rfind(')')?];
    let fields: Vec<&str> = stat[stat.rfind(')')? + 1..].split_whitespace().collect();
    let number = |index: usize| {
        fields
            .get(index)
            .and_then(|field| field.parse::<u64>().ok())
    };
    Some((
        name,
        Times {
            parent: fields.get(1)?,
            own: number(11)? + number(12)?,
            children: number(13)? + number(14)?,
        },
    ))
}

/// Every core's ticks and the idle ones (idle + iowait), from `/proc/stat`'s `cpu` line.
fn machine_ticks(stat: &str) -> Option<(u64, u64)> {
    let fields: Vec<u64> = stat
        .lines()
        .find_map(|line| line.strip_prefix("cpu "))?
        .split_whitespace()
        .map(|field| field.parse().unwrap_or(0))
        .collect();
    // user nice system idle iowait irq softirq steal (guest time is counted in user already).
    let machine = fields.iter().take(8).sum();
    let idle = fields.get(3)? + fields.get(4).copied().unwrap_or(0);
    Some((machine, idle))
}

/// CPU seconds by program over some stretch of time, and the machine's (every core's).
#[derive(Clone, Debug, Default)]
pub struct CpuSplit {
    seconds: BTreeMap<String, f64>,
    machine: f64,
}

/// How many were done in `seconds` at `rate` a second (pgbench and the loops report rates).
pub fn done_in(rate: f64, seconds: u32) -> u64 {
    (rate * f64::from(seconds)).round() as u64
}

/// Runs `work` and answers what it gave with the CPU split of the time it took.
pub async fn measured<T>(work: impl Future<Output = Result<T>>) -> Result<(T, CpuSplit)> {
    let before = Snapshot::now()?;
    let answer = work.await?;
    let after = Snapshot::now()?;
    Ok((answer, CpuSplit::between(&before, &after)))
}

impl CpuSplit {
    fn between(before: &Snapshot, after: &Snapshot) -> Self {
        let per_second = ticks_per_second();
        let mut seconds: BTreeMap<String, f64> = after
            .ticks
            .iter()
            .map(|(program, &ticks)| {
                let earlier = before.ticks.get(program).copied().unwrap_or(0);
                (
                    program.clone(),
                    ticks.saturating_sub(earlier) as f64 / per_second,
                )
            })
            .filter(|(_, seconds)| *seconds > 0.0)
            .collect();
        seconds.insert(
            IDLE.to_string(),
            after.idle.saturating_sub(before.idle) as f64 / per_second,
        );
        Self {
            seconds,
            machine: after.machine.saturating_sub(before.machine) as f64 / per_second,
        }
    }

    /// The sum of several stretches (the rounds of one side).
    fn sum<'a>(stretches: impl IntoIterator<Item = &'a CpuSplit>) -> Self {
        let mut sum = Self::default();
        for stretch in stretches {
            for (program, seconds) in &stretch.seconds {
                *sum.seconds.entry(program.clone()).or_default() += seconds;
            }
            sum.machine += stretch.machine;
        }
        sum
    }

    /// Rounds measured with their CPU split: how many requests (or transactions, or hashes)
    /// they did in all, by `done`, and their splits summed.
    pub fn of_rounds<T>(rounds: &[(T, CpuSplit)], done: impl Fn(&T) -> u64) -> (u64, Self) {
        (
            rounds.iter().map(|(work, _)| done(work)).sum(),
            Self::sum(rounds.iter().map(|(_, split)| split)),
        )
    }

    /// The CPU seconds of `program` (its processes' name).
    pub fn seconds(&self, program: &str) -> f64 {
        self.seconds.get(program).copied().unwrap_or(0.0)
    }

    /// The split of `count` requests (or transactions), with the portal's and PostgreSQL's CPU
    /// time each: "server 6.1 s (51 %), …; the portal 0.364 ms, PostgreSQL 0.290 ms a request".
    pub fn per_request(&self, count: u64) -> String {
        format!(
            "{}; the portal {:.3} ms, PostgreSQL {:.3} ms a request",
            self.describe(),
            self.ms_each(PORTAL, count),
            self.ms_each(DATABASE, count)
        )
    }

    /// The CPU time of `program` for each of `count` requests (or transactions), in ms.
    pub fn ms_each(&self, program: &str, count: u64) -> f64 {
        1000.0 * self.seconds(program) / count.max(1) as f64
    }

    /// "server 6.1 s (51 %), postgres 4.9 s (41 %), …, idle 0.1 s of 12.0 CPU-s": the programs
    /// that took at least 1 % of the machine, the largest first.
    pub fn describe(&self) -> String {
        let mut parts: Vec<(&String, &f64)> = self
            .seconds
            .iter()
            .filter(|(_, seconds)| **seconds >= self.machine / 100.0)
            .collect();
        parts.sort_by(|a, b| b.1.total_cmp(a.1));
        let parts: Vec<String> = parts
            .into_iter()
            .map(|(program, seconds)| {
                format!(
                    "{program} {seconds:.2} s ({:.0} %)",
                    100.0 * seconds / self.machine.max(f64::EPSILON)
                )
            })
            .collect();
        format!("{} of {:.1} CPU-s", parts.join(", "), self.machine)
    }
}

/// The kernel's clock ticks per second (`USER_HZ`), in which `/proc` counts CPU time.
fn ticks_per_second() -> f64 {
    // SAFETY: sysconf reads a constant of the system; it has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if ticks > 0 {
        ticks as f64
    } else {
        100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stat_line_gives_the_name_and_the_times_even_with_parentheses_in_the_name() {
        let stat = "4242 (tokio (rt)) S 1 4242 4242 0 -1 4194560 900 0 0 0 120 30 7 3 20 0 9 0";
        let (name, times) = process_times(stat).unwrap();
        assert_eq!(name, "tokio (rt)");
        assert_eq!((times.parent, times.own, times.children), ("1", 150, 10));
    }

    #[test]
    fn the_machine_counts_every_state_and_idle_counts_iowait() {
        let stat = "cpu  100 5 50 800 20 1 2 0 0 0\ncpu0 50 2 25 400 10 0 1 0 0 0\n";
        assert_eq!(machine_ticks(stat), Some((978, 820)));
    }

    #[test]
    fn this_process_is_seen_and_its_time_only_grows() {
        let before = Snapshot::now().unwrap();
        let mut spin = 0u64;
        let until = std::time::Instant::now() + std::time::Duration::from_millis(50);
        while std::time::Instant::now() < until {
            spin = std::hint::black_box(spin.wrapping_add(1));
        }
        let split = CpuSplit::between(&before, &Snapshot::now().unwrap());
        assert!(split.seconds("harness") > 0.0, "{split:?}");
        assert!(split.machine >= split.seconds("harness"), "{split:?}");
    }

    #[test]
    fn rounds_add_up_their_counts_and_their_programs_seconds() {
        let round = |portal: f64, database: f64| CpuSplit {
            seconds: BTreeMap::from([
                (PORTAL.to_string(), portal),
                (DATABASE.to_string(), database),
            ]),
            machine: 4.0,
        };
        let rounds = [(1_000.4, round(1.0, 0.5)), (999.6, round(2.0, 0.25))];
        let (done, split) = CpuSplit::of_rounds(&rounds, |&rate| done_in(rate, 2));
        // 2,000.8 and 1,999.2 done in the two rounds' 2 s.
        assert_eq!(done, 2_001 + 1_999);
        assert_eq!(split.seconds(PORTAL), 3.0);
        assert_eq!(split.seconds(DATABASE), 0.75);
        assert_eq!(split.machine, 8.0);
        assert_eq!(split.ms_each(PORTAL, done), 0.75);
    }
}
