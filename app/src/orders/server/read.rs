//! Reading: a page of the orders list, and one order's page.
use crate::{
    error::AppError,
    orders::types::{OrderDetail, OrderList, OrderSummary},
    server::{
        db::{
            list::{cursor_of, push_page, read_page},
            orders::{
                order_detail, push_order_filters, push_order_search, push_readable_by,
                sees_every_order, Reader, ORDERS_BY_DATE,
            },
            unix,
        },
        session::{self, Member},
        state, OrInternal,
    },
};
use shared::list::{ListQuery, OrderFilter, Page, PaymentState};
use shared::{OrderStatus, PaymentMethod};
use sqlx::{PgPool, QueryBuilder};
use time::OffsetDateTime;
use uuid::Uuid;

pub async fn list_orders(query: ListQuery<OrderFilter>) -> Result<OrderList, AppError> {
    let member = session::require_member().await?;
    Ok(OrderList {
        orders: orders_of(&state().pool, &member, &query).await?,
    })
}

pub async fn load_order(order_id: Uuid) -> Result<OrderDetail, AppError> {
    let member = session::require_member().await?;
    order_detail(&state().pool, order_id, Reader::Member(&member)).await
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: Uuid,
    number: i64,
    project_name: String,
    quantity: i32,
    total_cents: i64,
    status: OrderStatus,
    payment_method: Option<PaymentMethod>,
    paid: bool,
    po_reference: Option<String>,
    placed_by: Option<String>,
    requested_by: Option<String>,
    created_at: OffsetDateTime,
}

/// A page of the orders of the member's account that `order_readers` gives them.
async fn orders_of(
    pool: &PgPool,
    member: &Member,
    query: &ListQuery<OrderFilter>,
) -> Result<Page<OrderSummary>, AppError> {
    let mut sql = QueryBuilder::new(
        "SELECT o.id, o.number, o.project_snapshot->>'name' AS project_name, o.quantity,
                o.total_cents, o.status, o.payment_method, o.paid_at IS NOT NULL AS paid,
                o.po_reference,
                (SELECT u.full_name FROM users u WHERE u.id = o.placed_by) AS placed_by,
                (SELECT u.full_name FROM users u WHERE u.id = o.requested_by) AS requested_by,
                o.created_at
         FROM orders o
         WHERE true",
    );
    push_readable_by(&mut sql, member);
    push_order_filters(&mut sql, &query.filter);
    if let Some(search) = &query.search {
        push_order_search(&mut sql, search);
    }
    push_page(&mut sql, query, ORDERS_BY_DATE);
    // A person's own orders are a few among the account's: planned for their values.
    let replan =
        query.search.is_some() || query.filter.placed_by.is_some() || !sees_every_order(member);
    let rows: Vec<SummaryRow> = read_page(&mut sql, replan, pool).await?;
    let page = Page::from_read(rows, query.start, query.size, |row| {
        cursor_of(row.created_at, row.id)
    });
    page.try_map(|row| {
        Ok(OrderSummary {
            id: row.id,
            number: row.number,
            project_name: row.project_name,
            quantity: u32::try_from(row.quantity).or_internal()?,
            total_cents: row.total_cents,
            status: row.status,
            payment: PaymentState::of(row.paid, row.status, row.payment_method),
            po_reference: row.po_reference,
            placed_by: row.placed_by,
            requested_by: row.requested_by,
            created_at: unix(row.created_at),
        })
    })
}
