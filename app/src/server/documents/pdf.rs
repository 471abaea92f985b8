//! A document's PDF: made from its stored content the first time it is asked for, kept in the
//! file storage under `<account>/<document>`, and read from there afterwards. The content never
//! changes, so a PDF made again (a store that lost it) is the same file.
use crate::{
    error::AppError,
    server::{internal, AppState, StoreError, StoredFile},
};
use documents::DocumentContent;
use sqlx::types::Json;
use uuid::Uuid;

/// A document as its download reads it.
pub struct DocumentRow {
    pub id: Uuid,
    pub account_id: Option<Uuid>,
    pub storage_key: Option<String>,
    pub content: Json<DocumentContent>,
}

/// The PDF's bytes: from the store, or just made.
pub enum Pdf {
    Stored(StoredFile),
    Made(Vec<u8>),
}

/// The PDF of `document`, made and stored if it was not yet.
pub async fn pdf_of(state: &AppState, document: DocumentRow) -> Result<Pdf, AppError> {
    if let Some(key) = &document.storage_key {
        match state.files.open(key).await {
            Ok(stored) => return Ok(Pdf::Stored(stored)),
            // Made again from its content below: the same bytes.
            Err(StoreError::NotFound) => {
                tracing::warn!(document = %document.id, "a stored document was missing")
            }
            Err(other) => return Err(other.into()),
        }
    }
    let content = document.content.0;
    // Laying out pages is CPU work: off the threads that serve requests.
    let bytes = tokio::task::spawn_blocking(move || documents::render(&content))
        .await
        .map_err(internal)?
        .map_err(internal)?;
    let account = document.account_id.unwrap_or_default();
    let key = format!("{account}/{}", document.id);
    // A store that fails only delays keeping the PDF: the person gets it now all the same.
    match keep(state, &key, &bytes).await {
        Ok(()) => {
            sqlx::query!(
                "UPDATE documents SET storage_key = $2 WHERE id = $1 AND storage_key IS NULL",
                document.id,
                key,
            )
            .execute(&state.pool)
            .await?;
        }
        Err(error) => tracing::warn!(document = %document.id, %error, "document not stored"),
    }
    Ok(Pdf::Made(bytes))
}

async fn keep(state: &AppState, key: &str, bytes: &[u8]) -> Result<(), StoreError> {
    let mut file = state.files.create(key).await?;
    match file.write(bytes).await {
        Ok(()) => file.finish().await,
        Err(error) => {
            file.abort().await;
            Err(error)
        }
    }
}
