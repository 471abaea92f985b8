//! The customers' documents: quotes, pro-forma invoices, invoices and credit notes, listed and
//! downloaded by those who see their order (a project's quotes by every member), and by staff.
//! They are issued by `server::documents`; this folder lists, requests and serves them.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod types;
