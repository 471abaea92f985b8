//! Two-factor authentication: public endpoints under `/api/account/two-factor/…`, the login's
//! second step (`/api/auth/login-code`) and the holder's requirement
//! (`/api/collaborators/require-two-factor`), each checking its caller on the server.
use super::types::{Enrolment, TwoFactorStatus};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The login's second step: a code of the authenticator, or a recovery code, after the right
/// password. Without a password typed in the last 5 minutes: `Unauthorized`.
#[server(prefix = "/api", endpoint = "auth/login-code", input = crate::plain_forms::JsonOrForm)]
pub async fn log_in_with_code(code: String) -> Result<(), AppError> {
    super::server::log_in_with_code(code).await?;
    crate::plain_forms::server::then_show("/account");
    Ok(())
}

/// Whether the person has two-factor authentication, must have it, and their recovery codes.
#[server(prefix = "/api", endpoint = "account/two-factor/status", input = Json)]
pub async fn load_two_factor_status() -> Result<TwoFactorStatus, AppError> {
    super::server::status().await
}

/// Starts enrolling: a new secret, shown as a QR code and as text (until confirmed).
#[server(prefix = "/api", endpoint = "account/two-factor/start", input = crate::plain_forms::JsonOrForm)]
pub async fn start_enrolment() -> Result<Enrolment, AppError> {
    super::server::start_enrolment().await
}

/// Ends enrolling with a first code of the authenticator; answers the recovery codes, shown
/// this once.
#[server(prefix = "/api", endpoint = "account/two-factor/confirm", input = crate::plain_forms::JsonOrForm)]
pub async fn confirm_enrolment(code: String) -> Result<Vec<String>, AppError> {
    super::server::confirm_enrolment(code).await
}

/// Turns two-factor authentication off, with a code (or a recovery code). Staff, and members
/// of an account that requires it, cannot (`Mandatory`).
#[server(prefix = "/api", endpoint = "account/two-factor/disable", input = crate::plain_forms::JsonOrForm)]
pub async fn disable_two_factor(code: String) -> Result<(), AppError> {
    super::server::disable(code).await
}

/// Checks a code again for this session, before an action that needs a recent one.
#[server(prefix = "/api", endpoint = "account/two-factor/verify", input = crate::plain_forms::JsonOrForm)]
pub async fn verify_code(code: String) -> Result<(), AppError> {
    super::server::verify(code).await
}

/// The holder requires (or stops requiring) two-factor authentication of every member of the
/// account; to require it, the holder must have it.
#[server(prefix = "/api", endpoint = "collaborators/require-two-factor", input = crate::plain_forms::JsonOrForm)]
pub async fn require_two_factor(required: bool) -> Result<(), AppError> {
    super::server::set_requirement(required).await
}
