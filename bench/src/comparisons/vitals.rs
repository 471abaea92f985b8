//! The home page's web vitals: LCP against the same HTML served as a file, CLS, and the
//! Lighthouse performance score.
use super::{alternate, or_failed};
use crate::{
    browser::{Browser, Vitals},
    report::{Bound, Comparison, Side},
    servers::Servers,
};

/// Page loads per round for LCP and CLS (each side, alternately).
const VITALS_PER_ROUND: u32 = 3;

/// The home page's LCP vs the same HTML served as a file by the bare axum process, and its
/// cumulative layout shift.
pub async fn lcp_and_cls(rounds: u32, servers: &Servers<'_>, browser: &Browser) -> Vec<Comparison> {
    // A page load's paint moves by tens of milliseconds from one load to the next (the static
    // file's LCP ranged 116–188 ms over runs L to Q): three loads per round and side.
    let vitals = alternate(rounds * VITALS_PER_ROUND, || async {
        let ours = browser.vitals(&format!("{}/", servers.ours_url())).await?;
        let bare = browser.vitals(&format!("{}/", servers.bare_url())).await?;
        Ok((ours, bare))
    })
    .await;
    let lcp = |vitals: &[Vitals]| vitals.iter().map(|v| v.lcp_ms).collect::<Vec<_>>();
    let (lcp_line, cls_line) = match vitals {
        Ok((ours, file)) => (
            Ok(Comparison::ratio(
                "lcp",
                "home page LCP vs the same HTML served as a file",
                "ms",
                Side::new("portal", lcp(&ours)),
                Side::new("static file", lcp(&file)),
                Bound::AtMost(1.2),
            )),
            Ok(Comparison::absolute(
                "cls",
                "home page cumulative layout shift",
                "",
                Side::new("portal", ours.iter().map(|v| v.cls).collect()),
                Bound::AtMost(0.01),
            )),
        ),
        Err(error) => (Err(error.clone()), Err(error)),
    };
    vec![
        or_failed(
            lcp_line,
            "lcp",
            "home page LCP vs the same HTML as a file",
            Bound::AtMost(1.2),
        ),
        or_failed(
            cls_line,
            "cls",
            "home page cumulative layout shift",
            Bound::AtMost(0.01),
        ),
    ]
}

/// Lighthouse's performance score of the home page (mobile, simulated throttling).
pub async fn lighthouse(rounds: u32, servers: &Servers<'_>, browser: &Browser) -> Comparison {
    let mut scores = Ok(Vec::new());
    for _ in 0..rounds {
        if let Ok(done) = &mut scores {
            match browser
                .lighthouse(&format!("{}/", servers.ours_url()))
                .await
            {
                Ok(score) => done.push(score),
                Err(error) => scores = Err(error),
            }
        }
    }
    let lighthouse = scores.map(|scores| {
        Comparison::absolute(
            "lighthouse",
            "Lighthouse performance, home page",
            "",
            Side::new("portal", scores),
            Bound::AtLeast(95.0),
        )
    });
    or_failed(
        lighthouse,
        "lighthouse",
        "Lighthouse performance, home page",
        Bound::AtLeast(95.0),
    )
}
