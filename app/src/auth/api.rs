//! The auth feature's server functions: public endpoints under `/api/auth/…`, each checking
//! its own input and permissions on the server.
use super::forms::{ChangePasswordForm, LoginForm, ProfileForm, ResetPasswordForm, SignUpForm};
use super::types::{ActivityEntry, LoginStep, Me};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::plain_forms::server::then_show;
use crate::plain_forms::JsonOrForm;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

/// Creates a customer account and its holder, logs the holder in, and e-mails them the link
/// that proves their address.
#[server(prefix = "/api", endpoint = "auth/signup", input = JsonOrForm)]
pub async fn sign_up(form: SignUpForm) -> Result<(), AppError> {
    super::server::sign_up(form).await?;
    then_show("/account");
    Ok(())
}

/// Logs in with e-mail and password; with two-factor authentication, a code is asked next
/// (`auth/login-code`), and staff without it are asked to enrol.
#[server(prefix = "/api", endpoint = "auth/login", input = JsonOrForm)]
pub async fn log_in(form: LoginForm) -> Result<LoginStep, AppError> {
    let step = super::server::log_in(form).await?;
    then_show(&step.next_page(crate::plain_forms::server::posted_from_query("next")));
    Ok(step)
}

/// Logs out: the session is destroyed on the server.
#[server(prefix = "/api", endpoint = "auth/logout", input = JsonOrForm)]
pub async fn log_out() -> Result<(), AppError> {
    super::server::log_out().await?;
    then_show("/login");
    Ok(())
}

/// Who is logged in, if anyone.
#[server(prefix = "/api", endpoint = "auth/me", input = Json)]
pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    super::server::who_am_i().await
}

/// Sends a single-use reset link if the address belongs to someone; the answer is the same
/// either way.
#[server(prefix = "/api", endpoint = "auth/forgot-password", input = JsonOrForm)]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    super::server::request_password_reset(email).await?;
    then_show("/forgot-password?sent");
    Ok(())
}

/// Sets a new password with a reset link's token.
#[server(prefix = "/api", endpoint = "auth/reset-password", input = JsonOrForm)]
pub async fn reset_password(form: ResetPasswordForm) -> Result<(), AppError> {
    super::server::reset_password(form).await?;
    then_show("/reset-password?done");
    Ok(())
}

/// Changes the logged-in person's names and phone.
#[server(prefix = "/api", endpoint = "account/profile", input = JsonOrForm)]
pub async fn update_profile(form: ProfileForm) -> Result<(), AppError> {
    super::server::update_profile(form).await
}

/// Changes the password (the current one is required) and ends the person's other sessions.
#[server(prefix = "/api", endpoint = "account/password", input = JsonOrForm)]
pub async fn change_password(form: ChangePasswordForm) -> Result<(), AppError> {
    super::server::change_password(form).await
}

/// Acts for another of the person's accounts from now on.
#[server(prefix = "/api", endpoint = "account/switch", input = JsonOrForm)]
pub async fn switch_account(account_id: Uuid) -> Result<(), AppError> {
    super::server::switch_account(account_id).await
}

/// The first password a person chooses when someone else created their account.
#[server(prefix = "/api", endpoint = "account/first-password", input = JsonOrForm)]
pub async fn choose_first_password(password: String, confirmation: String) -> Result<(), AppError> {
    super::server::choose_first_password(password, confirmation).await
}

/// The language of the e-mails sent to the logged-in person (`fr` or `en`).
#[server(prefix = "/api", endpoint = "account/language", input = JsonOrForm)]
pub async fn set_language(locale: String) -> Result<(), AppError> {
    super::server::set_language(locale).await
}

/// The time zone the logged-in person's pages show dates and times in (an IANA name from
/// `shared::TimeZoneName`).
#[server(prefix = "/api", endpoint = "account/time-zone", input = JsonOrForm)]
pub async fn set_time_zone(time_zone: String) -> Result<(), AppError> {
    super::server::set_time_zone(time_zone).await
}

/// Proves the address a verification link was sent to; whoever holds the link, logged in or
/// not. A used, expired or superseded link is `InvalidToken`.
#[server(prefix = "/api", endpoint = "account/verify-email", input = JsonOrForm)]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    super::server::verify_email(token).await
}

/// Sends the logged-in person a new verification link (the earlier ones stop working); the
/// same answer, and nothing sent, when the address is proven already.
#[server(prefix = "/api", endpoint = "account/resend-verification", input = JsonOrForm)]
pub async fn resend_verification() -> Result<(), AppError> {
    super::server::resend_verification().await
}

/// Asks to change the logged-in person's address (the current password is required): a link
/// goes to the new address, and the current one is told. Nothing changes until it is followed.
#[server(prefix = "/api", endpoint = "account/email", input = JsonOrForm)]
pub async fn change_email(new_email: String, password: String) -> Result<(), AppError> {
    super::server::change_email(new_email, password).await
}

/// Makes the address a change link was sent to the person's address; whoever holds the link.
#[server(prefix = "/api", endpoint = "account/confirm-email", input = JsonOrForm)]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    super::server::confirm_email(token).await
}

/// The logged-in person's recent security events (logins, failures, changes, sessions ended),
/// newest first, with the device and address of each.
#[server(prefix = "/api", endpoint = "account/activity", input = Json)]
pub async fn my_activity() -> Result<Vec<ActivityEntry>, AppError> {
    super::server::my_activity().await
}

/// Ends every other session of the logged-in person; this one stays.
#[server(prefix = "/api", endpoint = "account/end-other-sessions", input = JsonOrForm)]
pub async fn end_other_sessions() -> Result<(), AppError> {
    super::server::end_other_sessions().await
}
