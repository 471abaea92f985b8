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
