//! The server's side of plain forms: a form posted by the browser itself gets `303 See Other`
//! to the next page, or back to the form with its answer (or refusal) kept for it in the session.
use super::{is_secret, PlainPost};
use crate::error::AppError;
use axum::{
    body::Body,
    extract::Request,
    http::{header, request::Parts, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::Response,
};
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;
use tower_sessions::Session;

/// The session's key of the last plain form sent back to its page, read once by that page.
const PLAIN_POST: &str = "plain_form";

/// The largest answer kept for the form's page: the functions' answers are a few words.
const KEPT_ANSWER_LIMIT: usize = 64 * 1024;

/// How the browser itself posted a form (not the hydrated page, which sends JSON or, for a
/// file, a multipart body that asks for JSON back).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PlainBody {
    /// Fields only: read whole, so that what was typed can be kept for the form's page.
    UrlEncoded,
    /// A file among the fields: streamed through untouched, never held.
    Multipart,
}

/// How the request is a form posted by the browser itself, if it is one.
fn plain_form_post(method: &Method, headers: &HeaderMap) -> Option<PlainBody> {
    if method != Method::POST {
        return None;
    }
    let media = headers
        .get(header::CONTENT_TYPE)?
        .to_str()
        .ok()?
        .split(';')
        .next()?
        .trim();
    if media.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return Some(PlainBody::UrlEncoded);
    }
    // server_fn's own test: a browser navigating asks for HTML, its client for the encoding.
    let asks_for_html = headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    (media.eq_ignore_ascii_case("multipart/form-data") && asks_for_html)
        .then_some(PlainBody::Multipart)
}

/// Whether the server function being run was called by a plain form post.
pub fn called_by_plain_form() -> bool {
    leptos::prelude::use_context::<Parts>()
        .is_some_and(|parts| plain_form_post(&parts.method, &parts.headers).is_some())
}

/// The header by which a server function names the next page of its plain form (server_fn
/// itself answers a form post with a `Location` back to the form, success or not).
const NEXT_PAGE: header::HeaderName = header::HeaderName::from_static("x-plain-form-next");

/// Where a plain form post goes once its server function succeeded (the hydrated page
/// navigates there itself): without it, back to the form's page.
pub fn then_show(path: &str) {
    if !called_by_plain_form() {
        return;
    }
    if let (Some(response), Ok(path)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(path),
    ) {
        response.insert_header(NEXT_PAGE, path);
    }
}

/// A query parameter of the page the form was posted from (the login page's `next`).
pub fn posted_from_query(name: &str) -> Option<String> {
    let parts = leptos::prelude::use_context::<Parts>()?;
    let referer = parts.headers.get(header::REFERER)?.to_str().ok()?;
    let url = url::Url::parse(referer).ok()?;
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// Answers plain form posts to server functions with `303 See Other`: to where the function
/// sent it (`then_show`), else back to the form's page, with the function's answer or refusal
/// and the fields typed (no secret) kept in the session for that page to show.
pub async fn answer_plain_form_posts(request: Request, next: Next) -> Response {
    let plain = if request.uri().path().starts_with("/api/") {
        plain_form_post(request.method(), request.headers())
    } else {
        None
    };
    let Some(plain) = plain else {
        return next.run(request).await;
    };
    let session = request.extensions().get::<Session>().cloned();
    let endpoint = request.uri().path().to_string();
    let back = request
        .headers()
        .get(header::REFERER)
        .and_then(|referer| referer.to_str().ok())
        .and_then(local_target)
        .unwrap_or_else(|| "/".to_string());
    let (parts, body) = request.into_parts();
    let (fields, body) = match plain {
        PlainBody::UrlEncoded => {
            // The body is already bounded (`security::limit_request_body`).
            let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
                return see_other(&back, HeaderMap::new());
            };
            (kept_fields(&body), Body::from(body))
        }
        // Which of a page's forms it was is in the action's query (`?kind=gerber`).
        PlainBody::Multipart => (
            kept_fields(parts.uri.query().unwrap_or_default().as_bytes()),
            body,
        ),
    };
    let response = next.run(Request::from_parts(parts, body)).await;
    let (parts, body) = response.into_parts();
    let refused = parts.headers.contains_key(SERVER_FN_ERROR_HEADER);
    let sent_on = parts
        .headers
        .get(NEXT_PAGE)
        .and_then(|next| next.to_str().ok())
        .and_then(local_target)
        .filter(|_| !refused);
    if let Some(target) = sent_on {
        return see_other(&target, parts.headers);
    }
    let body = axum::body::to_bytes(body, KEPT_ANSWER_LIMIT).await;
    let answer = if refused {
        Err(body
            .ok()
            .and_then(|bytes| serde_json::from_slice::<AppError>(&bytes).ok())
            .unwrap_or(AppError::Validation(Vec::new())))
    } else {
        Ok(body
            .ok()
            .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok())
            .unwrap_or_default())
    };
    if let Some(session) = session {
        let post = PlainPost {
            endpoint,
            answer,
            fields,
        };
        if let Err(error) = session.insert(PLAIN_POST, post).await {
            tracing::error!(%error, "plain form: cannot keep the answer for the form's page");
        }
    }
    see_other(&back, parts.headers)
}

/// The url-encoded fields worth keeping for the form's page: all but the secrets.
fn kept_fields(encoded: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(encoded)
        .filter(|(name, _)| !is_secret(name))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// `303 See Other` to `target`, with the cookies the server function set.
fn see_other(target: &str, headers: HeaderMap) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(location) = HeaderValue::from_str(target) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    for cookie in headers.get_all(header::SET_COOKIE) {
        response
            .headers_mut()
            .append(header::SET_COOKIE, cookie.clone());
    }
    response
}

/// The path and query of a URL (absolute or not), without server_fn's error parameters: the
/// browser is only ever sent somewhere on this site.
fn local_target(url: &str) -> Option<String> {
    let base = url::Url::parse("http://site.invalid/").ok()?;
    let url = base.join(url).ok()?;
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| key != "__path" && key != "__err")
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    let mut target = url.path().to_string();
    if !pairs.is_empty() {
        target.push('?');
        target.push_str(
            &url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish(),
        );
    }
    shared::same_site_path(&target).map(str::to_string)
}

/// The plain post kept for the page being rendered, taken from the session (a page shows it
/// once).
pub async fn take_plain_post(session: &Session) -> Option<PlainPost> {
    let kept = session.get::<PlainPost>(PLAIN_POST).await.ok().flatten()?;
    // Removing marks the session changed: only when there was something to remove.
    let _ = session.remove_value(PLAIN_POST).await;
    Some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_is_the_browsers_own_when_url_encoded_or_a_multipart_asking_for_html() {
        let headers = |content_type: &str, accept: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, content_type.parse().unwrap());
            headers.insert(header::ACCEPT, accept.parse().unwrap());
            headers
        };
        let form = "application/x-www-form-urlencoded";
        let multipart = "multipart/form-data; boundary=x";
        let page = "text/html,application/xhtml+xml,*/*;q=0.8";
        let post =
            |content_type, accept| plain_form_post(&Method::POST, &headers(content_type, accept));
        assert_eq!(post(form, "*/*"), Some(PlainBody::UrlEncoded));
        assert_eq!(post(multipart, page), Some(PlainBody::Multipart));
        // The hydrated page's upload, and its JSON calls.
        assert_eq!(post(multipart, "application/json"), None);
        assert_eq!(post("application/json", page), None);
        assert_eq!(plain_form_post(&Method::GET, &headers(form, page)), None);
    }

    #[test]
    fn the_browser_is_only_sent_to_a_page_of_this_site() {
        assert_eq!(
            local_target(
                "http://127.0.0.1:3000/signup?next=%2Faccount&__path=%2Fapi%2Fx&__err=e30"
            )
            .as_deref(),
            Some("/signup?next=%2Faccount")
        );
        assert_eq!(
            local_target("/account/projects/1").as_deref(),
            Some("/account/projects/1")
        );
        assert_eq!(
            local_target("https://evil.example/account").as_deref(),
            Some("/account")
        );
        assert_eq!(local_target("//evil.example/x").as_deref(), Some("/x"));
    }
}
