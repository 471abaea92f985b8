//! Proving one's e-mail address, and changing it: single-use links (`server::email_tokens`),
//! each sent to the address it proves. Nothing changes until a link is followed.
use crate::{
    auth::forms::ChangeEmailForm,
    error::{AppError, ConflictCode},
    i18n::{td_string, I18nLocaleTrait, Locale},
    issues::Form,
    server::{
        db::users::locale_or_default,
        email_tokens::{self, Purpose},
        links::PLACEHOLDER,
        mail,
        security_events::{self, RequestContext},
        session, state, OnConstraint, OrInternal,
    },
};
use shared::SecurityEvent;
use sqlx::PgConnection;
use uuid::Uuid;

/// E-mails `user_id` a link proving that `address` is theirs, in the transaction that stores
/// the person (sign-up) or when they ask for it again. Earlier links stop working.
pub(super) async fn send_verification_link(
    tx: &mut PgConnection,
    user_id: Uuid,
    address: &str,
    locale: Locale,
) -> Result<(), AppError> {
    let link = email_tokens::issue(tx, user_id, Purpose::VerifyEmail, None).await?;
    let subject = td_string!(locale, email.verify_subject);
    let body = td_string!(locale, email.verify_body, link = PLACEHOLDER).to_string();
    let kind = "verify_email";
    mail::enqueue_with_link(tx, address, locale.as_str(), kind, subject, &body, &link).await?;
    Ok(())
}

/// Whoever holds the link, logged in or not: the person's address is proven.
pub async fn verify_email(token: String) -> Result<(), AppError> {
    let mut tx = state().pool.begin().await?;
    let proof = email_tokens::consume(&mut tx, &token, Purpose::VerifyEmail).await?;
    sqlx::query!(
        "UPDATE users SET email_verified_at = coalesce(email_verified_at, now()), updated_at = now()
         WHERE id = $1",
        proof.user_id,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sends the link again, unless the address is proven already: the answer is the same.
pub async fn resend_verification() -> Result<(), AppError> {
    let user = session::require_user().await?;
    let state = state();
    if let Err(limited) = state.limits.address_links.check(&user.id).await {
        security_events::note_limit(Some(user.id)).await;
        return Err(limited);
    }
    let mut tx = state.pool.begin().await?;
    // Read where it is written: an address confirmed meanwhile gets no link.
    let person = sqlx::query!(
        r#"SELECT email, locale, email_verified_at IS NOT NULL AS "verified!"
           FROM users WHERE id = $1 FOR UPDATE"#,
        user.id,
    )
    .fetch_one(&mut *tx)
    .await?;
    if !person.verified {
        let locale = locale_or_default(&person.locale);
        send_verification_link(&mut tx, user.id, &person.email, locale).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sends a link to the new address, and tells the current one that a change was asked.
pub async fn change_email(new_email: String, password: String) -> Result<(), AppError> {
    let user = session::require_user().await?;
    let form = ChangeEmailForm {
        new_email,
        password,
    };
    let new_email = form.parse()?;
    let state = state();
    // Before the password is checked: this bounds the guesses too.
    if let Err(limited) = state.limits.address_links.check(&user.id).await {
        security_events::note_limit(Some(user.id)).await;
        return Err(limited);
    }
    let stored = sqlx::query_scalar!("SELECT password_hash FROM users WHERE id = $1", user.id)
        .fetch_one(&state.pool)
        .await?;
    if !state
        .passwords
        .verify(&form.password, Some(&stored))
        .await?
    {
        return Err(AppError::conflict("password", ConflictCode::WrongPassword));
    }
    let taken = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($1)) AS "taken!""#,
        new_email.as_str(),
    )
    .fetch_one(&state.pool)
    .await?;
    if taken {
        return Err(AppError::conflict("new_email", ConflictCode::EmailTaken));
    }
    let locale = locale_or_default(&user.locale);
    let mut tx = state.pool.begin().await?;
    let link = email_tokens::issue(
        &mut tx,
        user.id,
        Purpose::ChangeEmail,
        Some(new_email.as_str()),
    )
    .await?;
    let new = new_email.as_str();
    let body = td_string!(locale, email.change_body, link = PLACEHOLDER).to_string();
    let subject = td_string!(locale, email.change_subject);
    let kind = "change_email";
    mail::enqueue_with_link(&mut tx, new, locale.as_str(), kind, subject, &body, &link).await?;
    let body = td_string!(locale, email.change_notice_body, email = new).to_string();
    let subject = td_string!(locale, email.change_notice_subject);
    let kind = "email_change_notice";
    mail::enqueue(&mut tx, &user.email, locale.as_str(), kind, subject, &body).await?;
    let asked = SecurityEvent::EmailChangeRequested;
    security_events::record(&mut *tx, asked, Some(user.id), &RequestContext::current()).await?;
    tx.commit().await?;
    Ok(())
}

/// Whoever holds the link: the address it was sent to becomes the person's, proven.
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    let mut tx = state().pool.begin().await?;
    let proof = email_tokens::consume(&mut tx, &token, Purpose::ChangeEmail).await?;
    let new_email = proof
        .new_email
        .ok_or("a change link without its address")
        .or_internal()?;
    sqlx::query!(
        "UPDATE users SET email = $2, email_verified_at = now(), updated_at = now() WHERE id = $1",
        proof.user_id,
        new_email,
    )
    .execute(&mut *tx)
    .await
    .on_constraint("users_email_key", || {
        AppError::conflict("email", ConflictCode::EmailTaken)
    })?;
    let changed = SecurityEvent::EmailChanged;
    let context = RequestContext::current();
    security_events::record(&mut *tx, changed, Some(proof.user_id), &context).await?;
    // A reset link sent to the former address must not open the account any more.
    sqlx::query!(
        "UPDATE password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL",
        proof.user_id,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
