//! Customer accounts: opening one with its holder (at sign-up, or by a person who already has
//! a login).
use crate::{
    company::forms::ValidCompany,
    error::{AppError, ConflictCode},
    server::OnConstraint,
};
use sqlx::PgConnection;
use uuid::Uuid;

/// Opens a customer account held by `holder_id` and answers its id; a SIRET another account
/// has is `siret_taken`.
pub async fn open_account(
    tx: &mut PgConnection,
    holder_id: Uuid,
    company: &ValidCompany,
) -> Result<Uuid, AppError> {
    let account_id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO customer_accounts (id, company_name, siret) VALUES ($1, $2, $3)",
        account_id,
        company.company_name.as_str(),
        company.siret(),
    )
    .execute(&mut *tx)
    .await
    .on_constraint("customer_accounts_siret_key", siret_taken)?;
    sqlx::query!(
        "INSERT INTO memberships (account_id, user_id, role, can_buy, can_see_all_orders, added_by)
         VALUES ($1, $2, 'holder', true, true, $2)",
        account_id,
        holder_id,
    )
    .execute(&mut *tx)
    .await?;
    Ok(account_id)
}

/// Another customer account already has this SIRET: one account per SIRET.
pub fn siret_taken() -> AppError {
    AppError::conflict("siret", ConflictCode::SiretTaken)
}

/// The account's address book: the default address first, then by name.
pub async fn address_book(
    pool: &sqlx::PgPool,
    account_id: Uuid,
) -> Result<Vec<crate::company::types::SavedAddress>, AppError> {
    use sqlx::types::Json;
    Ok(sqlx::query!(
        r#"SELECT id, label, address AS "address: Json<shared::DeliveryAddress>", is_default
           FROM delivery_addresses WHERE account_id = $1
           ORDER BY is_default DESC, label, id"#,
        account_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|row| crate::company::types::SavedAddress {
        id: row.id,
        label: row.label,
        address: row.address.0,
        is_default: row.is_default,
    })
    .collect())
}
