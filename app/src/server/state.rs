use super::{limits::Quotas, FileStore, Limits, PasswordHasher};
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
    /// The design files.
    pub files: Arc<dyn FileStore>,
    /// Session rows read with the person they log in, for the session store's load.
    pub session_preloads: super::session::SessionPreloads,
}

/// Settings the server functions need.
#[derive(Clone, Debug)]
pub struct AppConfig {
    /// The site's public address, for links in e-mails (e.g. `https://portal.example`).
    pub public_url: String,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Login attempts per client address and per e-mail each minute.
    pub login_attempts_per_minute: u32,
    /// Sign-ups, password resets, first passwords and password changes per client address and
    /// per account each minute.
    pub password_changes_per_minute: u32,
    /// The manufacturer's account for bank transfers, shown on orders awaiting payment.
    pub bank: BankDetails,
    /// Threads hashing passwords (one per core unless set otherwise).
    pub password_hashing_threads: std::num::NonZeroUsize,
    /// The bytes of design files a customer account may keep (`STORAGE_QUOTA_BYTES`).
    pub storage_quota_bytes: u64,
    /// Password checks that may wait for those threads (and half as many new passwords);
    /// past that, requests get `AppError::Busy`.
    pub password_hashing_queue: std::num::NonZeroUsize,
    /// The staff's session limits and the second factor's re-check.
    pub sessions: super::session::SessionRules,
}

/// Where customers send bank transfers (`BANK_HOLDER`, `BANK_IBAN`, `BANK_BIC`).
#[derive(Clone, Debug)]
pub struct BankDetails {
    pub holder: String,
    pub iban: String,
    pub bic: String,
}

impl AppState {
    /// `session_preloads`: the ones the server's session store takes its rows from.
    pub fn new(
        pool: PgPool,
        config: AppConfig,
        files: Arc<dyn FileStore>,
        session_preloads: super::session::SessionPreloads,
    ) -> Self {
        let limits = Limits::new(
            &pool,
            Quotas {
                login_attempts_per_minute: config.login_attempts_per_minute,
                password_changes_per_minute: config.password_changes_per_minute,
            },
        );
        Self {
            pool,
            passwords: PasswordHasher::with_threads(
                config.password_hashing_threads,
                config.password_hashing_queue,
            ),
            limits: Arc::new(limits),
            config: Arc::new(config),
            files,
            session_preloads,
        }
    }
}
