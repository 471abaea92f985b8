//! What orders, purchase requests and payment do, on the server only. Whose orders a member
//! sees is the `order_readers` view's rule; "can buy" is checked by every function that places,
//! approves, declines or pays, on the membership locked in the transaction that writes.
mod cancel;
mod changes;
mod notify;
mod payment;
mod place;
mod read;
mod read_requests;
mod reorder;
mod requests;

pub use cancel::cancel_order;
pub use payment::choose_payment;
pub use place::place_order;
pub use read::{list_orders, load_order};
pub use read_requests::{list_purchase_requests, orders_overview, request_people};
pub use reorder::reorder;
pub use requests::{approve_purchase, cancel_purchase, decline_purchase, request_purchase};

use crate::{
    error::AppError,
    server::session::{self, Member},
};
use sqlx::PgConnection;

/// The member's membership as it stands in `tx`, locked for share until `tx` ends, if it may
/// buy for the account; otherwise `refusal`. A revocation committed before answers `refusal`;
/// one made meanwhile waits for `tx`.
async fn lock_buyer(
    tx: &mut PgConnection,
    member: &Member,
    refusal: AppError,
) -> Result<Member, AppError> {
    let member = session::lock_membership(tx, member).await?;
    if member.permissions.can_buy {
        Ok(member)
    } else {
        Err(refusal)
    }
}
