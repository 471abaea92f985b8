//! What the back-office does, on the server only: every server function starts with
//! `require_staff`.
mod accounts;
mod orders;
mod staff;

pub use accounts::{list_customer_accounts, set_payment_on_account, verify_siret};
pub use orders::{
    advance_order, cancel_order, list_staff_orders, load_staff_order, record_payment,
};
pub use staff::{create_staff, NewStaff};
