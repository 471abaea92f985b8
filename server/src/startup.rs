//! Builds the application (pool, migrations, router) and serves it until told to stop.
use crate::{config::Settings, health};
use app::{server::AppState, shell, App};
use axum::{http::Request, routing::get, Router};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::{postgres::PgPoolOptions, PgPool};
use std::{future::Future, io, net::SocketAddr};
use tokio::net::TcpListener;
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    trace::TraceLayer,
};

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
}

/// A server ready to run: its listener is already bound, so `port()` is known (port 0 in tests).
pub struct Application {
    listener: TcpListener,
    router: Router,
    pool: PgPool,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let pool = PgPoolOptions::new()
            .max_connections(settings.database.max_connections)
            .acquire_timeout(settings.database.acquire_timeout)
            .connect(&settings.database.url)
            .await
            .map_err(StartupError::Database)?;
        MIGRATOR.run(&pool).await?;
        let listener = TcpListener::bind(settings.site_addr)
            .await
            .map_err(|source| StartupError::Listen { addr: settings.site_addr, source })?;
        let router = router(&settings, AppState { pool: pool.clone() });
        Ok(Self { listener, router, pool })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|addr| addr.port()).unwrap_or_default()
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send + 'static) -> io::Result<()> {
        tracing::info!(address = %self.listener.local_addr()?, "listening");
        axum::serve(self.listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await?;
        self.pool.close().await;
        Ok(())
    }
}

fn router(settings: &Settings, state: AppState) -> Router {
    let leptos_options = settings.leptos.clone();
    let routes = generate_route_list(App);
    let pool = state.pool.clone();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(move || health::readyz(pool.clone())))
        .leptos_routes_with_context(
            &leptos_options,
            routes,
            move || provide_context(state.clone()),
            {
                let leptos_options = leptos_options.clone();
                move || shell(leptos_options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(leptos_options)
        // Layers wrap what is above them: the request id is set first, then traced.
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let request_id = request
                .extensions()
                .get::<RequestId>()
                .and_then(|id| id.header_value().to_str().ok())
                .unwrap_or_default();
            tracing::info_span!(
                "request",
                method = %request.method(),
                path = %request.uri().path(),
                request_id = %request_id,
            )
        }))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
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
