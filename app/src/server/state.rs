use super::{Limits, PasswordHasher};
use sqlx::PgPool;
use std::sync::Arc;

/// What every server function and server-side render can reach through Leptos context
/// (`leptos_routes_with_context` provides it per request): no global, so each test can run
/// its own server against its own database.
#[derive(Clone, Debug)]
pub struct AppState {
    pub pool: PgPool,
    pub passwords: PasswordHasher,
    pub limits: Arc<Limits>,
    pub config: Arc<AppConfig>,
}

/// Settings the server functions need.
#[derive(Clone, Debug)]
pub struct AppConfig {
    /// The site's public address, for links in e-mails (e.g. `https://portal.example`).
    pub public_url: String,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl AppState {
    pub fn new(pool: PgPool, config: AppConfig) -> Self {
        Self {
            pool,
            passwords: PasswordHasher::new(),
            limits: Arc::new(Limits::default()),
            config: Arc::new(config),
        }
    }
}
