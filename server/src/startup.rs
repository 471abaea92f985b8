//! Builds the application (pool, migrations, router) and serves it until told to stop.
use crate::{
    assets,
    config::Settings,
    health,
    mailer::Mailer,
    request_id::{self, ClientRequestId},
    security::{self, Site},
    sessions::Sessions,
};
use app::{
    server::{
        session::RequestSpan,
        storage::{sweep::sweep_continuously, StoreConfigError},
        AppConfig, AppState, ObjectFiles,
    },
    shell,
};
use axum::{http::Request, middleware, routing::get, Router};
use leptos::prelude::provide_context;
use leptos_axum::LeptosRoutes;
use secrecy::ExposeSecret;
use sqlx::{postgres::PgPoolOptions, PgPool};
use std::{future::Future, io, net::SocketAddr, sync::Arc, time::Duration};
use tokio::{net::TcpListener, task::JoinHandle};
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    trace::TraceLayer,
};
use tower_sessions::{cookie::SameSite, ExpiredDeletion, Expiry, SessionManagerLayer};

/// A session ends after this long without a request (the absolute limit is in `app`).
const SESSION_INACTIVITY: time::Duration = time::Duration::days(7);

/// The migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot connect to the database: {0}")]
    Database(#[source] sqlx::Error),
    #[error("cannot apply the database migrations: {0}")]
    Migrations(#[from] sqlx::migrate::MigrateError),
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: io::Error },
    #[error("invalid mail settings: {0}")]
    Mail(String),
    #[error("cannot use the design files' storage: {0}")]
    Files(#[from] StoreConfigError),
}

/// Whether the database has every migration of this binary and no other, unchanged (the
/// checksums match) and none failed. Most start-ups find so, in one query, where the migrator
/// takes seven round trips (its lock, its table, its checks): when the answer is no, or the
/// question fails (no migration table yet), the migrator runs and reports any conflict itself.
pub async fn migrations_applied(database: impl sqlx::PgExecutor<'_>) -> bool {
    let applied = match sqlx::query!(
        "SELECT version, checksum FROM _sqlx_migrations WHERE success ORDER BY version"
    )
    .fetch_all(database)
    .await
    {
        Ok(applied) => applied,
        Err(_) => return false,
    };
    let expected = MIGRATOR
        .iter()
        .filter(|migration| !migration.migration_type.is_down_migration())
        .map(|migration| (migration.version, migration.checksum.as_ref()));
    applied
        .iter()
        .map(|migration| (migration.version, migration.checksum.as_slice()))
        .eq(expected)
}

/// A server ready to run: its listener is already bound, so `port()` is known (port 0 in tests).
pub struct Application {
    listener: TcpListener,
    router: Router,
    pool: PgPool,
    /// Background work (e-mails, clean-ups), stopped with the server.
    tasks: Vec<JoinHandle<()>>,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let started = std::time::Instant::now();
        let pool = PgPoolOptions::new()
            .max_connections(settings.database.max_connections)
            .acquire_timeout(settings.database.acquire_timeout)
            // sqlx pings every connection it lends by default: one more round trip per query
            // (make bench: the collaborator list went from 0.32 to 0.38 of pgbench without).
            // A connection that broke while idle fails its next query instead, and is dropped.
            .test_before_acquire(false)
            .connect(settings.database.url.expose_secret())
            .await
            .map_err(StartupError::Database)?;
        let connected = started.elapsed();
        // The sessions' table is one of the migrations: start-up needs one connection only.
        if !migrations_applied(&pool).await {
            MIGRATOR.run(&pool).await?;
        }
        let sessions = Sessions::new(pool.clone());
        let expired_sessions = sessions.postgres_store();
        tracing::info!(
            database_ms = connected.as_millis() as u64,
            migrations_ms = (started.elapsed() - connected).as_millis() as u64,
            "database ready"
        );
        let mailer = Mailer::new(pool.clone(), &settings.mail, &settings.public_url)
            .map_err(StartupError::Mail)?;
        let listener = TcpListener::bind(settings.site_addr)
            .await
            .map_err(|source| StartupError::Listen {
                addr: settings.site_addr,
                source,
            })?;

        let public_url = match listener.local_addr() {
            Ok(bound) => settings.public_url_listening_on(bound),
            Err(_) => settings.public_url.clone(),
        };
        let site = Arc::new(Site::new(&public_url));
        let files = ObjectFiles::from_url(
            &settings.files.url,
            settings
                .files
                .aws
                .iter()
                .map(|(name, value)| (*name, value.expose_secret())),
        )?;
        let state = AppState::new(
            pool.clone(),
            AppConfig {
                public_url,
                trusted_proxies: settings.trusted_proxies.clone(),
                login_attempts_per_minute: settings.login_attempts_per_minute,
                password_changes_per_minute: settings.password_changes_per_minute,
                rate_limit_max_keys: settings.rate_limit_max_keys,
                password_hashing_threads: settings.password_hashing_threads,
                password_hashing_queue: settings.password_hashing_queue,
                bank: settings.bank.clone(),
                storage_quota_bytes: settings.storage_quota_bytes,
                sessions: settings.sessions,
            },
            Arc::new(files.clone()),
        );
        let limits = state.limits.clone();
        let tasks = vec![
            tokio::spawn(mailer.run()),
            tokio::spawn(async move {
                if let Err(error) = expired_sessions
                    .continuously_delete_expired(Duration::from_secs(300))
                    .await
                {
                    tracing::error!(%error, "expired sessions: clean-up stopped");
                }
            }),
            tokio::spawn(async move {
                let mut every_minute = tokio::time::interval(Duration::from_secs(60));
                loop {
                    every_minute.tick().await;
                    limits.shrink();
                }
            }),
            tokio::spawn(forget_old_records(pool.clone())),
            tokio::spawn(sweep_continuously(
                files,
                pool.clone(),
                settings.files.sweep_every,
                settings.files.sweep_grace,
            )),
        ];
        let sessions = session_layer(&settings, sessions);
        let router = router(&settings, state).layer(sessions);
        Ok(Self {
            listener,
            router: with_request_layers(router, site),
            pool,
            tasks,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|addr| addr.port())
            .unwrap_or_default()
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        tracing::info!(address = %self.listener.local_addr()?, "listening");
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await?;
        self.tasks.iter().for_each(JoinHandle::abort);
        self.pool.close().await;
        Ok(())
    }
}

fn router(settings: &Settings, state: AppState) -> Router {
    let leptos_options = settings.leptos.clone();
    let hashed_names = leptos_options.hash_files;
    // Sequential, not on a blocking thread while the database connects: that thread kept the
    // render's stack resident, 3 MiB more at rest for a millisecond at most (bench/CHANGES.md).
    let routes = app::route_list();
    let pool = state.pool.clone();
    let visitor_state = state.clone();
    let pkg_prefix: Arc<str> = format!("/{}/", leptos_options.site_pkg_dir).into();
    let files = app::projects::files::routes(state.clone());
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(move || health::readyz(pool.clone())))
        .leptos_routes_with_context(
            &leptos_options,
            routes,
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            {
                let leptos_options = leptos_options.clone();
                move || shell(leptos_options.clone())
            },
        )
        // The not-found page is rendered by the app too, with the same context.
        .fallback(leptos_axum::file_and_error_handler_with_context(
            move || provide_context(state.clone()),
            shell,
        ))
        .with_state(leptos_options)
        // Inside the sessions' layer, which this router is wrapped in.
        .layer(middleware::from_fn(move |request, next| {
            app::auth::look_up_visitor(visitor_state.clone(), pkg_prefix.clone(), request, next)
        }))
        .layer(middleware::from_fn(move |request, next| {
            assets::cache_static_files(hashed_names, request, next)
        }))
        .merge(files)
}

/// Once an hour: empties the bodies of e-mails sent more than 30 days ago, and deletes the
/// security events older than a year.
async fn forget_old_records(pool: PgPool) {
    let hour = Duration::from_secs(3600);
    // The first an hour after start: start-up does nothing more than it needs.
    let mut every_hour = tokio::time::interval_at(tokio::time::Instant::now() + hour, hour);
    loop {
        every_hour.tick().await;
        if let Err(error) = app::server::mail::purge_sent_bodies(&pool).await {
            tracing::error!(%error, "outbox: cannot empty the bodies of old e-mails");
        }
        if let Err(error) = app::server::security_events::purge_old(&pool).await {
            tracing::error!(%error, "security events: cannot delete the old ones");
        }
    }
}

/// Sessions in PostgreSQL: they survive restarts and are shared by every server process.
fn session_layer(settings: &Settings, store: Sessions) -> SessionManagerLayer<Sessions> {
    // Over HTTPS the cookie is `Secure` and `__Host-` (no subdomain can set or read it).
    let name = if settings.https() {
        "__Host-session"
    } else {
        "session"
    };
    SessionManagerLayer::new(store)
        .with_name(name)
        .with_secure(settings.https())
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(SESSION_INACTIVITY))
}

/// What every request goes through. Layers wrap what is above them: the client's request id
/// is set aside first, ours set, then the request is traced, then checked.
fn with_request_layers(router: Router, site: Arc<Site>) -> Router {
    router
        .layer(middleware::from_fn(security::server_fn_error_status))
        // Outside the status fixer, which reads the error's JSON before it is compressed.
        .layer(assets::compress_responses())
        .layer(middleware::from_fn_with_state(
            site.clone(),
            security::refuse_cross_site_requests,
        ))
        .layer(middleware::from_fn(security::limit_request_body))
        .layer(middleware::from_fn_with_state(
            site,
            security::security_headers,
        ))
        // Inside the trace layer: the span it opened is the current one here.
        .layer(middleware::from_fn(
            |mut request: Request<axum::body::Body>, next: middleware::Next| {
                let span = RequestSpan(tracing::Span::current());
                request.extensions_mut().insert(span);
                next.run(request)
            },
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                let request_id = request
                    .extensions()
                    .get::<RequestId>()
                    .and_then(|id| id.header_value().to_str().ok())
                    .unwrap_or_default();
                // The caller's ids are recorded once the session names them
                // (`app::server::session`): every line a server function logs carries them.
                let span = tracing::info_span!(
                    "request",
                    method = %request.method(),
                    path = %request.uri().path(),
                    request_id = %request_id,
                    client_request_id = tracing::field::Empty,
                    user_id = tracing::field::Empty,
                    account_id = tracing::field::Empty,
                );
                if let Some(ClientRequestId(id)) = request.extensions().get() {
                    span.record("client_request_id", id.as_str());
                }
                span
            }),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(middleware::from_fn(request_id::set_client_request_id_aside))
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
