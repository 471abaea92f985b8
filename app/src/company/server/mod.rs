//! What the company's server functions do, on the server only.
mod addresses;
mod billing;
mod details;
mod open;

pub use addresses::{
    delete_address, list_addresses, save_address, set_default_address, update_address,
};
pub use billing::{load_billing, save_billing};
pub use details::save_company;
pub use open::open_company_account;
