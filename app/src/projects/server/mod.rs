//! What the projects' server functions do, on the server only. Every function starts from
//! `require_member` and only touches the caller's active account's projects.
pub mod download;
mod duplicate;
mod read;
mod upload;
mod write;

pub use duplicate::duplicate_project;
pub use read::{list_projects, load_project};
pub use upload::upload_file;
pub use write::{create_project, save_project};
