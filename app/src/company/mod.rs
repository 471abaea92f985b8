//! The company of a customer account: its holder adds or corrects the company's name and
//! SIRET (one account per SIRET; staff check it in the back-office) and its billing details,
//! the holder and the buyers keep its address book, and a person who holds no
//! account opens one of their own. What the page shows comes with the person's `Me` (the
//! active account, its SIRET and whether staff checked it).
pub mod api;
pub mod forms;
mod pages;
#[cfg(feature = "ssr")]
mod server;
pub mod types;

pub use pages::{CompanyInputs, CompanyPage};
