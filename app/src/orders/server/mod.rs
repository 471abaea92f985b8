//! What orders, purchase requests and payment do, on the server only. Whose orders a member
//! sees is the `order_readers` view's rule; "can buy" is checked by every function that places,
//! approves or pays.
mod notify;
mod payment;
mod place;
mod read;
mod requests;

pub use payment::choose_payment;
pub use place::place_order;
pub use read::{list_orders, load_order};
pub use requests::{approve_purchase, cancel_purchase, decline_purchase, request_purchase};

use crate::{error::AppError, server::session::Member};

/// TEMPORARY until the projects' redesign reads `order_readers` itself: the orders of account
/// `$1` that user `$3` may see (`$2` is left from the rule this view replaced), for
/// `projects/files.rs`. Remove it when that file no longer names it.
pub(crate) const VISIBLE: &str = "o.account_id = $1 AND $2::bool IS NOT NULL
     AND EXISTS (SELECT 1 FROM order_readers r WHERE r.order_id = o.id AND r.user_id = $3)";

fn require_buyer(member: &Member) -> Result<(), AppError> {
    if member.permissions.can_buy {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}
