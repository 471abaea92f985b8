//! Errors on the server: internal causes logged with the request id and never sent, database
//! constraint names mapped to field conflicts. (The HTTP status of each error is set by the
//! server's `server_fn_error_status` layer, from the serialized error.)
use super::AppState;
use crate::error::AppError;
use axum::http::request::Parts;
use leptos::prelude::{expect_context, use_context};
use std::fmt::Display;

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

/// Logs `error` with the request id; the browser only gets the id.
pub fn internal(error: impl Display) -> AppError {
    let request_id = request_id();
    tracing::error!(request_id = request_id.as_deref().unwrap_or("-"), %error, "internal error");
    AppError::Internal { request_id }
}

/// Unique constraints that users can run into, and the field and code they mean.
const CONSTRAINT_CONFLICTS: &[(&str, &str, &str)] = &[
    ("users_email_key", "email", "email_taken"),
    ("customer_accounts_siret_key", "siret", "siret_taken"),
];

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        if let Some(constraint) = error.as_database_error().and_then(|e| e.constraint()) {
            if let Some((_, field, code)) = CONSTRAINT_CONFLICTS
                .iter()
                .find(|(name, ..)| *name == constraint)
            {
                return AppError::conflict(field, code);
            }
        }
        internal(error)
    }
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(error: tower_sessions::session::Error) -> Self {
        internal(error)
    }
}
