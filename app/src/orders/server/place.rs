//! Placing an order: a buyer from the project's page, once per idempotency key, or a buyer
//! approving a purchase request, once per request (its own key: `orders.purchase_request_id`).
use super::lock_buyer;
use crate::{
    error::{AppError, ConflictCode},
    issues::Form,
    orders::types::ProjectSnapshot,
    projects::forms::{OrderForm, ValidOrder, ValidProject},
    server::{
        db::{
            orders::{reach_step, Milestone},
            projects::{current_file_refs, edit_conflict, project_for_update, ProjectRow},
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
    let order = form.parse()?;
    let mut tx = state().pool.begin().await?;
    let member = lock_buyer(&mut tx, &member, AppError::NotAllowedToBuy).await?;
    // The project's row lock queues concurrent placements; the key then finds the first one.
    let project = project_for_update(&mut tx, member.account_id, project_id).await?;
    if let Some(existing) = order_with_key(&mut tx, &member, idempotency_key).await? {
        return Ok(existing);
    }
    let named = (&project, project_version);
    let (snapshot, price) = priced_at(&mut tx, &member, named, &order).await?;
    // Uploads lock the project and make a new version: its current files are this version's.
    let files: Vec<Uuid> = current_file_refs(&mut tx, project_id)
        .await?
        .into_iter()
        .map(|file| file.id)
        .collect();
    let placement = Placement {
        member: &member,
        project_id: Some(project_id),
        project_version: Some(project.version),
        snapshot: &snapshot,
        order: &order,
        price: &price,
        files: &files,
        key: OrderKey::Placement(idempotency_key),
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

/// What makes an order unique.
pub(super) enum OrderKey {
    /// The buyer's form chose this idempotency key.
    Placement(Uuid),
    /// The approval of this purchase request, asked for by this member: the request is the
    /// key, and no buyer's idempotency key can take its place.
    Request {
        id: Uuid,
        requested_by: Option<Uuid>,
    },
}

/// What an order is made of, whoever places it.
pub(super) struct Placement<'a> {
    pub member: &'a Member,
    /// The project ordered, if it still exists (ordering again a deleted project's order).
    pub project_id: Option<Uuid>,
    /// The version of the project ordered, its files included.
    pub project_version: Option<i32>,
    pub snapshot: &'a ProjectSnapshot,
    pub order: &'a ValidOrder,
    pub price: &'a Quote,
    /// The design files ordered.
    pub files: &'a [Uuid],
    pub key: OrderKey,
}

/// Inserts the order (or finds the one already placed with this key) inside `tx`, with its
/// files and its first step; answers its id.
pub(super) async fn insert_order(
    tx: &mut PgConnection,
    placement: Placement<'_>,
) -> Result<Uuid, AppError> {
    let Placement {
        member,
        project_id,
        project_version,
        snapshot,
        order,
        price,
        files,
        key,
    } = placement;
    let (idempotency_key, purchase_request_id, requested_by) = match key {
        OrderKey::Placement(key) => (key, None, None),
        // A key of its own that no client knows: the request's id is the order's key.
        OrderKey::Request { id, requested_by } => (Uuid::new_v4(), Some(id), requested_by),
    };
    let quantity = i32::try_from(order.quantity.get()).or_internal()?;
    let number = sqlx::query_scalar!(r#"SELECT nextval('order_number_seq') AS "number!""#)
        .fetch_one(&mut *tx)
        .await?;
    // A key used already answers below rather than failing the transaction, which still has
    // to read the order placed with it.
    let inserted = sqlx::query_scalar!(
        "INSERT INTO orders (id, number, account_id, project_id, project_version, placed_by,
                             requested_by, purchase_request_id, idempotency_key,
                             project_snapshot, quantity, lead_time, net_cents, vat_cents,
                             total_cents, delivery_address, po_reference, payment_reference,
                             terms_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 $19)
         ON CONFLICT (account_id, idempotency_key) DO NOTHING
         RETURNING id",
        Uuid::new_v4(),
        number,
        member.account_id,
        project_id,
        project_version,
        member.user.id,
        requested_by,
        purchase_request_id,
        idempotency_key,
        Json(snapshot) as _,
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
        order.terms_version.as_deref(),
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
        "INSERT INTO order_files (order_id, file_id) SELECT $1::uuid, unnest($2::uuid[])",
        id,
        files,
    )
    .execute(&mut *tx)
    .await?;
    let received = Milestone::Status(OrderStatus::Received);
    reach_step(tx, id, received, None, member.user.id).await?;
    Ok(id)
}

/// The member's project locked in `tx` as an order or a request keeps it, with its price for
/// `order`, if it is still at the `version` the client named; else who changed it since, and
/// when.
pub(super) async fn priced_at(
    tx: &mut PgConnection,
    member: &Member,
    (project, version): (&ProjectRow, i32),
    order: &ValidOrder,
) -> Result<(ProjectSnapshot, Quote), AppError> {
    if project.version != version {
        return Err(edit_conflict(tx, member.account_id, project.id).await?);
    }
    let parsed = project.parse()?;
    let price = quote(
        parsed.service,
        &parsed.board,
        order.quantity,
        order.lead_time,
    );
    Ok((snapshot_of(&parsed), price))
}

/// The project as an order or a request keeps it.
pub(super) fn snapshot_of(project: &ValidProject) -> ProjectSnapshot {
    ProjectSnapshot {
        name: project.name.as_str().into(),
        service: project.service,
        quantity: Some(project.quantity.get()),
        board: project.board.clone(),
        notes: project.notes.as_str().into(),
    }
}

/// The reference a customer quotes on a bank transfer: the order number and a check digit
/// (the sum of its digits modulo 10), so that a typo is caught when payments are matched.
fn payment_reference(number: i64) -> String {
    let digits = number.to_string();
    let check: u32 = digits.chars().filter_map(|c| c.to_digit(10)).sum::<u32>() % 10;
    format!("EMS-{digits}-{check}")
}
