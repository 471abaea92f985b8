//! The manufacturer's back-office: every customer's orders, payments, progress, and payment on
//! account, for staff only.
pub mod api;
mod page;
#[cfg(feature = "ssr")]
mod server;

#[cfg(feature = "ssr")]
pub use server::{create_staff, NewStaff};

pub use page::{BackofficePage, StaffOrderPage};
