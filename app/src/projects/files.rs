//! Downloading a design file: a plain GET (`/api/files/{id}`) so that a link can save it. It
//! checks, like the server functions, who asks: staff; a member of the file's account while
//! the file belongs to a project (projects are shared by the account); or someone who may see
//! an order placed with it. Anything else answers 404, like an unknown file.
use crate::{
    error::AppError,
    orders::server::VISIBLE,
    server::{session, AppState},
};
use axum::{
    body::Body,
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
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
    Path(file_id): Path<String>,
) -> Response {
    match serve(&state, &session, &file_id).await {
        Ok(response) => response,
        Err(error) => {
            let status =
                StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, axum::Json(error)).into_response()
        }
    }
}

#[derive(sqlx::FromRow)]
struct StoredFile {
    kind: String,
    file_name: String,
    storage_key: String,
}

async fn serve(state: &AppState, session: &Session, file_id: &str) -> Result<Response, AppError> {
    let pool = &state.pool;
    let user = session::current_user_in(session, pool)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if user.must_change_password {
        return Err(AppError::Forbidden);
    }
    let file_id: Uuid = file_id.parse().map_err(|_| AppError::NotFound)?;
    let file = if user.is_staff {
        sqlx::query_as::<_, StoredFile>(
            "SELECT kind, file_name, storage_key FROM project_files WHERE id = $1",
        )
        .bind(file_id)
        .fetch_optional(pool)
        .await?
    } else {
        let member = session::member_of_in(session, pool, user)
            .await?
            .ok_or(AppError::Forbidden)?;
        sqlx::query_as::<_, StoredFile>(&format!(
            "SELECT f.kind, f.file_name, f.storage_key FROM project_files f
             WHERE f.id = $4 AND f.account_id = $1
               AND (f.project_id IS NOT NULL AND f.current
                    OR EXISTS (SELECT 1 FROM order_files of JOIN orders o ON o.id = of.order_id
                               WHERE of.file_id = f.id AND {VISIBLE}))"
        ))
        .bind(member.account_id)
        .bind(member.permissions.can_see_all_orders)
        .bind(member.user.id)
        .bind(file_id)
        .fetch_optional(pool)
        .await?
    };
    let file = file.ok_or(AppError::NotFound)?;
    let bytes = state
        .files
        .get(&file.storage_key)
        .await
        .map_err(crate::server::internal)?;
    let kind = FileKind::parse(&file.kind).map_err(crate::server::internal)?;
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(kind.content_type(&file.file_name)),
    );
    // The name was made safe at upload (no quotes, no path); RFC 5987 keeps its accents.
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        file.file_name
            .replace(|c: char| !c.is_ascii() || c.is_ascii_control(), "_"),
        percent_encode(&file.file_name)
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

/// Percent-encodes everything but RFC 5987's attribute characters.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' | b'~' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_encodes_accents_and_spaces() {
        assert_eq!(
            super::percent_encode("carte é 1.zip"),
            "carte%20%C3%A9%201.zip"
        );
    }
}
