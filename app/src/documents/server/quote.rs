//! A member asks for a project's quote.
use crate::{
    documents::types::DocumentLine,
    error::AppError,
    server::{documents::issue_quote, session, state},
};
use shared::LeadTime;
use uuid::Uuid;

pub async fn request_quote(project_id: Uuid, lead_time: String) -> Result<DocumentLine, AppError> {
    let member = session::require_member().await?;
    let lead_time =
        LeadTime::parse(&lead_time).map_err(|code| AppError::field("lead_time", code))?;
    let mut tx = state().pool.begin().await?;
    // Checked again in the transaction that numbers it: a member removed meanwhile gets none.
    let member = session::lock_membership(&mut tx, &member).await?;
    let issued = issue_quote(&mut tx, &member, project_id, lead_time).await?;
    tx.commit().await?;
    Ok(DocumentLine {
        id: issued.id,
        kind: issued.kind,
        number: issued.number,
        title: issued.title,
        order_id: None,
        order_number: None,
        account_name: None,
        gross_cents: issued.gross_cents,
        issued_at: time::OffsetDateTime::now_utc().unix_timestamp(),
    })
}
