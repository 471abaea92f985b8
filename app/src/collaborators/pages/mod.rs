//! The collaborator space's pages: "Mes collaborateurs", the creation of a collaborator and the
//! account's history.
mod create;
mod history;
mod members;
mod permissions;
mod requests;
mod space;

pub use create::NewCollaboratorPage;
pub use history::MembershipHistoryPage;
#[cfg(feature = "ssr")]
pub(super) use permissions::permissions_summary;
pub use space::CollaboratorsPage;
