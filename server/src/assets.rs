//! How the browser caches the site's files: for as long as their names say they may be. Their
//! compression is `crate::compression`'s.
use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};

/// `/pkg/…` named after their content (`hash-files`): a new build has new names, so a copy
/// never goes stale.
const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
/// Plain names (development builds): the browser asks again each time (a cheap 304).
const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");
/// `public/` files (the icon): their names never change, an hour is a fair staleness.
const ONE_HOUR: HeaderValue = HeaderValue::from_static("public, max-age=3600");

/// Sets `Cache-Control` on static files; pages and server functions set their own (or none).
pub async fn cache_static_files(hashed_names: bool, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let policy = if path.starts_with("/pkg/") {
        Some(if hashed_names { IMMUTABLE } else { REVALIDATE })
    } else if path
        .rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.'))
    {
        Some(ONE_HOUR)
    } else {
        None
    };
    let mut response = next.run(request).await;
    if let Some(policy) = policy {
        if response.status().is_success() || response.status().as_u16() == 304 {
            response.headers_mut().insert(header::CACHE_CONTROL, policy);
        }
    }
    response
}
