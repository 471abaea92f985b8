//! `make bench`: builds nothing itself (scripts/bench does), then measures the portal side by
//! side with its yardsticks on this machine and writes `target/bench/report.{json,md}`.
//!
//! `bench run`              every comparison (what `make bench` calls; `BENCH_ONLY=scale`: the
//!                          lists at 100× alone)
//! `bench baseline …`       the bare axum process the portal's server is compared with
//! `bench argon2 …`         raw argon2 verifies in a loop, the ceiling of logins per second
//! `bench busy …`           lowest-priority busy loops, for the machine's floor of a loaded tail
//! `bench faults [DRILL…]`  the fault drills against a running cluster (scripts/faults)
//! `bench profile FOLDED`   where the CPU goes, from folded perf samples (scripts/profile)
//! `bench scale URL [EMAIL]` grows a database a hundredfold around the account EMAIL holds
mod baseline;
mod browser;
mod comparisons;
mod cpu;
mod faults;
mod fixtures;
mod load;
mod processes;
mod profile;
mod report;
mod run;
mod scale;
mod servers;
mod staff;
mod subcommands;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        return usage();
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = match command.as_str() {
        "run" => runtime.block_on(run::run()),
        "baseline" => runtime.block_on(baseline::serve(rest)),
        "argon2" => load::argon2_loop(rest),
        "busy" => load::busy_loop(rest),
        "faults" => runtime.block_on(faults::run(rest)),
        "profile" => profile::print_parts(rest),
        "scale" => runtime.block_on(scale::run(rest)),
        _ => return usage(),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench: {error}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: bench run\n       bench baseline PORT HOME_HTML PAGE_HTML SITE_ROOT\n       bench argon2 THREADS SECONDS PHC_HASH PASSWORD\n       bench busy THREADS SECONDS\n       bench faults [kill9|sigterm|postgres|storage]…\n       bench profile FOLDED\n       bench scale DATABASE_URL [HOLDER_EMAIL]"
    );
    ExitCode::from(2)
}

/// Every failure of the harness: a message for the person running it.
pub type Result<T, E = String> = std::result::Result<T, E>;

/// Turns any displayable error into the harness's error, with what was being done.
pub trait Context<T> {
    fn context(self, doing: &str) -> Result<T>;
}

impl<T, E: std::fmt::Display> Context<T> for std::result::Result<T, E> {
    fn context(self, doing: &str) -> Result<T> {
        self.map_err(|error| format!("{doing}: {error}"))
    }
}
