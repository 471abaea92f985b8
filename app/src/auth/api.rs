//! The auth feature's server functions: public endpoints under `/api/auth/…`, each checking
//! its own input and permissions on the server.
use super::forms::{ChangePasswordForm, LoginForm, ProfileForm, ResetPasswordForm, SignUpForm};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
use shared::{Permissions, Role};
use uuid::Uuid;

/// The logged-in person, as the pages need them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// The phone number as typed back into the form (readable form).
    pub phone: String,
    pub locale: String,
    /// Someone else chose the password: the person must choose their own before anything else.
    pub must_change_password: bool,
    /// The manufacturer's staff: they see the back-office instead of a customer account.
    pub staff: bool,
    /// The account the person acts for, if they belong to one.
    pub active: Option<ActiveAccount>,
    /// Every account the person is active in (the switcher shows it when there are several).
    pub accounts: Vec<AccountChoice>,
}

impl Me {
    pub fn is_holder(&self) -> bool {
        self.active
            .as_ref()
            .is_some_and(|account| account.role == Role::Holder)
    }
}

/// The account a person acts for, and what they may do there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveAccount {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    pub permissions: Permissions,
    /// Requests to join waiting for the holder's decision (0 for collaborators).
    pub pending_requests: i64,
}

/// An account in the switcher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountChoice {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
}

/// Creates a customer account and its holder, and logs the holder in.
#[server(prefix = "/api", endpoint = "auth/signup", input = Json)]
pub async fn sign_up(form: SignUpForm) -> Result<(), AppError> {
    super::server::sign_up(form).await
}

/// Logs in with e-mail and password.
#[server(prefix = "/api", endpoint = "auth/login", input = Json)]
pub async fn log_in(form: LoginForm) -> Result<(), AppError> {
    super::server::log_in(form).await
}

/// Logs out: the session is destroyed on the server.
#[server(prefix = "/api", endpoint = "auth/logout", input = Json)]
pub async fn log_out() -> Result<(), AppError> {
    crate::server::session::end().await
}

/// Who is logged in, if anyone.
#[server(prefix = "/api", endpoint = "auth/me", input = Json)]
pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    super::server::who_am_i().await
}

/// Sends a single-use reset link if the address belongs to someone; the answer is the same
/// either way.
#[server(prefix = "/api", endpoint = "auth/forgot-password", input = Json)]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    super::server::request_password_reset(email).await
}

/// Sets a new password with a reset link's token.
#[server(prefix = "/api", endpoint = "auth/reset-password", input = Json)]
pub async fn reset_password(form: ResetPasswordForm) -> Result<(), AppError> {
    super::server::reset_password(form).await
}

/// Changes the logged-in person's names and phone.
#[server(prefix = "/api", endpoint = "account/profile", input = Json)]
pub async fn update_profile(form: ProfileForm) -> Result<(), AppError> {
    super::server::update_profile(form).await
}

/// Changes the password (the current one is required) and ends the person's other sessions.
#[server(prefix = "/api", endpoint = "account/password", input = Json)]
pub async fn change_password(form: ChangePasswordForm) -> Result<(), AppError> {
    super::server::change_password(form).await
}

/// Acts for another of the person's accounts from now on.
#[server(prefix = "/api", endpoint = "account/switch", input = Json)]
pub async fn switch_account(account_id: Uuid) -> Result<(), AppError> {
    super::server::switch_account(account_id).await
}

/// The first password a person chooses when someone else created their account.
#[server(prefix = "/api", endpoint = "account/first-password", input = Json)]
pub async fn choose_first_password(password: String, confirmation: String) -> Result<(), AppError> {
    super::server::choose_first_password(password, confirmation).await
}

/// The language of the e-mails sent to the logged-in person (`fr` or `en`).
#[server(prefix = "/api", endpoint = "account/language", input = Json)]
pub async fn set_language(locale: String) -> Result<(), AppError> {
    super::server::set_language(locale).await
}
