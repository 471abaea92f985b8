//! The site's pages, one module per area.
mod faq;
mod help;
mod home;
mod info;
mod legal;
mod not_found;
mod services;

pub use faq::FaqPage;
pub use help::CollaboratorSpaceHelpPage;
pub use home::HomePage;
pub use info::{BlogPage, ResourcesPage};
pub use legal::{LegalNoticePage, PrivacyPage, TermsPage};
pub use not_found::NotFound;
pub use services::ServicesPage;
