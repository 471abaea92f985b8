//! The purchase requests' e-mails, in each recipient's language, queued in the transaction of
//! the change they report. (The e-mails of an order's steps: `server::db::orders`.)
use crate::{
    components::{errors::project_parts_text, format::money},
    error::{AppError, ProjectPart},
    i18n::{td_string, Locale},
    server::{db::orders::order_link, mail, state},
};
use sqlx::PgConnection;
use uuid::Uuid;

pub(super) enum Mail<'a> {
    /// To the account's buyers.
    Requested {
        requester: &'a str,
        project: &'a str,
        quantity: u32,
        net_cents: i64,
    },
    /// To the requester: the order is the version they asked for, whatever `changes` were
    /// made to the project since.
    Approved {
        project: &'a str,
        number: i64,
        order_id: Uuid,
        changes: &'a [ProjectPart],
    },
    /// To the requester.
    Declined {
        project: &'a str,
        decider: &'a str,
        message: &'a str,
    },
}

impl Mail<'_> {
    /// The outbox's name for this kind of e-mail.
    fn kind(&self) -> &'static str {
        match self {
            Mail::Requested { .. } => "purchase_request",
            Mail::Approved { .. } => "purchase_approved",
            Mail::Declined { .. } => "purchase_declined",
        }
    }

    /// Subject and body.
    fn render(&self, locale: Locale) -> (String, String) {
        match *self {
            Mail::Requested {
                requester,
                project,
                quantity,
                net_cents,
            } => {
                let link = format!("{}/account/orders", state().config.public_url);
                let amount = money(locale, net_cents);
                (
                    td_string!(
                        locale,
                        email.purchase_request_subject,
                        requester = requester
                    )
                    .to_string(),
                    td_string!(
                        locale,
                        email.purchase_request_body,
                        requester = requester,
                        project = project,
                        quantity = quantity,
                        amount = amount.as_str(),
                        link = link.as_str()
                    )
                    .to_string(),
                )
            }
            Mail::Approved {
                project,
                number,
                order_id,
                changes,
            } => {
                let link = order_link(order_id);
                let subject =
                    td_string!(locale, email.purchase_approved_subject, project = project);
                let body = if changes.is_empty() {
                    td_string!(
                        locale,
                        email.purchase_approved_body,
                        project = project,
                        number = number,
                        link = link.as_str()
                    )
                    .to_string()
                } else {
                    td_string!(
                        locale,
                        email.purchase_approved_changed_body,
                        project = project,
                        number = number,
                        changes = project_parts_text(locale, changes),
                        link = link.as_str()
                    )
                    .to_string()
                };
                (subject.to_string(), body)
            }
            Mail::Declined {
                project,
                decider,
                message,
            } => (
                td_string!(locale, email.purchase_declined_subject, project = project).to_string(),
                td_string!(
                    locale,
                    email.purchase_declined_body,
                    project = project,
                    decider = decider,
                    message = message
                )
                .to_string(),
            ),
        }
    }
}

/// Queues `mail` to each of `recipients`.
pub(super) async fn send(
    tx: &mut PgConnection,
    recipients: &[Uuid],
    mail: Mail<'_>,
) -> Result<(), AppError> {
    mail::enqueue_for_users(tx, recipients, mail.kind(), |locale| mail.render(locale)).await?;
    Ok(())
}
