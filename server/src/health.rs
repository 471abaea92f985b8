//! Probes for a supervisor or a load balancer.
use axum::{http::StatusCode, response::IntoResponse};
use sqlx::PgPool;
use std::time::Duration;

/// `GET /healthz`: the process answers.
pub async fn healthz() -> impl IntoResponse {
    (StatusCode::OK, "ok")
}

/// `GET /readyz`: the database answers too.
pub async fn readyz(pool: PgPool) -> impl IntoResponse {
    let ping = sqlx::query_scalar!(r#"SELECT 1 AS "one!""#).fetch_one(&pool);
    match tokio::time::timeout(Duration::from_secs(2), ping).await {
        Ok(Ok(_)) => (StatusCode::OK, "ready"),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness check: database error");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => {
            tracing::warn!("readiness check: database timed out");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
