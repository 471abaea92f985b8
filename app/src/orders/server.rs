//! What orders, purchase requests and payment do, on the server only. Whose orders a member
//! sees is decided in one place, [`VISIBLE`]; "can buy" is checked by every function that
//! places, approves or pays.
use super::api::*;
use crate::{
    error::{AppError, ConflictCode},
    i18n::{td_string, Locale},
    issues::Form,
    projects::{
        forms::{OrderForm, ValidOrder},
        server::{
            edit_conflict, file_columns, full_name_sql, project_for_update, unix, FileRow,
            ProjectRow, PROJECT_COLUMNS,
        },
        types::ProjectFile,
    },
    server::{
        internal, mail,
        session::{self, Member},
        state,
    },
};
use shared::{
    quote, DeliveryAddress, LeadTime, OrderStatus, PaymentMethod, PurchaseOrderReference,
    PurchaseRequestStatus, Quantity, Quote, Reason,
};
use sqlx::{types::Json, PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

/// The orders of account `$1` that user `$3` may see, `$2` being whether they see all of the
/// account's orders (holder or "can see all orders").
pub(crate) const VISIBLE: &str =
    "o.account_id = $1 AND ($2 OR o.placed_by = $3 OR o.requested_by = $3)";

fn sees_all(member: &Member) -> bool {
    member.permissions.can_see_all_orders
}

fn require_buyer(member: &Member) -> Result<(), AppError> {
    if member.permissions.can_buy {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The link to an order's page, for e-mails.
fn order_link(order_id: Uuid) -> String {
    format!("{}/account/orders/{order_id}", state().config.public_url)
}

// ---- Reading ---------------------------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: Uuid,
    number: i64,
    project_name: String,
    quantity: i32,
    total_cents: i64,
    status: String,
    payment_method: Option<String>,
    paid: bool,
    placed_by: Option<String>,
    requested_by: Option<String>,
    created_at: OffsetDateTime,
}

impl SummaryRow {
    fn into_summary(self) -> Result<OrderSummary, AppError> {
        Ok(OrderSummary {
            id: self.id,
            number: self.number,
            project_name: self.project_name,
            quantity: u32::try_from(self.quantity).map_err(internal)?,
            total_cents: self.total_cents,
            status: parse_status(&self.status)?,
            payment_method: parse_method(self.payment_method.as_deref())?,
            paid: self.paid,
            placed_by: self.placed_by,
            requested_by: self.requested_by,
            created_at: unix(self.created_at),
        })
    }
}

pub(crate) fn parse_status(status: &str) -> Result<OrderStatus, AppError> {
    OrderStatus::parse(status).map_err(|_| internal(format!("unknown order status {status}")))
}

fn parse_method(method: Option<&str>) -> Result<Option<PaymentMethod>, AppError> {
    method
        .map(|m| PaymentMethod::parse(m).map_err(|_| internal(format!("unknown method {m}"))))
        .transpose()
}

/// The columns of an order line (`o` the order, `pu`/`ru` who placed and requested it).
pub(crate) fn summary_columns() -> String {
    format!(
        "o.id, o.number, o.project_snapshot->>'name' AS project_name, o.quantity, o.total_cents,
         o.status, o.payment_method, o.paid_at IS NOT NULL AS paid, {} AS placed_by,
         {} AS requested_by, o.created_at",
        full_name_sql("pu"),
        full_name_sql("ru")
    )
}

pub(crate) const SUMMARY_JOINS: &str = "LEFT JOIN users pu ON pu.id = o.placed_by
     LEFT JOIN users ru ON ru.id = o.requested_by";

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: Uuid,
    project_id: Option<Uuid>,
    project_snapshot: Json<ProjectSnapshot>,
    quantity: i32,
    lead_time: String,
    net_cents: i64,
    delivery_address: Json<DeliveryAddress>,
    po_reference: Option<String>,
    requested_by_id: Option<Uuid>,
    requested_by: Option<String>,
    status: String,
    message: Option<String>,
    order_id: Option<Uuid>,
    created_at: OffsetDateTime,
}

pub async fn list_orders() -> Result<OrdersOverview, AppError> {
    let member = session::require_member().await?;
    let pool = &state().pool;
    let orders = sqlx::query_as::<_, SummaryRow>(&format!(
        "SELECT {} FROM orders o {SUMMARY_JOINS} WHERE {VISIBLE} ORDER BY o.created_at DESC",
        summary_columns()
    ))
    .bind(member.account_id)
    .bind(sees_all(&member))
    .bind(member.user.id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(SummaryRow::into_summary)
    .collect::<Result<Vec<_>, _>>()?;

    // Buyers decide every request; people who see all orders see them too; others their own.
    let can_decide = member.permissions.can_buy;
    let rows = sqlx::query_as::<_, RequestRow>(&format!(
        "SELECT r.id, r.project_id, r.project_snapshot, r.quantity, r.lead_time, r.net_cents,
                r.delivery_address, r.po_reference, r.requested_by AS requested_by_id,
                {} AS requested_by, r.status, r.message, r.order_id, r.created_at
         FROM purchase_requests r LEFT JOIN users ru ON ru.id = r.requested_by
         WHERE r.account_id = $1 AND ($2 OR r.requested_by = $3)
         ORDER BY r.status = 'pending' DESC, r.created_at DESC
         LIMIT 200",
        full_name_sql("ru")
    ))
    .bind(member.account_id)
    .bind(can_decide || sees_all(&member))
    .bind(member.user.id)
    .fetch_all(pool)
    .await?;
    // The price now of every pending request's project, in one query.
    let pending_projects: Vec<Uuid> = rows
        .iter()
        .filter(|row| row.status == "pending")
        .filter_map(|row| row.project_id)
        .collect();
    let projects = sqlx::query_as::<_, ProjectRow>(&format!(
        "SELECT {PROJECT_COLUMNS} FROM projects p WHERE p.id = ANY($1) AND p.account_id = $2"
    ))
    .bind(&pending_projects)
    .bind(member.account_id)
    .fetch_all(pool)
    .await?;
    let mut requests = Vec::with_capacity(rows.len());
    for row in rows {
        let lead_time = parse_lead_time(&row.lead_time)?;
        let quantity = quantity(row.quantity)?;
        let current_net_cents = match projects.iter().find(|p| Some(p.id) == row.project_id) {
            Some(project) if row.status == "pending" => {
                let project = project.parse()?;
                Some(
                    quote(project.service, &project.board, quantity, lead_time)
                        .net
                        .cents(),
                )
            }
            _ => None,
        };
        requests.push(PurchaseRequest {
            id: row.id,
            project_id: row.project_id,
            project_name: row.project_snapshot.0.name,
            quantity: quantity.get(),
            lead_time,
            net_cents: row.net_cents,
            current_net_cents,
            delivery_address: row.delivery_address.0,
            po_reference: row.po_reference,
            mine: row.requested_by_id == Some(member.user.id),
            requested_by: row.requested_by,
            status: PurchaseRequestStatus::parse(&row.status).map_err(internal)?,
            message: row.message,
            order_id: row.order_id,
            created_at: unix(row.created_at),
        });
    }
    Ok(OrdersOverview {
        orders,
        requests,
        can_decide,
    })
}

fn parse_lead_time(text: &str) -> Result<LeadTime, AppError> {
    LeadTime::parse(text).map_err(internal)
}

fn quantity(stored: i32) -> Result<Quantity, AppError> {
    Quantity::new(u32::try_from(stored).map_err(internal)?).map_err(internal)
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    id: Uuid,
    number: i64,
    account_name: String,
    payment_on_account: bool,
    project_id: Option<Uuid>,
    project_snapshot: Json<ProjectSnapshot>,
    quantity: i32,
    lead_time: String,
    net_cents: i64,
    vat_cents: i64,
    total_cents: i64,
    delivery_address: Json<DeliveryAddress>,
    po_reference: Option<String>,
    status: String,
    payment_method: Option<String>,
    payment_reference: String,
    paid_at: Option<OffsetDateTime>,
    tracking_number: Option<String>,
    cancel_reason: Option<String>,
    placed_by: Option<String>,
    requested_by: Option<String>,
    created_at: OffsetDateTime,
}

/// Who reads an order's page.
#[derive(Clone, Copy)]
pub(crate) enum Reader<'a> {
    /// A member of the account: only the orders [`VISIBLE`] to them; they may choose how to pay
    /// when they can buy and nobody chose yet.
    Member(&'a Member),
    /// The manufacturer's staff: every order, nothing to pay.
    Staff,
}

/// The order `order_id` as its page shows it to `reader`; any other order is `NotFound`.
pub(crate) async fn order_detail(
    pool: &PgPool,
    order_id: Uuid,
    reader: Reader<'_>,
) -> Result<OrderDetail, AppError> {
    let (condition, account_id, all, user_id) = match reader {
        Reader::Member(member) => (VISIBLE, member.account_id, sees_all(member), member.user.id),
        // Every order. One query for both readers: the staff's condition leaves `$1` and `$3`
        // unused, so the query names them once more below for PostgreSQL to know their type.
        Reader::Staff => ("$2", Uuid::nil(), true, Uuid::nil()),
    };
    let row = sqlx::query_as::<_, DetailRow>(&format!(
        "SELECT o.id, o.number, a.company_name AS account_name, a.payment_on_account,
                o.project_id, o.project_snapshot, o.quantity, o.lead_time, o.net_cents,
                o.vat_cents, o.total_cents, o.delivery_address, o.po_reference, o.status,
                o.payment_method, o.payment_reference, o.paid_at, o.tracking_number,
                o.cancel_reason, {} AS placed_by, {} AS requested_by, o.created_at
         FROM orders o JOIN customer_accounts a ON a.id = o.account_id {SUMMARY_JOINS}
         WHERE o.id = $4 AND {condition} AND $1::uuid IS NOT NULL AND $3::uuid IS NOT NULL",
        full_name_sql("pu"),
        full_name_sql("ru")
    ))
    .bind(account_id)
    .bind(all)
    .bind(user_id)
    .bind(order_id)
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let timeline = sqlx::query_as::<_, (String, OffsetDateTime, Option<String>)>(
        "SELECT step, created_at, detail FROM order_events WHERE order_id = $1 ORDER BY id",
    )
    .bind(order_id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|(step, at, detail)| OrderEvent {
        step,
        at: unix(at),
        detail,
    })
    .collect();
    let files = sqlx::query_as::<_, FileRow>(&format!(
        "SELECT {} FROM order_files of JOIN project_files f ON f.id = of.file_id
         LEFT JOIN users u ON u.id = f.uploaded_by
         WHERE of.order_id = $1 ORDER BY f.kind",
        file_columns()
    ))
    .bind(order_id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(FileRow::into_file)
    .collect::<Result<Vec<ProjectFile>, _>>()?;
    let status = parse_status(&row.status)?;
    let payment_method = parse_method(row.payment_method.as_deref())?;
    let bank = &state().config.bank;
    Ok(OrderDetail {
        id: row.id,
        number: row.number,
        account_name: row.account_name,
        project_id: row.project_id,
        project: row.project_snapshot.0,
        quantity: quantity(row.quantity)?.get(),
        lead_time: parse_lead_time(&row.lead_time)?,
        net_cents: row.net_cents,
        vat_cents: row.vat_cents,
        total_cents: row.total_cents,
        delivery_address: row.delivery_address.0,
        po_reference: row.po_reference,
        may_choose_payment: match reader {
            Reader::Member(member) => {
                member.permissions.can_buy
                    && payment_method.is_none()
                    && status != OrderStatus::Cancelled
            }
            Reader::Staff => false,
        },
        status,
        payment_method,
        payment_reference: row.payment_reference,
        paid_at: row.paid_at.map(unix),
        tracking_number: row.tracking_number,
        cancel_reason: row.cancel_reason,
        placed_by: row.placed_by,
        requested_by: row.requested_by,
        created_at: unix(row.created_at),
        timeline,
        files,
        bank: BankDetails {
            holder: bank.holder.clone(),
            iban: bank.iban.clone(),
            bic: bank.bic.clone(),
        },
        payment_on_account_allowed: row.payment_on_account,
    })
}

pub async fn load_order(order_id: Uuid) -> Result<OrderDetail, AppError> {
    let member = session::require_member().await?;
    order_detail(&state().pool, order_id, Reader::Member(&member)).await
}

// ---- Placing ---------------------------------------------------------------------------------

/// What an order is made of, whoever places it.
struct Placement<'a> {
    member: &'a Member,
    project: &'a ProjectRow,
    order: &'a ValidOrder,
    idempotency_key: Uuid,
    requested_by: Option<Uuid>,
}

/// Inserts the order (or finds the one already placed with this key) inside `tx`; answers
/// its id and whether it is new.
async fn insert_order(
    tx: &mut PgConnection,
    placement: Placement<'_>,
) -> Result<(Uuid, bool), AppError> {
    let Placement {
        member,
        project: row,
        order,
        idempotency_key,
        requested_by,
    } = placement;
    let (snapshot, price) = priced(row, order)?;
    let id = Uuid::new_v4();
    let number: i64 = sqlx::query_scalar("SELECT nextval('order_number_seq')")
        .fetch_one(&mut *tx)
        .await?;
    let inserted: Option<Uuid> = sqlx::query_scalar(
        "INSERT INTO orders (id, number, account_id, project_id, placed_by, requested_by,
                             idempotency_key, project_snapshot, quantity, lead_time, net_cents,
                             vat_cents, total_cents, delivery_address, po_reference,
                             payment_reference)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (account_id, idempotency_key) DO NOTHING
         RETURNING id",
    )
    .bind(id)
    .bind(number)
    .bind(member.account_id)
    .bind(row.id)
    .bind(member.user.id)
    .bind(requested_by)
    .bind(idempotency_key)
    .bind(Json(&snapshot))
    .bind(order.quantity.get() as i32)
    .bind(order.lead_time.as_str())
    .bind(price.net.cents())
    .bind(price.vat.cents())
    .bind(price.total.cents())
    .bind(Json(&order.address))
    .bind(order.po_reference.as_ref().map(|r| r.as_str()))
    .bind(payment_reference(number))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = inserted else {
        // The key was used already: the same placement again answers the same order; someone
        // else's key answers nothing of theirs.
        return order_with_key(tx, member, idempotency_key)
            .await?
            .map(|id| (id, false))
            .ok_or_else(|| AppError::conflict("order", ConflictCode::OrderStep));
    };
    sqlx::query(
        "INSERT INTO order_files (order_id, file_id)
         SELECT $1, id FROM project_files WHERE project_id = $2 AND current",
    )
    .bind(id)
    .bind(row.id)
    .execute(&mut *tx)
    .await?;
    reach_step(tx, id, OrderStatus::Received.as_str(), None, member.user.id).await?;
    Ok((id, true))
}

/// The project as it will be kept with the order or the request, and its price now.
fn priced(project: &ProjectRow, order: &ValidOrder) -> Result<(ProjectSnapshot, Quote), AppError> {
    let project = project.parse()?;
    let price = quote(
        project.service,
        &project.board,
        order.quantity,
        order.lead_time,
    );
    let snapshot = ProjectSnapshot {
        name: project.name.as_str().into(),
        service: project.service,
        board: project.board,
        notes: project.notes.as_str().into(),
    };
    Ok((snapshot, price))
}

/// The reference a customer quotes on a bank transfer: the order number and a check digit
/// (the sum of its digits modulo 10), so that a typo is caught when payments are matched.
fn payment_reference(number: i64) -> String {
    let digits = number.to_string();
    let check: u32 = digits.chars().filter_map(|c| c.to_digit(10)).sum::<u32>() % 10;
    format!("EMS-{digits}-{check}")
}

async fn add_event(
    tx: &mut PgConnection,
    order_id: Uuid,
    step: &str,
    detail: Option<&str>,
    actor: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO order_events (order_id, step, detail, actor_id) VALUES ($1, $2, $3, $4)",
    )
    .bind(order_id)
    .bind(step)
    .bind(detail)
    .bind(actor)
    .execute(tx)
    .await?;
    Ok(())
}

/// An order reached `step`: the timeline records it and the people who may see the order are
/// told, in the same transaction.
pub(crate) async fn reach_step(
    tx: &mut PgConnection,
    order_id: Uuid,
    step: &str,
    detail: Option<&str>,
    actor: Uuid,
) -> Result<(), AppError> {
    add_event(tx, order_id, step, detail, actor).await?;
    notify_step(tx, order_id, step, detail).await
}

/// The e-mail of an order's step, to the people who may see the order: the holder, active
/// members who see all orders, and whoever placed or requested it (if still active).
async fn notify_step(
    tx: &mut PgConnection,
    order_id: Uuid,
    step: &str,
    detail: Option<&str>,
) -> Result<(), AppError> {
    let (number, project): (i64, String) =
        sqlx::query_as("SELECT number, project_snapshot->>'name' FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_one(&mut *tx)
            .await?;
    let recipients: Vec<Uuid> = sqlx::query_scalar(
        "SELECT m.user_id FROM orders o JOIN memberships m ON m.account_id = o.account_id
         WHERE o.id = $1 AND m.status = 'active'
           AND (m.role = 'holder' OR m.can_see_all_orders
                OR m.user_id = o.placed_by OR m.user_id = o.requested_by)",
    )
    .bind(order_id)
    .fetch_all(&mut *tx)
    .await?;
    let link = order_link(order_id);
    let detail = detail.unwrap_or_default();
    mail::enqueue_for_users(tx, &recipients, &format!("order_{step}"), |locale| {
        let step_name = step_text(locale, step);
        let subject = td_string!(
            locale,
            email.order_subject,
            number = number,
            step = step_name.as_str()
        );
        let body = td_string!(
            locale,
            email.order_body,
            number = number,
            project = project.as_str(),
            step = step_name.as_str(),
            detail = detail,
            link = link.as_str()
        );
        (subject.to_string(), body.to_string())
    })
    .await?;
    Ok(())
}

/// A step's name in e-mails.
fn step_text(locale: Locale, step: &str) -> String {
    let text = match step {
        "received" => td_string!(locale, email.step_received),
        "paid" => td_string!(locale, email.step_paid),
        "file_check" => td_string!(locale, email.step_file_check),
        "in_production" => td_string!(locale, email.step_in_production),
        "shipped" => td_string!(locale, email.step_shipped),
        "delivered" => td_string!(locale, email.step_delivered),
        _ => td_string!(locale, email.step_cancelled),
    };
    text.to_string()
}

pub async fn place_order(
    project_id: Uuid,
    project_version: i32,
    form: OrderForm,
    idempotency_key: Uuid,
) -> Result<Uuid, AppError> {
    let member = session::require_member().await?;
    require_buyer(&member)?;
    let order = form.parse()?;
    let pool = &state().pool;
    let mut tx = pool.begin().await?;
    // The project's row lock queues concurrent placements; the key then finds the first one.
    let project = project_for_update(&mut tx, &member, project_id).await?;
    if let Some(existing) = order_with_key(&mut tx, &member, idempotency_key).await? {
        return Ok(existing);
    }
    if project.version != project_version {
        drop(tx);
        return Err(edit_conflict(pool, &member, project_id).await?);
    }
    let (id, _) = insert_order(
        &mut tx,
        Placement {
            member: &member,
            project: &project,
            order: &order,
            idempotency_key,
            requested_by: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn order_with_key(
    tx: &mut PgConnection,
    member: &Member,
    key: Uuid,
) -> Result<Option<Uuid>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM orders WHERE account_id = $1 AND idempotency_key = $2 AND placed_by = $3",
    )
    .bind(member.account_id)
    .bind(key)
    .bind(member.user.id)
    .fetch_optional(tx)
    .await?)
}

pub async fn choose_payment(order_id: Uuid, method: PaymentMethod) -> Result<(), AppError> {
    let member = session::require_member().await?;
    require_buyer(&member)?;
    let mut tx = state().pool.begin().await?;
    let order: Option<(String, Option<String>, bool)> = sqlx::query_as(&format!(
        "SELECT o.status, o.payment_method, a.payment_on_account
         FROM orders o JOIN customer_accounts a ON a.id = o.account_id
         WHERE o.id = $4 AND {VISIBLE} FOR UPDATE OF o"
    ))
    .bind(member.account_id)
    .bind(sees_all(&member))
    .bind(member.user.id)
    .bind(order_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (status, chosen, on_account_allowed) = order.ok_or(AppError::NotFound)?;
    if chosen.is_some() {
        return Err(AppError::conflict("method", ConflictCode::PaymentChosen));
    }
    if parse_status(&status)? == OrderStatus::Cancelled {
        return Err(AppError::conflict("method", ConflictCode::OrderStep));
    }
    if method == PaymentMethod::OnAccount && !on_account_allowed {
        return Err(AppError::conflict(
            "method",
            ConflictCode::OnAccountNotAllowed,
        ));
    }
    sqlx::query("UPDATE orders SET payment_method = $2, updated_at = now() WHERE id = $1")
        .bind(order_id)
        .bind(method.as_str())
        .execute(&mut *tx)
        .await?;
    add_event(
        &mut tx,
        order_id,
        "payment_method",
        Some(method.as_str()),
        member.user.id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---- Purchase requests -----------------------------------------------------------------------

pub async fn request_purchase(
    project_id: Uuid,
    project_version: i32,
    form: OrderForm,
    idempotency_key: Uuid,
) -> Result<Uuid, AppError> {
    let member = session::require_member().await?;
    let order = form.parse()?;
    let pool = &state().pool;
    let mut tx = pool.begin().await?;
    let project = project_for_update(&mut tx, &member, project_id).await?;
    let existing: Option<Uuid> = sqlx::query_scalar(
        "SELECT id FROM purchase_requests WHERE account_id = $1 AND idempotency_key = $2 AND requested_by = $3",
    )
    .bind(member.account_id)
    .bind(idempotency_key)
    .bind(member.user.id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(existing) = existing {
        return Ok(existing);
    }
    if project.version != project_version {
        drop(tx);
        return Err(edit_conflict(pool, &member, project_id).await?);
    }
    let (snapshot, price) = priced(&project, &order)?;
    let id = Uuid::new_v4();
    let inserted = sqlx::query(
        "INSERT INTO purchase_requests (id, account_id, project_id, requested_by, idempotency_key,
                                        project_snapshot, quantity, lead_time, net_cents,
                                        delivery_address, po_reference)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (account_id, idempotency_key) DO NOTHING",
    )
    .bind(id)
    .bind(member.account_id)
    .bind(project_id)
    .bind(member.user.id)
    .bind(idempotency_key)
    .bind(Json(&snapshot))
    .bind(order.quantity.get() as i32)
    .bind(order.lead_time.as_str())
    .bind(price.net.cents())
    .bind(Json(&order.address))
    .bind(order.po_reference.as_ref().map(|r| r.as_str()))
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        // Someone else's request already uses this key: keys are per form, so never ours.
        return Err(AppError::conflict("request", ConflictCode::AlreadyDecided));
    }
    let buyers: Vec<Uuid> = sqlx::query_scalar(
        "SELECT user_id FROM memberships
         WHERE account_id = $1 AND status = 'active' AND (role = 'holder' OR can_buy) AND user_id <> $2",
    )
    .bind(member.account_id)
    .bind(member.user.id)
    .fetch_all(&mut *tx)
    .await?;
    let requester = format!("{} {}", member.user.first_name, member.user.last_name);
    let link = format!("{}/account/orders", state().config.public_url);
    let net = price.net.cents();
    mail::enqueue_for_users(&mut tx, &buyers, "purchase_request", |locale| {
        let amount = crate::components::format::money(locale, net);
        (
            td_string!(
                locale,
                email.purchase_request_subject,
                requester = requester.as_str()
            )
            .to_string(),
            td_string!(
                locale,
                email.purchase_request_body,
                requester = requester.as_str(),
                project = snapshot.name.as_str(),
                quantity = order.quantity.get(),
                amount = amount.as_str(),
                link = link.as_str()
            )
            .to_string(),
        )
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct PendingRequest {
    project_id: Option<Uuid>,
    requested_by: Option<Uuid>,
    quantity: i32,
    lead_time: String,
    net_cents: i64,
    delivery_address: Json<DeliveryAddress>,
    po_reference: Option<String>,
    status: String,
}

/// The request `request_id` of the member's account, locked, if still pending.
async fn pending_request(
    tx: &mut PgConnection,
    member: &Member,
    request_id: Uuid,
) -> Result<PendingRequest, AppError> {
    let request = sqlx::query_as::<_, PendingRequest>(
        "SELECT project_id, requested_by, quantity, lead_time, net_cents, delivery_address,
                po_reference, status
         FROM purchase_requests WHERE id = $1 AND account_id = $2 FOR UPDATE",
    )
    .bind(request_id)
    .bind(member.account_id)
    .fetch_optional(tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if request.status != "pending" {
        return Err(AppError::conflict("request", ConflictCode::AlreadyDecided));
    }
    Ok(request)
}

pub async fn approve_purchase(
    request_id: Uuid,
    confirmed_net_cents: Option<i64>,
) -> Result<Uuid, AppError> {
    let member = session::require_member().await?;
    require_buyer(&member)?;
    let mut tx = state().pool.begin().await?;
    let request = pending_request(&mut tx, &member, request_id).await?;
    let project_id = request.project_id.ok_or(AppError::NotFound)?;
    let project = project_for_update(&mut tx, &member, project_id).await?;
    let order = ValidOrder {
        quantity: quantity(request.quantity)?,
        lead_time: parse_lead_time(&request.lead_time)?,
        address: request.delivery_address.0,
        po_reference: request
            .po_reference
            .as_deref()
            .map(PurchaseOrderReference::parse_optional)
            .transpose()
            .map_err(internal)?
            .flatten(),
    };
    let parsed = project.parse()?;
    let now = quote(
        parsed.service,
        &parsed.board,
        order.quantity,
        order.lead_time,
    )
    .net
    .cents();
    if now != request.net_cents && confirmed_net_cents != Some(now) {
        return Err(AppError::PriceChanged {
            old_cents: request.net_cents,
            new_cents: now,
        });
    }
    // The request's id is the order's key: approving twice can only ever give one order.
    let (order_id, _) = insert_order(
        &mut tx,
        Placement {
            member: &member,
            project: &project,
            order: &order,
            idempotency_key: request_id,
            requested_by: request.requested_by,
        },
    )
    .await?;
    sqlx::query(
        "UPDATE purchase_requests SET status = 'approved', decided_by = $2, decided_at = now(), order_id = $3
         WHERE id = $1",
    )
    .bind(request_id)
    .bind(member.user.id)
    .bind(order_id)
    .execute(&mut *tx)
    .await?;
    if let Some(requester) = request.requested_by {
        let number: i64 = sqlx::query_scalar("SELECT number FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_one(&mut *tx)
            .await?;
        let link = order_link(order_id);
        let project_name = parsed.name.as_str();
        mail::enqueue_for_users(&mut tx, &[requester], "purchase_approved", |locale| {
            (
                td_string!(
                    locale,
                    email.purchase_approved_subject,
                    project = project_name
                )
                .to_string(),
                td_string!(
                    locale,
                    email.purchase_approved_body,
                    project = project_name,
                    number = number,
                    link = link.as_str()
                )
                .to_string(),
            )
        })
        .await?;
    }
    tx.commit().await?;
    Ok(order_id)
}

pub async fn decline_purchase(request_id: Uuid, message: String) -> Result<(), AppError> {
    let member = session::require_member().await?;
    require_buyer(&member)?;
    let message =
        Reason::parse_optional(&message).map_err(|code| AppError::field("message", code))?;
    let mut tx = state().pool.begin().await?;
    let request = pending_request(&mut tx, &member, request_id).await?;
    let message = message.as_ref().map(|m| m.as_str().to_string());
    let project_name: String = sqlx::query_scalar(
        "UPDATE purchase_requests SET status = 'declined', decided_by = $2, decided_at = now(), message = $3
         WHERE id = $1 RETURNING project_snapshot->>'name'",
    )
    .bind(request_id)
    .bind(member.user.id)
    .bind(&message)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(requester) = request.requested_by {
        let decider = format!("{} {}", member.user.first_name, member.user.last_name);
        let message = message.unwrap_or_default();
        mail::enqueue_for_users(&mut tx, &[requester], "purchase_declined", |locale| {
            (
                td_string!(
                    locale,
                    email.purchase_declined_subject,
                    project = project_name.as_str()
                )
                .to_string(),
                td_string!(
                    locale,
                    email.purchase_declined_body,
                    project = project_name.as_str(),
                    decider = decider.as_str(),
                    message = message.as_str()
                )
                .to_string(),
            )
        })
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn cancel_purchase(request_id: Uuid) -> Result<(), AppError> {
    let member = session::require_member().await?;
    let mut tx = state().pool.begin().await?;
    // Only the requester withdraws; to anyone else it is not theirs to see or touch.
    let requester: Option<Option<Uuid>> = sqlx::query_scalar(
        "SELECT requested_by FROM purchase_requests WHERE id = $1 AND account_id = $2",
    )
    .bind(request_id)
    .bind(member.account_id)
    .fetch_optional(&mut *tx)
    .await?;
    if requester != Some(Some(member.user.id)) {
        return Err(AppError::NotFound);
    }
    pending_request(&mut tx, &member, request_id).await?;
    sqlx::query(
        "UPDATE purchase_requests SET status = 'cancelled', decided_by = $2, decided_at = now() WHERE id = $1",
    )
    .bind(request_id)
    .bind(member.user.id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
