//! Placing an order, once per idempotency key: a buyer from the project's page, or a buyer
//! approving a purchase request (whose id is then the key).
use super::require_buyer;
use crate::{
    error::{AppError, ConflictCode},
    issues::Form,
    orders::types::ProjectSnapshot,
    projects::forms::{OrderForm, ValidOrder},
    server::{
        db::{
            orders::{reach_step, Milestone},
            projects::{edit_conflict, project_for_update, ProjectRow},
        },
        session::{self, Member},
        state, OrInternal,
    },
};
use shared::{quote, LeadTime, OrderStatus, Quote};
use sqlx::{types::Json, PgConnection};
use uuid::Uuid;

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
    let project = project_for_update(&mut tx, member.account_id, project_id).await?;
    if let Some(existing) = order_with_key(&mut tx, &member, idempotency_key).await? {
        return Ok(existing);
    }
    if project.version != project_version {
        drop(tx);
        return Err(edit_conflict(pool, member.account_id, project_id).await?);
    }
    let placement = Placement {
        member: &member,
        project: &project,
        order: &order,
        idempotency_key,
        requested_by: None,
    };
    let id = insert_order(&mut tx, placement).await?;
    tx.commit().await?;
    Ok(id)
}

/// The order the member placed with this key, if any.
async fn order_with_key(
    tx: &mut PgConnection,
    member: &Member,
    key: Uuid,
) -> Result<Option<Uuid>, AppError> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM orders WHERE account_id = $1 AND idempotency_key = $2 AND placed_by = $3",
        member.account_id,
        key,
        member.user.id,
    )
    .fetch_optional(tx)
    .await?)
}

/// What an order is made of, whoever places it.
pub(super) struct Placement<'a> {
    pub member: &'a Member,
    pub project: &'a ProjectRow,
    pub order: &'a ValidOrder,
    pub idempotency_key: Uuid,
    /// The member whose purchase request the order answers.
    pub requested_by: Option<Uuid>,
}

/// Inserts the order (or finds the one already placed with this key) inside `tx`, with the
/// project's current files and its first step; answers its id.
pub(super) async fn insert_order(
    tx: &mut PgConnection,
    placement: Placement<'_>,
) -> Result<Uuid, AppError> {
    let Placement {
        member,
        project,
        order,
        idempotency_key,
        requested_by,
    } = placement;
    let (snapshot, price) = priced(project, order)?;
    let quantity = i32::try_from(order.quantity.get()).or_internal()?;
    let number = sqlx::query_scalar!(r#"SELECT nextval('order_number_seq') AS "number!""#)
        .fetch_one(&mut *tx)
        .await?;
    // A key used already answers below rather than failing the transaction, which still has
    // to read the order placed with it.
    let inserted = sqlx::query_scalar!(
        "INSERT INTO orders (id, number, account_id, project_id, placed_by, requested_by,
                             idempotency_key, project_snapshot, quantity, lead_time, net_cents,
                             vat_cents, total_cents, delivery_address, po_reference,
                             payment_reference)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (account_id, idempotency_key) DO NOTHING
         RETURNING id",
        Uuid::new_v4(),
        number,
        member.account_id,
        project.id,
        member.user.id,
        requested_by,
        idempotency_key,
        Json(&snapshot) as _,
        quantity,
        order.lead_time as LeadTime,
        price.net.cents(),
        price.vat.cents(),
        price.total.cents(),
        Json(&order.address) as _,
        order
            .po_reference
            .as_ref()
            .map(|reference| reference.as_str()),
        payment_reference(number),
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = inserted else {
        // The same placement again answers the same order; someone else's key answers nothing
        // of theirs.
        return order_with_key(tx, member, idempotency_key)
            .await?
            .ok_or_else(|| AppError::conflict("order", ConflictCode::OrderStep));
    };
    sqlx::query!(
        "INSERT INTO order_files (order_id, file_id)
         SELECT $1::uuid, id FROM project_files WHERE project_id = $2 AND current",
        id,
        project.id,
    )
    .execute(&mut *tx)
    .await?;
    let received = Milestone::Status(OrderStatus::Received);
    reach_step(tx, id, received, None, member.user.id).await?;
    Ok(id)
}

/// The project as it will be kept with the order or the request, and its price now.
pub(super) fn priced(
    project: &ProjectRow,
    order: &ValidOrder,
) -> Result<(ProjectSnapshot, Quote), AppError> {
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
