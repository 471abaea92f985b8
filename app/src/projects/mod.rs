//! Projects: the boards an account works on together. Every active member creates and changes
//! them (a version number prevents silent overwrites), uploads the design files, sees an instant
//! quote, and orders the project or asks a buyer to.
pub mod api;
pub mod forms;
mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod server;
pub mod types;

/// The design files' download route (`files::routes`), which the server's router merges.
#[cfg(feature = "ssr")]
pub use server::download as files;

pub use pages::{ProjectPage, ProjectsPage};
