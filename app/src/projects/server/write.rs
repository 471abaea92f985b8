//! Creating a project, and saving it without overwriting someone else's change.
use crate::{
    error::AppError,
    issues::Form,
    projects::forms::ProjectForm,
    server::{db::projects::edit_conflict, session, state},
};
use shared::{BoardThickness, Service, SolderMask, SurfaceFinish};
use uuid::Uuid;

pub async fn create_project(form: ProjectForm) -> Result<Uuid, AppError> {
    let member = session::require_member().await?;
    let project = form.parse()?;
    let board = &project.board;
    let id = Uuid::new_v4();
    let mut tx = state().pool.begin().await?;
    // Still an active member when the project is written.
    let member = session::lock_membership(&mut tx, &member).await?;
    sqlx::query!(
        "INSERT INTO projects (id, account_id, name, service, quantity, layers, width_mm,
                               height_mm, thickness, finish, mask, notes, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
        id,
        member.account_id,
        project.name.as_str(),
        project.service as Service,
        project.quantity.get() as i32,
        i16::from(board.layers.get()),
        board.width.get() as i16,
        board.height.get() as i16,
        board.thickness as BoardThickness,
        board.finish as SurfaceFinish,
        board.mask as SolderMask,
        project.notes.as_str(),
        member.user.id,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn save_project(
    project_id: Uuid,
    version: i32,
    form: ProjectForm,
) -> Result<i32, AppError> {
    let member = session::require_member().await?;
    let project = form.parse()?;
    let board = &project.board;
    let mut tx = state().pool.begin().await?;
    let member = session::lock_membership(&mut tx, &member).await?;
    // Only the version the person loaded is replaced: of two saves from it, one wins.
    let saved = sqlx::query_scalar!(
        "UPDATE projects SET name = $4, service = $5, quantity = $6, layers = $7, width_mm = $8,
                height_mm = $9, thickness = $10, finish = $11, mask = $12, notes = $13,
                version = version + 1, updated_by = $14, updated_at = now()
         WHERE id = $1 AND account_id = $2 AND version = $3
         RETURNING version",
        project_id,
        member.account_id,
        version,
        project.name.as_str(),
        project.service as Service,
        project.quantity.get() as i32,
        i16::from(board.layers.get()),
        board.width.get() as i16,
        board.height.get() as i16,
        board.thickness as BoardThickness,
        board.finish as SurfaceFinish,
        board.mask as SolderMask,
        project.notes.as_str(),
        member.user.id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    match saved {
        Some(version) => {
            tx.commit().await?;
            Ok(version)
        }
        None => Err(edit_conflict(&mut tx, member.account_id, project_id).await?),
    }
}
