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

fn require_buyer(member: &Member) -> Result<(), AppError> {
    if member.permissions.can_buy {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}
