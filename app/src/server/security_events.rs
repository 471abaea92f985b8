//! Security events: what happened to whose access, from where. Each one is written as a log
//! line in the request's span (so it carries the request id and the caller's ids) and kept in
//! `security_events`, where the person concerned reads their own recent activity ("Mon
//! compte"). Nothing secret goes in: no password, token or code, only kinds, ids, the client's
//! address and its browser's name. Rows older than a year are deleted ([`purge_old`]).
use super::{client_ip, session::request_span, state};
use crate::error::AppError;
use shared::SecurityEvent;
use std::net::{IpAddr, SocketAddr};
use uuid::Uuid;

/// How long the events are kept.
pub const KEPT_DAYS: i32 = 365;
/// The longest `User-Agent` kept (the column's limit).
const USER_AGENT_MAX_CHARS: usize = 256;

/// Where the request came from: the client's address (through `TRUSTED_PROXIES`, as the rate
/// limits see it) and its `User-Agent`.
#[derive(Clone, Debug, Default)]
pub struct RequestContext {
    pub ip: Option<IpAddr>,
    pub user_agent: Option<String>,
}

impl RequestContext {
    /// The request being answered; empty outside one (the command line, the mail worker).
    pub fn current() -> Self {
        let Some(parts) = leptos::prelude::use_context::<axum::http::request::Parts>() else {
            return Self::default();
        };
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip());
        let trusted = leptos::prelude::use_context::<super::AppState>()
            .map(|state| state.config.trusted_proxies.clone())
            .unwrap_or_default();
        let ip = peer.map(|peer| client_ip(peer, &parts.headers, &trusted));
        let user_agent = parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .map(|agent| {
                agent
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(USER_AGENT_MAX_CHARS)
                    .collect()
            });
        Self { ip, user_agent }
    }
}

/// Logs `event` about `user_id` (when it names someone) and keeps it: call it in the
/// transaction of the change it reports, if there is one.
pub async fn record(
    executor: impl sqlx::PgExecutor<'_>,
    event: SecurityEvent,
    user_id: Option<Uuid>,
    context: &RequestContext,
) -> Result<(), AppError> {
    record_with(executor, event, user_id, context, None).await
}

/// [`record`] with details (ids of the other people or things involved, never a secret), e.g.
/// `json!({"action": "record_payment", "order_id": id})` for a staff action.
pub async fn record_with(
    executor: impl sqlx::PgExecutor<'_>,
    event: SecurityEvent,
    user_id: Option<Uuid>,
    context: &RequestContext,
    details: Option<serde_json::Value>,
) -> Result<(), AppError> {
    log(event, user_id, context, details.as_ref());
    sqlx::query!(
        "INSERT INTO security_events (user_id, kind, ip, user_agent, details)
         VALUES ($1, $2, $3::text::inet, $4, $5)",
        user_id,
        event as SecurityEvent,
        context.ip.map(|ip| ip.to_string()),
        context.user_agent.as_deref(),
        details,
    )
    .execute(executor)
    .await?;
    Ok(())
}

/// The event's log line, in the request's span: its request id and the caller's ids come with
/// it; `subject` is the person the event is about (the caller, or whose address was typed).
fn log(
    event: SecurityEvent,
    user_id: Option<Uuid>,
    context: &RequestContext,
    details: Option<&serde_json::Value>,
) {
    request_span().in_scope(|| {
        tracing::info!(
            target: "security",
            event = event.as_str(),
            subject = user_id.map(tracing::field::display),
            ip = context.ip.map(tracing::field::display),
            details = details.map(tracing::field::display),
            "security event"
        );
    });
}

/// [`record`] with the current request's context, on the pool, for events outside any
/// transaction (a failed login, a limit reached). A failure to keep it is logged, not answered:
/// the person's request does not fail because its trace could not be written.
pub async fn note(event: SecurityEvent, user_id: Option<Uuid>) {
    let context = RequestContext::current();
    if let Err(error) = record(&state().pool, event, user_id, &context).await {
        tracing::error!(?error, event = event.as_str(), "security event not kept");
    }
}

/// A rate limit answered 429: always logged; kept for the person concerned when there is one,
/// at most once a minute, so that a flood of attempts cannot fill their activity or the table.
pub async fn note_limit(user_id: Option<Uuid>) {
    metrics::counter!("rate_limits_reached_total").increment(1);
    let context = RequestContext::current();
    log(SecurityEvent::LimitReached, user_id, &context, None);
    let Some(user_id) = user_id else {
        return;
    };
    let kept = sqlx::query!(
        "INSERT INTO security_events (user_id, kind, ip, user_agent)
         SELECT $1, $2, $3::text::inet, $4
         WHERE NOT EXISTS (SELECT 1 FROM security_events
                           WHERE user_id = $1 AND kind = $2
                             AND created_at > now() - interval '1 minute')",
        user_id,
        SecurityEvent::LimitReached as SecurityEvent,
        context.ip.map(|ip| ip.to_string()),
        context.user_agent.as_deref(),
    )
    .execute(&state().pool)
    .await;
    if let Err(error) = kept {
        tracing::error!(?error, "security event not kept");
    }
}

/// Passes a rate limit's answer on, noting a 429 first (for `user_id` when the limit is a
/// person's): `limited(limits.x.check(&key).await, person).await?`.
pub async fn limited(answer: Result<(), AppError>, user_id: Option<Uuid>) -> Result<(), AppError> {
    if answer.is_err() {
        note_limit(user_id).await;
    }
    answer
}

/// Deletes the events older than [`KEPT_DAYS`]; run from time to time by the server.
pub async fn purge_old(pool: &sqlx::PgPool) -> Result<u64, sqlx::Error> {
    let deleted = sqlx::query!(
        "DELETE FROM security_events WHERE created_at < now() - make_interval(days => $1)",
        KEPT_DAYS,
    )
    .execute(pool)
    .await?;
    Ok(deleted.rows_affected())
}

/// A browser's name and system in a few words, from its `User-Agent` ("Firefox, Linux").
pub fn device_summary(user_agent: &str) -> String {
    const BROWSERS: [(&str, &str); 7] = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ];
    const SYSTEMS: [(&str, &str); 7] = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ];
    let find = |table: &[(&str, &'static str)]| {
        table
            .iter()
            .find(|(mark, _)| user_agent.contains(mark))
            .map(|(_, name)| *name)
    };
    match (find(&BROWSERS), find(&SYSTEMS)) {
        (Some(browser), Some(system)) => format!("{browser}, {system}"),
        (Some(name), None) | (None, Some(name)) => name.to_string(),
        // Something else: its first word, as it names itself.
        (None, None) => user_agent
            .split(['/', ' '])
            .next()
            .unwrap_or_default()
            .chars()
            .take(40)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_in_a_few_words() {
        let cases = [
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                "Firefox, Linux",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                "Edge, Windows",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
                 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                "Safari, iOS",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/131.0.0.0 Mobile Safari/537.36",
                "Chrome, Android",
            ),
            ("reqwest/0.12", "reqwest"),
            ("", ""),
        ];
        for (agent, expected) in cases {
            assert_eq!(device_summary(agent), expected, "{agent}");
        }
    }
}
