//! The collaborator space ("Espace collaborateurs"): the holder creates collaborator accounts or
//! accepts requests to join, sets each collaborator's permissions, and follows what happened.
pub mod api;
pub mod forms;
mod pages;
#[cfg(feature = "ssr")]
mod server;
pub mod types;

pub use pages::{CollaboratorsPage, MembershipHistoryPage, NewCollaboratorPage};
