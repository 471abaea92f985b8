//! Orders and purchase requests: placing (idempotent), asking a buyer, paying, and following
//! the progress; who sees which order follows the member's permissions.
pub mod api;
mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod server;
pub mod types;

pub use pages::{OrderPage, OrderSummaryView, OrdersPage, PurchaseRequestsPage};
