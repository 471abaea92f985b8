//! Reading: a page of the orders list, the purchase requests, and one order's page.
use crate::{
    error::AppError,
    orders::types::{
        open_requests, OrderDetail, OrderList, OrderSummary, PersonChoice, ProjectSnapshot,
        PurchaseRequest, RequestsOverview,
    },
    server::{
        db::{
            list::{cursor_of, push_like_any, push_page, read_page, SortKey},
            orders::{
                order_detail, push_order_conditions, push_readable_by, sees_every_order,
                stored_quantity, Reader, ORDERS_BY_DATE,
            },
            unix,
        },
        session::{self, Member},
        state, OrInternal,
    },
};
use shared::list::{ListQuery, OrderFilter, Page, PaymentState, RequestFilter};
use shared::{quote, DeliveryAddress, LeadTime, OrderStatus, PaymentMethod, PurchaseRequestStatus};
use sqlx::{types::Json, PgPool, QueryBuilder};
use time::OffsetDateTime;
use uuid::Uuid;

pub async fn list_orders(query: ListQuery<OrderFilter>) -> Result<OrderList, AppError> {
    let member = session::require_member().await?;
    Ok(OrderList {
        orders: orders_of(&state().pool, &member, &query).await?,
    })
}

pub async fn list_purchase_requests(
    query: ListQuery<RequestFilter>,
) -> Result<RequestsOverview, AppError> {
    let member = session::require_member().await?;
    Ok(RequestsOverview {
        requests: requests_of(&state().pool, &member, &query).await?,
        can_decide: member.permissions.can_buy,
    })
}

pub async fn order_people() -> Result<Vec<PersonChoice>, AppError> {
    people_seen_by(sees_every_order).await
}

pub async fn request_people() -> Result<Vec<PersonChoice>, AppError> {
    people_seen_by(sees_every_request).await
}

/// The account's members for a caller who sees everyone's lines by `sees_everyone`; nobody for
/// the others, who see only their own.
async fn people_seen_by(sees_everyone: fn(&Member) -> bool) -> Result<Vec<PersonChoice>, AppError> {
    let member = session::require_member().await?;
    if !sees_everyone(&member) {
        return Ok(Vec::new());
    }
    people_of(&state().pool, &member).await
}

pub async fn open_purchase_requests() -> Result<RequestsOverview, AppError> {
    let member = session::require_member().await?;
    Ok(RequestsOverview {
        requests: requests_of(&state().pool, &member, &open_requests()).await?,
        can_decide: member.permissions.can_buy,
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
    push_order_conditions(&mut sql, query, false);
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

/// The people a list can be narrowed to: the account's members (for those who see others'
/// orders or requests; the others see only their own). Each member's name is looked up by its
/// key: as a join, PostgreSQL reads every person of every account to find an account's few
/// hundred (`server/tests/api/plans.rs`).
async fn people_of(pool: &PgPool, member: &Member) -> Result<Vec<PersonChoice>, AppError> {
    Ok(sqlx::query_as!(
        PersonChoice,
        r#"SELECT m.user_id AS id,
                  (SELECT u.full_name FROM users u WHERE u.id = m.user_id) AS "name!"
           FROM memberships m
           WHERE m.account_id = $1
           ORDER BY 2, 1"#,
        member.account_id,
    )
    .fetch_all(pool)
    .await?)
}

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: Uuid,
    project_id: Option<Uuid>,
    project_snapshot: Json<ProjectSnapshot>,
    quantity: i32,
    lead_time: LeadTime,
    net_cents: i64,
    delivery_address: Json<DeliveryAddress>,
    po_reference: Option<String>,
    requested_by_id: Option<Uuid>,
    requested_by: Option<String>,
    status: PurchaseRequestStatus,
    message: Option<String>,
    order_id: Option<Uuid>,
    created_at: OffsetDateTime,
}

/// Buyers decide every request and people who see all orders see them too; others see their
/// own.
fn sees_every_request(member: &Member) -> bool {
    member.permissions.can_buy || member.permissions.can_see_all_orders
}

/// A page of the purchase requests the member sees, searched by project, purchase-order
/// reference or requester, with the price today of the version a pending one asked for.
async fn requests_of(
    pool: &PgPool,
    member: &Member,
    query: &ListQuery<RequestFilter>,
) -> Result<Page<PurchaseRequest>, AppError> {
    let mut sql = QueryBuilder::new(
        "SELECT r.id, r.project_id, r.project_snapshot, r.quantity, r.lead_time, r.net_cents,
                r.delivery_address, r.po_reference, r.requested_by AS requested_by_id,
                (SELECT u.full_name FROM users u WHERE u.id = r.requested_by) AS requested_by,
                r.status, r.message, r.order_id, r.created_at
         FROM purchase_requests r
         WHERE r.account_id = ",
    );
    sql.push_bind(member.account_id);
    if !sees_every_request(member) {
        sql.push(" AND r.requested_by = ").push_bind(member.user.id);
    }
    if let Some(status) = query.filter.status {
        sql.push(" AND r.status = ").push_bind(status);
    }
    if let Some(person) = query.filter.requested_by {
        sql.push(" AND r.requested_by = ").push_bind(person);
    }
    if let Some(search) = &query.search {
        let pattern = search.like_pattern();
        sql.push(" AND (");
        push_like_any(
            &mut sql,
            &pattern,
            &["r.project_snapshot->>'name'", "r.po_reference"],
        );
        // The requester found by name first (users_search_idx), rather than joined.
        sql.push(
            " OR r.requested_by = ANY (ARRAY(SELECT u.id FROM users u WHERE u.full_name ILIKE ",
        )
        .push_bind(pattern)
        .push("))");
        sql.push(")");
    }
    push_page(&mut sql, query, REQUESTS_BY_DATE);
    // A person's own requests are a few among the account's: planned for their values.
    let replan = query.search.is_some()
        || query.filter.requested_by.is_some()
        || !sees_every_request(member);
    let rows: Vec<RequestRow> = read_page(&mut sql, replan, pool).await?;
    Page::from_read(rows, query.start, query.size, |row| {
        cursor_of(row.created_at, row.id)
    })
    .try_map(|row| {
        let quantity = stored_quantity(row.quantity)?;
        let Json(project) = row.project_snapshot;
        let current_net_cents =
            (row.status == PurchaseRequestStatus::Pending && row.project_id.is_some()).then(|| {
                quote(project.service, &project.board, quantity, row.lead_time)
                    .net
                    .cents()
            });
        Ok(PurchaseRequest {
            id: row.id,
            project_id: row.project_id,
            project_name: project.name,
            quantity: quantity.get(),
            lead_time: row.lead_time,
            net_cents: row.net_cents,
            current_net_cents,
            delivery_address: row.delivery_address.0,
            po_reference: row.po_reference,
            mine: row.requested_by_id == Some(member.user.id),
            requested_by: row.requested_by,
            status: row.status,
            message: row.message,
            order_id: row.order_id,
            created_at: unix(row.created_at),
        })
    })
}

/// The requests are read most recent first (index `purchase_requests_account_created_idx`).
const REQUESTS_BY_DATE: SortKey = SortKey {
    time: "r.created_at",
    id: "r.id",
};
