//! `/account/company`: the company of the account the person acts for.
mod addresses;
mod billing;
mod company;

pub use company::{CompanyInputs, CompanyPage};
