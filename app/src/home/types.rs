//! What the account home's server function answers.
use serde::{Deserialize, Serialize};
use shared::{FileKind, OrderStatus, PaymentMethod};
use uuid::Uuid;

/// How many lines each block of the home shows; its link leads to the full list.
pub const HOME_BLOCK_LINES: usize = 5;

/// Everything the account home shows, already filtered by what the person may see.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeOverview {
    /// The account the person acts for; `None` for someone who belongs to none yet.
    pub account: Option<HomeAccount>,
    /// Invitations to join an account that the person has not answered yet.
    pub invitations: Vec<HomeInvitation>,
    /// Purchase requests waiting for a buyer (only for the holder and buyers).
    pub requests_to_decide: Vec<HomePurchaseRequest>,
    /// People asking to join the account (only for the holder).
    pub join_requests: Vec<HomeJoinRequest>,
    /// Orders the person sees that wait for a payment method or a bank transfer.
    pub awaiting_payment: Vec<HomeOrder>,
    /// Projects that lack a design file their service needs.
    pub missing_files: Vec<HomeProjectFiles>,
    /// The latest orders the person sees, whatever their step.
    pub recent_orders: Vec<HomeOrder>,
    /// The account's projects changed last.
    pub recent_projects: Vec<HomeProject>,
}

/// The account the home is about, and what the person may do there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeAccount {
    pub name: String,
    pub is_holder: bool,
    pub can_buy: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeInvitation {
    pub id: Uuid,
    pub account_name: String,
    /// Unix time after which the invitation no longer holds.
    pub expires_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomePurchaseRequest {
    pub id: Uuid,
    pub project_name: String,
    /// `None` once the requester's account is gone.
    pub requested_by: Option<String>,
    pub net_cents: i64,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeJoinRequest {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub created_at: i64,
}

/// A line about an order: enough to recognise it and see where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeOrder {
    pub id: Uuid,
    pub number: i64,
    pub project_name: String,
    pub status: OrderStatus,
    pub payment_method: Option<PaymentMethod>,
    pub total_cents: i64,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeProjectFiles {
    pub id: Uuid,
    pub name: String,
    /// The kinds still to upload, by `FileKind::missing_for`.
    pub missing: Vec<FileKind>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeProject {
    pub id: Uuid,
    pub name: String,
    pub updated_by: Option<String>,
    pub updated_at: i64,
}
