//! What the projects' server functions answer.
use super::forms::{OrderForm, ProjectForm};
use serde::{Deserialize, Serialize};
use shared::{FileKind, Service};
use uuid::Uuid;

/// A line of the projects list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectSummary {
    pub id: Uuid,
    pub name: String,
    pub service: Service,
    pub quantity: u32,
    pub layers: u8,
    pub width_mm: u16,
    pub height_mm: u16,
    /// Design files attached now.
    pub files: i64,
    pub updated_by: Option<String>,
    /// Unix time.
    pub updated_at: i64,
}

/// A project as its page shows and edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectDetail {
    pub id: Uuid,
    pub form: ProjectForm,
    /// The version the form was loaded at; a save, an upload or an order names it (no silent
    /// overwrite).
    pub version: i32,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub updated_by: Option<String>,
    pub updated_at: i64,
    /// The current design files, at most one per kind.
    pub files: Vec<ProjectFile>,
    /// The address the order form opens with: the address book's default, else the delivery
    /// address of the person's last order.
    pub last_delivery: Option<OrderForm>,
    /// The account's address book, which the order form offers.
    pub address_book: Vec<crate::company::types::SavedAddress>,
}

/// An uploaded design file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFile {
    pub id: Uuid,
    pub kind: FileKind,
    pub file_name: String,
    pub size_bytes: i64,
    pub uploaded_by: Option<String>,
    pub uploaded_at: i64,
}

/// What an upload answers: the file stored, and beside its fields the project's new version
/// (an upload is an edit: the next save, upload or order names this one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedFile {
    #[serde(flatten)]
    pub file: ProjectFile,
    pub version: i32,
}

/// Where a file is downloaded from (a plain GET, checked like the server functions).
pub fn file_url(file_id: Uuid) -> String {
    format!("/api/files/{file_id}")
}
