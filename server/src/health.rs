//! Probes for a supervisor or a load balancer.
use axum::{http::StatusCode, response::IntoResponse};
use sqlx::PgPool;
use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::Duration,
};

/// How long `/readyz` waits for the database: a load balancer's check must not hang, and an
/// outage must show within 2 s even when the ping is what finds it (a ping takes milliseconds).
const READY_TIMEOUT: Duration = Duration::from_secs(1);

/// Set once the process was told to stop: `/readyz` answers 503 from then on, on every
/// connection still open, so that a load balancer sends new requests elsewhere.
#[derive(Clone, Debug, Default)]
pub struct Stopping(Arc<AtomicBool>);

impl Stopping {
    pub fn start(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// `GET /healthz`: the process answers.
pub async fn healthz() -> impl IntoResponse {
    (StatusCode::OK, "ok")
}

/// `GET /readyz`: the process is not stopping, and the database answers within 1 s.
pub async fn readyz(pool: PgPool, stopping: Stopping) -> impl IntoResponse {
    if stopping.is_set() {
        return (StatusCode::SERVICE_UNAVAILABLE, "stopping");
    }
    let ping = sqlx::query_scalar!(r#"SELECT 1 AS "one!""#).fetch_one(&pool);
    match tokio::time::timeout(READY_TIMEOUT, ping).await {
        Ok(Ok(_)) => (StatusCode::OK, "ready"),
        Ok(Err(error)) => {
            app::server::note_database_unreachable();
            tracing::warn!(%error, "readiness check: database error");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => {
            app::server::note_database_unreachable();
            tracing::warn!("readiness check: database timed out");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::IntoResponse;

    #[tokio::test]
    async fn a_stopping_process_is_not_ready_without_asking_the_database() {
        // Nothing listens there: the answer must come from the flag alone, at once.
        let pool = sqlx::postgres::PgPoolOptions::new()
            .acquire_timeout(Duration::from_secs(30))
            .connect_lazy("postgres://nobody@127.0.0.1:9/none")
            .unwrap();
        let stopping = Stopping::default();
        stopping.start();
        let answer = tokio::time::timeout(Duration::from_millis(500), readyz(pool, stopping))
            .await
            .expect("at once")
            .into_response();
        assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
}
