//! Orders and purchase requests: placing (idempotent), asking a buyer, paying, and following
//! the progress; who sees which order follows the member's permissions.
pub mod api;
mod detail;
mod list;
#[cfg(feature = "ssr")]
pub(crate) mod server;

pub use detail::{status_text, OrderPage, OrderSummaryView};
pub use list::OrdersPage;
