//! The site's pages, one module per area.
mod help;
mod home;
mod info;
mod not_found;
mod services;

pub use help::CollaboratorSpaceHelpPage;
pub use home::HomePage;
pub use info::{BlogPage, ContactPage, FaqPage, ResourcesPage};
pub use services::ServicesPage;
pub use not_found::NotFound;
