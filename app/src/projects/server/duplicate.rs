//! Duplicating a project: a copy in the same account, named "… (copie)", at version 1, with
//! copies of its current design files, within the account's storage quota.
use super::upload::{lock_account, stored_bytes};
use crate::{
    error::{AppError, ConflictCode},
    server::{db::users::locale_or_default, session, state},
};
use shared::{BoardThickness, FileKind, Service, SolderMask, SurfaceFinish};
use uuid::Uuid;

/// Longest project name (as `shared::ProjectName` keeps it).
const MAX_NAME_CHARS: usize = 100;

/// "Carte capteur (copie)", cut so that the whole stays a project name.
fn copy_name(name: &str, suffix: &str) -> String {
    let room = MAX_NAME_CHARS.saturating_sub(suffix.chars().count() + 1);
    let base: String = name.chars().take(room).collect();
    format!("{} {suffix}", base.trim_end())
}

pub async fn duplicate_project(project_id: Uuid) -> Result<Uuid, AppError> {
    let member = session::require_member().await?;
    let state = state();
    let mut tx = state.pool.begin().await?;
    let member = session::lock_membership(&mut tx, &member).await?;
    // Copies count against the quota: uploads and duplicates of the account wait for each other.
    lock_account(&mut tx, member.account_id).await?;
    let source = sqlx::query!(
        r#"SELECT name, service AS "service: Service", quantity, layers, width_mm, height_mm,
                  thickness AS "thickness: BoardThickness", finish AS "finish: SurfaceFinish",
                  mask AS "mask: SolderMask", notes
           FROM projects WHERE id = $1 AND account_id = $2"#,
        project_id,
        member.account_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let files = sqlx::query!(
        r#"SELECT kind AS "kind: FileKind", file_name, size_bytes, storage_key
           FROM project_files WHERE project_id = $1 AND current ORDER BY kind"#,
        project_id,
    )
    .fetch_all(&mut *tx)
    .await?;
    let added: i64 = files.iter().map(|file| file.size_bytes).sum();
    let used = stored_bytes(&mut tx, member.account_id).await?;
    if used + added > i64::try_from(state.config.storage_quota_bytes).unwrap_or(i64::MAX) {
        return Err(AppError::conflict(
            "file",
            ConflictCode::StorageQuotaExceeded,
        ));
    }
    let suffix = match locale_or_default(&member.user.locale) {
        crate::i18n::Locale::fr => "(copie)",
        crate::i18n::Locale::en => "(copy)",
    };
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO projects (id, account_id, name, service, quantity, layers, width_mm,
                               height_mm, thickness, finish, mask, notes, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
        id,
        member.account_id,
        copy_name(&source.name, suffix),
        source.service as Service,
        source.quantity,
        source.layers,
        source.width_mm,
        source.height_mm,
        source.thickness as BoardThickness,
        source.finish as SurfaceFinish,
        source.mask as SolderMask,
        source.notes,
        member.user.id,
    )
    .execute(&mut *tx)
    .await?;
    let mut copied = Vec::with_capacity(files.len());
    let mut result = Ok(());
    for file in &files {
        let file_id = Uuid::new_v4();
        let key = format!("{}/{file_id}", member.account_id);
        if let Err(error) = state.files.copy(&file.storage_key, &key).await {
            result = Err(AppError::from(error));
            break;
        }
        copied.push(key.clone());
        if let Err(error) = sqlx::query!(
            "INSERT INTO project_files (id, account_id, project_id, kind, file_name, size_bytes,
                                        storage_key, uploaded_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            file_id,
            member.account_id,
            id,
            file.kind as FileKind,
            file.file_name,
            file.size_bytes,
            key,
            member.user.id,
        )
        .execute(&mut *tx)
        .await
        {
            result = Err(error.into());
            break;
        }
    }
    if result.is_ok() {
        result = tx.commit().await.map_err(AppError::from);
    }
    if let Err(error) = result {
        // No row names the copies: they go now (the sweep would, later).
        for key in copied {
            let _ = state.files.delete(&key).await;
        }
        return Err(error);
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_keeps_its_name_within_the_limit() {
        assert_eq!(
            copy_name("Carte capteur", "(copie)"),
            "Carte capteur (copie)"
        );
        let long = "x".repeat(100);
        let copy = copy_name(&long, "(copy)");
        assert_eq!(copy.chars().count(), 100);
        assert!(copy.ends_with(" (copy)"));
    }
}
