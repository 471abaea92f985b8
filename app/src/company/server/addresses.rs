//! The account's address book: the holder and the buyers add delivery addresses, change them,
//! choose the default and delete them; every member reads them (the order form offers them).
use crate::{
    company::{forms::SavedAddressForm, types::SavedAddress},
    error::AppError,
    issues::Form,
    server::{
        db::accounts::address_book,
        session::{self, Member},
        state,
    },
};
use sqlx::{types::Json, PgConnection};
use uuid::Uuid;

pub async fn list_addresses() -> Result<Vec<SavedAddress>, AppError> {
    let member = session::require_member().await?;
    address_book(&state().pool, member.account_id).await
}

pub async fn save_address(form: SavedAddressForm) -> Result<Uuid, AppError> {
    let member = session::require_member().await?;
    let valid = form.parse()?;
    let mut tx = state().pool.begin().await?;
    let account_id = lock_address_book(&mut tx, &member).await?;
    // The first address is the default whatever was asked: the order form opens with one.
    let is_first = sqlx::query_scalar!(
        r#"SELECT NOT EXISTS (SELECT 1 FROM delivery_addresses WHERE account_id = $1) AS "first!""#,
        account_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let is_default = valid.is_default || is_first;
    if is_default {
        clear_default(&mut tx, account_id).await?;
    }
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO delivery_addresses (id, account_id, label, address, is_default)
         VALUES ($1, $2, $3, $4, $5)",
        id,
        account_id,
        valid.label.as_str(),
        Json(&valid.address) as _,
        is_default,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_address(address_id: Uuid, form: SavedAddressForm) -> Result<(), AppError> {
    let member = session::require_member().await?;
    let valid = form.parse()?;
    let mut tx = state().pool.begin().await?;
    let account_id = lock_address_book(&mut tx, &member).await?;
    if valid.is_default {
        clear_default(&mut tx, account_id).await?;
    }
    // Unticking "default" does not leave the book without one: another is chosen instead.
    let updated = sqlx::query!(
        "UPDATE delivery_addresses SET label = $3, address = $4, is_default = is_default OR $5
         WHERE id = $1 AND account_id = $2",
        address_id,
        account_id,
        valid.label.as_str(),
        Json(&valid.address) as _,
        valid.is_default,
    )
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

pub async fn set_default_address(address_id: Uuid) -> Result<(), AppError> {
    let member = session::require_member().await?;
    let mut tx = state().pool.begin().await?;
    let account_id = lock_address_book(&mut tx, &member).await?;
    clear_default(&mut tx, account_id).await?;
    let updated = sqlx::query!(
        "UPDATE delivery_addresses SET is_default = true WHERE id = $1 AND account_id = $2",
        address_id,
        account_id
    )
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

pub async fn delete_address(address_id: Uuid) -> Result<(), AppError> {
    let member = session::require_member().await?;
    let mut tx = state().pool.begin().await?;
    let account_id = lock_address_book(&mut tx, &member).await?;
    let was_default = sqlx::query_scalar!(
        "DELETE FROM delivery_addresses WHERE id = $1 AND account_id = $2 RETURNING is_default",
        address_id,
        account_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    // Another address, the latest added, becomes the default.
    if was_default {
        sqlx::query!(
            "UPDATE delivery_addresses SET is_default = true
             WHERE id = (SELECT id FROM delivery_addresses WHERE account_id = $1
                         ORDER BY created_at DESC, id LIMIT 1)",
            account_id
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The member's account, if they may change its address book (the holder and the buyers, as
/// the membership stands in `tx`), its row locked so that changes of the default queue.
async fn lock_address_book(tx: &mut PgConnection, member: &Member) -> Result<Uuid, AppError> {
    let locked = session::lock_membership(tx, member).await?;
    if !(locked.is_holder() || locked.permissions.can_buy) {
        return Err(AppError::Forbidden);
    }
    sqlx::query!(
        "SELECT id FROM customer_accounts WHERE id = $1 FOR UPDATE",
        member.account_id
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(member.account_id)
}

async fn clear_default(tx: &mut PgConnection, account_id: Uuid) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE delivery_addresses SET is_default = false WHERE account_id = $1 AND is_default",
        account_id
    )
    .execute(tx)
    .await?;
    Ok(())
}
