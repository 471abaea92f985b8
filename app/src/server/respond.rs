//! Errors on the server: internal causes logged where they happened, with the request's span
//! (request id, caller), and never sent; a unique constraint turned into a field conflict where
//! the query is written (`on_constraint`). The HTTP status of each error is set by the server's
//! `server_fn_error_status` layer, from the serialized error.
use super::AppState;
use crate::error::AppError;
use axum::http::request::Parts;
use leptos::prelude::{expect_context, use_context};
use std::{
    fmt::Display,
    panic::Location,
    sync::{
        atomic::{AtomicU64, Ordering},
        OnceLock,
    },
    time::{Duration, Instant},
};

/// The application state, provided to every server function by the router.
pub fn state() -> AppState {
    expect_context::<AppState>()
}

fn request_id() -> Option<String> {
    use_context::<Parts>()?
        .headers
        .get("x-request-id")?
        .to_str()
        .ok()
        .map(str::to_owned)
}

/// Logs `error` with where it happened and the request id; the browser only gets the id.
#[track_caller]
pub fn internal(error: impl Display) -> AppError {
    log_internal(error, Location::caller())
}

fn log_internal(error: impl Display, location: &'static Location<'static>) -> AppError {
    let request_id = request_id();
    tracing::error!(
        request_id = request_id.as_deref().unwrap_or("-"),
        %location,
        %error,
        "internal error"
    );
    AppError::Internal { request_id }
}

/// `.or_internal()`: any error as an internal one, logged at the caller's line (what
/// `.map_err(internal)` cannot do: the call would be made from inside `map_err`).
pub trait OrInternal<T> {
    fn or_internal(self) -> Result<T, AppError>;
}

impl<T, E: Display> OrInternal<T> for Result<T, E> {
    #[track_caller]
    fn or_internal(self) -> Result<T, AppError> {
        match self {
            Ok(value) => Ok(value),
            Err(error) => Err(log_internal(error, Location::caller())),
        }
    }
}

/// `.on_constraint(name, conflict)`: the violation of the database constraint `name` (a unique
/// index people can run into) becomes `conflict()`; any other error is internal.
pub trait OnConstraint<T> {
    fn on_constraint(self, name: &str, conflict: impl FnOnce() -> AppError) -> Result<T, AppError>;
}

impl<T> OnConstraint<T> for Result<T, sqlx::Error> {
    #[track_caller]
    fn on_constraint(self, name: &str, conflict: impl FnOnce() -> AppError) -> Result<T, AppError> {
        match self {
            Ok(value) => Ok(value),
            Err(error) if violated(&error) == Some(name) => Err(conflict()),
            Err(error) if database_unreachable(&error) => {
                count_timeout(&error);
                Err(unavailable(error, Location::caller()))
            }
            Err(error) => Err(log_internal(error, Location::caller())),
        }
    }
}

/// The name of the constraint `error` violates, if it is such an error.
fn violated(error: &sqlx::Error) -> Option<&str> {
    error.as_database_error()?.constraint()
}

impl From<sqlx::Error> for AppError {
    /// `?` on a query: logged at the line of the `?`; a database out of reach is
    /// `AppError::Unavailable` (503), not our fault to report with a reference.
    #[track_caller]
    fn from(error: sqlx::Error) -> Self {
        if database_unreachable(&error) {
            count_timeout(&error);
            return unavailable(error, Location::caller());
        }
        log_internal(error, Location::caller())
    }
}

/// Whether `error` says the database cannot be reached now, rather than that a query is wrong:
/// no connection within the acquire timeout, a connection lost, or the server shutting down or
/// starting (SQLSTATE classes 08 and 57P).
pub fn database_unreachable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Tls(_) | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(error) => error
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}

/// When the database was last found out of reach, in milliseconds since `EPOCH` (plus one, so
/// that zero means never).
static UNREACHABLE_AT: AtomicU64 = AtomicU64::new(0);
static EPOCH: OnceLock<Instant> = OnceLock::new();

fn millis_since_epoch() -> u64 {
    let epoch = *EPOCH.get_or_init(Instant::now);
    u64::try_from(epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Records that the database was just found out of reach: the pool then tests the connections
/// it lends for a while (they may all have been cut), and pages answer 503 rather than 500.
pub fn note_database_unreachable() {
    UNREACHABLE_AT.store(millis_since_epoch() + 1, Ordering::Relaxed);
}

/// Whether the database was found out of reach within the last `window`.
pub fn database_unreachable_lately(window: Duration) -> bool {
    match UNREACHABLE_AT.load(Ordering::Relaxed) {
        0 => false,
        at => millis_since_epoch().saturating_sub(at - 1) <= window.as_millis() as u64,
    }
}

/// Every connection busy past the acquire timeout: the pool is too small, or the database slow.
fn count_timeout(error: &sqlx::Error) {
    if matches!(error, sqlx::Error::PoolTimedOut) {
        metrics::counter!("db_pool_acquire_timeouts_total").increment(1);
    }
}

fn unavailable(error: impl Display, location: &'static Location<'static>) -> AppError {
    note_database_unreachable();
    metrics::counter!("db_unavailable_errors_total").increment(1);
    // A page rendering on the server answers 503 too (when its head is not sent yet).
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::SERVICE_UNAVAILABLE);
    }
    tracing::warn!(
        request_id = request_id().as_deref().unwrap_or("-"),
        %location,
        %error,
        "database unavailable"
    );
    AppError::Unavailable
}

impl From<tower_sessions::session::Error> for AppError {
    #[track_caller]
    fn from(error: tower_sessions::session::Error) -> Self {
        // The store passes sqlx's error on as text only: its words for a database out of reach,
        // and PostgreSQL's for a server stopping or starting (SQLSTATE 57P01 to 57P03).
        let text = error.to_string();
        let unreachable = [
            "pool timed out",
            "error communicating with database",
            "closed pool",
            "terminating connection due to",
            "the database system is",
        ]
        .iter()
        .any(|words| text.contains(words));
        if unreachable {
            return unavailable(error, Location::caller());
        }
        log_internal(error, Location::caller())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// What the error log says while `run` runs.
    fn logged(run: impl FnOnce()) -> String {
        #[derive(Clone, Default)]
        struct Buffer(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Buffer {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, run);
        let bytes = buffer.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn an_internal_error_is_logged_at_the_line_that_met_it() {
        let mut line = 0;
        let log = logged(|| {
            let failing: Result<(), &str> = Err("the disk is full");
            line = line!() + 1;
            let answer = failing.or_internal();
            assert_eq!(answer, Err(AppError::Internal { request_id: None }));
        });
        assert!(log.contains("the disk is full"), "{log}");
        assert!(log.contains(&format!("{}:{line}", file!())), "{log}");
    }

    #[test]
    fn a_database_error_met_by_a_question_mark_is_logged_at_its_line() {
        let line = line!() + 2;
        fn read() -> Result<(), AppError> {
            Err(sqlx::Error::RowNotFound)?;
            Ok(())
        }
        let log = logged(|| {
            let _ = read();
        });
        assert!(log.contains(&format!("{}:{line}", file!())), "{log}");
    }

    #[test]
    fn a_database_out_of_reach_is_unavailable_and_not_an_internal_error() {
        let log = logged(|| {
            for error in [
                sqlx::Error::PoolTimedOut,
                sqlx::Error::PoolClosed,
                sqlx::Error::Io(std::io::ErrorKind::ConnectionRefused.into()),
            ] {
                assert_eq!(AppError::from(error), AppError::Unavailable);
            }
            let constraint: Result<(), sqlx::Error> = Err(sqlx::Error::PoolTimedOut);
            assert_eq!(
                constraint.on_constraint("users_email_key", || AppError::NotFound),
                Err(AppError::Unavailable)
            );
        });
        assert!(!log.contains("internal error"), "{log}");
        assert!(log.contains("database unavailable"), "{log}");
        assert!(database_unreachable_lately(Duration::from_secs(60)));
        assert!(!database_unreachable(&sqlx::Error::RowNotFound));
    }

    #[test]
    fn only_the_named_constraint_becomes_a_conflict() {
        let log = logged(|| {
            let other: Result<(), sqlx::Error> = Err(sqlx::Error::RowNotFound);
            let answer = other.on_constraint("users_email_key", || AppError::NotFound);
            assert_eq!(answer, Err(AppError::Internal { request_id: None }));
        });
        assert!(log.contains("internal error"), "{log}");
    }

    #[test]
    fn a_session_store_meeting_a_stopping_database_is_unavailable() {
        use tower_sessions::{session::Error, session_store::Error as StoreError};
        for words in [
            "error returned from database: terminating connection due to administrator command",
            "error returned from database: the database system is shutting down",
            "pool timed out while waiting for an open connection",
        ] {
            let error = Error::Store(StoreError::Backend(words.to_string()));
            assert!(
                matches!(AppError::from(error), AppError::Unavailable),
                "{words}"
            );
        }
        let other = Error::Store(StoreError::Decode("bad record".to_string()));
        assert!(matches!(AppError::from(other), AppError::Internal { .. }));
    }
}

/// The answer to a download (`/api/files/…`, `/api/documents/…`) that is refused: a person who
/// followed the link reads the reason in their language; scripts get the error's code.
pub fn download_refusal(
    headers: &axum::http::HeaderMap,
    error: &AppError,
) -> axum::response::Response {
    use axum::{
        http::{header, StatusCode},
        response::IntoResponse,
    };
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let accepts_html = headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if accepts_html {
        let text =
            crate::components::errors::form_error_text(crate::locale::page_locale(headers), error);
        let plain = [(header::CONTENT_TYPE, "text/plain; charset=utf-8")];
        (status, plain, text).into_response()
    } else {
        (status, axum::Json(error)).into_response()
    }
}

/// What RFC 5987 percent-encodes in a header's parameter: all but its attribute characters
/// that are unreserved in URLs too.
const ENCODED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'.')
    .remove(b'-')
    .remove(b'_')
    .remove(b'~');

/// `Content-Disposition` for a download named `file_name`. The name was made safe (no quotes,
/// no path); the RFC 5987 form keeps its accents.
pub fn attachment(file_name: &str) -> String {
    format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        file_name.replace(|c: char| !c.is_ascii() || c.is_ascii_control(), "_"),
        percent_encoding::utf8_percent_encode(file_name, ENCODED)
    )
}

#[cfg(test)]
mod download_tests {
    #[test]
    fn percent_encodes_accents_and_spaces() {
        assert_eq!(
            super::attachment("carte é 1.zip"),
            "attachment; filename=\"carte _ 1.zip\"; filename*=UTF-8''carte%20%C3%A9%201.zip"
        );
    }
}
