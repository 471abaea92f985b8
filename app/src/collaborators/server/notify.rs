//! The collaborator space's e-mails, in the recipient's language, queued in the transaction of
//! the change they report.
use crate::{
    error::AppError,
    i18n::{td_string, I18nLocaleTrait, Locale},
    server::{db::users::locale_or_default, mail, state},
};
use sqlx::PgConnection;
use uuid::Uuid;

pub(super) enum Mail<'a> {
    Welcome { account: &'a str },
    Invitation { account: &'a str, holder: &'a str },
    RequestReceived { requester: &'a str },
    RequestAccepted { account: &'a str },
    RequestDeclined { account: &'a str, message: &'a str },
}

impl Mail<'_> {
    /// The outbox's name for this kind of e-mail.
    fn kind(&self) -> &'static str {
        match self {
            Mail::Welcome { .. } => "collaborator_welcome",
            Mail::Invitation { .. } => "collaborator_invitation",
            Mail::RequestReceived { .. } => "collaboration_request",
            Mail::RequestAccepted { .. } => "collaboration_accepted",
            Mail::RequestDeclined { .. } => "collaboration_declined",
        }
    }

    /// Subject and body for a recipient whose address is `email`.
    fn render(&self, locale: Locale, email: &str) -> (String, String) {
        let public_url = &state().config.public_url;
        let space = format!("{public_url}/account/collaborators");
        let login = format!("{public_url}/login");
        match *self {
            Mail::Welcome { account } => (
                td_string!(locale, email.welcome_subject, account = account).to_string(),
                td_string!(
                    locale,
                    email.welcome_body,
                    account = account,
                    email = email,
                    link = login.as_str()
                )
                .to_string(),
            ),
            Mail::Invitation { account, holder } => (
                td_string!(locale, email.invitation_subject, account = account).to_string(),
                td_string!(
                    locale,
                    email.invitation_body,
                    account = account,
                    holder = holder,
                    link = space.as_str()
                )
                .to_string(),
            ),
            Mail::RequestReceived { requester } => (
                td_string!(locale, email.request_subject, requester = requester).to_string(),
                td_string!(
                    locale,
                    email.request_body,
                    requester = requester,
                    link = space.as_str()
                )
                .to_string(),
            ),
            Mail::RequestAccepted { account } => (
                td_string!(locale, email.accepted_subject, account = account).to_string(),
                td_string!(
                    locale,
                    email.accepted_body,
                    account = account,
                    link = space.as_str()
                )
                .to_string(),
            ),
            Mail::RequestDeclined { account, message } => (
                td_string!(locale, email.declined_subject, account = account).to_string(),
                td_string!(
                    locale,
                    email.declined_body,
                    account = account,
                    message = message
                )
                .to_string(),
            ),
        }
    }
}

/// Queues `mail` to `user_id` in their language (`locale` overrides it, for a new account).
pub(super) async fn send(
    tx: &mut PgConnection,
    user_id: Uuid,
    mail: Mail<'_>,
    locale: Option<Locale>,
) -> Result<(), AppError> {
    let recipient = sqlx::query!("SELECT email, locale FROM users WHERE id = $1", user_id)
        .fetch_one(&mut *tx)
        .await?;
    let locale = locale.unwrap_or_else(|| locale_or_default(&recipient.locale));
    let (subject, body) = mail.render(locale, &recipient.email);
    mail::enqueue(
        tx,
        &recipient.email,
        locale.as_str(),
        mail.kind(),
        &subject,
        &body,
    )
    .await?;
    Ok(())
}
