//! The collaborator space's server functions: public endpoints under `/api/collaborators/…`.
//! Each one checks the session, the active account, the caller's role and status itself; ids
//! from another account answer like unknown ids (404).
use super::forms::NewCollaboratorForm;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
use shared::{Permissions, Role};
use uuid::Uuid;

/// Everything the page "Mes collaborateurs" shows to the person asking.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollaboratorSpace {
    /// The account the person acts for, if any, and their role there.
    pub account: Option<AccountSummary>,
    /// The account's collaborators (the holder sees all, collaborators the active ones).
    pub collaborators: Vec<Collaborator>,
    /// Requests to join this account, for the holder to decide.
    pub incoming_requests: Vec<IncomingRequest>,
    /// The person's own requests still waiting.
    pub sent_requests: Vec<SentRequest>,
    /// Invitations the person received and has not answered.
    pub invitations: Vec<Invitation>,
    /// Accounts the person belongs to as a collaborator, with their permissions there.
    pub memberships: Vec<Membership>,
    /// A holder role offered to the person, or offered by the holder and not yet answered.
    pub transfers: Vec<HolderTransfer>,
    /// Who did what in this account (the holder only).
    pub history: Vec<HistoryEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collaborator {
    pub user_id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub permissions: Permissions,
    pub active: bool,
    /// Unix time of when they joined the account.
    pub since: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingRequest {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentRequest {
    pub id: Uuid,
    pub account_name: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub id: Uuid,
    pub account_name: String,
    pub invited_by: String,
    pub permissions: Permissions,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub account_id: Uuid,
    pub account_name: String,
    pub permissions: Permissions,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolderTransfer {
    pub account_id: Uuid,
    pub account_name: String,
    /// The person who would become holder.
    pub to_name: String,
    /// Whether the person asking is the one who must accept.
    pub for_me: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: i64,
    pub actor: Option<String>,
    pub subject: Option<String>,
    /// `created`, `invited`, `requested`, `attached`, `declined`, `permissions_changed`,
    /// `deactivated`, `reactivated`, `removed`, `left`, `holder_transferred`.
    pub action: String,
    pub permissions: Option<Permissions>,
}

/// What happened to a request to join.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestOutcome {
    /// The SIRET names this company: the person confirms before anything is sent.
    Confirm { company_name: String },
    /// Sent (for an e-mail: if it is an account holder's; the answer is the same otherwise).
    Sent,
}

/// The active account's collaborators (the holder sees all, collaborators the active ones).
#[server(prefix = "/api", endpoint = "collaborators/list", input = Json)]
pub async fn list_collaborators() -> Result<Vec<Collaborator>, AppError> {
    super::server::collaborator_list().await
}

/// The page's content for the logged-in person.
#[server(prefix = "/api", endpoint = "collaborators/space", input = Json)]
pub async fn load_collaborator_space() -> Result<CollaboratorSpace, AppError> {
    super::server::collaborator_space().await
}

/// Option 1: the holder creates a collaborator's account.
#[server(prefix = "/api", endpoint = "collaborators/create", input = Json)]
pub async fn create_collaborator(form: NewCollaboratorForm) -> Result<(), AppError> {
    super::server::create_collaborator(form).await
}

/// The holder invites a person who already has an account; they accept or decline.
#[server(prefix = "/api", endpoint = "collaborators/invite", input = Json)]
pub async fn invite(email: String, permissions: Permissions) -> Result<(), AppError> {
    super::server::invite(email, permissions).await
}

/// The invited person's answer.
#[server(prefix = "/api", endpoint = "collaborators/answer-invitation", input = Json)]
pub async fn answer_invitation(invitation_id: Uuid, accept: bool) -> Result<(), AppError> {
    super::server::answer_invitation(invitation_id, accept).await
}

/// Option 2: asks to be attached to the account named by a SIRET or its holder's e-mail. With
/// a SIRET, a first call without `confirmed` only names the company.
#[server(prefix = "/api", endpoint = "collaborators/request", input = Json)]
pub async fn request_attachment(
    reference: String,
    confirmed: bool,
) -> Result<RequestOutcome, AppError> {
    super::server::request_attachment(reference, confirmed).await
}

/// The requester withdraws a request still waiting.
#[server(prefix = "/api", endpoint = "collaborators/cancel-request", input = Json)]
pub async fn cancel_request(request_id: Uuid) -> Result<(), AppError> {
    super::server::cancel_request(request_id).await
}

/// The holder accepts (with the two permissions) or declines (with an optional message).
#[server(prefix = "/api", endpoint = "collaborators/decide", input = Json)]
pub async fn decide_request(
    request_id: Uuid,
    accept: bool,
    permissions: Permissions,
    message: String,
) -> Result<(), AppError> {
    super::server::decide_request(request_id, accept, permissions, message).await
}

/// The holder changes a collaborator's permissions.
#[server(prefix = "/api", endpoint = "collaborators/permissions", input = Json)]
pub async fn set_permissions(user_id: Uuid, permissions: Permissions) -> Result<(), AppError> {
    super::server::set_permissions(user_id, permissions).await
}

/// The holder deactivates a collaborator: their work stays, their access ends at once.
#[server(prefix = "/api", endpoint = "collaborators/deactivate", input = Json)]
pub async fn deactivate(user_id: Uuid) -> Result<(), AppError> {
    super::server::deactivate(user_id).await
}

/// The holder reactivates a collaborator, confirming their permissions again.
#[server(prefix = "/api", endpoint = "collaborators/reactivate", input = Json)]
pub async fn reactivate(user_id: Uuid, permissions: Permissions) -> Result<(), AppError> {
    super::server::reactivate(user_id, permissions).await
}

/// The holder removes a collaborator from the account.
#[server(prefix = "/api", endpoint = "collaborators/remove", input = Json)]
pub async fn remove(user_id: Uuid) -> Result<(), AppError> {
    super::server::remove(user_id).await
}

/// A collaborator leaves an account.
#[server(prefix = "/api", endpoint = "collaborators/leave", input = Json)]
pub async fn leave(account_id: Uuid) -> Result<(), AppError> {
    super::server::leave(account_id).await
}

/// The holder offers the holder role to an active collaborator (or withdraws the offer with
/// `user_id: null`).
#[server(prefix = "/api", endpoint = "collaborators/transfer", input = Json)]
pub async fn offer_holder_role(user_id: Option<Uuid>) -> Result<(), AppError> {
    super::server::offer_holder_role(user_id).await
}

/// The collaborator's answer to the offer of the holder role.
#[server(prefix = "/api", endpoint = "collaborators/answer-transfer", input = Json)]
pub async fn answer_holder_role(account_id: Uuid, accept: bool) -> Result<(), AppError> {
    super::server::answer_holder_role(account_id, accept).await
}
