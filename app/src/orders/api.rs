//! Orders, purchase requests and payment: public endpoints under `/api/orders/…` and
//! `/api/purchase-requests/…`. Placing needs "can buy"; anyone active may ask a buyer. Whose
//! orders a member sees: all of the account's for the holder and members who "can see all
//! orders", else only those they placed or requested; an order one may not see answers 404.
use crate::{error::AppError, projects::forms::OrderForm};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
use shared::{
    BoardSpec, DeliveryAddress, LeadTime, OrderStatus, PaymentMethod, PurchaseRequestStatus,
    Service,
};
use uuid::Uuid;

use crate::projects::types::ProjectFile;

/// The project as it was when ordered (kept with the order, as JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectSnapshot {
    pub name: String,
    pub service: Service,
    pub board: BoardSpec,
    pub notes: String,
}

/// A line of the orders list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: Uuid,
    pub number: i64,
    pub project_name: String,
    pub quantity: u32,
    pub total_cents: i64,
    pub status: OrderStatus,
    pub payment_method: Option<PaymentMethod>,
    pub paid: bool,
    pub placed_by: Option<String>,
    pub requested_by: Option<String>,
    pub created_at: i64,
}

/// A purchase request, as its requester and the account's buyers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseRequest {
    pub id: Uuid,
    pub project_id: Option<Uuid>,
    pub project_name: String,
    pub quantity: u32,
    pub lead_time: LeadTime,
    /// The net price the requester saw, in cents.
    pub net_cents: i64,
    /// The net price now (the project or the price list may have changed); `None` once the
    /// project is gone.
    pub current_net_cents: Option<i64>,
    pub delivery_address: DeliveryAddress,
    pub po_reference: Option<String>,
    pub requested_by: Option<String>,
    /// Whether the person asking made this request.
    pub mine: bool,
    pub status: PurchaseRequestStatus,
    pub message: Option<String>,
    pub order_id: Option<Uuid>,
    pub created_at: i64,
}

/// The orders page: the orders one may see, and the purchase requests one made or decides.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrdersOverview {
    pub orders: Vec<OrderSummary>,
    pub requests: Vec<PurchaseRequest>,
    /// Whether the person may approve or decline the requests (holder or "can buy").
    pub can_decide: bool,
}

/// A step of the order's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEvent {
    /// `received`, `payment_method`, `paid`, `file_check`, `in_production`, `shipped`,
    /// `delivered` or `cancelled`.
    pub step: String,
    pub at: i64,
    /// The tracking number (shipped), the reason (cancelled) or the method chosen.
    pub detail: Option<String>,
}

/// Where to send a bank transfer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankDetails {
    pub holder: String,
    pub iban: String,
    pub bic: String,
}

/// An order's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub id: Uuid,
    pub number: i64,
    pub account_name: String,
    pub project_id: Option<Uuid>,
    pub project: ProjectSnapshot,
    pub quantity: u32,
    pub lead_time: LeadTime,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub total_cents: i64,
    pub delivery_address: DeliveryAddress,
    pub po_reference: Option<String>,
    pub status: OrderStatus,
    pub payment_method: Option<PaymentMethod>,
    /// What to quote on a bank transfer.
    pub payment_reference: String,
    pub paid_at: Option<i64>,
    pub tracking_number: Option<String>,
    pub cancel_reason: Option<String>,
    pub placed_by: Option<String>,
    pub requested_by: Option<String>,
    pub created_at: i64,
    pub timeline: Vec<OrderEvent>,
    pub files: Vec<ProjectFile>,
    pub bank: BankDetails,
    /// The manufacturer allows this customer to pay on invoice at 30 days.
    pub payment_on_account_allowed: bool,
    /// Whether the person asking may choose how to pay (holder or buyer, not yet chosen).
    pub may_choose_payment: bool,
}

/// The orders and purchase requests the person may see.
#[server(prefix = "/api", endpoint = "orders/list", input = Json)]
pub async fn list_orders() -> Result<OrdersOverview, AppError> {
    super::server::list_orders().await
}

/// One order the person may see.
#[server(prefix = "/api", endpoint = "orders/get", input = Json)]
pub async fn load_order(order_id: Uuid) -> Result<OrderDetail, AppError> {
    super::server::load_order(order_id).await
}

/// A buyer orders the project as saved at `project_version`. `idempotency_key` is chosen by
/// the client once per form: a retry, a double click or a second tab answer the same order.
#[server(prefix = "/api", endpoint = "orders/place", input = Json)]
pub async fn place_order(
    project_id: Uuid,
    project_version: i32,
    form: OrderForm,
    idempotency_key: Uuid,
) -> Result<Uuid, AppError> {
    super::server::place_order(project_id, project_version, form, idempotency_key).await
}

/// The holder or a buyer chooses how the order is paid (once).
#[server(prefix = "/api", endpoint = "orders/payment", input = Json)]
pub async fn choose_payment(order_id: Uuid, method: PaymentMethod) -> Result<(), AppError> {
    super::server::choose_payment(order_id, method).await
}

/// A member who cannot buy asks the account's buyers to order the project.
#[server(prefix = "/api", endpoint = "purchase-requests/create", input = Json)]
pub async fn request_purchase(
    project_id: Uuid,
    project_version: i32,
    form: OrderForm,
    idempotency_key: Uuid,
) -> Result<Uuid, AppError> {
    super::server::request_purchase(project_id, project_version, form, idempotency_key).await
}

/// A buyer approves a request, which places the order. If the price changed since the
/// request, `PriceChanged` until `confirmed_net_cents` names the current net price.
#[server(prefix = "/api", endpoint = "purchase-requests/approve", input = Json)]
pub async fn approve_purchase(
    request_id: Uuid,
    confirmed_net_cents: Option<i64>,
) -> Result<Uuid, AppError> {
    super::server::approve_purchase(request_id, confirmed_net_cents).await
}

/// A buyer declines a request, with an optional message to the requester.
#[server(prefix = "/api", endpoint = "purchase-requests/decline", input = Json)]
pub async fn decline_purchase(request_id: Uuid, message: String) -> Result<(), AppError> {
    super::server::decline_purchase(request_id, message).await
}

/// The requester withdraws a request still waiting.
#[server(prefix = "/api", endpoint = "purchase-requests/cancel", input = Json)]
pub async fn cancel_purchase(request_id: Uuid) -> Result<(), AppError> {
    super::server::cancel_purchase(request_id).await
}
