//! Choosing how an order is paid: once, by the holder or a buyer who sees the order.
use super::lock_buyer;
use crate::{
    error::{AppError, ConflictCode},
    server::{db::orders::add_event, session, state},
};
use shared::{OrderEventStep, OrderStatus, PaymentMethod};
use uuid::Uuid;

pub async fn choose_payment(order_id: Uuid, method: PaymentMethod) -> Result<(), AppError> {
    let member = session::require_member().await?;
    let mut tx = state().pool.begin().await?;
    // Both "can buy" and whether the member sees the order are read on the membership locked.
    let member = lock_buyer(&mut tx, &member, AppError::Forbidden).await?;
    let order = sqlx::query!(
        r#"SELECT o.status AS "status: OrderStatus",
                  o.payment_method AS "payment_method: PaymentMethod", a.payment_on_account
           FROM orders o JOIN customer_accounts a ON a.id = o.account_id
           WHERE o.id = $1 AND o.account_id = $2
             AND EXISTS (SELECT 1 FROM order_readers r WHERE r.order_id = o.id AND r.user_id = $3)
           FOR UPDATE OF o"#,
        order_id,
        member.account_id,
        member.user.id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if order.payment_method.is_some() {
        return Err(AppError::conflict("method", ConflictCode::PaymentChosen));
    }
    if order.status == OrderStatus::Cancelled {
        return Err(AppError::conflict("method", ConflictCode::OrderStep));
    }
    if method == PaymentMethod::OnAccount && !order.payment_on_account {
        return Err(AppError::conflict(
            "method",
            ConflictCode::OnAccountNotAllowed,
        ));
    }
    sqlx::query!(
        "UPDATE orders SET payment_method = $2, updated_at = now() WHERE id = $1",
        order_id,
        method as PaymentMethod,
    )
    .execute(&mut *tx)
    .await?;
    let step = OrderEventStep::PaymentMethod;
    add_event(
        &mut tx,
        order_id,
        step,
        Some(method.as_str()),
        member.user.id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
