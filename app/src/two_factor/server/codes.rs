//! TOTP codes (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, with `totp-rs`) and recovery
//! codes. A code is accepted in a window of one step before and after the server's, and only
//! for a step later than the last accepted one (`users.two_factor_last_step`): no replay.
use crate::{
    error::{AppError, TwoFactorIssue},
    server::{
        security_events::{self, RequestContext},
        state, OrInternal,
    },
};
use rand::Rng;
use sha2::{Digest, Sha256};
use shared::SecurityEvent;
use sqlx::PgConnection;
use totp_rs::{Algorithm, Builder, Totp};
use uuid::Uuid;

const ISSUER: &str = "EMS PROTO";
const STEP_SECONDS: u64 = 30;
/// 160 bits, as RFC 4226 recommends.
const SECRET_BYTES: usize = 20;
pub const RECOVERY_CODES: usize = 10;
/// Recovery codes are 10 characters of this alphabet (no 0/o, 1/l/i): about 50 bits each.
const RECOVERY_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

/// What a typed code proved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proof {
    /// A code of the authenticator, for this 30-second step.
    Totp { step: i64 },
    /// One of the recovery codes, now used.
    RecoveryCode,
}

pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::thread_rng().fill(&mut secret[..]);
    secret
}

/// The authenticator's generator for `secret`, labelled with the person's address.
pub fn totp(secret: &[u8], account_name: &str) -> Result<Totp, AppError> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(0)
        .with_step_duration(STEP_SECONDS)
        .with_secret(secret.to_vec())
        .with_account_name(account_name.replace(':', " "))
        .with_issuer(Some(ISSUER))
        .build()
        .or_internal()
}

fn now_seconds() -> u64 {
    time::OffsetDateTime::now_utc().unix_timestamp().max(0) as u64
}

/// The step of the window whose code `code` is, if it is later than `last_step`.
pub fn matching_step(totp: &Totp, code: &str, last_step: Option<i64>) -> Option<i64> {
    let origin = now_seconds() / STEP_SECONDS;
    (origin.saturating_sub(1)..=origin + 1)
        .filter(|&step| last_step.is_none_or(|last| step as i64 > last))
        .find(|&step| totp.check(code, step * STEP_SECONDS).is_some())
        .map(|step| step as i64)
}

/// A typed code without the spaces and dashes people add.
pub fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// New recovery codes, as shown ("abcde-fghij").
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::thread_rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..10)
                .map(|_| RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())] as char)
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// What is stored of a recovery code (random enough that a fast hash is enough, like links).
pub fn recovery_hash(code: &str) -> Vec<u8> {
    Sha256::digest(normalise(code).as_bytes()).to_vec()
}

/// Checks a code of the person's enrolled authenticator, or one of their recovery codes, and
/// uses it up. Rate-limited per person. Not enrolled: `NotEnabled`; wrong, outside its window
/// or used already: `WrongCode`.
pub async fn check_code(
    tx: &mut PgConnection,
    user_id: Uuid,
    code: &str,
) -> Result<Proof, AppError> {
    let codes_left = state().limits.two_factor_codes.check(&user_id).await;
    security_events::limited(codes_left, Some(user_id)).await?;
    let stored = sqlx::query!(
        "SELECT email, two_factor_secret, two_factor_last_step FROM users WHERE id = $1
         FOR NO KEY UPDATE",
        user_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let secret = stored
        .two_factor_secret
        .ok_or(AppError::TwoFactor(TwoFactorIssue::NotEnabled))?;
    let code = normalise(code);
    let proof = if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        let totp = totp(&secret, &stored.email)?;
        match matching_step(&totp, &code, stored.two_factor_last_step) {
            Some(step) => {
                sqlx::query!(
                    "UPDATE users SET two_factor_last_step = $2 WHERE id = $1",
                    user_id,
                    step
                )
                .execute(&mut *tx)
                .await?;
                Some(Proof::Totp { step })
            }
            None => None,
        }
    } else {
        let used = sqlx::query!(
            "UPDATE two_factor_recovery_codes SET used_at = now()
             WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
            user_id,
            recovery_hash(&code),
        )
        .execute(&mut *tx)
        .await?;
        (used.rows_affected() == 1).then_some(Proof::RecoveryCode)
    };
    match proof {
        Some(proof) => {
            if proof == Proof::RecoveryCode {
                let context = RequestContext::current();
                security_events::record(
                    &mut *tx,
                    SecurityEvent::RecoveryCodeUsed,
                    Some(user_id),
                    &context,
                )
                .await?;
            }
            Ok(proof)
        }
        None => {
            // On the pool: the caller's transaction is rolled back with the error.
            security_events::note(SecurityEvent::TwoFactorFailed, Some(user_id)).await;
            Err(AppError::TwoFactor(TwoFactorIssue::WrongCode))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_of_the_current_step_matches_once_and_its_neighbours_match() {
        let secret = new_secret();
        let totp = totp(&secret, "marie@acme.fr").unwrap();
        let now = now_seconds();
        let origin = (now / STEP_SECONDS) as i64;
        let current = totp.generate(now).to_string();
        assert_eq!(matching_step(&totp, &current, None), Some(origin));
        assert_eq!(matching_step(&totp, &current, Some(origin)), None);
        let next = totp.generate(now + STEP_SECONDS).to_string();
        assert_eq!(matching_step(&totp, &next, Some(origin)), Some(origin + 1));
        let far = totp.generate(now + 3 * STEP_SECONDS).to_string();
        assert_eq!(matching_step(&totp, &far, None), None);
    }

    #[test]
    fn recovery_codes_are_distinct_and_read_back_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        let typed = codes[0].to_uppercase().replace('-', " ");
        assert_eq!(recovery_hash(&typed), recovery_hash(&codes[0]));
    }
}
