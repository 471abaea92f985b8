//! Request safety that Leptos leaves to us: cross-site request forgery and response headers.
use app::error::AppError;
use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Refuses state-changing requests sent by another site: `Sec-Fetch-Site: cross-site`, or an
/// `Origin` that is not this server's. Server functions are form or JSON posts that any page
/// could send with the visitor's cookies; browsers always label such requests.
pub async fn refuse_cross_site_requests(request: Request, next: Next) -> Response {
    if !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        let headers = request.headers();
        let cross_site = headers
            .get("sec-fetch-site")
            .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"cross-site"));
        let foreign_origin = headers.get(header::ORIGIN).is_some_and(|origin| {
            let host = headers
                .get(header::HOST)
                .and_then(|host| host.to_str().ok());
            let origin_host = origin
                .to_str()
                .ok()
                .and_then(|origin| origin.split_once("://"))
                .map(|(_, rest)| rest);
            origin_host.is_none() || origin_host != host
        });
        if cross_site || foreign_origin {
            tracing::warn!(method = %request.method(), path = %request.uri().path(), "cross-site request refused");
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
    headers.insert("serverfnerror", HeaderValue::from_static("1"));
    response
}

/// Headers for every response (pages set their own Content-Security-Policy with a nonce).
pub async fn security_headers(request: Request, next: Next) -> Response {
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
    response
}

/// Server functions answer every error with status 500; ours carry their kind, so the status
/// is set here, in one place, from the serialized `AppError` (400, 401, 403, 404, 409, 429, 503…).
pub async fn server_fn_error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if !response.headers().contains_key("serverfnerror") {
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
