//! What surrounds every page: the public header with the language switch, the footer, and the
//! account area's left-hand menu.
mod account;
mod header;

pub use account::AccountLayout;
pub use header::{SiteFooter, SiteHeader};
