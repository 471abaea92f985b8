//! Personal data: a person downloads everything the portal holds about them, as one JSON file
//! (`GET /api/account/personal-data`, a plain link that works without JavaScript), and deletes
//! their account.
pub mod api;
#[cfg(feature = "ssr")]
mod delete;
#[cfg(feature = "ssr")]
mod export;
mod page;

#[cfg(feature = "ssr")]
pub use export::routes;
pub use page::DeleteAccountSection;
