//! A customer cancels an order before production: the holder or a buyer who sees it. A paid
//! order is then to be refunded; staff see it and record the refund.
use super::lock_buyer;
use crate::{
    error::{AppError, ConflictCode},
    server::{
        db::orders::{reach_step, Milestone},
        session, state,
    },
};
use shared::{OrderStatus, Reason};
use uuid::Uuid;

pub async fn cancel_order(order_id: Uuid, reason: String) -> Result<(), AppError> {
    let member = session::require_member().await?;
    // Optional for the customer: an empty reason is none.
    let reason = match reason.trim() {
        "" => None,
        typed => Some(Reason::parse(typed).map_err(|code| AppError::field("reason", code))?),
    };
    let mut tx = state().pool.begin().await?;
    let member = lock_buyer(&mut tx, &member, AppError::Forbidden).await?;
    let order = sqlx::query!(
        r#"SELECT o.status AS "status: OrderStatus", o.paid_at IS NOT NULL AS "paid!"
           FROM orders o
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
    if !order.status.customer_can_cancel() {
        return Err(AppError::conflict("order", ConflictCode::OrderStep));
    }
    let reason = reason.as_ref().map(|reason| reason.as_str());
    sqlx::query!(
        "UPDATE orders SET status = 'cancelled', cancel_reason = $2,
                refund_due_at = CASE WHEN paid_at IS NOT NULL THEN now() END,
                updated_at = now()
         WHERE id = $1",
        order_id,
        reason,
    )
    .execute(&mut *tx)
    .await?;
    let cancelled = Milestone::Status(OrderStatus::Cancelled);
    reach_step(&mut tx, order_id, cancelled, reason, member.user.id).await?;
    tx.commit().await?;
    Ok(())
}
