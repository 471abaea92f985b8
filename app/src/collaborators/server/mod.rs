//! What the collaborator space's server functions do, on the server only. Every function
//! starts from the session (`require_customer`, `require_member`, `require_holder`) and only
//! ever touches rows of the caller's own account or the caller's own requests. A holder's
//! decision is checked again where it is written: [`lock_holder`] inside its transaction.
mod attach;
mod create;
mod history;
mod members;
mod notify;
mod read;

pub use attach::{cancel_request, decide_request, request_attachment};
pub use create::{answer_invitation, create_collaborator, invite, withdraw_invitation};
pub use history::membership_history;
pub use members::{
    answer_holder_role, deactivate, leave, offer_holder_role, reactivate, remove, set_permissions,
};
pub use read::{collaborator_list, collaborator_space};

/// The unique index that allows one open request or invitation per person and account.
const ONE_PENDING: &str = "collaboration_requests_one_pending";
/// The unique index that allows one open request per person and address typed.
const ONE_PENDING_EMAIL: &str = "collaboration_requests_one_pending_email";

use crate::{error::AppError, server::session::lock_holder};
use shared::Permissions;
use sqlx::PgConnection;
use uuid::Uuid;

/// Marks `user_id`'s requests and invitations whose time is over as expired, so that they no
/// longer block a new one (the unique indexes only cover pending rows).
async fn expire_overdue(tx: &mut PgConnection, user_id: Uuid) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE collaboration_requests SET status = 'expired'
         WHERE user_id = $1 AND status = 'pending' AND expires_at <= now()",
        user_id,
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// Makes `user_id` an active collaborator of `account_id` (a deactivated one comes back with
/// the permissions given now).
async fn add_member(
    tx: &mut PgConnection,
    account_id: Uuid,
    user_id: Uuid,
    permissions: Permissions,
    added_by: Uuid,
) -> Result<(), AppError> {
    sqlx::query!(
        "INSERT INTO memberships (account_id, user_id, role, can_buy, can_see_all_orders, added_by)
         VALUES ($1, $2, 'collaborator', $3, $4, $5)
         ON CONFLICT (account_id, user_id) DO UPDATE
         SET status = 'active', can_buy = $3, can_see_all_orders = $4, updated_at = now()
         WHERE memberships.role = 'collaborator'",
        account_id,
        user_id,
        permissions.can_buy,
        permissions.can_see_all_orders,
        added_by,
    )
    .execute(tx)
    .await?;
    Ok(())
}
