//! What the auth feature's server functions answer about the logged-in person.
use serde::{Deserialize, Serialize};
use shared::{Permissions, Role, SecurityEvent};
use uuid::Uuid;

/// What a right password leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoginStep {
    /// Logged in.
    Done,
    /// Not logged in yet: a code of the authenticator (or a recovery code) is asked next.
    CodeNeeded,
    /// Logged in, and asked to enrol a second factor first (staff, or a holder requires it).
    EnrolmentNeeded,
}

impl LoginStep {
    /// The page that comes next: where the person was going (`next`, a path of this site),
    /// else their account; the code's form; enrolling a second factor.
    pub fn next_page(self, next: Option<String>) -> String {
        match self {
            Self::Done => next
                .filter(|next| shared::same_site_path(next).is_some())
                .unwrap_or_else(|| "/account".to_string()),
            Self::CodeNeeded => "/login?step=code".to_string(),
            Self::EnrolmentNeeded => "/two-factor".to_string(),
        }
    }
}

/// The logged-in person, as the pages need them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// The person followed a link sent to their address: until then, the account area says so
    /// and offers to send the link again.
    pub email_verified: bool,
    /// The phone number as typed back into the form (readable form).
    pub phone: String,
    pub locale: String,
    /// The time zone the person reads dates and times in.
    pub time_zone: shared::TimeZoneName,
    /// Someone else chose the password: the person must choose their own before anything else.
    pub must_change_password: bool,
    /// The person must enrol a second factor before anything else (staff, or the holder of the
    /// active account requires it).
    pub must_enrol_two_factor: bool,
    /// The manufacturer's staff: they see the back-office instead of a customer account.
    pub staff: bool,
    /// The account the person acts for, if they belong to one.
    pub active: Option<ActiveAccount>,
    /// Every account the person is active in (the switcher shows it when there are several).
    pub accounts: Vec<AccountChoice>,
}

impl Me {
    pub fn is_holder(&self) -> bool {
        self.active
            .as_ref()
            .is_some_and(|account| account.role == Role::Holder)
    }
}

/// The account a person acts for, and what they may do there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveAccount {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    pub permissions: Permissions,
    /// The company's SIRET, if the account has one.
    pub siret: Option<String>,
    /// Staff checked that the SIRET is the company's.
    pub siret_verified: bool,
    /// Requests to join waiting for the holder's decision (0 for collaborators).
    pub pending_requests: i64,
}

/// An account in the switcher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountChoice {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
}

/// One line of the person's recent activity ("Mon compte").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    pub kind: SecurityEvent,
    /// The client's address, as the server saw it.
    pub ip: Option<String>,
    /// The browser and system, in a few words ("Firefox, Linux").
    pub device: Option<String>,
    /// Unix time, in seconds.
    pub at: i64,
}
