//! What the company's server functions answer.
use serde::{Deserialize, Serialize};
use shared::DeliveryAddress;
use uuid::Uuid;

/// A delivery address of the account's address book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAddress {
    pub id: Uuid,
    pub label: String,
    pub address: DeliveryAddress,
    /// The one the order form opens with.
    pub is_default: bool,
}
