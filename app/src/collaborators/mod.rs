//! The collaborator space ("Espace collaborateurs"): the holder creates collaborator accounts or
//! accepts requests to join, sets each collaborator's permissions, and follows what happened.
pub mod api;
mod create;
pub mod forms;
mod page;
mod permissions;
#[cfg(feature = "ssr")]
mod server;

pub use create::NewCollaboratorPage;
pub use page::CollaboratorsPage;
