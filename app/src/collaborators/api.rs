//! The collaborator space's server functions: public endpoints under `/api/collaborators/…`.
//! Each one checks the session, the active account, the caller's role and status itself; ids
//! from another account answer like unknown ids (404). Those that change something read JSON or
//! a plain form ([`JsonOrForm`]) and answer what they did ([`Done`]).
use super::{
    forms::NewCollaboratorForm,
    types::{Collaborator, CollaboratorSpace, Done, HistoryEntry, RequestOutcome},
};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::plain_forms::server::then_show;
use crate::plain_forms::JsonOrForm;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::list::{CollaboratorFilter, ListQuery, Page};
use shared::Permissions;
use uuid::Uuid;

/// A page of the active account's collaborators (the holder sees all, collaborators the active
/// ones), searched by name or e-mail.
#[server(prefix = "/api", endpoint = "collaborators/list", input = Json)]
pub async fn list_collaborators(
    #[server(default)] query: ListQuery<CollaboratorFilter>,
) -> Result<Page<Collaborator>, AppError> {
    super::server::collaborator_list(query).await
}

/// A page of the account's history, for its holder.
#[server(prefix = "/api", endpoint = "collaborators/history", input = Json)]
pub async fn list_membership_history(
    #[server(default)] query: ListQuery<(), i64>,
) -> Result<Page<HistoryEntry, i64>, AppError> {
    super::server::membership_history(query).await
}

/// The page's content for the logged-in person.
#[server(prefix = "/api", endpoint = "collaborators/space", input = Json)]
pub async fn load_collaborator_space() -> Result<CollaboratorSpace, AppError> {
    super::server::collaborator_space().await
}

/// Option 1: the holder creates a collaborator's account.
#[server(prefix = "/api", endpoint = "collaborators/create", input = JsonOrForm)]
pub async fn create_collaborator(form: NewCollaboratorForm) -> Result<(), AppError> {
    super::server::create_collaborator(form).await?;
    then_show(&format!("/account/collaborators?done={}", Done::CREATED));
    Ok(())
}

/// The holder invites a person who already has an account; they accept or decline.
#[server(prefix = "/api", endpoint = "collaborators/invite", input = JsonOrForm)]
pub async fn invite(email: String, permissions: Permissions) -> Result<(), AppError> {
    super::server::invite(email, permissions).await?;
    then_show(&format!("/account/collaborators?done={}", Done::INVITED));
    Ok(())
}

/// The invited person's answer (accepting needs a proven address).
#[server(prefix = "/api", endpoint = "collaborators/answer-invitation", input = JsonOrForm)]
pub async fn answer_invitation(invitation_id: Uuid, accept: bool) -> Result<Done, AppError> {
    super::server::answer_invitation(invitation_id, accept).await?;
    Ok(Done::answered(accept, Done::Accepted))
}

/// The holder withdraws an invitation their account sent, before it is answered.
#[server(prefix = "/api", endpoint = "collaborators/withdraw-invitation", input = JsonOrForm)]
pub async fn withdraw_invitation(invitation_id: Uuid) -> Result<Done, AppError> {
    super::server::withdraw_invitation(invitation_id).await?;
    Ok(Done::InvitationWithdrawn)
}

/// Option 2: asks to be attached to the account named by a SIRET or its holder's e-mail. With
/// a SIRET, a first call without `confirmed` only names the company (and whether staff verified
/// its SIRET); an e-mail always answers `Sent`. Needs a proven address.
#[server(prefix = "/api", endpoint = "collaborators/request", input = JsonOrForm)]
pub async fn request_attachment(
    reference: String,
    confirmed: bool,
) -> Result<RequestOutcome, AppError> {
    super::server::request_attachment(reference, confirmed).await
}

/// The requester withdraws a request still waiting.
#[server(prefix = "/api", endpoint = "collaborators/cancel-request", input = JsonOrForm)]
pub async fn cancel_request(request_id: Uuid) -> Result<Done, AppError> {
    super::server::cancel_request(request_id).await?;
    Ok(Done::Cancelled)
}

/// The holder accepts (with the two permissions) or declines (with an optional message).
#[server(prefix = "/api", endpoint = "collaborators/decide", input = JsonOrForm)]
pub async fn decide_request(
    request_id: Uuid,
    accept: bool,
    #[server(default)] permissions: Permissions,
    #[server(default)] message: String,
) -> Result<Done, AppError> {
    super::server::decide_request(request_id, accept, permissions, message).await?;
    Ok(Done::answered(accept, Done::Accepted))
}

/// The holder changes a collaborator's permissions.
#[server(prefix = "/api", endpoint = "collaborators/permissions", input = JsonOrForm)]
pub async fn set_permissions(user_id: Uuid, permissions: Permissions) -> Result<Done, AppError> {
    super::server::set_permissions(user_id, permissions).await?;
    Ok(Done::PermissionsChanged)
}

/// The holder deactivates a collaborator: their work stays, their access ends at once.
#[server(prefix = "/api", endpoint = "collaborators/deactivate", input = JsonOrForm)]
pub async fn deactivate(user_id: Uuid) -> Result<Done, AppError> {
    super::server::deactivate(user_id).await?;
    Ok(Done::Deactivated)
}

/// The holder reactivates a collaborator, confirming their permissions again.
#[server(prefix = "/api", endpoint = "collaborators/reactivate", input = JsonOrForm)]
pub async fn reactivate(user_id: Uuid, permissions: Permissions) -> Result<Done, AppError> {
    super::server::reactivate(user_id, permissions).await?;
    Ok(Done::Reactivated)
}

/// The holder removes a collaborator from the account.
#[server(prefix = "/api", endpoint = "collaborators/remove", input = JsonOrForm)]
pub async fn remove(user_id: Uuid) -> Result<Done, AppError> {
    super::server::remove(user_id).await?;
    Ok(Done::Removed)
}

/// A collaborator leaves an account.
#[server(prefix = "/api", endpoint = "collaborators/leave", input = JsonOrForm)]
pub async fn leave(account_id: Uuid) -> Result<Done, AppError> {
    super::server::leave(account_id).await?;
    Ok(Done::Left)
}

/// The holder offers the holder role to an active collaborator whose address is proven (or
/// withdraws the offer with `user_id: null`).
#[server(prefix = "/api", endpoint = "collaborators/transfer", input = JsonOrForm)]
pub async fn offer_holder_role(user_id: Option<Uuid>) -> Result<Done, AppError> {
    super::server::offer_holder_role(user_id).await?;
    Ok(if user_id.is_some() {
        Done::TransferOffered
    } else {
        Done::TransferWithdrawn
    })
}

/// The collaborator's answer to the offer of the holder role (accepting needs a proven address).
#[server(prefix = "/api", endpoint = "collaborators/answer-transfer", input = JsonOrForm)]
pub async fn answer_holder_role(account_id: Uuid, accept: bool) -> Result<Done, AppError> {
    super::server::answer_holder_role(account_id, accept).await?;
    Ok(Done::answered(accept, Done::TransferAccepted))
}
