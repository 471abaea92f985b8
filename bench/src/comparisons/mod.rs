//! The comparisons of `bench run`, grouped by what they measure, and the two helpers they share.
pub mod cluster;
pub mod first_load;
pub mod flood;
pub mod logins;
pub mod panics;
pub mod scale;
pub mod start_and_memory;
pub mod throughput;
pub mod vitals;

use crate::{
    report::{Bound, Comparison, Side},
    Result,
};
use std::future::Future;

/// A comparison, or the line saying why it could not be measured (the run goes on: the other
/// numbers still count).
pub fn or_failed(
    line: Result<Comparison>,
    id: &'static str,
    what: &str,
    goal: Bound,
) -> Comparison {
    line.unwrap_or_else(|error| {
        eprintln!("        {what}: not measured: {error}");
        let mut failed =
            Comparison::absolute(id, what, "", Side::new("not measured", vec![]), goal);
        failed.met = false;
        failed.with_note(format!("not measured: {error}"))
    })
}

/// Runs `round` `rounds` times; each round measures both sides, one after the other.
pub async fn alternate<A, B, F, Fut>(rounds: u32, round: F) -> Result<(Vec<A>, Vec<B>)>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<(A, B)>>,
{
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let (a, b) = round().await?;
        ours.push(a);
        theirs.push(b);
    }
    Ok((ours, theirs))
}
