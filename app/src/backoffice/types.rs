//! What the back-office's server functions answer (an order's page is the customers' own
//! [`OrderDetail`](crate::orders::types::OrderDetail)).
use serde::{Deserialize, Serialize};
use shared::{list::PaymentState, OrderStatus};
use uuid::Uuid;

/// A line of the back-office's order list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffOrder {
    pub id: Uuid,
    pub number: i64,
    pub account_name: String,
    pub project_name: String,
    pub po_reference: Option<String>,
    pub quantity: u32,
    pub total_cents: i64,
    pub status: OrderStatus,
    pub payment: PaymentState,
    /// Cancelled by the customer after paying, and not refunded yet.
    pub refund_due: bool,
    pub created_at: i64,
}

/// A customer account, for the "payment on account" switch and the check of its SIRET.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerAccount {
    pub id: Uuid,
    pub company_name: String,
    pub siret: Option<String>,
    /// Staff checked that the SIRET is the company's (a change of name or SIRET undoes it).
    pub siret_verified: bool,
    /// Who checked it, if they still have an account.
    pub siret_verified_by: Option<String>,
    pub holder_email: Option<String>,
    pub payment_on_account: bool,
    pub orders: i64,
    /// Unix time of the account's creation.
    pub created_at: i64,
}
