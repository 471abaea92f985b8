//! Downloading a document's PDF: a plain GET (`/api/documents/{id}`) that a link, or the link in
//! an e-mail, saves. It checks who asks like the lists do: staff see every document; a member,
//! their account's quotes and the documents of the orders they see. Anything else answers 404,
//! like an unknown document.
use super::list::push_visible_to;
use crate::{
    error::AppError,
    server::{
        attachment,
        documents::pdf::{pdf_of, DocumentRow, Pdf},
        download_refusal, session, AppState,
    },
};
use axum::{
    body::Body,
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue},
    response::Response,
    routing::get,
    Router,
};
use sqlx::{types::Json, QueryBuilder};
use tower_sessions::Session;
use uuid::Uuid;

/// The route, to merge into the server's router.
pub fn routes(state: AppState) -> Router {
    Router::new()
        .route("/api/documents/{document_id}", get(download))
        .with_state(state)
}

async fn download(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(document_id): Path<String>,
) -> Response {
    match serve(&state, &session, &document_id).await {
        Ok(response) => response,
        Err(error) => download_refusal(&headers, &error),
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    number: String,
    account_id: Option<Uuid>,
    storage_key: Option<String>,
    content: Json<documents::DocumentContent>,
}

/// The document `document_id` if the person asking may download it.
async fn readable_document(
    state: &AppState,
    session: &Session,
    document_id: &str,
) -> Result<Option<Row>, AppError> {
    let pool = &state.pool;
    let caller = session::require_caller_in(session, state).await?;
    let document_id: Uuid = document_id.parse().map_err(|_| AppError::NotFound)?;
    let mut sql = QueryBuilder::new(
        "SELECT d.id, d.number, d.account_id, d.storage_key, d.content
         FROM documents d WHERE d.id = ",
    );
    sql.push_bind(document_id);
    if !caller.user.is_staff {
        let member = session::member_in(caller)?;
        push_visible_to(&mut sql, &member);
    }
    Ok(sql.build_query_as().fetch_optional(pool).await?)
}

async fn serve(
    state: &AppState,
    session: &Session,
    document_id: &str,
) -> Result<Response, AppError> {
    let row = readable_document(state, session, document_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let file_name = format!("{}.pdf", row.number);
    let document = DocumentRow {
        id: row.id,
        account_id: row.account_id,
        storage_key: row.storage_key,
        content: row.content,
    };
    let mut response = match pdf_of(state, document).await? {
        Pdf::Stored(stored) => {
            let mut response = Response::new(Body::from_stream(stored.chunks));
            response
                .headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(stored.size_bytes));
            response
        }
        Pdf::Made(bytes) => Response::new(Body::from(bytes)),
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(value) = HeaderValue::from_str(&attachment(&file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}
