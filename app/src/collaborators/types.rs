//! What the collaborator space's server functions answer: the page's content and the outcome
//! of a request to join.
use serde::{Deserialize, Serialize};
use shared::{MembershipAction, Permissions, Role};
use uuid::Uuid;

/// Everything the page "Mes collaborateurs" shows to the person asking.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollaboratorSpace {
    /// The account the person acts for, if any, and their role there.
    pub account: Option<AccountSummary>,
    /// Requests to join this account, for the holder to decide.
    pub incoming_requests: Vec<IncomingRequest>,
    /// Invitations this account sent that are still waiting (the holder only).
    pub sent_invitations: Vec<SentInvitation>,
    /// The person's own requests still waiting.
    pub sent_requests: Vec<SentRequest>,
    /// Invitations the person received and has not answered.
    pub invitations: Vec<Invitation>,
    /// Accounts the person belongs to as a collaborator, with their permissions there.
    pub memberships: Vec<Membership>,
    /// A holder role offered to the person, or offered by the holder and not yet answered.
    pub transfers: Vec<HolderTransfer>,
    /// The latest lines of who did what in this account (the holder only; the whole history is
    /// `collaborators/history`).
    pub recent_history: Vec<HistoryEntry>,
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
    /// Whether they proved their address (only then can they be offered the holder role).
    pub email_verified: bool,
    /// Unix time of when they joined the account.
    pub since: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingRequest {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// Whether the requester proved their address.
    pub email_verified: bool,
    /// The requester is a deactivated member of the account: accepting reactivates them.
    pub deactivated_member: bool,
    pub created_at: i64,
    /// Unix time after which the request lapses.
    pub expires_at: i64,
}

/// An invitation the holder's account sent, not answered yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentInvitation {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub permissions: Permissions,
    pub created_at: i64,
    pub expires_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentRequest {
    pub id: Uuid,
    /// What the request names: the address typed for a request by e-mail (whether or not it is
    /// a holder's, nothing more until the holder decides), the company confirmed for a SIRET.
    pub to: String,
    pub created_at: i64,
    pub expires_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub id: Uuid,
    pub account_name: String,
    pub invited_by: String,
    pub permissions: Permissions,
    pub created_at: i64,
    pub expires_at: i64,
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
    pub action: MembershipAction,
    pub permissions: Option<Permissions>,
}

/// What happened to a request to join.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestOutcome {
    /// The SIRET names this company, whose SIRET staff verified or not: the person confirms
    /// before anything is sent.
    Confirm {
        company_name: String,
        siret_verified: bool,
    },
    /// Sent (for an e-mail: to the account holder with that address, if there is one; the
    /// answer and the requester's list are the same otherwise).
    Sent,
}

/// What an action on the collaborator space did: the answer of its server functions, which the
/// page's live region says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Done {
    Created,
    Invited,
    RequestSent,
    Accepted,
    Declined,
    Cancelled,
    InvitationWithdrawn,
    PermissionsChanged,
    Deactivated,
    Reactivated,
    Removed,
    Left,
    TransferOffered,
    TransferWithdrawn,
    TransferAccepted,
}

impl Done {
    /// What the creation page reports through the address (`?done=…`) when it leads back to
    /// the space.
    pub const CREATED: &'static str = "created";
    pub const INVITED: &'static str = "invited";

    pub fn from_query(value: &str) -> Option<Done> {
        match value {
            Self::CREATED => Some(Done::Created),
            Self::INVITED => Some(Done::Invited),
            _ => None,
        }
    }

    /// `accepted` when the person said yes, else [`Done::Declined`].
    pub fn answered(accept: bool, accepted: Done) -> Done {
        if accept {
            accepted
        } else {
            Done::Declined
        }
    }
}
