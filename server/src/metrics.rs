//! Prometheus metrics, served on their own private address (`METRICS_ADDR`), never on the
//! site's. With the `metrics` facade, code anywhere (the app's server functions included) counts
//! with one macro and no handle to pass around; `metrics-exporter-prometheus` renders the text
//! format, without its own HTTP server (we serve it with axum, as the site). Without
//! `METRICS_ADDR` no recorder is installed and every macro is a no-op.
//!
//! What is measured (names and labels also in docs/architecture.md):
//! - `http_requests_total{method, route, status}` and `http_request_duration_seconds{method,
//!   route}` (a histogram, up to the response's head): `route` is the matched route pattern or
//!   the server function's path, `unmatched` otherwise, so that ids never become labels;
//! - `db_pool_connections{state="in_use"|"idle"}`, `db_pool_max_connections`,
//!   `db_pool_acquire_timeouts_total`, `db_unavailable_errors_total`;
//! - `outbox_unsent_emails` and `outbox_oldest_unsent_age_seconds`;
//! - `password_hashing_queue{queue="checks"|"new_passwords"}`;
//! - `rate_limits_reached_total` (counted where a limit answers 429: `security_events`).
use app::server::PasswordHasher;
use axum::{
    extract::{MatchedPath, Request},
    http::{Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sqlx::PgPool;
use std::{
    sync::OnceLock,
    time::{Duration, Instant},
};
use tokio::net::TcpListener;

/// Latency buckets, in seconds: from a cached page to an upload of 20 MB.
const LATENCY_BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// How long a scrape waits for the outbox's figures: a database out of reach must not hold
/// the other figures back.
const OUTBOX_QUERY_TIMEOUT: Duration = Duration::from_secs(1);

/// The process's recorder: there is one per process (the facade's global), made at the first
/// application that asks for metrics.
static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the Prometheus recorder once per process; `None` if another recorder was installed.
pub fn recorder() -> Option<PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("http_request_duration_seconds".into()),
                    &LATENCY_BUCKETS,
                )
                .ok()?
                .build_recorder();
            let handle = recorder.handle();
            match metrics::set_global_recorder(recorder) {
                Ok(()) => Some(handle),
                Err(error) => {
                    tracing::error!(%error, "metrics: a recorder is installed already");
                    None
                }
            }
        })
        .clone()
}

/// What a scrape reads besides the counters: the gauges are taken as it comes.
#[derive(Clone)]
pub struct Sources {
    pub handle: PrometheusHandle,
    pub pool: PgPool,
    pub passwords: PasswordHasher,
}

/// Serves `GET /metrics` on `listener` until the task is aborted (the process stops).
pub async fn serve(listener: TcpListener, sources: Sources) {
    // The histograms' windows are kept in shape by this task, since no exporter server runs.
    let upkeep = sources.handle.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(5));
        loop {
            every.tick().await;
            upkeep.run_upkeep();
        }
    });
    let router = Router::new().route(
        "/metrics",
        get(move || {
            let sources = sources.clone();
            async move { scrape(&sources).await }
        }),
    );
    if let Err(error) = axum::serve(listener, router).await {
        tracing::error!(%error, "metrics: the listener stopped");
    }
}

async fn scrape(sources: &Sources) -> Response {
    let pool = &sources.pool;
    let idle = pool.num_idle() as f64;
    metrics::gauge!("db_pool_connections", "state" => "idle").set(idle);
    metrics::gauge!("db_pool_connections", "state" => "in_use").set(f64::from(pool.size()) - idle);
    metrics::gauge!("db_pool_max_connections").set(f64::from(pool.options().get_max_connections()));
    let (checks, new_passwords) = sources.passwords.queued();
    metrics::gauge!("password_hashing_queue", "queue" => "checks").set(checks as f64);
    metrics::gauge!("password_hashing_queue", "queue" => "new_passwords").set(new_passwords as f64);
    // One index-backed query per scrape (every 15 s or so): no task of its own to stop.
    let outbox = sqlx::query!(
        r#"SELECT count(*) AS "unsent!",
                  coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS "oldest_secs!"
           FROM outbox WHERE sent_at IS NULL"#
    )
    .fetch_one(pool);
    match tokio::time::timeout(OUTBOX_QUERY_TIMEOUT, outbox).await {
        Ok(Ok(outbox)) => {
            metrics::gauge!("outbox_unsent_emails").set(outbox.unsent as f64);
            metrics::gauge!("outbox_oldest_unsent_age_seconds").set(outbox.oldest_secs);
        }
        Ok(Err(error)) => tracing::warn!(%error, "metrics: cannot read the outbox"),
        Err(_) => tracing::warn!("metrics: the outbox query timed out"),
    }
    (
        StatusCode::OK,
        [("content-type", "text/plain; version=0.0.4")],
        sources.handle.render(),
    )
        .into_response()
}

/// Counts each request and its time by route and status (the outermost layer: it sees the
/// final status, refusals by the other layers included).
pub async fn track_requests(request: Request, next: Next) -> Response {
    let started = Instant::now();
    // Any token is a method to HTTP: only the known ones become labels.
    let method = match *request.method() {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    };
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!(
        "http_request_duration_seconds",
        "method" => method,
        "route" => route.clone()
    )
    .record(started.elapsed().as_secs_f64());
    metrics::counter!(
        "http_requests_total",
        "method" => method,
        "route" => route,
        "status" => status
    )
    .increment(1);
    response
}
