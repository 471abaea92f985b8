//! Errors on the server: internal causes logged where they happened, with the request's span
//! (request id, caller), and never sent; a unique constraint turned into a field conflict where
//! the query is written (`on_constraint`). The HTTP status of each error is set by the server's
//! `server_fn_error_status` layer, from the serialized error.
use super::AppState;
use crate::error::AppError;
use axum::http::request::Parts;
use leptos::prelude::{expect_context, use_context};
use std::{fmt::Display, panic::Location};

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
            Err(error) => Err(log_internal(error, Location::caller())),
        }
    }
}

/// The name of the constraint `error` violates, if it is such an error.
fn violated(error: &sqlx::Error) -> Option<&str> {
    error.as_database_error()?.constraint()
}

impl From<sqlx::Error> for AppError {
    /// `?` on a query: logged at the line of the `?`.
    #[track_caller]
    fn from(error: sqlx::Error) -> Self {
        log_internal(error, Location::caller())
    }
}

impl From<tower_sessions::session::Error> for AppError {
    #[track_caller]
    fn from(error: tower_sessions::session::Error) -> Self {
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
    fn only_the_named_constraint_becomes_a_conflict() {
        let log = logged(|| {
            let other: Result<(), sqlx::Error> = Err(sqlx::Error::RowNotFound);
            let answer = other.on_constraint("users_email_key", || AppError::NotFound);
            assert_eq!(answer, Err(AppError::Internal { request_id: None }));
        });
        assert!(log.contains("internal error"), "{log}");
    }
}
