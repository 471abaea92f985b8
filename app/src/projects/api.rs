//! The projects' server functions: public endpoints under `/api/projects/…`. Every active
//! member of the account may create, read and change the account's projects; each function
//! checks the session and the membership itself, and a project of another account answers
//! like an unknown one (404).
use super::{
    forms::ProjectForm,
    types::{ProjectDetail, ProjectSummary, UploadedFile},
};
use crate::error::AppError;
use crate::plain_forms::JsonOrForm;
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};
use shared::list::{ListQuery, Page, ProjectFilter};
use uuid::Uuid;

/// A page of the account's projects, most recently changed first unless sorted otherwise,
/// searched by name and filtered by service (`shared::list`).
#[server(prefix = "/api", endpoint = "projects/list", input = Json)]
pub async fn list_projects(
    #[server(default)] query: ListQuery<ProjectFilter>,
) -> Result<Page<ProjectSummary>, AppError> {
    super::server::list_projects(query).await
}

/// One project of the account.
#[server(prefix = "/api", endpoint = "projects/get", input = Json)]
pub async fn load_project(project_id: Uuid) -> Result<ProjectDetail, AppError> {
    super::server::load_project(project_id).await
}

/// Creates a project; answers its id.
#[server(prefix = "/api", endpoint = "projects/create", input = JsonOrForm)]
pub async fn create_project(form: ProjectForm) -> Result<Uuid, AppError> {
    let id = super::server::create_project(form).await?;
    crate::plain_forms::server::then_show(&format!("/account/projects/{id}"));
    Ok(id)
}

/// A copy of the project in the same account ("… (copie)"), with copies of its current design
/// files, at version 1; answers its id. 409 `storage_quota_exceeded` when the copies do not fit.
#[server(prefix = "/api", endpoint = "projects/duplicate", input = JsonOrForm)]
pub async fn duplicate_project(project_id: Uuid) -> Result<Uuid, AppError> {
    let copy = super::server::duplicate_project(project_id).await?;
    crate::plain_forms::server::then_show(&format!("/account/projects/{copy}"));
    Ok(copy)
}

/// Saves a project loaded at `version`; answers the new version. If someone saved it since:
/// `EditConflict` with who and when, and nothing is changed.
#[server(prefix = "/api", endpoint = "projects/save", input = JsonOrForm)]
pub async fn save_project(
    project_id: Uuid,
    version: i32,
    form: ProjectForm,
) -> Result<i32, AppError> {
    super::server::save_project(project_id, version, form).await
}

/// Uploads a design file: a multipart form with `project_id`, `version` (the project's version
/// the upload was made against), `kind` (`gerber`, `bom`, `pick_and_place`) and `file` (20 MB
/// at most, of the kind's types). It replaces the project's file of that kind (orders and
/// purchase requests keep theirs) and makes a new version, which it answers with the file. If
/// someone changed the project since `version`: `EditConflict` with who and when.
#[server(prefix = "/api", endpoint = "projects/upload", input = MultipartFormData)]
pub async fn upload_file(data: MultipartData) -> Result<UploadedFile, AppError> {
    super::server::upload_file(data).await
}
