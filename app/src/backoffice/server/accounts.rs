//! The customer accounts, and payment on account (invoice at 30 days) for each.
use crate::{
    backoffice::types::CustomerAccount,
    error::AppError,
    server::{session, state},
};
use uuid::Uuid;

pub async fn list_customer_accounts() -> Result<Vec<CustomerAccount>, AppError> {
    session::require_staff().await?;
    Ok(sqlx::query_as!(
        CustomerAccount,
        r#"SELECT a.id, a.company_name, a.siret, h.email AS "holder_email?", a.payment_on_account,
                  (SELECT count(*) FROM orders o WHERE o.account_id = a.id) AS "orders!"
           FROM customer_accounts a
           LEFT JOIN memberships m ON m.account_id = a.id AND m.role = 'holder'
           LEFT JOIN users h ON h.id = m.user_id
           ORDER BY a.company_name"#,
    )
    .fetch_all(&state().pool)
    .await?)
}

pub async fn set_payment_on_account(account_id: Uuid, enabled: bool) -> Result<(), AppError> {
    session::require_staff().await?;
    let updated = sqlx::query!(
        "UPDATE customer_accounts SET payment_on_account = $2 WHERE id = $1",
        account_id,
        enabled,
    )
    .execute(&state().pool)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
