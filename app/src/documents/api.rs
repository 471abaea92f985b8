//! The documents' endpoints (`/api/documents/…`; the PDF itself is a plain GET,
//! `/api/documents/{id}`, served by `server::download`).
use super::types::DocumentLine;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::list::{DocumentFilter, ListQuery, Page};
use uuid::Uuid;

/// A page of the documents the member sees: a project's quotes (every member), an order's
/// documents (those who see the order). Searched in the number, the project and the order's
/// number; filtered by kind.
#[server(prefix = "/api", endpoint = "documents/list", input = Json)]
pub async fn list_documents(
    #[server(default)] query: ListQuery<DocumentFilter>,
) -> Result<Page<DocumentLine>, AppError> {
    super::server::list::list_documents(query).await
}

/// The project's quotes, newest first (the 20 latest).
#[server(prefix = "/api", endpoint = "documents/project-quotes", input = Json)]
pub async fn project_quotes(project_id: Uuid) -> Result<Vec<DocumentLine>, AppError> {
    super::server::list::project_quotes(project_id).await
}

/// Issues a quote of the project as it is now, at `lead_time` (`standard` or `express`),
/// in the member's language.
#[server(prefix = "/api", endpoint = "documents/quote", input = crate::plain_forms::JsonOrForm)]
pub async fn request_quote(project_id: Uuid, lead_time: String) -> Result<DocumentLine, AppError> {
    super::server::quote::request_quote(project_id, lead_time).await
}

/// A page of every customer's documents (staff), also searched by customer.
#[server(prefix = "/api", endpoint = "backoffice/documents", input = Json)]
pub async fn list_all_documents(
    #[server(default)] query: ListQuery<DocumentFilter>,
) -> Result<Page<DocumentLine>, AppError> {
    super::server::list::list_all_documents(query).await
}
