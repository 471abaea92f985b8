//! Request safety that Leptos leaves to us: cross-site request forgery, body sizes and response
//! headers.
use app::error::AppError;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;
use std::sync::Arc;

/// What the request layers know of the site: the origin people reach it at (`PUBLIC_URL`).
#[derive(Clone, Debug)]
pub struct Site {
    /// `None` only for an address that does not parse, which no request then matches.
    origin: Option<url::Origin>,
    https: bool,
}

impl Site {
    /// `public_url` was checked when the settings were read (`config.rs`).
    pub fn new(public_url: &str) -> Self {
        let url = url::Url::parse(public_url).ok();
        Self {
            https: url.as_ref().is_some_and(|url| url.scheme() == "https"),
            origin: url.map(|url| url.origin()),
        }
    }

    /// Whether `origin` is ours: same scheme, host and port (a default port written or not).
    fn is_ours(&self, origin: &HeaderValue) -> bool {
        origin
            .to_str()
            .ok()
            .and_then(|text| url::Url::parse(text).ok())
            .is_some_and(|url| Some(url.origin()) == self.origin)
    }

    /// Why a state-changing request to `path` is refused, if it is. Browsers name the page that
    /// sent a request (`Origin`, `Sec-Fetch-Site`) and let no page forge either; a request with
    /// neither comes from an older browser or another program, and only JSON is sure not to be
    /// a form of another site (a cross-site form cannot send that type without CORS, which we
    /// never allow).
    pub fn cross_site_refusal(&self, path: &str, headers: &HeaderMap) -> Option<&'static str> {
        let fetch_site = headers.get("sec-fetch-site").map(HeaderValue::as_bytes);
        // `same-site` is another origin of the site (a sibling subdomain): not ours either.
        if fetch_site.is_some_and(|site| {
            !site.eq_ignore_ascii_case(b"same-origin") && !site.eq_ignore_ascii_case(b"none")
        }) {
            return Some("sent by another site");
        }
        match headers.get(header::ORIGIN) {
            Some(origin) if self.is_ours(origin) => None,
            Some(_) => Some("sent from another origin"),
            // Uploads are multipart forms, the one type a cross-site form can send us.
            None if path == UPLOAD_PATH => Some("an upload without Origin"),
            None if fetch_site.is_some() || is_json(headers) => None,
            None => Some("neither Origin nor Sec-Fetch-Site, and not JSON"),
        }
    }
}

/// Whether the body is declared JSON (`application/json`, with parameters or not).
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

/// Refuses (403) state-changing requests that another site may have sent with the visitor's
/// cookies ([`Site::cross_site_refusal`]): server functions are posts that any page could send.
pub async fn refuse_cross_site_requests(
    State(site): State<Arc<Site>>,
    request: Request,
    next: Next,
) -> Response {
    if !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        if let Some(reason) = site.cross_site_refusal(request.uri().path(), request.headers()) {
            tracing::warn!(method = %request.method(), path = %request.uri().path(), reason, "cross-site request refused");
            return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
        }
    }
    next.run(request).await
}

/// Requests larger than this are refused (413)...
pub const BODY_LIMIT: usize = 1024 * 1024;
/// ...except design files, up to 20 MB, plus room for the form around them.
pub const UPLOAD_LIMIT: usize = shared::MAX_FILE_BYTES as usize + 64 * 1024;
/// The server function receiving design files.
pub const UPLOAD_PATH: &str = "/api/projects/upload";

/// Bounds every request body (1 MB; 20 MB for design files). An upload also needs a readable
/// multipart boundary: Leptos panics on a malformed one, so it is checked here first.
pub async fn limit_request_body(request: Request, next: Next) -> Response {
    let upload = request.uri().path() == UPLOAD_PATH;
    let limit = if upload { UPLOAD_LIMIT } else { BODY_LIMIT };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        let error = if upload {
            AppError::field("file", shared::FieldError::FileTooLarge)
        } else {
            AppError::Validation(Vec::new())
        };
        return error_response(StatusCode::PAYLOAD_TOO_LARGE, &error);
    }
    if upload && request.method() == Method::POST {
        let boundary = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(multer::parse_boundary);
        if !matches!(boundary, Some(Ok(_))) {
            return error_response(StatusCode::BAD_REQUEST, &AppError::Validation(Vec::new()));
        }
    }
    let (parts, body) = request.into_parts();
    let limited = Request::from_parts(parts, Body::new(http_body_util::Limited::new(body, limit)));
    next.run(limited).await
}

/// An `AppError` as server functions send it (JSON, with the header their clients look for).
fn error_response(status: StatusCode, error: &AppError) -> Response {
    let body = serde_json::to_vec(error).unwrap_or_default();
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(SERVER_FN_ERROR_HEADER, HeaderValue::from_static("1"));
    response
}

/// `Strict-Transport-Security` over HTTPS: a year, subdomains included (ASVS 5.0, 3.4.1).
const HSTS: HeaderValue = HeaderValue::from_static("max-age=31536000; includeSubDomains");

/// Whether answers to `path` are about someone (the account area, the back-office, every
/// `/api` answer): no cache, the browser's included, may keep them.
fn is_private(path: &str) -> bool {
    let under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    under("/account") || under("/backoffice") || under("/api")
}

/// Headers for every response (pages set their own Content-Security-Policy with a nonce);
/// `Cache-Control: no-store` on private answers; HSTS when the site is reached over HTTPS.
pub async fn security_headers(
    State(site): State<Arc<Site>>,
    request: Request,
    next: Next,
) -> Response {
    let private = is_private(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let defaults = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; frame-ancestors 'none'",
        ),
    ];
    for (name, value) in defaults {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    let no_store = headers
        .get(header::CACHE_CONTROL)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("no-store"));
    if private && !no_store {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if site.https {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    response
}

/// Server functions answer every error with status 500; ours carry their kind, so the status
/// is set here, in one place, from the serialized `AppError` (400, 401, 403, 404, 409, 429, 503…).
pub async fn server_fn_error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let AppError::TooManyRequests { retry_after_secs }
        | AppError::Busy { retry_after_secs } = error
        {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    header::HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                )
            })
            .collect()
    }

    #[test]
    fn origins_are_compared_by_scheme_host_and_port() {
        let site = Site::new("https://portal.example");
        let refused = |origin| site.cross_site_refusal("/api/x", &headers(&[("origin", origin)]));
        assert_eq!(refused("https://portal.example"), None);
        assert_eq!(refused("https://PORTAL.example:443"), None);
        for foreign in [
            "http://portal.example",
            "https://portal.example:8443",
            "https://evil.example",
            "https://portal.example.evil.example",
            "null",
            "",
        ] {
            assert!(refused(foreign).is_some(), "{foreign}");
        }
    }

    #[test]
    fn without_origin_only_json_or_a_same_origin_fetch_passes_and_never_an_upload() {
        let site = Site::new("http://127.0.0.1:3000");
        let refused = |path, pairs: &[(&'static str, &'static str)]| {
            site.cross_site_refusal(path, &headers(pairs)).is_some()
        };
        assert!(!refused("/api/x", &[("content-type", "application/json")]));
        assert!(!refused(
            "/api/x",
            &[("content-type", "Application/JSON; charset=utf-8")]
        ));
        assert!(refused(
            "/api/x",
            &[("content-type", "application/x-www-form-urlencoded")]
        ));
        assert!(refused("/api/x", &[("content-type", "text/plain")]));
        assert!(refused("/api/x", &[]));
        assert!(!refused("/api/x", &[("sec-fetch-site", "same-origin")]));
        assert!(refused("/api/x", &[("sec-fetch-site", "same-site")]));
        assert!(refused(
            "/api/x",
            &[
                ("sec-fetch-site", "cross-site"),
                ("content-type", "application/json")
            ]
        ));
        assert!(refused(UPLOAD_PATH, &[("sec-fetch-site", "same-origin")]));
        assert!(!refused(
            UPLOAD_PATH,
            &[("origin", "http://127.0.0.1:3000")]
        ));
    }

    #[test]
    fn the_account_area_the_back_office_and_the_api_are_private() {
        for path in [
            "/account",
            "/account/orders/1",
            "/backoffice",
            "/backoffice/orders/x",
            "/api/auth/me",
            "/api/files/x",
        ] {
            assert!(is_private(path), "{path}");
        }
        for path in ["/", "/accounting", "/login", "/apis", "/pkg/app.js"] {
            assert!(!is_private(path), "{path}");
        }
    }
}
