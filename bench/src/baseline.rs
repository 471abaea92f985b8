//! The yardstick process: a bare axum server with nothing of ours in it. It answers `/healthz`
//! like the portal, sends the portal's pages as fixed bytes, and serves the same site files.
use crate::{Context, Result};
use axum::{response::Html, routing::get, Router};
use std::net::SocketAddr;
use tower_http::services::ServeDir;

/// `bench baseline PORT HOME_HTML PAGE_HTML SITE_ROOT`: `/` sends HOME_HTML (the home page as a
/// static file), `/page` sends PAGE_HTML (the collaborators page's bytes), the rest comes from
/// SITE_ROOT like the portal's static files (pre-compressed variants included).
pub async fn serve(args: &[String]) -> Result<()> {
    let [port, home, page, site_root] = args else {
        return Err("baseline needs PORT HOME_HTML PAGE_HTML SITE_ROOT".into());
    };
    let port: u16 = port.parse().context("the port")?;
    let home: &'static str = std::fs::read_to_string(home)
        .context("reading the home page")?
        .leak();
    let page: &'static str = std::fs::read_to_string(page)
        .context("reading the page")?
        .leak();
    let router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/", get(move || async move { Html(home) }))
        .route("/page", get(move || async move { Html(page) }))
        .fallback_service(
            ServeDir::new(site_root)
                .precompressed_br()
                .precompressed_gzip(),
        );
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port)))
        .await
        .context("binding the baseline's port")?;
    axum::serve(listener, router)
        .await
        .context("serving the baseline")
}
