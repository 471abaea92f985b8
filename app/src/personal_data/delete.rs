//! Deleting one's own account: the person, their logins and what is personal go; what the
//! company must keep for its accounting (its orders, projects and history) stays, without
//! their name.
use crate::{
    error::{AppError, ConflictCode},
    server::{security_events, session, state},
};

pub async fn delete_account(password: String) -> Result<(), AppError> {
    let user = session::require_user().await?;
    // Staff accounts are the manufacturer's, managed on the command line.
    if user.is_staff {
        return Err(AppError::Forbidden);
    }
    let state = state();
    // Each try costs a hash: bounded per person like the other password checks.
    if let Err(limited) = state.limits.new_passwords_per_person.check(&user.id).await {
        security_events::note_limit(Some(user.id)).await;
        return Err(limited);
    }
    let stored = sqlx::query_scalar!("SELECT password_hash FROM users WHERE id = $1", user.id)
        .fetch_one(&state.pool)
        .await?;
    if !state.passwords.verify(&password, Some(&stored)).await? {
        return Err(AppError::conflict("password", ConflictCode::WrongPassword));
    }
    let mut tx = state.pool.begin().await?;
    // The accounts the person holds, locked first: nobody joins them while they are checked.
    sqlx::query!(
        "SELECT a.id FROM customer_accounts a JOIN memberships m ON m.account_id = a.id
         WHERE m.user_id = $1 AND m.role = 'holder' FOR UPDATE OF a",
        user.id
    )
    .fetch_all(&mut *tx)
    .await?;
    let holds_with_others = sqlx::query_scalar!(
        r#"SELECT EXISTS (
               SELECT 1 FROM customer_accounts a
               JOIN memberships h ON h.account_id = a.id AND h.user_id = $1 AND h.role = 'holder'
               JOIN memberships o ON o.account_id = a.id AND o.user_id <> $1
           ) AS "blocked!""#,
        user.id
    )
    .fetch_one(&mut *tx)
    .await?;
    if holds_with_others {
        return Err(AppError::conflict("account", ConflictCode::HandOverFirst));
    }
    let email = sqlx::query_scalar!("SELECT email FROM users WHERE id = $1 FOR UPDATE", user.id)
        .fetch_one(&mut *tx)
        .await?;
    // The e-mails to the person and their messages to staff are theirs.
    sqlx::query!(
        "DELETE FROM outbox WHERE lower(recipient) = lower($1)",
        email
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM contact_messages WHERE lower(email) = lower($1)",
        email
    )
    .execute(&mut *tx)
    .await?;
    // Every session of theirs, everywhere; then the person, whose rows follow the schema's
    // rules: their logins, memberships, tokens and security events go, and the orders,
    // projects and history of the accounts keep their lines without them (ON DELETE SET NULL:
    // "former member").
    sqlx::query!(
        "DELETE FROM tower_sessions.session WHERE user_id = $1",
        user.id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("DELETE FROM users WHERE id = $1", user.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    session::end().await
}
