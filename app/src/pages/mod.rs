//! The site's pages, one module per area.
mod faq;
mod help;
mod home;
mod legal;
mod info;
mod not_found;
mod services;

pub use help::CollaboratorSpaceHelpPage;
pub use home::HomePage;
pub use faq::FaqPage;
pub use info::{BlogPage, ResourcesPage};
pub use legal::{LegalNoticePage, PrivacyPage, TermsPage};
pub use services::ServicesPage;
pub use not_found::NotFound;
