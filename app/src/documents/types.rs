//! What the documents' endpoints answer.
use serde::{Deserialize, Serialize};
use shared::DocumentKind;
use uuid::Uuid;

/// A line of a documents list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentLine {
    pub id: Uuid,
    pub kind: DocumentKind,
    pub number: String,
    /// The project it is about.
    pub title: String,
    pub order_id: Option<Uuid>,
    pub order_number: Option<i64>,
    /// The customer (staff's lists only).
    pub account_name: Option<String>,
    pub gross_cents: i64,
    /// When it was issued (Unix seconds).
    pub issued_at: i64,
}

impl DocumentLine {
    /// Where its PDF is downloaded.
    pub fn href(&self) -> String {
        format!("/api/documents/{}", self.id)
    }
}
