//! Single-use links sent by e-mail (a reset, a proof of address, a new address), and how no
//! live one is ever at rest. Only a token's SHA-256 is stored where the link is checked
//! (`password_reset_tokens`, `email_tokens`). The e-mail is queued with a placeholder where the
//! link goes, and that table's row with the hash of a token nobody has; when the mail worker
//! sends the e-mail it makes the real token, puts its hash in the row, writes the link into
//! the message it sends, and forgets the hash once sent. The outbox never holds a usable token.
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgConnection;

/// What a link opens, stored with its e-mail (`outbox.link`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum Link {
    /// `/reset-password?token=…`: a new password (`password_reset_tokens`).
    ResetPassword,
    /// `/verify-email?token=…`: proves the address (`email_tokens`).
    VerifyEmail,
    /// `/confirm-email?token=…`: makes the new address the person's (`email_tokens`).
    ChangeEmail,
}

impl Link {
    fn page(self) -> &'static str {
        match self {
            Link::ResetPassword => "reset-password",
            Link::VerifyEmail => "verify-email",
            Link::ChangeEmail => "confirm-email",
        }
    }
}

/// Stands for the link in a queued e-mail's body. Control characters are refused in every
/// field people type (`shared`), so no name or company can forge it.
pub const PLACEHOLDER: &str = "\u{1}link\u{1}";

/// A new random token (256 bits, URL-safe) and its hash.
pub fn new_token() -> (String, Vec<u8>) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

/// What is stored of a token.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.trim().as_bytes()).to_vec()
}

/// A link whose token does not exist yet: the hash its table's row and its e-mail's row hold
/// until the e-mail is sent (the hash of a token thrown away at once).
#[derive(Debug)]
pub struct PendingLink {
    pub link: Link,
    pub token_hash: Vec<u8>,
}

impl PendingLink {
    pub fn new(link: Link) -> Self {
        let (_, token_hash) = new_token();
        Self { link, token_hash }
    }
}

/// Makes the token of the e-mail `outbox_id`'s link as it is sent, inside the worker's
/// transaction that holds the e-mail's row: the link's row and the e-mail's row take the new
/// token's hash (a retry replaces it again), and the answer is the link to write into the
/// message. A link superseded, used or expired meanwhile stays worthless: no row matches.
pub async fn make(
    tx: &mut PgConnection,
    outbox_id: i64,
    link: Link,
    pending_hash: &[u8],
    public_url: &str,
) -> Result<String, sqlx::Error> {
    let (token, hash) = new_token();
    match link {
        Link::ResetPassword => {
            sqlx::query!(
                "UPDATE password_reset_tokens SET token_hash = $2 WHERE token_hash = $1",
                pending_hash,
                hash,
            )
            .execute(&mut *tx)
            .await?
        }
        Link::VerifyEmail | Link::ChangeEmail => {
            sqlx::query!(
                "UPDATE email_tokens SET token_hash = $2 WHERE token_hash = $1",
                pending_hash,
                hash,
            )
            .execute(&mut *tx)
            .await?
        }
    };
    sqlx::query!(
        "UPDATE outbox SET link_token_hash = $2 WHERE id = $1",
        outbox_id,
        hash,
    )
    .execute(&mut *tx)
    .await?;
    Ok(format!("{public_url}/{}?token={token}", link.page()))
}
