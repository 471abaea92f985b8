//! The customer accounts, payment on account (invoice at 30 days) for each, and the staff's
//! check of their SIRET.
use super::record_staff_action;
use crate::{
    backoffice::types::CustomerAccount,
    error::AppError,
    server::{session, state},
};
use serde_json::json;
use shared::FieldError;
use uuid::Uuid;

pub async fn list_customer_accounts() -> Result<Vec<CustomerAccount>, AppError> {
    session::require_staff().await?;
    Ok(sqlx::query_as!(
        CustomerAccount,
        r#"SELECT a.id, a.company_name, a.siret,
                  a.siret_verified_at IS NOT NULL AS "siret_verified!",
                  v.full_name AS "siret_verified_by?",
                  h.email AS "holder_email?", a.payment_on_account,
                  (SELECT count(*) FROM orders o WHERE o.account_id = a.id) AS "orders!"
           FROM customer_accounts a
           LEFT JOIN memberships m ON m.account_id = a.id AND m.role = 'holder'
           LEFT JOIN users h ON h.id = m.user_id
           LEFT JOIN users v ON v.id = a.siret_verified_by
           ORDER BY a.company_name"#,
    )
    .fetch_all(&state().pool)
    .await?)
}

pub async fn set_payment_on_account(account_id: Uuid, enabled: bool) -> Result<(), AppError> {
    let staff = session::require_staff().await?;
    session::require_recent_code().await?;
    let mut tx = state().pool.begin().await?;
    let updated = sqlx::query!(
        "UPDATE customer_accounts SET payment_on_account = $2 WHERE id = $1",
        account_id,
        enabled,
    )
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    let action = json!({ "action": "payment_on_account", "account_id": account_id,
                         "enabled": enabled });
    record_staff_action(&mut *tx, staff.id, action).await?;
    tx.commit().await?;
    Ok(())
}

/// Staff mark the account's SIRET as checked (recording who, the first time) or not.
pub async fn verify_siret(account_id: Uuid, verified: bool) -> Result<(), AppError> {
    let staff = session::require_staff().await?;
    let mut tx = state().pool.begin().await?;
    let siret = sqlx::query_scalar!(
        "SELECT siret FROM customer_accounts WHERE id = $1 FOR UPDATE",
        account_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if verified && siret.is_none() {
        return Err(AppError::field("siret", FieldError::Required));
    }
    sqlx::query!(
        "UPDATE customer_accounts
         SET siret_verified_at = CASE WHEN $2 THEN coalesce(siret_verified_at, now()) END,
             siret_verified_by = CASE WHEN NOT $2 THEN NULL
                                      WHEN siret_verified_at IS NULL THEN $3
                                      ELSE siret_verified_by END
         WHERE id = $1",
        account_id,
        verified,
        staff.id,
    )
    .execute(&mut *tx)
    .await?;
    let action = json!({ "action": "verify_siret", "account_id": account_id,
                         "verified": verified });
    record_staff_action(&mut *tx, staff.id, action).await?;
    tx.commit().await?;
    Ok(())
}
