//! The account home (`/account`): what needs the person now, in the order they would act
//! (purchase requests to decide, people waiting for an answer, orders to pay, projects missing
//! a design file), then their recent orders and projects. Each block follows the rules of the
//! full list it links to: nothing here shows more than that list would.
pub mod api;
mod page;
#[cfg(feature = "ssr")]
mod server;
pub mod types;

pub use page::AccountHomePage;
