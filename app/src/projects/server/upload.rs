//! Uploading a design file: read from the multipart body (20 MB at most), checked against its
//! kind, stored, and made the project's file of that kind. An upload is an edit: it names the
//! version it was made against and makes a new one.
use crate::{
    error::AppError,
    projects::types::{ProjectFile, UploadedFile},
    server::{
        db::{
            projects::{edit_conflict, forget_stored, project_for_update},
            unix,
        },
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
    version: Option<i32>,
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
            Some("version") => {
                let text = field.text().await.map_err(malformed)?;
                let version = text.trim().parse().map_err(|_| {
                    let code = if text.trim().is_empty() {
                        FieldError::Required
                    } else {
                        FieldError::NotANumber
                    };
                    AppError::field("version", code)
                })?;
                upload.version = Some(version);
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

pub async fn upload_file(data: MultipartData) -> Result<UploadedFile, AppError> {
    let member = session::require_member().await?;
    let upload = read_upload(data).await?;
    let project_id = upload.project_id.ok_or(AppError::NotFound)?;
    let version = upload
        .version
        .ok_or_else(|| AppError::field("version", FieldError::Required))?;
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
    let member = session::lock_membership(&mut tx, &member).await?;
    let project = project_for_update(&mut tx, member.account_id, project_id).await?;
    // Made against an older version: the same answer as a stale save.
    if project.version != version {
        return Err(edit_conflict(&mut tx, member.account_id, project_id).await?);
    }
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
        let version = new_version(&mut tx, &member, project_id).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>((replaced, version))
    }
    .await;
    let (replaced, version) = match stored {
        Ok(stored) => stored,
        Err(error) => {
            // The bytes without their row would never be reachable: remove them.
            let _ = state.files.delete(&file.storage_key).await;
            return Err(error.into());
        }
    };
    forget_stored(replaced).await;
    Ok(UploadedFile {
        file: ProjectFile {
            id,
            kind,
            file_name: file.file_name,
            size_bytes: file.size_bytes,
            uploaded_by: Some(format!(
                "{} {}",
                member.user.first_name, member.user.last_name
            )),
            uploaded_at: unix(OffsetDateTime::now_utc()),
        },
        version,
    })
}

/// The project's next version, made by `member` now.
async fn new_version(
    tx: &mut PgConnection,
    member: &Member,
    project_id: Uuid,
) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar!(
        "UPDATE projects SET version = version + 1, updated_by = $2, updated_at = now()
         WHERE id = $1 RETURNING version",
        project_id,
        member.user.id,
    )
    .fetch_one(tx)
    .await
}

/// Makes `file` the project's current file of its kind; answers the storage keys of the files
/// it replaces that no order and no purchase request keeps (their rows are gone: the bytes go
/// next).
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
    // The file it replaces is forgotten, unless an order or a request keeps it.
    sqlx::query_scalar!(
        "DELETE FROM project_files f
         WHERE f.project_id = $1 AND f.kind = $2 AND NOT f.current
           AND NOT EXISTS (SELECT 1 FROM order_files o WHERE o.file_id = f.id)
           AND NOT EXISTS (SELECT 1 FROM purchase_request_files r WHERE r.file_id = f.id)
         RETURNING f.storage_key",
        file.project_id,
        file.kind as FileKind,
    )
    .fetch_all(&mut *tx)
    .await
}
