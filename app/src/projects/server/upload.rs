//! Uploading a design file: streamed from the multipart body to storage (20 MB at most), checked
//! against its kind, and made the project's file of that kind, within the account's storage
//! quota. An upload is an edit: it names the version it was made against and makes a new one.
use crate::{
    error::{AppError, ConflictCode},
    projects::types::{ProjectFile, UploadedFile},
    server::{
        db::{
            projects::{edit_conflict, forget_stored, project_for_update},
            unix,
        },
        session::{self, Member},
        state, NewFile,
    },
};
use leptos::server_fn::codec::MultipartData;
use shared::{safe_file_name, FieldError, FileKind, MAX_FILE_BYTES};
use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

/// How much of a file's beginning the type check reads.
const HEAD_BYTES: usize = 8 * 1024;

/// The parts of an upload, in any order; the file is in storage already, not yet finished.
#[derive(Default)]
struct Upload {
    project_id: Option<Uuid>,
    version: Option<i32>,
    kind: Option<FileKind>,
    file: Option<Streamed>,
}

/// A file as it was streamed to storage: what the checks need, and the unfinished file
/// (dropped, it leaves nothing).
struct Streamed {
    id: Uuid,
    storage_key: String,
    file_name: String,
    size_bytes: u64,
    head: Vec<u8>,
    /// Taken by [`upload_file`], which finishes or aborts it.
    stored: Option<Box<dyn NewFile>>,
}

async fn read_upload(data: MultipartData, account_id: Uuid) -> Result<Upload, AppError> {
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
            // A form posted without a chosen file sends an empty part with no name: no file.
            Some("file") if field.file_name().is_none_or(str::is_empty) => {}
            Some("file") => {
                let id = Uuid::new_v4();
                let storage_key = format!("{account_id}/{id}");
                let mut stored = state().files.create(&storage_key).await?;
                let mut size_bytes = 0u64;
                let mut head = Vec::new();
                // Each chunk goes to storage as it arrives; only the head is kept, for the check.
                while let Some(chunk) = field.chunk().await.map_err(malformed)? {
                    size_bytes += chunk.len() as u64;
                    if size_bytes > MAX_FILE_BYTES {
                        stored.abort().await;
                        return Err(AppError::field("file", FieldError::FileTooLarge));
                    }
                    let wanted = HEAD_BYTES.saturating_sub(head.len()).min(chunk.len());
                    head.extend_from_slice(&chunk[..wanted]);
                    stored.write(&chunk).await?;
                }
                upload.file = Some(Streamed {
                    id,
                    storage_key,
                    file_name: safe_file_name(field.file_name().unwrap_or_default()),
                    size_bytes,
                    head,
                    stored: Some(stored),
                });
            }
            _ => {}
        }
    }
    Ok(upload)
}

/// A checked file, about to be recorded.
struct NewFileRow {
    id: Uuid,
    project_id: Uuid,
    kind: FileKind,
    file_name: String,
    size_bytes: i64,
    storage_key: String,
}

pub async fn upload_file(data: MultipartData) -> Result<UploadedFile, AppError> {
    let member = session::require_member().await?;
    let mut upload = read_upload(data, member.account_id).await?;
    // A refused upload's parts are deleted before the answer, so that nothing of it remains
    // when the person (or a test) looks.
    let mut stored = upload.file.as_mut().and_then(|file| file.stored.take());
    let result = record_upload(&member, upload, &mut stored).await;
    if let (Err(_), Some(file)) = (&result, stored.take()) {
        file.abort().await;
    }
    result
}

async fn record_upload(
    member: &session::Member,
    upload: Upload,
    stored: &mut Option<Box<dyn NewFile>>,
) -> Result<UploadedFile, AppError> {
    let project_id = upload.project_id.ok_or(AppError::NotFound)?;
    let version = upload
        .version
        .ok_or_else(|| AppError::field("version", FieldError::Required))?;
    let kind = upload
        .kind
        .ok_or_else(|| AppError::field("kind", FieldError::Required))?;
    let streamed = upload
        .file
        .ok_or_else(|| AppError::field("file", FieldError::Required))?;
    kind.check(&streamed.file_name, streamed.size_bytes, &streamed.head)
        .map_err(|code| AppError::field("file", code))?;

    let state = state();
    let mut tx = state.pool.begin().await?;
    let member = session::lock_membership(&mut tx, member).await?;
    // Uploads to one account wait for each other here: the quota is checked on the files that
    // committed, and two uploads cannot both fit in the room that one leaves.
    lock_account(&mut tx, member.account_id).await?;
    let project = project_for_update(&mut tx, member.account_id, project_id).await?;
    // Made against an older version: the same answer as a stale save.
    if project.version != version {
        return Err(edit_conflict(&mut tx, member.account_id, project_id).await?);
    }
    let file = NewFileRow {
        id: streamed.id,
        project_id,
        kind,
        file_name: streamed.file_name,
        size_bytes: streamed.size_bytes as i64,
        storage_key: streamed.storage_key,
    };
    let replaced = replace_current(&mut tx, &member, &file).await?;
    // Counted after the file it replaces is gone: replacing a file needs room for the change.
    let used = stored_bytes(&mut tx, member.account_id).await?;
    if used > i64::try_from(state.config.storage_quota_bytes).unwrap_or(i64::MAX) {
        return Err(AppError::conflict(
            "file",
            ConflictCode::StorageQuotaExceeded,
        ));
    }
    let version = new_version(&mut tx, &member, project_id).await?;
    // The bytes are readable before their row exists, and removed if the row never commits.
    stored
        .take()
        .ok_or_else(|| AppError::field("file", FieldError::Required))?
        .finish()
        .await?;
    if let Err(error) = tx.commit().await {
        let _ = state.files.delete(&file.storage_key).await;
        return Err(error.into());
    }
    forget_stored(replaced).await;
    Ok(UploadedFile {
        file: ProjectFile {
            id: file.id,
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

/// Locks the customer account's row against other uploads (`FOR NO KEY UPDATE`: rows that
/// merely refer to the account, such as orders being placed, do not wait).
pub(super) async fn lock_account(tx: &mut PgConnection, account_id: Uuid) -> Result<(), AppError> {
    sqlx::query_scalar!(
        "SELECT id FROM customer_accounts WHERE id = $1 FOR NO KEY UPDATE",
        account_id,
    )
    .fetch_optional(tx)
    .await?
    .map(|_| ())
    .ok_or(AppError::NotFound)
}

/// The bytes of every design file the account keeps: its projects' and its orders' and
/// requests' (the index `project_files_account_size` answers it alone).
pub(super) async fn stored_bytes(
    tx: &mut PgConnection,
    account_id: Uuid,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT COALESCE(sum(size_bytes), 0)::bigint AS "used!"
           FROM project_files WHERE account_id = $1"#,
        account_id,
    )
    .fetch_one(tx)
    .await
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
    file: &NewFileRow,
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
