use sqlx::PgPool;

/// What every server function and server-side render can reach through Leptos context
/// (`leptos_routes_with_context` provides it per request): no global, so each test can run
/// its own server against its own database.
#[derive(Clone, Debug)]
pub struct AppState {
    pub pool: PgPool,
}
