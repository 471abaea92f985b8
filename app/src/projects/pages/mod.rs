//! The projects' pages: "Mes projets", and a project's page with its form, its instant quote,
//! its design files and ordering it.
mod controls;
mod edit;
mod files;
mod list;
mod order;
mod quote;

pub use edit::ProjectPage;
pub use list::ProjectsPage;
