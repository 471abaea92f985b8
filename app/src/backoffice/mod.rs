//! The manufacturer's back-office: every customer's orders, payments, progress, and payment on
//! account, for staff only.
pub mod api;
mod pages;
#[cfg(feature = "ssr")]
mod server;
pub mod types;

#[cfg(feature = "ssr")]
pub use server::{create_staff, NewStaff};

pub use pages::{
    BackofficePage, CustomerAccountsPage, StaffDocumentsPage, StaffGate, StaffOrderPage,
};
