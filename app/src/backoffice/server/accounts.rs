//! The customer accounts, payment on account (invoice at 30 days) for each, and the staff's
//! check of their SIRET.
use super::record_staff_action;
use crate::{
    backoffice::types::CustomerAccount,
    error::AppError,
    server::{
        db::{
            list::{cursor_of, push_like_any, push_page, read_page, SortKey},
            unix,
        },
        session, state,
    },
};
use serde_json::json;
use shared::list::{AccountFilter, ListQuery, Page, SiretCheck};
use shared::FieldError;
use sqlx::QueryBuilder;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: Uuid,
    company_name: String,
    siret: Option<String>,
    siret_verified: bool,
    siret_verified_by: Option<String>,
    holder_email: Option<String>,
    payment_on_account: bool,
    orders: i64,
    created_at: OffsetDateTime,
}

/// A page of the customer accounts, the most recent first, searched by company name, SIRET or
/// holder (name or e-mail) (index `customer_accounts_created_idx`).
pub async fn list_customer_accounts(
    query: ListQuery<AccountFilter>,
) -> Result<Page<CustomerAccount>, AppError> {
    session::require_staff().await?;
    let mut sql = QueryBuilder::new(
        "SELECT a.id, a.company_name, a.siret, a.siret_verified_at IS NOT NULL AS siret_verified,
                (SELECT v.full_name FROM users v WHERE v.id = a.siret_verified_by)
                    AS siret_verified_by,
                (SELECT h.email FROM memberships m JOIN users h ON h.id = m.user_id
                 WHERE m.account_id = a.id AND m.role = 'holder') AS holder_email,
                a.payment_on_account,
                (SELECT count(*) FROM orders o WHERE o.account_id = a.id) AS orders, a.created_at
         FROM customer_accounts a
         WHERE true",
    );
    match query.filter.siret {
        Some(SiretCheck::Verified) => sql.push(" AND a.siret_verified_at IS NOT NULL"),
        Some(SiretCheck::Unverified) => sql.push(" AND a.siret_verified_at IS NULL"),
        None => &mut sql,
    };
    if let Some(search) = &query.search {
        let pattern = search.like_pattern();
        sql.push(" AND (");
        push_like_any(&mut sql, &pattern, &["a.company_name", "a.siret"]);
        // The holders found by name or e-mail first (users_search_idx), rather than joined.
        sql.push(
            " OR a.id = ANY (ARRAY(SELECT hm.account_id FROM users hu \
             JOIN memberships hm ON hm.user_id = hu.id AND hm.role = 'holder' WHERE ",
        );
        push_like_any(&mut sql, &pattern, &["hu.full_name", "hu.email"]);
        sql.push(")))");
    }
    push_page(&mut sql, &query, ACCOUNTS_BY_DATE);
    let rows: Vec<AccountRow> = read_page(&mut sql, query.search.is_some(), &state().pool).await?;
    Page::from_read(rows, query.start, query.size, |row| {
        cursor_of(row.created_at, row.id)
    })
    .try_map(|row| {
        Ok(CustomerAccount {
            id: row.id,
            company_name: row.company_name,
            siret: row.siret,
            siret_verified: row.siret_verified,
            siret_verified_by: row.siret_verified_by,
            holder_email: row.holder_email,
            payment_on_account: row.payment_on_account,
            orders: row.orders,
            created_at: unix(row.created_at),
        })
    })
}

const ACCOUNTS_BY_DATE: SortKey = SortKey {
    time: "a.created_at",
    id: "a.id",
};

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
