//! Every customer's orders: a page of the list, one order, and the staff's steps (payment received, next
//! step, cancellation), each told to the order's readers by e-mail.
use super::record_staff_action;
use crate::{
    backoffice::types::StaffOrder,
    error::{AppError, ConflictCode},
    orders::types::OrderDetail,
    server::{
        db::{
            list::{cursor_of, push_page, push_staff_conditions, read_page},
            orders::{
                order_detail, push_order_filters, push_order_search, reach_step, Milestone, Reader,
                ORDERS_BY_DATE, ORDER_LINES,
            },
            unix,
        },
        session, state, OrInternal,
    },
};
use serde_json::json;
use shared::list::{ListQuery, OrderFilter, Page, PaymentState};
use shared::{OrderStatus, PaymentMethod, Reason, TrackingNumber};
use sqlx::{PgConnection, QueryBuilder};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct StaffOrderRow {
    id: Uuid,
    number: i64,
    account_name: String,
    project_name: String,
    po_reference: Option<String>,
    quantity: i32,
    total_cents: i64,
    status: OrderStatus,
    payment_method: Option<PaymentMethod>,
    paid: bool,
    refund_due: bool,
    created_at: OffsetDateTime,
}

/// A page of every customer's orders: searched (also by customer), filtered, sorted.
pub async fn list_staff_orders(
    query: ListQuery<OrderFilter>,
) -> Result<Page<StaffOrder>, AppError> {
    session::require_staff().await?;
    let mut sql = QueryBuilder::new(
        "SELECT o.id, o.number,
                (SELECT a.company_name FROM customer_accounts a WHERE a.id = o.account_id)
                    AS account_name,
                o.project_snapshot->>'name' AS project_name, o.po_reference, o.quantity,
                o.total_cents, o.status, o.payment_method, o.paid_at IS NOT NULL AS paid,
                (o.refund_due_at IS NOT NULL AND o.refunded_at IS NULL) AS refund_due,
                o.created_at
         FROM orders o
         WHERE true",
    );
    push_staff_conditions(
        &mut sql,
        ORDER_LINES,
        &query,
        ORDERS_BY_DATE,
        |sql| push_order_filters(sql, &query.filter),
        push_order_search,
    );
    push_page(&mut sql, &query, ORDERS_BY_DATE);
    let replan = query.search.is_some() || query.filter.placed_by.is_some();
    let rows: Vec<StaffOrderRow> = read_page(&mut sql, replan, &state().pool).await?;
    Page::from_read(rows, query.start, query.size, |row| {
        cursor_of(row.created_at, row.id)
    })
    .try_map(|row| {
        Ok(StaffOrder {
            id: row.id,
            number: row.number,
            account_name: row.account_name,
            project_name: row.project_name,
            po_reference: row.po_reference,
            quantity: u32::try_from(row.quantity).or_internal()?,
            total_cents: row.total_cents,
            status: row.status,
            payment: PaymentState::of(row.paid, row.status, row.payment_method),
            refund_due: row.refund_due,
            created_at: unix(row.created_at),
        })
    })
}

pub async fn load_staff_order(order_id: Uuid) -> Result<OrderDetail, AppError> {
    session::require_staff().await?;
    order_detail(&state().pool, order_id, Reader::Staff).await
}

/// Where an order stands, as the staff's steps check it.
struct LockedOrder {
    status: OrderStatus,
    paid: bool,
    payment_method: Option<PaymentMethod>,
}

/// The order's current step, payment and method, locked for the rest of the transaction.
async fn locked_order(tx: &mut PgConnection, order_id: Uuid) -> Result<LockedOrder, AppError> {
    sqlx::query_as!(
        LockedOrder,
        r#"SELECT status AS "status: OrderStatus", paid_at IS NOT NULL AS "paid!",
                  payment_method AS "payment_method: PaymentMethod"
           FROM orders WHERE id = $1 FOR UPDATE"#,
        order_id
    )
    .fetch_optional(tx)
    .await?
    .ok_or(AppError::NotFound)
}

fn wrong_step() -> AppError {
    AppError::conflict("order", ConflictCode::OrderStep)
}

pub async fn record_payment(order_id: Uuid) -> Result<(), AppError> {
    let staff = session::require_staff().await?;
    session::require_recent_code().await?;
    let mut tx = state().pool.begin().await?;
    let order = locked_order(&mut tx, order_id).await?;
    if order.paid || order.status == OrderStatus::Cancelled {
        return Err(wrong_step());
    }
    sqlx::query!(
        "UPDATE orders SET paid_at = now(), updated_at = now() WHERE id = $1",
        order_id
    )
    .execute(&mut *tx)
    .await?;
    reach_step(&mut tx, order_id, Milestone::Paid, None, staff.id).await?;
    let action = json!({ "action": "record_payment", "order_id": order_id });
    record_staff_action(&mut *tx, staff.id, action).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn advance_order(
    order_id: Uuid,
    tracking_number: String,
) -> Result<OrderStatus, AppError> {
    let staff = session::require_staff().await?;
    let mut tx = state().pool.begin().await?;
    let order = locked_order(&mut tx, order_id).await?;
    let next = order.status.next().ok_or_else(wrong_step)?;
    // Work starts once paid, or at once when the customer pays on account.
    let on_account = order.payment_method == Some(PaymentMethod::OnAccount);
    if order.status == OrderStatus::Received && !order.paid && !on_account {
        return Err(AppError::conflict("order", ConflictCode::NotPaid));
    }
    let tracking = if next == OrderStatus::Shipped {
        let parsed = TrackingNumber::parse(&tracking_number)
            .map_err(|code| AppError::field("tracking_number", code))?;
        Some(parsed.as_str().to_string())
    } else {
        None
    };
    sqlx::query!(
        "UPDATE orders
         SET status = $2, tracking_number = coalesce($3, tracking_number), updated_at = now()
         WHERE id = $1",
        order_id,
        next as OrderStatus,
        tracking.as_deref(),
    )
    .execute(&mut *tx)
    .await?;
    let reached = Milestone::Status(next);
    reach_step(&mut tx, order_id, reached, tracking.as_deref(), staff.id).await?;
    let action = json!({ "action": "advance", "order_id": order_id, "status": next.as_str() });
    record_staff_action(&mut *tx, staff.id, action).await?;
    tx.commit().await?;
    Ok(next)
}

pub async fn cancel_order(order_id: Uuid, reason: String) -> Result<(), AppError> {
    let staff = session::require_staff().await?;
    let reason = Reason::parse(&reason).map_err(|code| AppError::field("reason", code))?;
    let mut tx = state().pool.begin().await?;
    let order = locked_order(&mut tx, order_id).await?;
    if !order.status.can_cancel() {
        return Err(wrong_step());
    }
    sqlx::query!(
        "UPDATE orders SET status = 'cancelled', cancel_reason = $2, updated_at = now()
         WHERE id = $1",
        order_id,
        reason.as_str(),
    )
    .execute(&mut *tx)
    .await?;
    let cancelled = Milestone::Status(OrderStatus::Cancelled);
    reach_step(
        &mut tx,
        order_id,
        cancelled,
        Some(reason.as_str()),
        staff.id,
    )
    .await?;
    let action = json!({ "action": "cancel", "order_id": order_id });
    record_staff_action(&mut *tx, staff.id, action).await?;
    tx.commit().await?;
    Ok(())
}

/// The refund of an order its customer cancelled after paying was made.
pub async fn record_refund(order_id: Uuid) -> Result<(), AppError> {
    let staff = session::require_staff().await?;
    session::require_recent_code().await?;
    let mut tx = state().pool.begin().await?;
    let refunded = sqlx::query_scalar!(
        "UPDATE orders SET refunded_at = now(), updated_at = now()
         WHERE id = $1 AND refund_due_at IS NOT NULL AND refunded_at IS NULL
         RETURNING id",
        order_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    if refunded.is_none() {
        let exists = sqlx::query_scalar!("SELECT id FROM orders WHERE id = $1", order_id)
            .fetch_optional(&mut *tx)
            .await?;
        return Err(match exists {
            Some(_) => wrong_step(),
            None => AppError::NotFound,
        });
    }
    let action = json!({ "action": "record_refund", "order_id": order_id });
    record_staff_action(&mut *tx, staff.id, action).await?;
    tx.commit().await?;
    Ok(())
}
