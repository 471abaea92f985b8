//! Enrolling an authenticator, turning it off, where the person stands, and the holder's
//! requirement for the account.
use super::codes::{self, check_code, matching_step, new_recovery_codes, recovery_hash};
use crate::{
    error::{AppError, TwoFactorIssue},
    server::{
        security_events::{self, RequestContext},
        session, state, OrInternal,
    },
    two_factor::types::{Enrolment, TwoFactorStatus},
};
use shared::SecurityEvent;
use uuid::Uuid;

/// Staff, or a member of an account whose holder requires it.
async fn is_mandatory(user: &session::CurrentUser) -> Result<bool, AppError> {
    Ok(user.is_staff || requires_two_factor(&session::memberships_of(user).await?))
}

/// Whether the holder of one of the person's accounts requires a second factor.
fn requires_two_factor(memberships: &[session::Membership]) -> bool {
    memberships
        .iter()
        .any(session::Membership::requires_two_factor)
}

pub async fn status() -> Result<TwoFactorStatus, AppError> {
    let user = session::require_user_enrolling().await?;
    let memberships = if user.is_staff {
        Vec::new()
    } else {
        session::memberships_of(&user).await?
    };
    let member = session::active_member(user.clone(), &memberships);
    Ok(TwoFactorStatus {
        enabled: user.two_factor_enabled,
        mandatory: user.is_staff || requires_two_factor(&memberships),
        recovery_codes_left: user.recovery_codes_left,
        holder_requires: member
            .filter(|member| member.is_holder())
            .map(|member| member.account_requires_two_factor),
    })
}

pub async fn start_enrolment() -> Result<Enrolment, AppError> {
    let user = session::require_user_enrolling().await?;
    if user.two_factor_enabled {
        return Err(AppError::TwoFactor(TwoFactorIssue::AlreadyEnabled));
    }
    let secret = codes::new_secret();
    sqlx::query!(
        "UPDATE users SET two_factor_pending_secret = $2 WHERE id = $1",
        user.id,
        secret
    )
    .execute(&state().pool)
    .await?;
    let totp = codes::totp(&secret, &user.email)?;
    Ok(Enrolment {
        secret: totp.secret().to_base32(),
        otpauth_url: totp.to_url().or_internal()?,
        qr_code: format!(
            "data:image/png;base64,{}",
            totp.to_qr_base64().or_internal()?
        ),
    })
}

pub async fn confirm_enrolment(code: String) -> Result<Vec<String>, AppError> {
    let user = session::require_user_enrolling().await?;
    let codes_left = state().limits.two_factor_codes.check(&user.id).await;
    security_events::limited(codes_left, Some(user.id)).await?;
    let mut tx = state().pool.begin().await?;
    let stored = sqlx::query!(
        r#"SELECT two_factor_pending_secret, two_factor_enabled_at IS NOT NULL AS "enabled!"
           FROM users WHERE id = $1 FOR NO KEY UPDATE"#,
        user.id
    )
    .fetch_one(&mut *tx)
    .await?;
    if stored.enabled {
        return Err(AppError::TwoFactor(TwoFactorIssue::AlreadyEnabled));
    }
    let secret = stored
        .two_factor_pending_secret
        .ok_or(AppError::TwoFactor(TwoFactorIssue::NotEnabled))?;
    let totp = codes::totp(&secret, &user.email)?;
    let Some(step) = matching_step(&totp, &codes::normalise(&code), None) else {
        security_events::note(SecurityEvent::TwoFactorFailed, Some(user.id)).await;
        return Err(AppError::TwoFactor(TwoFactorIssue::WrongCode));
    };
    sqlx::query!(
        "UPDATE users SET two_factor_secret = two_factor_pending_secret,
                          two_factor_pending_secret = NULL, two_factor_enabled_at = now(),
                          two_factor_last_step = $2
         WHERE id = $1",
        user.id,
        step
    )
    .execute(&mut *tx)
    .await?;
    let recovery_codes = replace_recovery_codes(&mut tx, user.id).await?;
    let context = RequestContext::current();
    security_events::record(
        &mut *tx,
        SecurityEvent::TwoFactorEnrolled,
        Some(user.id),
        &context,
    )
    .await?;
    tx.commit().await?;
    session::code_checked().await?;
    Ok(recovery_codes)
}

/// New recovery codes in place of any earlier ones; only their hashes are kept.
async fn replace_recovery_codes(
    tx: &mut sqlx::PgConnection,
    user_id: Uuid,
) -> Result<Vec<String>, AppError> {
    sqlx::query!(
        "DELETE FROM two_factor_recovery_codes WHERE user_id = $1",
        user_id
    )
    .execute(&mut *tx)
    .await?;
    let recovery_codes = new_recovery_codes();
    let hashes: Vec<Vec<u8>> = recovery_codes.iter().map(|c| recovery_hash(c)).collect();
    sqlx::query!(
        "INSERT INTO two_factor_recovery_codes (user_id, code_hash)
         SELECT $1, hash FROM unnest($2::bytea[]) AS hash",
        user_id,
        &hashes
    )
    .execute(&mut *tx)
    .await?;
    Ok(recovery_codes)
}

pub async fn disable(code: String) -> Result<(), AppError> {
    let user = session::require_user_enrolling().await?;
    if !user.two_factor_enabled {
        return Err(AppError::TwoFactor(TwoFactorIssue::NotEnabled));
    }
    let state = state();
    if is_mandatory(&user).await? {
        return Err(AppError::TwoFactor(TwoFactorIssue::Mandatory));
    }
    let mut tx = state.pool.begin().await?;
    check_code(&mut tx, user.id, &code).await?;
    sqlx::query!(
        "UPDATE users SET two_factor_secret = NULL, two_factor_pending_secret = NULL,
                          two_factor_enabled_at = NULL, two_factor_last_step = NULL
         WHERE id = $1",
        user.id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM two_factor_recovery_codes WHERE user_id = $1",
        user.id
    )
    .execute(&mut *tx)
    .await?;
    let context = RequestContext::current();
    security_events::record(
        &mut *tx,
        SecurityEvent::TwoFactorDisabled,
        Some(user.id),
        &context,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_requirement(required: bool) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    if required && !holder.user.two_factor_enabled {
        return Err(AppError::TwoFactor(TwoFactorIssue::NotEnabled));
    }
    let mut tx = state().pool.begin().await?;
    // The holder's decision holds only while they are the holder (a transfer may be committing).
    session::lock_holder(&mut tx, &holder).await?;
    sqlx::query!(
        "UPDATE customer_accounts SET require_two_factor = $2 WHERE id = $1",
        holder.account_id,
        required
    )
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({ "account_id": holder.account_id, "required": required });
    security_events::record_with(
        &mut *tx,
        SecurityEvent::TwoFactorRequirementChanged,
        Some(holder.user.id),
        &RequestContext::current(),
        Some(details),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
