//! Personal data: a person downloads everything the portal holds about them, as one JSON file
//! (`GET /api/account/personal-data`, a plain link that works without JavaScript).
#[cfg(feature = "ssr")]
mod export;

#[cfg(feature = "ssr")]
pub use export::routes;
