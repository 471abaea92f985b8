//! `bench profile FOLDED`: where a server's CPU goes, from `perf` samples folded by
//! `inferno-collapse-perf` (one stack a line, its sample count last). Each sample counts for
//! the innermost frame that belongs to a known part of the portal; an allocation counts for the
//! part that made it. `scripts/profile` records the samples; `bench/CHANGES.md` keeps findings.
use crate::{Context, Result};
use std::collections::BTreeMap;

/// The parts a sample may belong to, each known by words in its frames' names; the first
/// part whose words a frame contains is the frame's.
const PARTS: &[(&str, &[&str])] = &[
    ("the allocator (mimalloc)", &["_mi_", "mi_"]),
    (
        "compressing the HTML (brotli, gzip)",
        &["brotli", "flate2", "miniz", "async_compression", "compress"],
    ),
    ("sqlx (statements, rows)", &["sqlx"]),
    ("translations (leptos_i18n)", &["i18n"]),
    (
        "serialising resources into the page",
        &["serde_json", "serde::", "serde_core", "SharedContext"],
    ),
    ("tracing (request spans, logs)", &["tracing"]),
    ("sessions (tower-sessions)", &["tower_sessions"]),
    ("HTML escaping", &["escape"]),
    ("Leptos: views to HTML (tachys)", &["tachys"]),
    (
        "Leptos: reactive owners, signals, contexts",
        &["reactive_graph", "any_spawner", "leptos"],
    ),
    (
        "hyper, axum, tokio (HTTP and tasks)",
        &["hyper", "axum", "tokio", "tower", "mio"],
    ),
    (
        "the kernel (system calls, page faults)",
        &["[k]", "_raw_", "syscall", "kallsyms"],
    ),
];

/// Frames of the allocator itself, skipped to find who allocated.
const ALLOCATING: &[&str] = &[
    "_mi_", "mi_", "malloc", "alloc::", "realloc", "RawVec", "__rust_",
];

fn part_of(frame: &str) -> Option<&'static str> {
    PARTS
        .iter()
        .find(|(_, words)| words.iter().any(|word| frame.contains(word)))
        .map(|(name, _)| *name)
}

/// The part a sample's stack (outermost frame first) counts for.
fn part_of_stack(frames: &[&str]) -> String {
    let Some(part) = frames.iter().rev().find_map(|frame| part_of(frame)) else {
        return "other".into();
    };
    if part != PARTS[0].0 {
        return part.into();
    }
    let by = frames
        .iter()
        .rev()
        .filter(|frame| !ALLOCATING.iter().any(|word| frame.contains(word)))
        .find_map(|frame| part_of(frame))
        .unwrap_or("other");
    format!("allocations by {by}")
}

/// Prints a Markdown table: each part's share of the samples, largest first.
pub fn print_parts(args: &[String]) -> Result<()> {
    let [path] = args else {
        return Err("usage: bench profile FOLDED".into());
    };
    let folded = std::fs::read_to_string(path).context(path)?;
    let mut samples: BTreeMap<String, u64> = BTreeMap::new();
    let mut total = 0;
    for line in folded.lines() {
        let Some((stack, count)) = line.rsplit_once(' ') else {
            continue;
        };
        let count: u64 = count.parse().context("a sample count")?;
        let frames: Vec<&str> = stack.split(';').collect();
        *samples.entry(part_of_stack(&frames)).or_default() += count;
        total += count;
    }
    if total == 0 {
        return Err(format!("{path} holds no sample"));
    }
    let mut parts: Vec<_> = samples.into_iter().collect();
    parts.sort_by_key(|part| std::cmp::Reverse(part.1));
    println!("| where | share of the samples |\n|---|---|");
    for (part, count) in parts {
        println!("| {part} | {:.1} % |", 100.0 * count as f64 / total as f64);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_counts_for_its_innermost_known_frame() {
        let stack = [
            "tokio::run",
            "tachys::view::to_html",
            "leptos_i18n::t",
            "memcpy",
        ];
        assert_eq!(part_of_stack(&stack), "translations (leptos_i18n)");
    }

    #[test]
    fn an_allocation_counts_for_the_part_that_made_it() {
        let stack = [
            "hyper::serve",
            "brotli::encode",
            "alloc::vec::grow",
            "_mi_malloc",
        ];
        assert_eq!(
            part_of_stack(&stack),
            "allocations by compressing the HTML (brotli, gzip)"
        );
    }
}
