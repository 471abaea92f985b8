//! Uploading a design file: read from the multipart body (20 MB at most), checked against its
//! kind, stored, and made the project's file of that kind.
use crate::{
    error::AppError,
    projects::types::ProjectFile,
    server::{
        db::{projects::project_for_update, unix},
        session::{self, Member},
        state, OrInternal,
    },
};
use leptos::server_fn::codec::MultipartData;
use shared::{safe_file_name, FieldError, FileKind, MAX_FILE_BYTES};
use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

/// How much of a file's beginning the type check reads.
const HEAD_BYTES: usize = 8 * 1024;

/// The parts of an upload, read in order; the file is read last and at most 20 MB of it.
#[derive(Default)]
struct Upload {
    project_id: Option<Uuid>,
    kind: Option<FileKind>,
    file: Option<(String, Vec<u8>)>,
}

async fn read_upload(data: MultipartData) -> Result<Upload, AppError> {
    let Some(mut multipart) = data.into_inner() else {
        return Err(AppError::Validation(Vec::new()));
    };
    let mut upload = Upload::default();
    // A malformed body is the sender's mistake: 400, not 500.
    let malformed = |_| AppError::Validation(Vec::new());
    while let Some(mut field) = multipart.next_field().await.map_err(malformed)? {
        match field.name() {
            Some("project_id") => {
                let text = field.text().await.map_err(malformed)?;
                upload.project_id = Some(text.trim().parse().map_err(|_| AppError::NotFound)?);
            }
            Some("kind") => {
                let text = field.text().await.map_err(malformed)?;
                upload.kind =
                    Some(FileKind::parse(&text).map_err(|code| AppError::field("kind", code))?);
            }
            Some("file") => {
                let name = safe_file_name(field.file_name().unwrap_or_default());
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(malformed)? {
                    if (bytes.len() + chunk.len()) as u64 > MAX_FILE_BYTES {
                        return Err(AppError::field("file", FieldError::FileTooLarge));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                upload.file = Some((name, bytes));
            }
            _ => {}
        }
    }
    Ok(upload)
}

/// A checked file, about to be stored.
struct NewFile {
    id: Uuid,
    project_id: Uuid,
    kind: FileKind,
    file_name: String,
    size_bytes: i64,
    storage_key: String,
}

pub async fn upload_file(data: MultipartData) -> Result<ProjectFile, AppError> {
    let member = session::require_member().await?;
    let upload = read_upload(data).await?;
    let project_id = upload.project_id.ok_or(AppError::NotFound)?;
    let kind = upload
        .kind
        .ok_or_else(|| AppError::field("kind", FieldError::Required))?;
    let (file_name, bytes) = upload
        .file
        .ok_or_else(|| AppError::field("file", FieldError::Required))?;
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    kind.check(&file_name, bytes.len() as u64, head)
        .map_err(|code| AppError::field("file", code))?;

    let state = state();
    let mut tx = state.pool.begin().await?;
    project_for_update(&mut tx, member.account_id, project_id).await?;
    let id = Uuid::new_v4();
    let file = NewFile {
        id,
        project_id,
        kind,
        file_name,
        size_bytes: bytes.len() as i64,
        storage_key: format!("{}/{id}", member.account_id),
    };
    state
        .files
        .put(&file.storage_key, bytes)
        .await
        .or_internal()?;
    let stored = async {
        let replaced = replace_current(&mut tx, &member, &file).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(replaced)
    }
    .await;
    let replaced = match stored {
        Ok(replaced) => replaced,
        Err(error) => {
            // The bytes without their row would never be reachable: remove them.
            let _ = state.files.delete(&file.storage_key).await;
            return Err(error.into());
        }
    };
    for old in replaced {
        if let Err(error) = state.files.delete(&old).await {
            tracing::warn!(%error, key = old, "replaced design file not deleted");
        }
    }
    Ok(ProjectFile {
        id,
        kind,
        file_name: file.file_name,
        size_bytes: file.size_bytes,
        uploaded_by: Some(format!(
            "{} {}",
            member.user.first_name, member.user.last_name
        )),
        uploaded_at: unix(OffsetDateTime::now_utc()),
    })
}

/// Makes `file` the project's current file of its kind; answers the storage keys of the files
/// it replaces that no order was placed with (their rows are gone: the bytes go next).
async fn replace_current(
    tx: &mut PgConnection,
    member: &Member,
    file: &NewFile,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query!(
        "UPDATE project_files SET current = false
         WHERE project_id = $1 AND kind = $2 AND current",
        file.project_id,
        file.kind as FileKind,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO project_files
             (id, account_id, project_id, kind, file_name, size_bytes, storage_key, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        file.id,
        member.account_id,
        file.project_id,
        file.kind as FileKind,
        file.file_name,
        file.size_bytes,
        file.storage_key,
        member.user.id,
    )
    .execute(&mut *tx)
    .await?;
    // The file it replaces is forgotten, unless an order was placed with it.
    sqlx::query_scalar!(
        "DELETE FROM project_files f
         WHERE f.project_id = $1 AND f.kind = $2 AND NOT f.current
           AND NOT EXISTS (SELECT 1 FROM order_files o WHERE o.file_id = f.id)
         RETURNING f.storage_key",
        file.project_id,
        file.kind as FileKind,
    )
    .fetch_all(&mut *tx)
    .await
}
