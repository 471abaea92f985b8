//! Builds the application (pool, migrations, router) and serves it until told to stop.
use crate::{
    assets,
    config::Settings,
    health::{self, Stopping},
    mailer::{Claimed, Mailer},
    metrics,
    request_id::{self, ClientRequestId},
    security::{self, Site},
    sessions::Sessions,
};
use app::{
    server::{
        session::{RequestSpan, SessionPreloads},
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
use std::{
    future::{Future, IntoFuture},
    io,
    net::SocketAddr,
    sync::Arc,
    time::Duration,
};
use tokio::{
    net::TcpListener,
    sync::watch,
    task::JoinHandle,
    time::{timeout, Instant},
};
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    trace::TraceLayer,
};
use tower_sessions::{cookie::SameSite, ExpiredDeletion, Expiry, SessionManagerLayer};
use tracing::Instrument;

/// A session ends after this long without a request (the absolute limit is in `app`).
const SESSION_INACTIVITY: time::Duration = time::Duration::days(7);

/// The migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot connect to the database: {0}")]
    Database(#[source] sqlx::Error),
    #[error("cannot apply the database migrations: {0}")]
    Migrations(#[source] sqlx::migrate::MigrateError),
    #[error(
        "the database has migration {version}, which this binary does not know: \
         run the release that applied it, or a newer one"
    )]
    UnknownMigration { version: i64 },
    #[error("cannot install the metrics recorder (another is installed)")]
    Metrics,
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

/// Applies the migrations this binary has and the database lacks. Several processes starting
/// at once apply each one once: sqlx's migrator holds an advisory lock while it works, and the
/// others find them applied when they get it. A database ahead of this binary is refused.
async fn migrate(pool: &PgPool) -> Result<(), StartupError> {
    MIGRATOR.run(pool).await.map_err(|error| match error {
        sqlx::migrate::MigrateError::VersionMissing(version) => {
            StartupError::UnknownMigration { version }
        }
        error => StartupError::Migrations(error),
    })
}

/// How long the database is suspected after it was found out of reach: the pool pings each
/// connection before lending it meanwhile, so those cut by a restart are dropped unused.
const SUSPECT_AFTER_OUTAGE: Duration = Duration::from_secs(30);

/// A connection idle longer than this is pinged before it is lent (a restart at a quiet hour).
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(10);

/// A server ready to run: its listener is already bound, so `port()` is known (port 0 in tests).
pub struct Application {
    listener: TcpListener,
    router: Router,
    pool: PgPool,
    /// Background work (clean-ups), stopped with the server.
    tasks: Vec<JoinHandle<()>>,
    /// The mail worker, told to stop between two e-mails, and what it has claimed.
    mailer: Mailer,
    claimed: Claimed,
    /// Turns `/readyz` to 503 once the process is told to stop.
    stopping: Stopping,
    shutdown_grace: Duration,
    /// The private address of `/metrics`, with what it reads, when `METRICS_ADDR` is set.
    metrics: Option<(TcpListener, metrics::Sources)>,
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
            // …except when the database was lately out of reach, or the connection idle long:
            // a restart of PostgreSQL cuts every idle connection, which would otherwise fail one
            // request each after its return.
            .before_acquire(|connection, meta| {
                Box::pin(async move {
                    if meta.idle_for > PING_WHEN_IDLE_FOR
                        || app::server::database_unreachable_lately(SUSPECT_AFTER_OUTAGE)
                    {
                        sqlx::Connection::ping(connection).await?;
                    }
                    Ok(true)
                })
            })
            .connect(settings.database.url.expose_secret())
            .await
            .map_err(StartupError::Database)?;
        let connected = started.elapsed();
        // The sessions' table is one of the migrations: start-up needs one connection only.
        if !migrations_applied(&pool).await {
            migrate(&pool).await?;
        }
        let session_preloads = SessionPreloads::default();
        let sessions = Sessions::new(pool.clone(), session_preloads.clone());
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
                password_hashing_threads: settings.password_hashing_threads,
                password_hashing_queue: settings.password_hashing_queue,
                bank: settings.bank.clone(),
                storage_quota_bytes: settings.storage_quota_bytes,
                sessions: settings.sessions,
            },
            Arc::new(files.clone()),
            session_preloads,
        );
        let metrics = match settings.metrics_addr {
            Some(addr) => {
                let handle = metrics::recorder().ok_or(StartupError::Metrics)?;
                let listener = TcpListener::bind(addr)
                    .await
                    .map_err(|source| StartupError::Listen { addr, source })?;
                let sources = metrics::Sources {
                    handle,
                    pool: pool.clone(),
                    passwords: state.passwords.clone(),
                };
                Some((listener, sources))
            }
            None => None,
        };
        let claimed = mailer.claimed();
        let tasks = vec![
            spawn_background("expired sessions", async move {
                if let Err(error) = expired_sessions
                    .continuously_delete_expired(Duration::from_secs(300))
                    .await
                {
                    tracing::error!(%error, "expired sessions: clean-up stopped");
                }
            }),
            spawn_background("rate limits", sweep_rate_limits(pool.clone())),
            spawn_background("old records", forget_old_records(pool.clone())),
            spawn_background(
                "files sweep",
                sweep_continuously(
                    files,
                    pool.clone(),
                    settings.files.sweep_every,
                    settings.files.sweep_grace,
                ),
            ),
        ];
        let sessions = session_layer(&settings, sessions);
        let stopping = Stopping::default();
        let routes = app::route_list();
        let router = router(&settings, state, stopping.clone(), routes).layer(sessions);
        let mut router = with_request_layers(router, site);
        if metrics.is_some() {
            // Outermost: it sees every answer, the other layers' refusals included.
            router = router.layer(middleware::from_fn(metrics::track_requests));
        }
        Ok(Self {
            listener,
            router,
            pool,
            tasks,
            mailer,
            claimed,
            stopping,
            shutdown_grace: settings.shutdown_grace,
            metrics,
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

    /// The port `/metrics` is served on, when `METRICS_ADDR` is set (port 0 in tests).
    pub fn metrics_port(&self) -> Option<u16> {
        let (listener, _) = self.metrics.as_ref()?;
        listener.local_addr().ok().map(|addr| addr.port())
    }

    /// Serves until `shutdown` completes. Then `/readyz` answers 503, no new connection is
    /// accepted, the requests in flight and the e-mail being sent are finished within the
    /// grace period (`SHUTDOWN_GRACE_SECS`), and whatever remains is cut off.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        tracing::info!(address = %self.listener.local_addr()?, "listening");
        let mut tasks = self.tasks;
        if let Some((listener, sources)) = self.metrics {
            tasks.push(tokio::spawn(metrics::serve(listener, sources)));
        }
        let (stop, stopped) = watch::channel(false);
        let mut mailer = spawn_background("mailer", self.mailer.run(stopped));
        let stopping = self.stopping;
        // When the grace period ends: set as the process is told to stop.
        let (set_deadline, mut deadline_set) = watch::channel(None::<Instant>);
        let grace = self.shutdown_grace;
        let told = async move {
            shutdown.await;
            stopping.start();
            let _ = set_deadline.send(Some(Instant::now() + grace));
            let _ = stop.send(true);
        };
        let server = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(told);
        let deadline = deadline_set.clone();
        let grace_ends = async move {
            match deadline_set.wait_for(Option::is_some).await {
                Ok(deadline) => deadline.unwrap_or_else(|| Instant::now() + grace),
                Err(_) => Instant::now() + grace,
            }
        };
        let cut_off = async {
            tokio::time::sleep_until(grace_ends.await).await;
        };
        tokio::select! {
            served = server.into_future() => served?,
            () = cut_off => {
                tracing::warn!("shutdown: requests still in flight after the grace period, cut off");
            }
        }
        // The server only ends once told to stop, so the deadline is known by now.
        let deadline = deadline.borrow().unwrap_or_else(Instant::now);
        let left = deadline.saturating_duration_since(Instant::now());
        if timeout(left, &mut mailer).await.is_err() {
            mailer.abort();
            tracing::warn!("shutdown: the mail worker is cut off");
        }
        tasks.iter().for_each(JoinHandle::abort);
        self.claimed.release(&self.pool).await;
        // A request cut off may still hold a connection: closing does not wait for it long.
        if timeout(Duration::from_secs(2), self.pool.close())
            .await
            .is_err()
        {
            tracing::warn!("shutdown: connections still in use, left to the exit");
        }
        tracing::info!("stopped");
        Ok(())
    }
}

fn router(
    settings: &Settings,
    state: AppState,
    stopping: Stopping,
    routes: Vec<leptos_axum::AxumRouteListing>,
) -> Router {
    let leptos_options = settings.leptos.clone();
    let hashed_names = leptos_options.hash_files;
    let pool = state.pool.clone();
    let visitor_state = state.clone();
    let pkg_prefix: Arc<str> = format!("/{}/", leptos_options.site_pkg_dir).into();
    let files = app::projects::files::routes(state.clone());
    let personal_data = app::personal_data::routes(state.clone());
    let documents = app::documents::server::download::routes(state.clone());
    Router::new()
        .route("/healthz", get(health::healthz))
        .route(
            "/readyz",
            get(move || health::readyz(pool.clone(), stopping.clone())),
        )
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
        // Innermost: a render the visitor leaves is finished for nobody (`renders`).
        .layer(middleware::from_fn(crate::renders::finish_renders))
        // Inside the sessions' layer, which this router is wrapped in.
        .layer(middleware::from_fn(move |request, next| {
            app::auth::look_up_visitor(visitor_state.clone(), pkg_prefix.clone(), request, next)
        }))
        // Also inside the sessions' layer: a refused plain form is kept in the session.
        .layer(middleware::from_fn(
            app::plain_forms::server::answer_plain_form_posts,
        ))
        .layer(middleware::from_fn(move |request, next| {
            assets::cache_static_files(hashed_names, request, next)
        }))
        .merge(files)
        .merge(personal_data)
        .merge(documents)
        .merge(app::language_routes())
}

/// A task of the process's own, not of a request: what it logs (and the statements it runs)
/// are under a `background` span naming it.
fn spawn_background<F>(task: &'static str, work: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(work.instrument(tracing::info_span!("background", task)))
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

/// Every minute: deletes the rate limits' keys that are back to a full quota (several processes
/// may sweep at once: each deletes what the others have not).
async fn sweep_rate_limits(pool: PgPool) {
    let minute = Duration::from_secs(60);
    let mut every_minute = tokio::time::interval_at(tokio::time::Instant::now() + minute, minute);
    loop {
        every_minute.tick().await;
        if let Err(error) = app::server::sweep_rate_limits(&pool).await {
            tracing::error!(%error, "rate limits: cannot delete the keys back to a full quota");
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
        .layer(crate::compression::compress_responses())
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
