//! The collaborator space's e-mails, in the recipient's language, queued in the transaction of
//! the change they report.
use crate::{
    collaborators::pages::permissions_summary,
    error::AppError,
    i18n::{td_string, I18nLocaleTrait, Locale},
    server::{
        db::users::locale_or_default,
        links::{PendingLink, PLACEHOLDER},
        mail,
        session::CurrentUser,
        state,
    },
};
use shared::Permissions;
use sqlx::PgConnection;
use uuid::Uuid;

pub(super) enum Mail<'a> {
    /// To a person the holder created: how to log in, and the link that proves the address.
    Welcome {
        account: &'a str,
        verify_link: &'a PendingLink,
    },
    Invitation {
        account: &'a str,
        holder: &'a str,
    },
    /// To the holder: the person they invited joined.
    InvitationAccepted {
        account: &'a str,
        person: &'a str,
    },
    RequestReceived {
        requester: &'a str,
    },
    RequestAccepted {
        account: &'a str,
    },
    RequestDeclined {
        account: &'a str,
        message: &'a str,
    },
    /// To a collaborator: what the holder changed in their membership.
    PermissionsChanged {
        account: &'a str,
        permissions: Permissions,
    },
    Deactivated {
        account: &'a str,
    },
    Reactivated {
        account: &'a str,
        permissions: Permissions,
    },
    Removed {
        account: &'a str,
    },
    /// To the collaborator offered the holder role.
    HolderOffered {
        account: &'a str,
        holder: &'a str,
    },
}

impl Mail<'_> {
    /// The outbox's name for this kind of e-mail.
    fn kind(&self) -> &'static str {
        match self {
            Mail::Welcome { .. } => "collaborator_welcome",
            Mail::Invitation { .. } => "collaborator_invitation",
            Mail::InvitationAccepted { .. } => "collaborator_invitation_accepted",
            Mail::RequestReceived { .. } => "collaboration_request",
            Mail::RequestAccepted { .. } => "collaboration_accepted",
            Mail::RequestDeclined { .. } => "collaboration_declined",
            Mail::PermissionsChanged { .. } => "collaborator_permissions",
            Mail::Deactivated { .. } => "collaborator_deactivated",
            Mail::Reactivated { .. } => "collaborator_reactivated",
            Mail::Removed { .. } => "collaborator_removed",
            Mail::HolderOffered { .. } => "holder_role_offered",
        }
    }

    /// Subject and body for a recipient whose address is `email`.
    fn render(&self, locale: Locale, email: &str) -> (String, String) {
        let public_url = &state().config.public_url;
        let space = format!("{public_url}/account/collaborators");
        let login = format!("{public_url}/login");
        match *self {
            Mail::Welcome { account, .. } => (
                td_string!(locale, email.welcome_subject, account = account).to_string(),
                td_string!(
                    locale,
                    email.welcome_body,
                    account = account,
                    email = email,
                    link = login.as_str(),
                    verify_link = PLACEHOLDER
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
            Mail::InvitationAccepted { account, person } => (
                td_string!(locale, email.invitation_accepted_subject, person = person).to_string(),
                td_string!(
                    locale,
                    email.invitation_accepted_body,
                    account = account,
                    person = person,
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
            Mail::PermissionsChanged {
                account,
                permissions,
            } => (
                td_string!(locale, email.permissions_subject, account = account).to_string(),
                td_string!(
                    locale,
                    email.permissions_body,
                    account = account,
                    permissions = permissions_summary(locale, permissions),
                    link = space.as_str()
                )
                .to_string(),
            ),
            Mail::Deactivated { account } => (
                td_string!(locale, email.deactivated_subject, account = account).to_string(),
                td_string!(locale, email.deactivated_body, account = account).to_string(),
            ),
            Mail::Reactivated {
                account,
                permissions,
            } => (
                td_string!(locale, email.reactivated_subject, account = account).to_string(),
                td_string!(
                    locale,
                    email.reactivated_body,
                    account = account,
                    permissions = permissions_summary(locale, permissions),
                    link = space.as_str()
                )
                .to_string(),
            ),
            Mail::Removed { account } => (
                td_string!(locale, email.removed_subject, account = account).to_string(),
                td_string!(locale, email.removed_body, account = account).to_string(),
            ),
            Mail::HolderOffered { account, holder } => (
                td_string!(locale, email.holder_offered_subject, account = account).to_string(),
                td_string!(
                    locale,
                    email.holder_offered_body,
                    account = account,
                    holder = holder,
                    link = space.as_str()
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
    let (to, kind) = (&recipient.email, mail.kind());
    match mail {
        Mail::Welcome { verify_link, .. } => {
            let locale = locale.as_str();
            mail::enqueue_with_link(tx, to, locale, kind, &subject, &body, verify_link).await?
        }
        _ => mail::enqueue(tx, to, locale.as_str(), kind, &subject, &body).await?,
    }
    Ok(())
}

/// Queues `mail` to the holder of `account_id` (today's), in their language.
pub(super) async fn send_to_holder(
    tx: &mut PgConnection,
    account_id: Uuid,
    mail: Mail<'_>,
) -> Result<(), AppError> {
    let holder = sqlx::query_scalar!(
        "SELECT user_id FROM memberships WHERE account_id = $1 AND role = 'holder'",
        account_id
    )
    .fetch_one(&mut *tx)
    .await?;
    send(tx, holder, mail, None).await
}

/// A person as an e-mail names them: "Marie Curie".
pub(super) fn full_name(user: &CurrentUser) -> String {
    format!("{} {}", user.first_name, user.last_name)
}

/// A person as an e-mail to a holder names them, with the address the holder would check:
/// "Marie Curie <marie@acme.fr>".
pub(super) fn name_and_address(user: &CurrentUser) -> String {
    format!("{} <{}>", full_name(user), user.email)
}
