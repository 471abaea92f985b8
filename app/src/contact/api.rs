//! The contact form's endpoints: `/api/contact/send` (anyone) and `/api/backoffice/messages`
//! (staff).
use super::{forms::ContactForm, types::StaffMessage};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::list::{ListQuery, Page};

/// Anyone writes to the manufacturer: stored, e-mailed to staff, acknowledged to the sender in
/// `form.locale`. Rate-limited per client address and per e-mail address.
#[server(prefix = "/api", endpoint = "contact/send", input = crate::plain_forms::JsonOrForm)]
pub async fn send_message(form: ContactForm) -> Result<(), AppError> {
    super::server::send_message(form).await?;
    crate::plain_forms::server::then_show("/contact?sent");
    Ok(())
}

/// A page of the contact messages, newest first unless sorted otherwise, searched in the
/// sender's name, e-mail, company and the message (staff only; `shared::list`).
#[server(prefix = "/api", endpoint = "backoffice/messages", input = Json)]
pub async fn staff_messages(
    #[server(default)] query: ListQuery<()>,
) -> Result<Page<StaffMessage>, AppError> {
    super::server::staff_messages(query).await
}
