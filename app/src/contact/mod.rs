//! The public contact form (`/contact`): anyone writes to the manufacturer, without an account.
//! A message is stored, e-mailed to every staff person through the outbox, acknowledged to its
//! sender in the page's language, and listed in the back-office (`/backoffice/messages`).
pub mod api;
pub mod forms;
mod pages;
#[cfg(feature = "ssr")]
mod server;
pub mod types;

pub use pages::{ContactPage, StaffMessagesPage};
