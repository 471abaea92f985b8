//! The report: for each comparison both sides' samples and medians, their ratio and the goal;
//! written as `report.json` (for tools) and `report.md` (for people).
use crate::{Context, Result};
use serde::Serialize;
use std::{fmt::Write as _, path::Path};

/// One side of a comparison: what was measured, each round, and the median.
#[derive(Clone, Debug, Serialize)]
pub struct Side {
    pub label: String,
    pub samples: Vec<f64>,
    pub median: f64,
}

impl Side {
    pub fn new(label: impl Into<String>, samples: Vec<f64>) -> Self {
        Self {
            label: label.into(),
            median: median(&samples),
            samples,
        }
    }
}

pub fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// The bound a value must respect.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    AtLeast(f64),
    AtMost(f64),
    /// Strictly below (a share of failed requests: "< 1 %").
    Below(f64),
}

impl Bound {
    pub fn holds(self, value: f64) -> bool {
        match self {
            Self::AtLeast(limit) => value >= limit,
            Self::AtMost(limit) => value <= limit,
            Self::Below(limit) => value < limit,
        }
    }

    fn text(self) -> String {
        // At most two decimals, none that are zeros: 0.4, 1.5, 3, 3.82.
        let short = |limit: f64| {
            let text = format!("{limit:.2}");
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        match self {
            Self::AtLeast(limit) => format!("≥ {}", short(limit)),
            Self::AtMost(limit) => format!("≤ {}", short(limit)),
            Self::Below(limit) => format!("< {}", short(limit)),
        }
    }
}

/// One line of the report.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub id: &'static str,
    pub what: String,
    pub unit: &'static str,
    pub ours: Side,
    /// The yardstick; `None` for absolute goals (CLS, Lighthouse score).
    pub reference: Option<Side>,
    /// ours / reference (or ours' median for absolute goals).
    pub value: f64,
    pub goal: Bound,
    pub met: bool,
    /// Why a goal is out of reach, or how to read the line.
    pub note: Option<String>,
}

impl Comparison {
    /// ours / reference, against `goal`.
    pub fn ratio(
        id: &'static str,
        what: &str,
        unit: &'static str,
        ours: Side,
        reference: Side,
        goal: Bound,
    ) -> Self {
        Self::new(id, what, unit, ours, Some(reference), goal)
    }

    /// Ours alone, against `goal`.
    pub fn absolute(
        id: &'static str,
        what: &str,
        unit: &'static str,
        ours: Side,
        goal: Bound,
    ) -> Self {
        Self::new(id, what, unit, ours, None, goal)
    }

    fn new(
        id: &'static str,
        what: &str,
        unit: &'static str,
        ours: Side,
        reference: Option<Side>,
        goal: Bound,
    ) -> Self {
        let value = match &reference {
            Some(reference) => ours.median / reference.median,
            None => ours.median,
        };
        Self {
            id,
            what: what.into(),
            unit,
            met: goal.holds(value),
            ours,
            reference,
            value,
            goal,
            note: None,
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// A missed goal gets a note saying whether `limit`, measured in the same run, puts the goal
    /// out of reach on this machine (the limit itself misses the bound) or not, before the note
    /// it had.
    pub fn read_against(self, limit: &Limit) -> Self {
        if self.met {
            return self;
        }
        let verdict = if self.goal.holds(limit.value) {
            "within the goal: this miss is the portal's own"
        } else {
            "already past the goal: out of reach on this machine, whatever the portal does"
        };
        let reading = format!(
            "this machine's limit ({}) is {:.2}, {verdict} (see \"This machine's limits\")",
            limit.what, limit.value
        );
        let note = match &self.note {
            Some(note) => format!("{reading}. {note}"),
            None => reading,
        };
        self.with_note(note)
    }
}

/// A measurement without a goal of its own: what this machine allows, which tells whether a
/// missed goal is out of reach here (listed under the goals, never counted among them).
#[derive(Clone, Debug, Serialize)]
pub struct Limit {
    pub id: &'static str,
    pub what: String,
    pub unit: &'static str,
    pub measured: Side,
    pub reference: Side,
    /// measured / reference.
    pub value: f64,
    /// The comparison whose goal this limit bears on.
    pub bears_on: &'static str,
    /// How to read it.
    pub note: String,
}

impl Limit {
    pub fn new(
        id: &'static str,
        what: &str,
        unit: &'static str,
        (measured, reference): (Side, Side),
        bears_on: &'static str,
        note: impl Into<String>,
    ) -> Self {
        Self {
            id,
            what: what.into(),
            unit,
            value: measured.median / reference.median,
            measured,
            reference,
            bears_on,
            note: note.into(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub started_at: String,
    pub machine: String,
    pub rounds: u32,
    pub seconds_per_side: u32,
    pub connections: u32,
    pub duration_s: f64,
    pub comparisons: Vec<Comparison>,
    pub limits: Vec<Limit>,
}

impl Report {
    pub fn write(&self, dir: &Path, changes: &str) -> Result<()> {
        std::fs::create_dir_all(dir).context("creating the report folder")?;
        let json = serde_json::to_string_pretty(self).context("serialising the report")?;
        std::fs::write(dir.join("report.json"), json).context("writing report.json")?;
        std::fs::write(dir.join("report.md"), self.markdown(changes)).context("writing report.md")
    }

    fn markdown(&self, changes: &str) -> String {
        let mut md = String::new();
        let met = self.comparisons.iter().filter(|c| c.met).count();
        let _ = writeln!(md, "# Benchmark report\n");
        let _ = writeln!(
            md,
            "{} · {} · {} rounds of {} s per side, {} connections · {:.0} s in all · **{met} of {} goals met**\n",
            self.started_at,
            self.machine,
            self.rounds,
            self.seconds_per_side,
            self.connections,
            self.duration_s,
            self.comparisons.len()
        );
        let _ = writeln!(
            md,
            "Each line: the medians of both sides (measured alternately in this run), their ratio and the goal. \
             Absolute numbers vary from machine to machine; the ratios are what this report is for.\n"
        );
        let _ = writeln!(md, "| | comparison | ours | yardstick | ratio | goal |");
        let _ = writeln!(md, "|---|---|---|---|---|---|");
        for c in &self.comparisons {
            let reference = c
                .reference
                .as_ref()
                .map(|side| format!("{} {} ({})", round(side.median), c.unit, side.label))
                .unwrap_or_else(|| "—".into());
            let _ = writeln!(
                md,
                "| {} | {} | {} {} ({}) | {} | {} | {} |",
                if c.met { "✅" } else { "❌" },
                c.what,
                round(c.ours.median),
                c.unit,
                c.ours.label,
                reference,
                if c.reference.is_some() {
                    ratio(c.value)
                } else {
                    round(c.value)
                },
                c.goal.text()
            );
        }
        if !self.limits.is_empty() {
            let _ = writeln!(md, "\n## This machine's limits\n");
            let _ = writeln!(
                md,
                "Measured in the same rounds, no goal of their own, never counted among the goals: what this machine allows \
                 without the portal's code, and where a goal's time goes.\n"
            );
            let _ = writeln!(
                md,
                "| measurement | measured | compared with | ratio | bears on |"
            );
            let _ = writeln!(md, "|---|---|---|---|---|");
            for limit in &self.limits {
                let bears_on = self
                    .comparisons
                    .iter()
                    .find(|c| c.id == limit.bears_on)
                    .map_or(limit.bears_on, |c| c.what.as_str());
                let _ = writeln!(
                    md,
                    "| {} | {} {} ({}) | {} {} ({}) | {} | {} |",
                    limit.what,
                    round(limit.measured.median),
                    limit.unit,
                    limit.measured.label,
                    round(limit.reference.median),
                    limit.unit,
                    limit.reference.label,
                    ratio(limit.value),
                    bears_on
                );
            }
            md.push('\n');
            for limit in &self.limits {
                let _ = writeln!(md, "- **{}**: {}", limit.what, limit.note);
            }
        }
        let notes: Vec<_> = self
            .comparisons
            .iter()
            .filter(|c| c.note.is_some())
            .collect();
        if !notes.is_empty() {
            let _ = writeln!(md, "\n## Notes\n");
            for c in notes {
                let _ = writeln!(
                    md,
                    "- **{}**: {}",
                    c.what,
                    c.note.as_deref().unwrap_or_default()
                );
            }
        }
        let _ = writeln!(md, "\n## Samples\n");
        for c in &self.comparisons {
            let _ = write!(md, "- {}: ours [{}]", c.what, samples(&c.ours));
            if let Some(reference) = &c.reference {
                let _ = write!(md, ", yardstick [{}]", samples(reference));
            }
            let _ = writeln!(md, " {}", c.unit);
        }
        for limit in &self.limits {
            let _ = writeln!(
                md,
                "- {}: measured [{}], compared with [{}] {}",
                limit.what,
                samples(&limit.measured),
                samples(&limit.reference),
                limit.unit
            );
        }
        md.push('\n');
        md.push_str(changes);
        md
    }
}

/// A side's samples, rounded, for the report's last section.
fn samples(side: &Side) -> String {
    side.samples
        .iter()
        .map(|v| round(*v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A ratio: two decimals, three below 0.1 (a page at 0.014 of its yardstick is not at 0.01).
fn ratio(value: f64) -> String {
    if value.abs() < 0.1 {
        format!("{value:.3}")
    } else {
        format!("{value:.2}")
    }
}

/// Three significant digits are all these machines can tell apart; a count as it is.
fn round(value: f64) -> String {
    if value.abs() >= 100.0 || value.fract() == 0.0 {
        format!("{value:.0}")
    } else if value.abs() >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn a_ratio_is_ours_over_the_yardstick_and_meets_its_bound() {
        let faster = Comparison::ratio(
            "x",
            "x",
            "req/s",
            Side::new("ours", vec![40.0, 50.0, 45.0]),
            Side::new("theirs", vec![100.0, 90.0, 110.0]),
            Bound::AtLeast(0.40),
        );
        assert_eq!(faster.value, 0.45);
        assert!(faster.met);
        let slower = Comparison::ratio(
            "y",
            "y",
            "ms",
            Side::new("ours", vec![30.0]),
            Side::new("theirs", vec![10.0]),
            Bound::AtMost(2.0),
        );
        assert!(!slower.met);
    }

    #[test]
    fn below_is_strict_and_counts_and_small_ratios_keep_their_digits() {
        assert!(Bound::Below(1.0).holds(0.99));
        assert!(!Bound::Below(1.0).holds(1.0));
        assert_eq!(Bound::Below(1.0).text(), "< 1");
        assert_eq!(round(0.0), "0");
        assert_eq!(round(5.0), "5");
        assert_eq!(round(0.25), "0.250");
        assert_eq!(ratio(0.0147), "0.015");
        assert_eq!(ratio(0.77), "0.77");
    }

    #[test]
    fn a_limit_is_listed_under_the_goals_and_never_counted_among_them() {
        let report = Report {
            started_at: "now".into(),
            machine: "here".into(),
            rounds: 1,
            seconds_per_side: 1,
            connections: 1,
            duration_s: 1.0,
            comparisons: vec![Comparison::ratio(
                "tail",
                "the tail",
                "µs",
                Side::new("loaded", vec![900.0]),
                Side::new("alone", vec![100.0]),
                Bound::AtMost(3.0),
            )],
            limits: vec![Limit::new(
                "floor",
                "the floor",
                "µs",
                (
                    Side::new("beside loops", vec![800.0, 1000.0]),
                    Side::new("alone", vec![200.0]),
                ),
                "tail",
                "how to read it",
            )],
        };
        assert_eq!(report.limits[0].value, 4.5);
        let note = |comparison: Comparison| comparison.read_against(&report.limits[0]).note;
        let missed = report.comparisons[0].clone();
        assert!(note(missed.clone())
            .unwrap()
            .contains("out of reach on this machine"));
        let lower_floor = Limit {
            value: 2.0,
            ..report.limits[0].clone()
        };
        assert!(missed
            .clone()
            .read_against(&lower_floor)
            .note
            .unwrap()
            .contains("this miss is the portal's own"));
        let kept = note(missed.clone().with_note("where the CPU went")).unwrap();
        assert!(kept.starts_with("this machine's limit") && kept.ends_with(". where the CPU went"));
        let met = Comparison {
            met: true,
            ..missed
        };
        assert_eq!(note(met), None);
        let md = report.markdown("");
        assert!(md.contains("**0 of 1 goals met**"));
        assert!(
            md.contains("| the floor | 900 µs (beside loops) | 200 µs (alone) | 4.50 | the tail |")
        );
        assert!(md.contains("- **the floor**: how to read it"));
        assert!(md.contains("- the floor: measured [800, 1000], compared with [200] µs"));
    }
}
