//! Downloading a design file: a plain GET (`/api/files/{id}`) so that a link can save it. It
//! checks, like the server functions, who asks: staff; a member of the file's account while
//! the file belongs to a project (projects are shared by the account); or someone who may see
//! an order placed with it (`order_readers`). Anything else answers 404, like an unknown file.
//! The bytes are streamed from storage to the response; a storage that is down answers 503
//! (`StorageUnavailable`).
use crate::{
    error::AppError,
    server::{attachment, download_refusal, session, AppState},
};
use axum::{
    body::Body,
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue},
    response::Response,
    routing::get,
    Router,
};
use shared::FileKind;
use tower_sessions::Session;
use uuid::Uuid;

/// The route, to merge into the server's router.
pub fn routes(state: AppState) -> Router {
    Router::new()
        .route("/api/files/{file_id}", get(download))
        .with_state(state)
}

async fn download(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(file_id): Path<String>,
) -> Response {
    match serve(&state, &session, &file_id).await {
        Ok(response) => response,
        Err(error) => download_refusal(&headers, &error),
    }
}

struct StoredFile {
    kind: FileKind,
    file_name: String,
    storage_key: String,
}

/// The file `file_id` if the person asking may download it.
async fn readable_file(
    state: &AppState,
    session: &Session,
    file_id: &str,
) -> Result<Option<StoredFile>, AppError> {
    let pool = &state.pool;
    let caller = session::require_caller_in(session, state).await?;
    let file_id: Uuid = file_id.parse().map_err(|_| AppError::NotFound)?;
    if caller.user.is_staff {
        return Ok(sqlx::query_as!(
            StoredFile,
            r#"SELECT kind AS "kind: FileKind", file_name, storage_key
               FROM project_files WHERE id = $1"#,
            file_id,
        )
        .fetch_optional(pool)
        .await?);
    }
    let member = session::member_in(caller)?;
    Ok(sqlx::query_as!(
        StoredFile,
        r#"SELECT f.kind AS "kind: FileKind", f.file_name, f.storage_key
           FROM project_files f
           WHERE f.id = $1 AND f.account_id = $2
             AND (f.project_id IS NOT NULL AND f.current
                  OR EXISTS (SELECT 1 FROM order_files o
                             JOIN order_readers r ON r.order_id = o.order_id
                             WHERE o.file_id = f.id AND r.account_id = $2 AND r.user_id = $3))"#,
        file_id,
        member.account_id,
        member.user.id,
    )
    .fetch_optional(pool)
    .await?)
}

async fn serve(state: &AppState, session: &Session, file_id: &str) -> Result<Response, AppError> {
    let file = readable_file(state, session, file_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let stored = state.files.open(&file.storage_key).await?;
    // Sent as the store gives it: a download never holds the file in memory.
    let mut response = Response::new(Body::from_stream(stored.chunks));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(stored.size_bytes));
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(file.kind.content_type(&file.file_name)),
    );
    if let Ok(value) = HeaderValue::from_str(&attachment(&file.file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}
