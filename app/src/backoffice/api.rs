//! The manufacturer's back-office: public endpoints under `/api/backoffice/…`, for staff only
//! (created from the command line: `server staff create`). Customers get 403 here, and staff
//! get 403 in the customers' spaces.
use super::types::{CustomerAccount, StaffOrder};
use crate::plain_forms::JsonOrForm;
use crate::{error::AppError, orders::types::OrderDetail};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::list::{AccountFilter, ListQuery, OrderFilter, Page};
use shared::OrderStatus;
use uuid::Uuid;

/// A page of every customer's orders, newest first unless sorted otherwise, searched (number,
/// customer, project, reference) and filtered (step, payment) as `shared::list` says.
#[server(prefix = "/api", endpoint = "backoffice/orders", input = Json)]
pub async fn list_staff_orders(
    #[server(default)] query: ListQuery<OrderFilter>,
) -> Result<Page<StaffOrder>, AppError> {
    super::server::list_staff_orders(query).await
}

/// One order, whoever's it is.
#[server(prefix = "/api", endpoint = "backoffice/order", input = Json)]
pub async fn load_staff_order(order_id: Uuid) -> Result<OrderDetail, AppError> {
    super::server::load_staff_order(order_id).await
}

/// The customer's payment arrived.
#[server(prefix = "/api", endpoint = "backoffice/record-payment", input = JsonOrForm)]
pub async fn record_payment(order_id: Uuid) -> Result<(), AppError> {
    super::server::record_payment(order_id).await
}

/// Moves the order to its next step (the tracking number is required to ship); answers the
/// new step. Production starts once paid, or at once for payment on account.
#[server(prefix = "/api", endpoint = "backoffice/advance", input = JsonOrForm)]
pub async fn advance_order(
    order_id: Uuid,
    tracking_number: String,
) -> Result<OrderStatus, AppError> {
    super::server::advance_order(order_id, tracking_number).await
}

/// The refund of an order cancelled by its customer after payment was made (needs a second
/// factor checked in the last minutes, like recording a payment).
#[server(prefix = "/api", endpoint = "backoffice/record-refund", input = JsonOrForm)]
pub async fn record_refund(order_id: Uuid) -> Result<(), AppError> {
    super::server::record_refund(order_id).await
}

/// Cancels an order not shipped yet, with a reason the customer reads.
#[server(prefix = "/api", endpoint = "backoffice/cancel", input = JsonOrForm)]
pub async fn cancel_order(order_id: Uuid, reason: String) -> Result<(), AppError> {
    super::server::cancel_order(order_id, reason).await
}

/// A page of the customer accounts, searched and filtered.
#[server(prefix = "/api", endpoint = "backoffice/accounts", input = Json)]
pub async fn list_customer_accounts(
    #[server(default)] query: ListQuery<AccountFilter>,
) -> Result<Page<CustomerAccount>, AppError> {
    super::server::list_customer_accounts(query).await
}

/// Allows (or stops) payment on account (invoice at 30 days) for a customer.
#[server(prefix = "/api", endpoint = "backoffice/payment-on-account", input = JsonOrForm)]
pub async fn set_payment_on_account(account_id: Uuid, enabled: bool) -> Result<(), AppError> {
    super::server::set_payment_on_account(account_id, enabled).await
}

/// Marks the account's SIRET as checked by staff (who is recorded), or not. An account without
/// a SIRET cannot be marked.
#[server(prefix = "/api", endpoint = "backoffice/verify-siret", input = JsonOrForm)]
pub async fn verify_siret(account_id: Uuid, verified: bool) -> Result<(), AppError> {
    super::server::verify_siret(account_id, verified).await
}
