//! Passwords: the first one of a person a holder created, the forgotten one (a single-use link
//! by e-mail), and changing one's own.
use crate::{
    auth::forms::{new_password, ChangePasswordForm, ResetPasswordForm},
    error::{AppError, ConflictCode},
    i18n::{td_string, I18nLocaleTrait},
    issues::Form,
    server::{
        breached, check_both, client_address,
        db::users::locale_or_default,
        links::{token_hash, Link, PendingLink, PLACEHOLDER},
        mail, passwords,
        security_events::{self, RequestContext},
        session, state,
    },
};
use shared::SecurityEvent;
use uuid::Uuid;

const RESET_LINK_LIFETIME_MINUTES: i32 = 60;

pub async fn choose_first_password(password: String, confirmation: String) -> Result<(), AppError> {
    let user = session::require_user_choosing_password().await?;
    limit_new_password(user.id).await?;
    if !user.must_change_password {
        return Err(AppError::Forbidden);
    }
    let password = new_password(&password, &confirmation)?;
    breached::refuse_for(&state().pool, &password, user.id).await?;
    let password_hash = passwords::hash_new(&password).await?;
    let mut tx = state().pool.begin().await?;
    let changed = SecurityEvent::PasswordChanged;
    let epoch = set_password(&mut tx, user.id, &password_hash, changed).await?;
    tx.commit().await?;
    session::renew_epoch(epoch).await
}

pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let email = shared::Email::parse(&email).map_err(|code| AppError::field("email", code))?;
    let state = state();
    if let Err(limited) = state
        .limits
        .reset_per_email
        .check(&email.normalized())
        .await
    {
        security_events::note_limit(None).await;
        return Err(limited);
    }
    let mut tx = state.pool.begin().await?;
    let target = sqlx::query!(
        "SELECT id, email, locale FROM users WHERE lower(email) = lower($1)",
        email.as_str()
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(target) = target {
        // The token is made as the e-mail is sent (`server::links`).
        let link = PendingLink::new(Link::ResetPassword);
        sqlx::query!(
            "INSERT INTO password_reset_tokens (token_hash, user_id, expires_at)
             VALUES ($1, $2, now() + make_interval(mins => $3))",
            link.token_hash,
            target.id,
            RESET_LINK_LIFETIME_MINUTES,
        )
        .execute(&mut *tx)
        .await?;
        let locale = locale_or_default(&target.locale);
        let subject = td_string!(locale, email.reset_subject).to_string();
        let body = td_string!(locale, email.reset_body, link = PLACEHOLDER).to_string();
        mail::enqueue_with_link(
            &mut tx,
            &target.email,
            locale.as_str(),
            "password_reset",
            &subject,
            &body,
            &link,
        )
        .await?;
        let context = RequestContext::current();
        security_events::record(
            &mut *tx,
            SecurityEvent::ResetRequested,
            Some(target.id),
            &context,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn reset_password(form: ResetPasswordForm) -> Result<(), AppError> {
    let state = state();
    let per_ip = state
        .limits
        .new_passwords_per_ip
        .check(&client_address().await?.into())
        .await;
    security_events::limited(per_ip, None).await?;
    let password = form.parse()?;
    // The link first: a hash is spent on the holders of a live link only, and the rules about
    // their details need to know whose it is (it is used further down).
    let hashed_token = token_hash(&form.token);
    let holder = sqlx::query_scalar!(
        "SELECT user_id FROM password_reset_tokens
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()",
        hashed_token,
    )
    .fetch_optional(&state.pool)
    .await?
    .ok_or(AppError::InvalidToken)?;
    let per_person = state.limits.new_passwords_per_person.check(&holder).await;
    security_events::limited(per_person, Some(holder)).await?;
    breached::refuse_for(&state.pool, &password, holder).await?;
    let password_hash = passwords::hash_new(&password).await?;
    let mut tx = state.pool.begin().await?;
    // Used once: the update only matches an unused, unexpired token (checked again here, where
    // it is written, should the link have been used meanwhile).
    let user_id = sqlx::query_scalar!(
        "UPDATE password_reset_tokens SET used_at = now()
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
         RETURNING user_id",
        hashed_token,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::InvalidToken)?;
    set_password(&mut tx, user_id, &password_hash, SecurityEvent::ResetUsed).await?;
    // Any other link sent before is now worthless too.
    sqlx::query!(
        "UPDATE password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL",
        user_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Stores a new password hash and ends every session of the user (their epoch moves on); the
/// change is kept as `event`.
async fn set_password(
    tx: &mut sqlx::PgConnection,
    user_id: Uuid,
    password_hash: &str,
    event: SecurityEvent,
) -> Result<i32, AppError> {
    let context = RequestContext::current();
    security_events::record(&mut *tx, event, Some(user_id), &context).await?;
    Ok(sqlx::query_scalar!(
        "UPDATE users SET password_hash = $2, session_epoch = session_epoch + 1,
                must_change_password = false, updated_at = now()
         WHERE id = $1 RETURNING session_epoch",
        user_id,
        password_hash,
    )
    .fetch_one(tx)
    .await?)
}

pub async fn change_password(form: ChangePasswordForm) -> Result<(), AppError> {
    let user = session::require_user().await?;
    // Before the current password is checked: this bounds the guesses too.
    limit_new_password(user.id).await?;
    let password = form.parse()?;
    let state = state();
    breached::refuse_for(&state.pool, &password, user.id).await?;
    let stored = sqlx::query_scalar!("SELECT password_hash FROM users WHERE id = $1", user.id)
        .fetch_one(&state.pool)
        .await?;
    if !state
        .passwords
        .verify(&form.current_password, Some(&stored))
        .await?
    {
        return Err(AppError::conflict(
            "current_password",
            ConflictCode::WrongPassword,
        ));
    }
    let password_hash = passwords::hash_new(&password).await?;
    let mut tx = state.pool.begin().await?;
    let changed = SecurityEvent::PasswordChanged;
    let epoch = set_password(&mut tx, user.id, &password_hash, changed).await?;
    tx.commit().await?;
    // This session stays; the others end at their next request.
    session::renew_epoch(epoch).await
}

/// A new password costs a hash: so many a minute per client address and per person.
async fn limit_new_password(user_id: Uuid) -> Result<(), AppError> {
    let limits = &state().limits;
    let both = check_both(
        (
            &limits.new_passwords_per_ip,
            &client_address().await?.into(),
        ),
        (&limits.new_passwords_per_person, &user_id),
    )
    .await;
    security_events::limited(both.map_err(AppError::from), Some(user_id)).await
}
