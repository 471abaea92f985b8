//! Single-use links sent by e-mail to prove an address: the link that proves it after sign-up
//! or in a welcome e-mail, and the link that makes a new address one's own. Only a hash of the
//! token is stored, and the token is made as its e-mail is sent (`links.rs`); a link works
//! once, until it expires.
use super::links::{token_hash, Link, PendingLink};
use crate::error::AppError;
use sqlx::PgConnection;
use time::Duration;
use uuid::Uuid;

/// How long a link works.
pub const LIFETIME: Duration = Duration::hours(24);

/// What a link does when it is followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum Purpose {
    /// Proves the person's current address.
    VerifyEmail,
    /// Makes the address it was sent to the person's address.
    ChangeEmail,
}

/// What a followed link proved.
pub struct Proof {
    pub user_id: Uuid,
    /// For [`Purpose::ChangeEmail`]: the address the link was sent to.
    pub new_email: Option<String>,
}

/// Stores a new link for `user_id` (inside the transaction that e-mails it, with
/// `mail::enqueue_with_link`), its token to be made as the e-mail is sent. The person's earlier
/// links of the same purpose stop working: only the last one sent does.
pub async fn issue(
    tx: &mut PgConnection,
    user_id: Uuid,
    purpose: Purpose,
    new_email: Option<&str>,
) -> Result<PendingLink, AppError> {
    sqlx::query!(
        "UPDATE email_tokens SET used_at = now()
         WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
        user_id,
        purpose as Purpose,
    )
    .execute(&mut *tx)
    .await?;
    let pending = PendingLink::new(match purpose {
        Purpose::VerifyEmail => Link::VerifyEmail,
        Purpose::ChangeEmail => Link::ChangeEmail,
    });
    sqlx::query!(
        "INSERT INTO email_tokens (token_hash, user_id, purpose, new_email, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))",
        pending.token_hash,
        user_id,
        purpose as Purpose,
        new_email,
        LIFETIME.as_seconds_f64(),
    )
    .execute(&mut *tx)
    .await?;
    Ok(pending)
}

/// Uses the link `token` for `purpose`, once: `InvalidToken` when it was used, expired,
/// superseded or never existed.
pub async fn consume(
    tx: &mut PgConnection,
    token: &str,
    purpose: Purpose,
) -> Result<Proof, AppError> {
    let proof = sqlx::query_as!(
        Proof,
        "UPDATE email_tokens SET used_at = now()
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
         RETURNING user_id, new_email",
        token_hash(token),
        purpose as Purpose,
    )
    .fetch_optional(tx)
    .await?;
    proof.ok_or(AppError::InvalidToken)
}
