//! The projects' server functions: public endpoints under `/api/projects/…`. Every active
//! member of the account may create, read and change the account's projects; each function
//! checks the session and the membership itself, and a project of another account answers
//! like an unknown one (404).
use super::forms::{OrderForm, ProjectForm};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};
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
    /// The version the form was loaded at; a save names it (no silent overwrite).
    pub version: i32,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub updated_by: Option<String>,
    pub updated_at: i64,
    /// The current design files, at most one per kind.
    pub files: Vec<ProjectFile>,
    /// The delivery address of the account's last order, to prefill the order form.
    pub last_delivery: Option<OrderForm>,
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

/// Where a file is downloaded from (a plain GET, checked like the server functions).
pub fn file_url(file_id: Uuid) -> String {
    format!("/api/files/{file_id}")
}

/// The account's projects, most recently changed first.
#[server(prefix = "/api", endpoint = "projects/list", input = Json)]
pub async fn list_projects() -> Result<Vec<ProjectSummary>, AppError> {
    super::server::list_projects().await
}

/// One project of the account.
#[server(prefix = "/api", endpoint = "projects/get", input = Json)]
pub async fn load_project(project_id: Uuid) -> Result<ProjectDetail, AppError> {
    super::server::load_project(project_id).await
}

/// Creates a project; answers its id.
#[server(prefix = "/api", endpoint = "projects/create", input = Json)]
pub async fn create_project(form: ProjectForm) -> Result<Uuid, AppError> {
    super::server::create_project(form).await
}

/// Saves a project loaded at `version`; answers the new version. If someone saved it since:
/// `EditConflict` with who and when, and nothing is changed.
#[server(prefix = "/api", endpoint = "projects/save", input = Json)]
pub async fn save_project(
    project_id: Uuid,
    version: i32,
    form: ProjectForm,
) -> Result<i32, AppError> {
    super::server::save_project(project_id, version, form).await
}

/// Uploads a design file: a multipart form with `project_id`, `kind` (`gerber`, `bom`,
/// `pick_and_place`) and `file` (20 MB at most, of the kind's types). It replaces the
/// project's file of that kind; orders keep the file they were placed with.
#[server(prefix = "/api", endpoint = "projects/upload", input = MultipartFormData)]
pub async fn upload_file(data: MultipartData) -> Result<ProjectFile, AppError> {
    super::server::upload_file(data).await
}
