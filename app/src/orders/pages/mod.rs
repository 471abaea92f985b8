//! The orders' pages: "Mes commandes" (the open purchase requests and the orders), all the
//! purchase requests, and an order's page, whose summary the back-office shows too.
mod detail;
mod list;
mod payment;
mod reorder;
mod request_list;
mod requests;
mod summary;
mod timeline;

pub use detail::OrderPage;
pub use list::OrdersPage;
pub use request_list::PurchaseRequestsPage;
pub use summary::OrderSummaryView;

use crate::{components::labels::placed_by_text, i18n::*};

/// Who placed an order (and for whom), in the page's language as it changes.
fn placed_by_words(
    placed_by: Option<String>,
    requested_by: Option<String>,
) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    move || {
        placed_by_text(
            i18n.get_locale(),
            placed_by.as_deref(),
            requested_by.as_deref(),
        )
    }
}
