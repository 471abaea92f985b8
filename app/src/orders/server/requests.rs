//! Purchase requests: a member who cannot buy asks the account's buyers, who approve (which
//! orders the version of the project the requester saw: its snapshot, files and price) or
//! decline; the requester may withdraw a request still waiting.
use super::{
    changes::changes_since,
    lock_buyer,
    notify::{send, Mail},
    place::{insert_order, priced_at, snapshot_of, OrderKey, Placement},
};
use crate::{
    error::{AppError, ConflictCode},
    issues::Form,
    orders::types::ProjectSnapshot,
    projects::forms::{OrderForm, ValidOrder},
    server::{
        db::{
            orders::stored_quantity,
            projects::{current_file_refs, forget_stored, project_for_update, FileRef},
        },
        session::{self, Member},
        state, OnConstraint, OrInternal,
    },
};
use shared::{
    quote, DeliveryAddress, FileKind, LeadTime, PurchaseOrderReference, PurchaseRequestStatus,
    Reason,
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
    let mut tx = state().pool.begin().await?;
    let member = session::lock_membership(&mut tx, &member).await?;
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
    let named = (&project, project_version);
    let (snapshot, price) = priced_at(&mut tx, &member, named, &order).await?;
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO purchase_requests (id, account_id, project_id, project_version, requested_by,
                                        idempotency_key, project_snapshot, quantity, lead_time,
                                        net_cents, delivery_address, po_reference, terms_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        id,
        member.account_id,
        project_id,
        project.version,
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
        order.terms_version.as_deref(),
    )
    .execute(&mut *tx)
    .await
    .on_constraint(ONE_REQUEST_PER_KEY, || {
        AppError::conflict("request", ConflictCode::AlreadyDecided)
    })?;
    // The design files the requester saw stay with the request, even once replaced.
    sqlx::query!(
        "INSERT INTO purchase_request_files (request_id, file_id)
         SELECT $1::uuid, id FROM project_files WHERE project_id = $2 AND current",
        id,
        project_id,
    )
    .execute(&mut *tx)
    .await?;
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
    /// `None` for requests made before versions were kept with them.
    project_version: Option<i32>,
    project_snapshot: Json<ProjectSnapshot>,
    requested_by: Option<Uuid>,
    quantity: i32,
    lead_time: LeadTime,
    net_cents: i64,
    delivery_address: Json<DeliveryAddress>,
    po_reference: Option<String>,
    status: PurchaseRequestStatus,
    /// The terms of sale the requester accepted (`None` before it was asked).
    terms_version: Option<String>,
}

/// The request `request_id` of the member's account, locked, if still pending.
async fn pending_request(
    tx: &mut PgConnection,
    member: &Member,
    request_id: Uuid,
) -> Result<PendingRequest, AppError> {
    let request = sqlx::query_as!(
        PendingRequest,
        r#"SELECT project_id, project_version,
                  project_snapshot AS "project_snapshot: Json<ProjectSnapshot>", requested_by,
                  quantity, lead_time AS "lead_time: LeadTime", net_cents,
                  delivery_address AS "delivery_address: Json<DeliveryAddress>",
                  po_reference, status AS "status: PurchaseRequestStatus", terms_version
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

/// The design files the requester saw.
async fn requested_files(
    tx: &mut PgConnection,
    request_id: Uuid,
) -> Result<Vec<FileRef>, AppError> {
    Ok(sqlx::query_as!(
        FileRef,
        r#"SELECT f.id, f.kind AS "kind: FileKind"
           FROM purchase_request_files r JOIN project_files f ON f.id = r.file_id
           WHERE r.request_id = $1 ORDER BY f.kind"#,
        request_id
    )
    .fetch_all(tx)
    .await?)
}

pub async fn approve_purchase(
    request_id: Uuid,
    confirmed_version: Option<i32>,
    confirmed_net_cents: Option<i64>,
) -> Result<Uuid, AppError> {
    let member = session::require_member().await?;
    let mut tx = state().pool.begin().await?;
    let member = lock_buyer(&mut tx, &member, AppError::Forbidden).await?;
    let request = pending_request(&mut tx, &member, request_id).await?;
    let project_id = request.project_id.ok_or(AppError::NotFound)?;
    let project = project_for_update(&mut tx, member.account_id, project_id).await?;
    let now = snapshot_of(&project.parse()?);
    let files_now = current_file_refs(&mut tx, project_id).await?;
    // A request made before versions were kept names no files: it orders the current ones.
    let files = match request.project_version {
        Some(_) => requested_files(&mut tx, request_id).await?,
        None => files_now.clone(),
    };
    let requested = request.project_snapshot.0;
    let changes = changes_since((&requested, &files), (&now, &files_now));
    if !changes.is_empty() && confirmed_version != Some(project.version) {
        return Err(AppError::ProjectChanged {
            current_version: project.version,
            changes,
        });
    }
    let po_reference = request.po_reference.as_deref().unwrap_or_default();
    let order = ValidOrder {
        quantity: stored_quantity(request.quantity)?,
        lead_time: request.lead_time,
        address: request.delivery_address.0,
        po_reference: PurchaseOrderReference::parse_optional(po_reference).or_internal()?,
        // The requester accepted the terms in the request the buyer approves.
        terms_version: request.terms_version,
    };
    // The version requested costs what the requester saw, unless the price list changed since.
    let price = quote(
        requested.service,
        &requested.board,
        order.quantity,
        order.lead_time,
    );
    let new_cents = price.net.cents();
    if new_cents != request.net_cents && confirmed_net_cents != Some(new_cents) {
        return Err(AppError::PriceChanged {
            old_cents: request.net_cents,
            new_cents,
        });
    }
    let file_ids: Vec<Uuid> = files.iter().map(|file| file.id).collect();
    let placement = Placement {
        member: &member,
        project_id: Some(project_id),
        project_version: request.project_version,
        snapshot: &requested,
        order: &order,
        price: &price,
        files: &file_ids,
        key: OrderKey::Request {
            id: request_id,
            requested_by: request.requested_by,
        },
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
            project: &requested.name,
            number,
            order_id,
            changes: &changes,
        };
        send(&mut tx, &[requester], approved).await?;
    }
    tx.commit().await?;
    Ok(order_id)
}

pub async fn decline_purchase(request_id: Uuid, message: String) -> Result<(), AppError> {
    let member = session::require_member().await?;
    let message =
        Reason::parse_optional(&message).map_err(|code| AppError::field("message", code))?;
    let mut tx = state().pool.begin().await?;
    let member = lock_buyer(&mut tx, &member, AppError::Forbidden).await?;
    let request = pending_request(&mut tx, &member, request_id).await?;
    let message = message.as_ref().map(Reason::as_str);
    sqlx::query!(
        "UPDATE purchase_requests
         SET status = 'declined', decided_by = $2, decided_at = now(), message = $3
         WHERE id = $1",
        request_id,
        member.user.id,
        message,
    )
    .execute(&mut *tx)
    .await?;
    let released = release_files(&mut tx, request_id).await?;
    if let Some(requester) = request.requested_by {
        let decider = full_name(&member);
        let declined = Mail::Declined {
            project: &request.project_snapshot.name,
            decider: &decider,
            message: message.unwrap_or_default(),
        };
        send(&mut tx, &[requester], declined).await?;
    }
    tx.commit().await?;
    forget_stored(released).await;
    Ok(())
}

pub async fn cancel_purchase(request_id: Uuid) -> Result<(), AppError> {
    let member = session::require_member().await?;
    let mut tx = state().pool.begin().await?;
    let member = session::lock_membership(&mut tx, &member).await?;
    // Only the requester withdraws; to anyone else it is not theirs to see or touch.
    if !requested_by(&mut tx, &member, request_id).await? {
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
    let released = release_files(&mut tx, request_id).await?;
    tx.commit().await?;
    forget_stored(released).await;
    Ok(())
}

/// Whether the member made the request `request_id` of their account.
async fn requested_by(
    tx: &mut PgConnection,
    member: &Member,
    request_id: Uuid,
) -> Result<bool, AppError> {
    let requester = sqlx::query_scalar!(
        "SELECT requested_by FROM purchase_requests WHERE id = $1 AND account_id = $2",
        request_id,
        member.account_id,
    )
    .fetch_optional(tx)
    .await?;
    Ok(requester == Some(Some(member.user.id)))
}

/// A request declined or withdrawn no longer keeps its design files: those replaced since,
/// which no order and no other request keeps, are deleted. Answers their storage keys, whose
/// bytes go once the transaction is committed.
async fn release_files(tx: &mut PgConnection, request_id: Uuid) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar!(
        "WITH released AS (
             DELETE FROM purchase_request_files WHERE request_id = $1 RETURNING file_id
         )
         DELETE FROM project_files f USING released r
         WHERE f.id = r.file_id AND NOT f.current
           AND NOT EXISTS (SELECT 1 FROM order_files o WHERE o.file_id = f.id)
           AND NOT EXISTS (SELECT 1 FROM purchase_request_files p
                           WHERE p.file_id = f.id AND p.request_id <> $1)
         RETURNING f.storage_key",
        request_id
    )
    .fetch_all(tx)
    .await?)
}
