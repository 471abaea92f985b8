//! The site's pages, one module per area.
mod help;
mod home;
mod info;
mod not_found;

pub use help::CollaboratorSpaceHelpPage;
pub use home::HomePage;
pub use info::{BlogPage, ContactPage, FaqPage, ResourcesPage, ServicesPage};
pub use not_found::NotFound;
