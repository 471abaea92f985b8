//! Reading the purchase requests: a page of the list, the people it can be narrowed to, and
//! what the orders page shows beside its list (the requests still pending and the people), the
//! last in one statement.
use crate::{
    error::AppError,
    orders::types::{
        open_requests, OrdersPageOverview, PersonChoice, ProjectSnapshot, PurchaseRequest,
        RequestsOverview,
    },
    server::{
        db::{
            list::{cursor_of, direction, push_like_any, push_page, read_page, SortKey},
            orders::{sees_every_order, stored_quantity},
            unix,
        },
        session::{self, Member},
        state,
    },
};
use shared::list::{ListQuery, Page, RequestFilter};
use shared::{quote, DeliveryAddress, LeadTime, PurchaseRequestStatus};
use sqlx::{postgres::PgRow, types::Json, FromRow, Postgres, QueryBuilder, Row};
use time::OffsetDateTime;
use uuid::Uuid;

pub async fn list_purchase_requests(
    query: ListQuery<RequestFilter>,
) -> Result<RequestsOverview, AppError> {
    let member = session::require_member().await?;
    let mut sql = QueryBuilder::new("");
    push_requests(&mut sql, &member, &query);
    let rows: Vec<RequestRow> =
        read_page(&mut sql, replans(&member, &query), &state().pool).await?;
    requests_overview(rows, &member, &query)
}

/// The people the purchase requests can be narrowed to (buyers and those who see every
/// order; nobody for the others, who see only their own).
pub async fn request_people() -> Result<Vec<PersonChoice>, AppError> {
    let member = session::require_member().await?;
    if !sees_every_request(&member) {
        return Ok(Vec::new());
    }
    let mut sql = QueryBuilder::new("SELECT ");
    push_people(&mut sql, &member);
    let Json(people) = sql
        .build_query_scalar::<Json<Vec<PersonChoice>>>()
        .fetch_one(&state().pool)
        .await?;
    Ok(people)
}

/// The orders page's requests still pending and its people, in one statement: the people (a
/// JSON array, on the first line only) beside the lines of the requests, or beside one line of
/// nulls when there is none.
pub async fn orders_overview() -> Result<OrdersPageOverview, AppError> {
    let member = session::require_member().await?;
    let query = open_requests();
    let mut sql = QueryBuilder::new("SELECT CASE WHEN row_number() OVER () = 1 THEN ");
    if sees_every_order(&member) {
        push_people(&mut sql, &member);
    } else {
        sql.push("'[]'::json");
    }
    sql.push(" END AS people, page.* FROM (SELECT) one LEFT JOIN LATERAL (");
    push_requests(&mut sql, &member, &query);
    let direction = direction(&query);
    sql.push(format_args!(
        ") page ON true ORDER BY page.created_at {direction}, page.id {direction}"
    ));
    let rows: Vec<OverviewRow> =
        read_page(&mut sql, replans(&member, &query), &state().pool).await?;
    let people = rows.iter().find_map(|row| row.people.clone());
    let requests = rows.into_iter().filter_map(|row| row.request).collect();
    Ok(OrdersPageOverview {
        open_requests: requests_overview(requests, &member, &query)?,
        people: people.map(|Json(people)| people).unwrap_or_default(),
    })
}

/// Appends the account's members as a JSON array of `{id, name}` by name (for those who see
/// others' orders or requests). Each member's name is looked up by its key: as a join,
/// PostgreSQL reads every person of every account to find an account's few hundred
/// (`server/tests/api/plans.rs`).
fn push_people(sql: &mut QueryBuilder<'_, Postgres>, member: &Member) {
    sql.push(
        "(SELECT coalesce(json_agg(p ORDER BY p.name, p.id), '[]') FROM (
            SELECT m.user_id AS id, (SELECT u.full_name FROM users u WHERE u.id = m.user_id) AS name
            FROM memberships m WHERE m.account_id = ",
    )
    .push_bind(member.account_id)
    .push(") p)");
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

/// A line of [`orders_overview`]: the people on one line, a request on each (none on the line
/// of nulls of an empty list).
struct OverviewRow {
    people: Option<Json<Vec<PersonChoice>>>,
    request: Option<RequestRow>,
}

impl FromRow<'_, PgRow> for OverviewRow {
    fn from_row(row: &PgRow) -> Result<Self, sqlx::Error> {
        let id: Option<Uuid> = row.try_get("id")?;
        Ok(OverviewRow {
            people: row.try_get("people")?,
            request: id.map(|_| RequestRow::from_row(row)).transpose()?,
        })
    }
}

/// Buyers decide every request and people who see all orders see them too; others see their
/// own.
fn sees_every_request(member: &Member) -> bool {
    member.permissions.can_buy || member.permissions.can_see_all_orders
}

/// A person's own requests are a few among the account's: planned for their values
/// (`read_page`'s `replan`), as a search or a filter by person.
fn replans(member: &Member, query: &ListQuery<RequestFilter>) -> bool {
    query.search.is_some() || query.filter.requested_by.is_some() || !sees_every_request(member)
}

/// Appends the statement of a page of the purchase requests the member sees, searched by
/// project, purchase-order reference or requester.
fn push_requests(
    sql: &mut QueryBuilder<'_, Postgres>,
    member: &Member,
    query: &ListQuery<RequestFilter>,
) {
    sql.push(
        "SELECT r.id, r.project_id, r.project_snapshot, r.quantity, r.lead_time, r.net_cents,
                r.delivery_address, r.po_reference, r.requested_by AS requested_by_id,
                (SELECT u.full_name FROM users u WHERE u.id = r.requested_by) AS requested_by,
                r.status, r.message, r.order_id, r.created_at
         FROM purchase_requests r
         WHERE r.account_id = ",
    )
    .push_bind(member.account_id);
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
            sql,
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
    push_page(sql, query, REQUESTS_BY_DATE);
}

/// The page of requests `rows` are, with the price today of the version a pending one asked
/// for.
fn requests_overview(
    rows: Vec<RequestRow>,
    member: &Member,
    query: &ListQuery<RequestFilter>,
) -> Result<RequestsOverview, AppError> {
    let requests = Page::from_read(rows, query.start, query.size, |row| {
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
        Ok::<_, AppError>(PurchaseRequest {
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
    })?;
    Ok(RequestsOverview {
        requests,
        can_decide: member.permissions.can_buy,
    })
}

/// The requests are read most recent first (index `purchase_requests_account_created_idx`).
const REQUESTS_BY_DATE: SortKey = SortKey {
    time: "r.created_at",
    id: "r.id",
};
