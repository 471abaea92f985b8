//! Personal data's server function: `/api/account/delete` (the export is a plain route).
use crate::error::AppError;
use crate::plain_forms::JsonOrForm;
use leptos::prelude::*;

/// The person deletes their own account, their password typed again: their logins and
/// personal details go; the accounts' orders, projects and history stay without their name.
/// A holder whose account has other members hands the role over first (409
/// `hand_over_first`); a wrong password is 409 `wrong_password`; staff may not (403).
#[server(prefix = "/api", endpoint = "account/delete", input = JsonOrForm)]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    super::delete::delete_account(password).await?;
    crate::plain_forms::server::then_show("/");
    Ok(())
}
