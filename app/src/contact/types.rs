//! What the back-office's list of contact messages answers.
use serde::{Deserialize, Serialize};
use shared::ContactSubject;
use uuid::Uuid;

/// A contact message as staff read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMessage {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub company: Option<String>,
    pub subject: ContactSubject,
    pub message: String,
    pub locale: String,
    pub created_at: i64,
}
