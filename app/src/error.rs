//! The one error type of every server function. It crosses the wire as JSON and carries codes,
//! never text: the browser translates the codes, and internal causes stay in the server's log.
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};
use shared::FieldError;

/// A field of a form and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldIssue {
    pub field: String,
    pub code: FieldError,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// One or more fields are invalid (HTTP 400).
    #[error("invalid input")]
    Validation(Vec<FieldIssue>),
    /// The value of `field` is already taken, or otherwise conflicts (HTTP 409); `code` is
    /// translated, e.g. `email_taken`.
    #[error("conflict on {field}: {code}")]
    Conflict { field: String, code: String },
    /// Someone else saved the same thing since the caller loaded it (HTTP 409): who and when
    /// (Unix time), so that the person can reload and apply their change again.
    #[error("edited meanwhile")]
    EditConflict { by: String, at: i64 },
    /// The price changed since it was shown (HTTP 409): both prices, net, in cents; the
    /// caller confirms the new one to go on.
    #[error("price changed")]
    PriceChanged { old_cents: i64, new_cents: i64 },
    /// Wrong e-mail or password: one answer for both (HTTP 401).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Not logged in, or the session ended (HTTP 401).
    #[error("unauthorized")]
    Unauthorized,
    /// Logged in, but not allowed (HTTP 403).
    #[error("forbidden")]
    Forbidden,
    /// Unknown, or belonging to someone else: the same answer (HTTP 404).
    #[error("not found")]
    NotFound,
    /// A single-use link that was used, expired or never existed (HTTP 400).
    #[error("invalid or expired link")]
    InvalidToken,
    /// Too many attempts; try again after that many seconds (HTTP 429).
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// Something failed on our side; the cause is in the log under this request id (HTTP 500).
    #[error("internal error")]
    Internal { request_id: Option<String> },
    /// The request did not reach the server or its answer was unreadable (client side).
    #[error("network error")]
    Network,
}

impl AppError {
    pub fn field(field: &str, code: FieldError) -> Self {
        Self::Validation(vec![FieldIssue {
            field: field.to_string(),
            code,
        }])
    }

    pub fn conflict(field: &str, code: &str) -> Self {
        Self::Conflict {
            field: field.to_string(),
            code: code.to_string(),
        }
    }

    /// The issue about `field`, if any, as a translation code.
    pub fn code_for(&self, field: &str) -> Option<String> {
        match self {
            Self::Validation(issues) => issues
                .iter()
                .find(|issue| issue.field == field)
                .map(|issue| issue.code.code().to_string()),
            Self::Conflict {
                field: conflicted,
                code,
            } if conflicted == field => Some(code.clone()),
            _ => None,
        }
    }

    /// Whether the error concerns particular fields (shown beside them) rather than the form.
    pub fn is_about_fields(&self) -> bool {
        matches!(self, Self::Validation(_) | Self::Conflict { .. })
    }

    /// The HTTP status the server answers with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Validation(_) | Self::InvalidToken => 400,
            Self::InvalidCredentials | Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Conflict { .. } | Self::EditConflict { .. } | Self::PriceChanged { .. } => 409,
            Self::TooManyRequests { .. } => 429,
            Self::Internal { .. } | Self::Network => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Malformed arguments are the caller's mistake, not ours.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                Self::Validation(Vec::new())
            }
            // On the server, what fails to deserialize is the caller's request.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => Self::Validation(Vec::new()),
            #[cfg(not(feature = "ssr"))]
            ServerFnErrorErr::Deserialization(_) => Self::Network,
            ServerFnErrorErr::Request(_) => Self::Network,
            #[cfg(feature = "ssr")]
            other => crate::server::internal(other),
            #[cfg(not(feature = "ssr"))]
            _ => Self::Internal { request_id: None },
        }
    }
}
