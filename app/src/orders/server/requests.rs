//! Purchase requests: a member who cannot buy asks the account's buyers, who approve (which
//! places the order) or decline; the requester may withdraw a request still waiting.
use super::{
    notify::{send, Mail},
    place::{insert_order, priced, Placement},
    require_buyer,
};
use crate::{
    error::{AppError, ConflictCode},
    issues::Form,
    projects::forms::{OrderForm, ValidOrder},
    server::{
        db::{
            orders::stored_quantity,
            projects::{edit_conflict, project_for_update},
        },
        session::{self, Member},
        state, OnConstraint, OrInternal,
    },
};
use shared::{
    quote, DeliveryAddress, LeadTime, PurchaseOrderReference, PurchaseRequestStatus, Reason,
};
use sqlx::{types::Json, PgConnection};
use uuid::Uuid;

/// A key is chosen by the requester's form: taken already, it is someone else's request.
const ONE_REQUEST_PER_KEY: &str = "purchase_requests_account_id_idempotency_key_key";

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
    let project = project_for_update(&mut tx, member.account_id, project_id).await?;
    let existing = sqlx::query_scalar!(
        "SELECT id FROM purchase_requests
         WHERE account_id = $1 AND idempotency_key = $2 AND requested_by = $3",
        member.account_id,
        idempotency_key,
        member.user.id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(existing) = existing {
        return Ok(existing);
    }
    if project.version != project_version {
        drop(tx);
        return Err(edit_conflict(pool, member.account_id, project_id).await?);
    }
    let (snapshot, price) = priced(&project, &order)?;
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO purchase_requests (id, account_id, project_id, requested_by, idempotency_key,
                                        project_snapshot, quantity, lead_time, net_cents,
                                        delivery_address, po_reference)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        id,
        member.account_id,
        project_id,
        member.user.id,
        idempotency_key,
        Json(&snapshot) as _,
        i32::try_from(order.quantity.get()).or_internal()?,
        order.lead_time as LeadTime,
        price.net.cents(),
        Json(&order.address) as _,
        order
            .po_reference
            .as_ref()
            .map(|reference| reference.as_str()),
    )
    .execute(&mut *tx)
    .await
    .on_constraint(ONE_REQUEST_PER_KEY, || {
        AppError::conflict("request", ConflictCode::AlreadyDecided)
    })?;
    let buyers = sqlx::query_scalar!(
        "SELECT user_id FROM memberships
         WHERE account_id = $1 AND status = 'active' AND (role = 'holder' OR can_buy)
           AND user_id <> $2",
        member.account_id,
        member.user.id,
    )
    .fetch_all(&mut *tx)
    .await?;
    let requester = full_name(&member);
    let requested = Mail::Requested {
        requester: &requester,
        project: &snapshot.name,
        quantity: order.quantity.get(),
        net_cents: price.net.cents(),
    };
    send(&mut tx, &buyers, requested).await?;
    tx.commit().await?;
    Ok(id)
}

fn full_name(member: &Member) -> String {
    format!("{} {}", member.user.first_name, member.user.last_name)
}

struct PendingRequest {
    project_id: Option<Uuid>,
    requested_by: Option<Uuid>,
    quantity: i32,
    lead_time: LeadTime,
    net_cents: i64,
    delivery_address: Json<DeliveryAddress>,
    po_reference: Option<String>,
    status: PurchaseRequestStatus,
}

/// The request `request_id` of the member's account, locked, if still pending.
async fn pending_request(
    tx: &mut PgConnection,
    member: &Member,
    request_id: Uuid,
) -> Result<PendingRequest, AppError> {
    let request = sqlx::query_as!(
        PendingRequest,
        r#"SELECT project_id, requested_by, quantity, lead_time AS "lead_time: LeadTime",
                  net_cents, delivery_address AS "delivery_address: Json<DeliveryAddress>",
                  po_reference, status AS "status: PurchaseRequestStatus"
           FROM purchase_requests WHERE id = $1 AND account_id = $2 FOR UPDATE"#,
        request_id,
        member.account_id,
    )
    .fetch_optional(tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if request.status != PurchaseRequestStatus::Pending {
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
    let project = project_for_update(&mut tx, member.account_id, project_id).await?;
    let po_reference = request.po_reference.as_deref().unwrap_or_default();
    let order = ValidOrder {
        quantity: stored_quantity(request.quantity)?,
        lead_time: request.lead_time,
        address: request.delivery_address.0,
        po_reference: PurchaseOrderReference::parse_optional(po_reference).or_internal()?,
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
    let placement = Placement {
        member: &member,
        project: &project,
        order: &order,
        idempotency_key: request_id,
        requested_by: request.requested_by,
    };
    let order_id = insert_order(&mut tx, placement).await?;
    sqlx::query!(
        "UPDATE purchase_requests
         SET status = 'approved', decided_by = $2, decided_at = now(), order_id = $3
         WHERE id = $1",
        request_id,
        member.user.id,
        order_id,
    )
    .execute(&mut *tx)
    .await?;
    if let Some(requester) = request.requested_by {
        let number = sqlx::query_scalar!("SELECT number FROM orders WHERE id = $1", order_id)
            .fetch_one(&mut *tx)
            .await?;
        let approved = Mail::Approved {
            project: parsed.name.as_str(),
            number,
            order_id,
        };
        send(&mut tx, &[requester], approved).await?;
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
    let message = message.as_ref().map(Reason::as_str);
    let project = sqlx::query_scalar!(
        r#"UPDATE purchase_requests
           SET status = 'declined', decided_by = $2, decided_at = now(), message = $3
           WHERE id = $1 RETURNING project_snapshot->>'name' AS "project!""#,
        request_id,
        member.user.id,
        message,
    )
    .fetch_one(&mut *tx)
    .await?;
    if let Some(requester) = request.requested_by {
        let decider = full_name(&member);
        let declined = Mail::Declined {
            project: &project,
            decider: &decider,
            message: message.unwrap_or_default(),
        };
        send(&mut tx, &[requester], declined).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn cancel_purchase(request_id: Uuid) -> Result<(), AppError> {
    let member = session::require_member().await?;
    let mut tx = state().pool.begin().await?;
    // Only the requester withdraws; to anyone else it is not theirs to see or touch.
    let requester = sqlx::query_scalar!(
        "SELECT requested_by FROM purchase_requests WHERE id = $1 AND account_id = $2",
        request_id,
        member.account_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    if requester != Some(Some(member.user.id)) {
        return Err(AppError::NotFound);
    }
    pending_request(&mut tx, &member, request_id).await?;
    sqlx::query!(
        "UPDATE purchase_requests
         SET status = 'cancelled', decided_by = $2, decided_at = now()
         WHERE id = $1",
        request_id,
        member.user.id,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
