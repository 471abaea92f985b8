//! The login's second step, and the re-check of a code before sensitive staff actions.
use super::codes::check_code;
use crate::{
    error::AppError,
    server::{session, state},
};

pub async fn log_in_with_code(code: String) -> Result<(), AppError> {
    let pending = session::pending_login()
        .await?
        .ok_or(AppError::Unauthorized)?;
    let mut tx = state().pool.begin().await?;
    check_code(&mut tx, pending.user_id, &code).await?;
    tx.commit().await?;
    tracing::info!(event = "two_factor_login", user_id = %pending.user_id, "second factor checked");
    session::start(pending.user_id, pending.epoch, true).await
}

pub async fn verify(code: String) -> Result<(), AppError> {
    let user = session::require_user().await?;
    let mut tx = state().pool.begin().await?;
    check_code(&mut tx, user.id, &code).await?;
    tx.commit().await?;
    session::code_checked().await
}
