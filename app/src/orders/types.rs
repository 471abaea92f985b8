//! What the orders' server functions answer: the orders list with the purchase requests, and an
//! order's page (which the back-office shows too).
use crate::projects::types::ProjectFile;
use serde::{Deserialize, Serialize};
use shared::{
    list::{ListQuery, Page, PaymentState, RequestFilter},
    BoardSpec, DeliveryAddress, LeadTime, OrderEventStep, OrderStatus, PaymentMethod,
    PurchaseRequestStatus, Service,
};
use uuid::Uuid;

/// The project as it was when ordered or requested (kept with the order or the request, as
/// JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectSnapshot {
    pub name: String,
    pub service: Service,
    /// The project's own quantity (the order's is apart); absent from older snapshots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
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
    pub payment: PaymentState,
    pub po_reference: Option<String>,
    pub placed_by: Option<String>,
    pub requested_by: Option<String>,
    pub created_at: i64,
}

/// Someone an orders list can be narrowed to (a member of the account).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonChoice {
    pub id: Uuid,
    pub name: String,
}

/// A page of the orders one may see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderList {
    pub orders: Page<OrderSummary>,
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
    /// The net price today of the version requested (what an approval orders: it differs when
    /// the price list changed); `None` once decided or once the project is gone.
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

/// A page of the purchase requests one made or decides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestsOverview {
    pub requests: Page<PurchaseRequest>,
    /// Whether the person may approve or decline the requests (holder or "can buy").
    pub can_decide: bool,
}

/// What the orders page shows beside its list, read once for the page (and again after a
/// decision): the purchase requests still pending, and the people the list can be narrowed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrdersPageOverview {
    pub open_requests: RequestsOverview,
    /// The account's members, for those who see others' orders (none for the others).
    pub people: Vec<PersonChoice>,
}

/// A line of the order's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEvent {
    pub step: OrderEventStep,
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
    /// The version of the project ordered, its design files included (`None` for orders placed
    /// before versions were kept).
    pub project_version: Option<i32>,
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
    /// The version of the terms of sale accepted with the order (`None` before it was asked).
    pub terms_version: Option<String>,
    /// When the customer cancelled the order after paying it: a refund is due.
    pub refund_due_at: Option<i64>,
    /// When staff recorded the refund.
    pub refunded_at: Option<i64>,
    /// Whether the person asking may cancel it (holder or buyer, before production).
    pub may_cancel: bool,
    /// The net price today of the same boards, for a buyer who may order them again.
    pub reorder_net_cents: Option<i64>,
    pub placed_by: Option<String>,
    pub requested_by: Option<String>,
    pub created_at: i64,
    pub timeline: Vec<OrderEvent>,
    pub files: Vec<ProjectFile>,
    /// Its pro-forma invoice, invoice, credit note, as issued.
    pub documents: Vec<crate::documents::types::DocumentLine>,
    pub bank: BankDetails,
    /// The manufacturer allows this customer to pay on invoice at 30 days.
    pub payment_on_account_allowed: bool,
    /// Whether the person asking may choose how to pay (holder or buyer, not yet chosen).
    pub may_choose_payment: bool,
}

/// The first page of the purchase requests still pending, the most recent first: the orders
/// page's block, and the link from it to the requests' own page.
pub fn open_requests() -> ListQuery<RequestFilter> {
    ListQuery {
        filter: RequestFilter {
            status: Some(PurchaseRequestStatus::Pending),
            requested_by: None,
        },
        ..ListQuery::default()
    }
}
