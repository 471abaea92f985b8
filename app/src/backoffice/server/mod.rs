//! What the back-office does, on the server only: every server function starts with
//! `require_staff`.
mod accounts;
mod orders;
mod staff;

pub use accounts::{list_customer_accounts, set_payment_on_account, verify_siret};
pub use orders::{
    advance_order, cancel_order, list_staff_orders, load_staff_order, record_payment, record_refund,
};
pub use staff::{create_staff, NewStaff};

/// Keeps a staff action as a security event: who did what, to which order or account, in the
/// statement or transaction that makes it.
async fn record_staff_action(
    executor: impl sqlx::PgExecutor<'_>,
    staff: uuid::Uuid,
    details: serde_json::Value,
) -> Result<(), crate::error::AppError> {
    use crate::server::security_events::{record_with, RequestContext};
    let context = RequestContext::current();
    let event = shared::SecurityEvent::StaffAction;
    record_with(executor, event, Some(staff), &context, Some(details)).await
}
