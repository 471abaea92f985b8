//! Projects and their design files as orders read them too: the project an order is placed
//! from, its files, and who changed it last.
use super::unix;
use crate::{
    error::AppError,
    projects::forms::ValidProject,
    server::{internal, state},
};
use shared::{
    BoardSpec, BoardThickness, FileKind, LayerCount, Millimetres, ProjectName, ProjectNotes,
    Quantity, Service, SolderMask, SurfaceFinish,
};
use sqlx::PgConnection;
use uuid::Uuid;

/// A project row; its columns only hold what the parsers accepted.
pub struct ProjectRow {
    pub id: Uuid,
    pub name: String,
    pub service: Service,
    pub quantity: i32,
    pub layers: i16,
    pub width_mm: i16,
    pub height_mm: i16,
    pub thickness: BoardThickness,
    pub finish: SurfaceFinish,
    pub mask: SolderMask,
    pub notes: String,
    pub version: i32,
}

impl ProjectRow {
    /// Parses the stored values again: a row that no longer parses is our bug, not the user's.
    pub fn parse(&self) -> Result<ValidProject, AppError> {
        let number = |value: i64| value.to_string();
        let project = (|| {
            Ok::<_, shared::FieldError>(ValidProject {
                name: ProjectName::parse(&self.name)?,
                service: self.service,
                quantity: Quantity::parse(&number(self.quantity.into()))?,
                board: BoardSpec {
                    layers: LayerCount::parse(&number(self.layers.into()))?,
                    width: Millimetres::parse(&number(self.width_mm.into()))?,
                    height: Millimetres::parse(&number(self.height_mm.into()))?,
                    thickness: self.thickness,
                    finish: self.finish,
                    mask: self.mask,
                },
                notes: ProjectNotes::parse(&self.notes)?,
            })
        })();
        project.map_err(|code| internal(format!("project {} does not parse: {code}", self.id)))
    }
}

/// The project `project_id` of `account_id`, locked for the rest of the transaction; another
/// account's project is `NotFound`, like an unknown one.
pub async fn project_for_update(
    tx: &mut PgConnection,
    account_id: Uuid,
    project_id: Uuid,
) -> Result<ProjectRow, AppError> {
    sqlx::query_as!(
        ProjectRow,
        r#"SELECT id, name, service AS "service: Service", quantity, layers, width_mm, height_mm,
                  thickness AS "thickness: BoardThickness", finish AS "finish: SurfaceFinish",
                  mask AS "mask: SolderMask", notes, version
           FROM projects WHERE id = $1 AND account_id = $2 FOR UPDATE"#,
        project_id,
        account_id,
    )
    .fetch_optional(tx)
    .await?
    .ok_or(AppError::NotFound)
}

/// Why a save, an upload or an order naming an old version of the project was refused: who
/// changed it last, and when (read in the refused transaction, which writes nothing).
pub async fn edit_conflict(
    tx: &mut PgConnection,
    account_id: Uuid,
    project_id: Uuid,
) -> Result<AppError, AppError> {
    let changed = sqlx::query!(
        r#"SELECT u.full_name AS "by?", p.updated_at
           FROM projects p LEFT JOIN users u ON u.id = p.updated_by
           WHERE p.id = $1 AND p.account_id = $2"#,
        project_id,
        account_id,
    )
    .fetch_optional(tx)
    .await?;
    Ok(match changed {
        Some(changed) => AppError::EditConflict {
            by: changed.by.unwrap_or_default(),
            at: unix(changed.updated_at),
        },
        None => AppError::NotFound,
    })
}

/// A design file as an order or a purchase request keeps it: which one, of which kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileRef {
    pub id: Uuid,
    pub kind: FileKind,
}

/// The project's current design files, read inside the transaction that locked the project
/// (uploads lock it too, so they match the project's version).
pub async fn current_file_refs(
    tx: &mut PgConnection,
    project_id: Uuid,
) -> Result<Vec<FileRef>, AppError> {
    Ok(sqlx::query_as!(
        FileRef,
        r#"SELECT id, kind AS "kind: FileKind" FROM project_files
           WHERE project_id = $1 AND current ORDER BY kind"#,
        project_id
    )
    .fetch_all(tx)
    .await?)
}

/// Deletes the stored bytes of files whose rows are gone (after the commit that removed them);
/// a failure leaves an unreachable file behind, which is logged.
pub async fn forget_stored(storage_keys: Vec<String>) {
    for key in storage_keys {
        if let Err(error) = state().files.delete(&key).await {
            tracing::warn!(%error, key, "design file not deleted from the storage");
        }
    }
}
