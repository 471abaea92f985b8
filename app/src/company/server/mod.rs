//! What the company's server functions do, on the server only.
mod details;
mod open;

pub use details::save_company;
pub use open::open_company_account;
