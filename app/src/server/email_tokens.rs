//! Single-use links sent by e-mail to prove an address: the link that proves it after sign-up
//! or in a welcome e-mail, and the link that makes a new address one's own. Only a hash of the
//! token is stored; a link works once, until it expires.
use super::state;
use crate::error::AppError;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};
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

fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Stores a new link for `user_id` (inside the transaction that e-mails it) and answers its
/// token. The person's earlier links of the same purpose stop working: only the last one sent
/// does.
pub async fn issue(
    tx: &mut PgConnection,
    user_id: Uuid,
    purpose: Purpose,
    new_email: Option<&str>,
) -> Result<String, AppError> {
    sqlx::query!(
        "UPDATE email_tokens SET used_at = now()
         WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
        user_id,
        purpose as Purpose,
    )
    .execute(&mut *tx)
    .await?;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    sqlx::query!(
        "INSERT INTO email_tokens (token_hash, user_id, purpose, new_email, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))",
        hash(&token),
        user_id,
        purpose as Purpose,
        new_email,
        LIFETIME.as_seconds_f64(),
    )
    .execute(&mut *tx)
    .await?;
    Ok(token)
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
        hash(token.trim()),
        purpose as Purpose,
    )
    .fetch_optional(tx)
    .await?;
    proof.ok_or(AppError::InvalidToken)
}

/// The page a link opens: `/verify-email?token=…` proves the address, `/confirm-email?token=…`
/// makes the new one the person's.
pub fn link(purpose: Purpose, token: &str) -> String {
    let page = match purpose {
        Purpose::VerifyEmail => "verify-email",
        Purpose::ChangeEmail => "confirm-email",
    };
    format!("{}/{page}?token={token}", state().config.public_url)
}
