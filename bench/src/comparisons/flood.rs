//! A legitimate login during a flood of 1,000 bogus sign-ups (issue 18): it still answers, and
//! its time is reported beside an unloaded login's.
//!
//! Each bogus sign-up comes from an address and an e-mail of its own (the portal trusts the
//! harness as a proxy, so `X-Forwarded-For` names the client): the per-address and per-account
//! quotas never stop it, and what protects the login is the bounded hashing queue alone. Each
//! one is hashed unless the queue refuses it, then refused (the SIRET is the fixture holder's):
//! the dearest kind of bogus request, now that a reset with a bad link hashes nothing.
use crate::{
    fixtures::{HOLDER_EMAIL, HOLDER_SIRET, PASSWORD},
    report::{Bound, Comparison, Side},
    run::Settings,
    servers::Servers,
    Context, Result,
};
use std::{
    collections::BTreeMap,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

/// Bogus sign-ups per round.
const FLOOD_REQUESTS: usize = 1_000;
/// Sign-ups in flight at once.
const FLOOD_CONNECTIONS: usize = 32;
/// Logins timed alone per round, one after the other.
const LOGINS_ALONE: usize = 20;

/// What one round measured.
struct Round {
    alone_ms: f64,
    during_ms: f64,
    /// Logins during the flood, and how many answered 200.
    logins: usize,
    answered: usize,
    /// The flood's answers by status.
    flood: BTreeMap<u16, usize>,
}

/// The login's time during the flood against alone, and the share of logins answered; a line
/// saying why when it could not be measured (the run goes on).
pub async fn login_during_sign_up_flood(
    settings: &Settings,
    servers: &Servers<'_>,
) -> Vec<Comparison> {
    match measure(settings, servers).await {
        Ok(lines) => lines,
        Err(error) => vec![super::or_failed(
            Err(error),
            "login_during_flood",
            "login time during 1,000 bogus sign-ups vs alone",
            Bound::AtMost(10.0),
        )],
    }
}

async fn measure(settings: &Settings, servers: &Servers<'_>) -> Result<Vec<Comparison>> {
    let base = servers.ours_url();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .context("building the HTTP client")?;
    let mut rounds = Vec::new();
    for round in 0..settings.rounds {
        rounds.push(measure_round(&client, &base, round).await?);
    }
    let alone = Side::new(
        format!("alone, median of {LOGINS_ALONE}"),
        rounds.iter().map(|r| r.alone_ms).collect(),
    );
    let during = Side::new(
        format!("during {FLOOD_REQUESTS} sign-ups, {FLOOD_CONNECTIONS} in flight"),
        rounds.iter().map(|r| r.during_ms).collect(),
    );
    let mut flood = BTreeMap::new();
    for round in &rounds {
        for (status, count) in &round.flood {
            *flood.entry(*status).or_insert(0) += count;
        }
    }
    let flood_text = flood
        .iter()
        .map(|(status, count)| format!("{count} × {status}"))
        .collect::<Vec<_>>()
        .join(", ");
    let time = Comparison::ratio(
        "login_during_flood",
        "login time during 1,000 bogus sign-ups vs alone",
        "ms",
        during,
        alone,
        Bound::AtMost(10.0),
    )
    .with_note(format!(
        "the flood's answers over all rounds: {flood_text} (409: hashed, then refused; \
         503: the queue of new passwords was full). The hashing threads take logins before \
         new passwords, so a login waits for the hashes already running at most, about twice \
         an unloaded login; the goal leaves room for the flood's own HTTP and database work"
    ));
    let answered = Comparison::absolute(
        "login_answered_during_flood",
        "logins answered 200 during 1,000 bogus sign-ups",
        "%",
        Side::new(
            "share of the logins sent during the flood",
            rounds
                .iter()
                .map(|r| 100.0 * r.answered as f64 / r.logins.max(1) as f64)
                .collect(),
        ),
        Bound::AtLeast(100.0),
    )
    .with_note(format!(
        "{} logins during the floods, {} answered 200",
        rounds.iter().map(|r| r.logins).sum::<usize>(),
        rounds.iter().map(|r| r.answered).sum::<usize>()
    ));
    Ok(vec![time, answered])
}

async fn measure_round(client: &reqwest::Client, base: &str, round: u32) -> Result<Round> {
    let mut alone = Vec::new();
    for _ in 0..LOGINS_ALONE {
        let (status, ms) = timed_login(client, base).await?;
        if status != 200 {
            return Err(format!("an unloaded login answered {status}"));
        }
        alone.push(ms);
    }

    let statuses = Arc::new(Mutex::new(BTreeMap::<u16, usize>::new()));
    let next = Arc::new(AtomicUsize::new(0));
    let mut senders = tokio::task::JoinSet::new();
    for _ in 0..FLOOD_CONNECTIONS {
        let (client, base) = (client.clone(), base.to_string());
        let (statuses, next) = (Arc::clone(&statuses), Arc::clone(&next));
        senders.spawn(async move {
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= FLOOD_REQUESTS {
                    break;
                }
                // 0 for a request that got no answer.
                let status = bogus_sign_up(&client, &base, round, index)
                    .await
                    .unwrap_or(0);
                if let Ok(mut statuses) = statuses.lock() {
                    *statuses.entry(status).or_insert(0) += 1;
                }
            }
        });
    }
    // The flood is under way before the first login.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (mut during, mut logins, mut answered) = (Vec::new(), 0, 0);
    while logins == 0 || next.load(Ordering::Relaxed) < FLOOD_REQUESTS {
        logins += 1;
        // A login that gets no answer is one not answered, like any other status than 200.
        if let Ok((200, ms)) = timed_login(client, base).await {
            answered += 1;
            during.push(ms);
        }
    }
    while senders.join_next().await.is_some() {}
    let flood = statuses.lock().map(|s| s.clone()).unwrap_or_default();
    Ok(Round {
        alone_ms: crate::report::median(&alone),
        during_ms: crate::report::median(&during),
        logins,
        answered,
        flood,
    })
}

/// The fixture holder's login: its status and how long it took, in milliseconds.
async fn timed_login(client: &reqwest::Client, base: &str) -> Result<(u16, f64)> {
    let started = Instant::now();
    let response = client
        .post(format!("{base}/api/auth/login"))
        .json(&serde_json::json!({ "form": { "email": HOLDER_EMAIL, "password": PASSWORD } }))
        .send()
        .await
        .context("a login")?;
    let status = response.status().as_u16();
    let _ = response.bytes().await;
    Ok((status, started.elapsed().as_secs_f64() * 1000.0))
}

/// One bogus sign-up, from an address and with an e-mail of its own.
async fn bogus_sign_up(
    client: &reqwest::Client,
    base: &str,
    round: u32,
    index: usize,
) -> Result<u16> {
    let address = format!("10.{}.{}.{}", round % 256, index / 256, index % 256);
    let password = "a bogus passphrase, long enough";
    let response = client
        .post(format!("{base}/api/auth/signup"))
        .header("X-Forwarded-For", address)
        .json(&serde_json::json!({ "form": {
            "company_name": "Inondation SARL", "siret": HOLDER_SIRET,
            "first_name": "Bot", "last_name": "Flood",
            "email": format!("flood-{round}-{index}@bench.example"),
            "phone": "06 12 34 56 78", "password": password, "confirmation": password,
            "locale": "fr"
        }}))
        .send()
        .await
        .context("a bogus sign-up")?;
    let status = response.status().as_u16();
    let _ = response.bytes().await;
    Ok(status)
}
