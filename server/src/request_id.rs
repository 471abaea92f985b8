//! Our request id is always ours: a client's `x-request-id` is set aside before the id layer
//! runs (which would otherwise keep it), and logged beside ours when it is short and readable.
use axum::{extract::Request, http::HeaderValue, middleware::Next, response::Response};

/// The `x-request-id` a client sent, as it sent it: for finding its request in our logs.
#[derive(Clone, Debug)]
pub struct ClientRequestId(pub String);

/// Longer ids are not logged: a client does not get to fill our logs.
const MAX_LENGTH: usize = 64;

/// Removes the client's `x-request-id` from the request, and keeps it as [`ClientRequestId`]
/// when it is at most 64 printable ASCII characters (no control characters in our logs).
pub async fn set_client_request_id_aside(mut request: Request, next: Next) -> Response {
    if let Some(value) = request.headers_mut().remove("x-request-id") {
        if let Some(id) = loggable(&value) {
            request.extensions_mut().insert(ClientRequestId(id));
        }
    }
    next.run(request).await
}

fn loggable(value: &HeaderValue) -> Option<String> {
    let bytes = value.as_bytes();
    let printable = bytes.iter().all(|byte| (b' '..=b'~').contains(byte));
    (!bytes.is_empty() && bytes.len() <= MAX_LENGTH && printable)
        .then(|| String::from_utf8_lossy(bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_printable_ids_are_kept() {
        let id = |text: &str| loggable(&HeaderValue::from_str(text).unwrap());
        assert_eq!(
            id("req-42 from the CLI").as_deref(),
            Some("req-42 from the CLI")
        );
        assert_eq!(id(""), None);
        assert_eq!(id(&"x".repeat(65)), None);
        assert!(id(&"x".repeat(64)).is_some());
        let tab = HeaderValue::from_bytes(b"a\tb").unwrap();
        assert_eq!(loggable(&tab), None);
        let latin1 = HeaderValue::from_bytes(b"caf\xe9").unwrap();
        assert_eq!(loggable(&latin1), None);
    }
}
