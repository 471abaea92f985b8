//! Ordering again: a new order of what a past order made (its project as then, its design
//! files, quantity, lead time and delivery address), priced today.
use super::{
    lock_buyer,
    place::{insert_order, OrderKey, Placement},
};
use crate::{
    error::AppError,
    orders::types::ProjectSnapshot,
    projects::forms::ValidOrder,
    server::{db::orders::stored_quantity, session, state},
};
use shared::{quote, terms::TERMS_OF_SALE_VERSION, DeliveryAddress, FieldError, LeadTime};
use sqlx::types::Json;
use uuid::Uuid;

struct PastOrder {
    project_id: Option<Uuid>,
    project_version: Option<i32>,
    project_snapshot: Json<ProjectSnapshot>,
    quantity: i32,
    lead_time: LeadTime,
    net_cents: i64,
    delivery_address: Json<DeliveryAddress>,
}

pub async fn reorder(
    order_id: Uuid,
    confirmed_net_cents: Option<i64>,
    terms_accepted: bool,
    idempotency_key: Uuid,
) -> Result<Uuid, AppError> {
    let member = session::require_member().await?;
    if !terms_accepted {
        return Err(AppError::field(
            "terms_accepted",
            FieldError::TermsNotAccepted,
        ));
    }
    let mut tx = state().pool.begin().await?;
    let member = lock_buyer(&mut tx, &member, AppError::NotAllowedToBuy).await?;
    // Only an order the buyer sees (`order_readers`) can be ordered again; any other is 404.
    let past = sqlx::query_as!(
        PastOrder,
        r#"SELECT o.project_id, o.project_version,
                  o.project_snapshot AS "project_snapshot: Json<ProjectSnapshot>",
                  o.quantity, o.lead_time AS "lead_time: LeadTime", o.net_cents,
                  o.delivery_address AS "delivery_address: Json<DeliveryAddress>"
           FROM orders o
           WHERE o.id = $1 AND o.account_id = $2
             AND EXISTS (SELECT 1 FROM order_readers r WHERE r.order_id = o.id AND r.user_id = $3)"#,
        order_id,
        member.account_id,
        member.user.id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let Json(snapshot) = past.project_snapshot;
    let order = ValidOrder {
        quantity: stored_quantity(past.quantity)?,
        lead_time: past.lead_time,
        address: past.delivery_address.0,
        // A new order is a new purchase for the customer's accounting: no reference copied.
        po_reference: None,
        terms_version: Some(TERMS_OF_SALE_VERSION.to_owned()),
    };
    // Priced today: a price that moved since is shown and confirmed first.
    let price = quote(
        snapshot.service,
        &snapshot.board,
        order.quantity,
        order.lead_time,
    );
    let today = price.net.cents();
    if today != past.net_cents && confirmed_net_cents != Some(today) {
        return Err(AppError::PriceChanged {
            old_cents: past.net_cents,
            new_cents: today,
        });
    }
    let files = sqlx::query_scalar!(
        "SELECT file_id FROM order_files WHERE order_id = $1 ORDER BY file_id",
        order_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let placement = Placement {
        member: &member,
        project_id: past.project_id,
        project_version: past.project_version,
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
