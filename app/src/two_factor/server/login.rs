//! The login's second step, and the re-check of a code before sensitive staff actions.
use super::codes::check_code;
use crate::{
    error::AppError,
    server::{
        security_events::{self, RequestContext},
        session, state,
    },
};
use shared::SecurityEvent;

pub async fn log_in_with_code(code: String) -> Result<(), AppError> {
    let pending = session::pending_login()
        .await?
        .ok_or(AppError::Unauthorized)?;
    let mut tx = state().pool.begin().await?;
    check_code(&mut tx, pending.user_id, &code).await?;
    let context = RequestContext::current();
    security_events::record(
        &mut *tx,
        SecurityEvent::LoginSucceeded,
        Some(pending.user_id),
        &context,
    )
    .await?;
    tx.commit().await?;
    session::start(pending.user_id, pending.epoch, true).await
}

pub async fn verify(code: String) -> Result<(), AppError> {
    let user = session::require_user().await?;
    let mut tx = state().pool.begin().await?;
    check_code(&mut tx, user.id, &code).await?;
    tx.commit().await?;
    session::code_checked().await
}
