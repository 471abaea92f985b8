//! TEMPORARY: orders/backoffice still import this on this branch. The orders' redesign reads
//! projects and files through `crate::server::db::projects` instead; this file goes once it is
//! merged (like `components::legacy`).
use crate::{
    error::AppError,
    projects::types::ProjectFile,
    server::{db, session::Member},
};
use shared::FileKind;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

pub(crate) use crate::server::db::{projects::ProjectRow, unix};

/// The columns of [`ProjectRow`], for the orders' unchecked queries.
pub(crate) const PROJECT_COLUMNS: &str =
    "p.id, p.name, p.service, p.quantity, p.layers, p.width_mm, p.height_mm, p.thickness, \
     p.finish, p.mask, p.notes, p.version";

/// SQL for "First Last" of the user joined as `alias` (NULL for a deleted person).
pub(crate) fn full_name_sql(alias: &str) -> String {
    format!("nullif(concat_ws(' ', {alias}.first_name, {alias}.last_name), '')")
}

pub(crate) fn file_columns() -> String {
    format!(
        "f.id, f.kind, f.file_name, f.size_bytes, {} AS uploaded_by, f.uploaded_at",
        full_name_sql("u")
    )
}

#[derive(sqlx::FromRow)]
pub(crate) struct FileRow {
    id: Uuid,
    kind: FileKind,
    file_name: String,
    size_bytes: i64,
    uploaded_by: Option<String>,
    uploaded_at: OffsetDateTime,
}

impl FileRow {
    pub fn into_file(self) -> Result<ProjectFile, AppError> {
        Ok(ProjectFile {
            id: self.id,
            kind: self.kind,
            file_name: self.file_name,
            size_bytes: self.size_bytes,
            uploaded_by: self.uploaded_by,
            uploaded_at: unix(self.uploaded_at),
        })
    }
}

pub(crate) async fn project_for_update(
    tx: &mut PgConnection,
    member: &Member,
    project_id: Uuid,
) -> Result<ProjectRow, AppError> {
    db::projects::project_for_update(tx, member.account_id, project_id).await
}

pub(crate) async fn edit_conflict(
    pool: &PgPool,
    member: &Member,
    project_id: Uuid,
) -> Result<AppError, AppError> {
    db::projects::edit_conflict(pool, member.account_id, project_id).await
}
