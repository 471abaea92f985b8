//! The collaborator space's pages: "Mes collaborateurs" and the creation of a collaborator.
mod create;
mod members;
mod permissions;
mod requests;
mod space;

pub use create::NewCollaboratorPage;
#[cfg(feature = "ssr")]
pub(super) use permissions::permissions_summary;
pub use space::CollaboratorsPage;
