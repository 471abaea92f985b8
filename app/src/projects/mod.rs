//! Projects: the boards an account works on together. Every active member creates and changes
//! them (a version number prevents silent overwrites), uploads the design files, sees an instant
//! quote, and orders the project or asks a buyer to.
pub mod api;
mod edit;
#[cfg(feature = "ssr")]
pub mod files;
pub mod forms;
mod list;
#[cfg(feature = "ssr")]
pub(crate) mod server;
pub mod types;

pub use edit::ProjectPage;
pub use list::ProjectsPage;
