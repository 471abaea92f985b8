//! Who may do what in a customer account, and how a person names the account they want to join.

use crate::{Email, FieldError, Siret};
use serde::{Deserialize, Serialize};

choice! {
    /// A person's place in a customer account.
    Role {
        /// The account's owner: pays, follows orders and manages the collaborators. Exactly one.
        Holder = "holder",
        /// Works on the account's projects, with the permissions the holder gave.
        Collaborator = "collaborator",
    }
}

choice! {
    /// Whether a member may still act for the account.
    MembershipStatus {
        /// Works in the account.
        Active = "active",
        /// Kept in the list, with their work, but without access until reactivated.
        Deactivated = "deactivated",
    }
}

choice! {
    /// Who asked for a person to join an account.
    RequestKind {
        /// The person asked (option 2); the holder decides.
        Request = "request",
        /// The holder invited a person who has an account; that person answers.
        Invitation = "invitation",
    }
}

choice! {
    /// What became of a request to join or an invitation.
    RequestStatus {
        /// Waiting for an answer.
        Pending = "pending",
        /// Accepted: the person is a member.
        Accepted = "accepted",
        /// Declined by whoever had to answer.
        Declined = "declined",
        /// Withdrawn by whoever made it.
        Cancelled = "cancelled",
        /// Nobody answered in time (invitations 14 days, requests 30).
        Expired = "expired",
    }
}

choice! {
    /// A line of an account's history ("who did what to whom").
    MembershipAction {
        /// The holder created the person's account (option 1).
        Created = "created",
        /// The holder invited a person who has an account.
        Invited = "invited",
        /// The person asked to join (option 2).
        Requested = "requested",
        /// The person joined (a request accepted, or an invitation).
        Attached = "attached",
        /// A request or an invitation was declined.
        Declined = "declined",
        /// The holder changed the member's permissions.
        PermissionsChanged = "permissions_changed",
        /// The holder deactivated the member.
        Deactivated = "deactivated",
        /// The holder reactivated the member.
        Reactivated = "reactivated",
        /// The holder removed the member.
        Removed = "removed",
        /// The member left.
        Left = "left",
        /// The holder role passed to another member (who accepted it).
        HolderTransferred = "holder_transferred",
        /// The holder offered the holder role to a member.
        HolderOffered = "holder_offered",
        /// The holder withdrew that offer (or it ended with the member's access).
        HolderOfferWithdrawn = "holder_offer_withdrawn",
        /// The member declined the holder role.
        HolderDeclined = "holder_declined",
        /// The holder withdrew an invitation before it was answered.
        InvitationWithdrawn = "invitation_withdrawn",
    }
}

/// The two questions the holder answers for each collaborator. Both default to "no".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Permissions {
    /// "Il peut acheter ?": yes, they can place orders; no, they can view and modify the
    /// ongoing projects only.
    pub can_buy: bool,
    /// "Il peut voir toutes les commandes des collaborateurs de ce compte ?": no, they only see
    /// their own orders.
    pub can_see_all_orders: bool,
}

impl Permissions {
    /// What a holder may always do, whatever is stored.
    pub const HOLDER: Permissions = Permissions {
        can_buy: true,
        can_see_all_orders: true,
    };
}

/// The account someone asks to be attached to: "Siret ou Email du compte auquel vous souhaitez
/// être rattaché". Something with an `@` is an e-mail; otherwise it must be a SIRET.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountReference {
    /// The customer account's SIRET.
    Siret(Siret),
    /// The e-mail of the account's holder.
    Email(Email),
}

impl AccountReference {
    /// Reads what the person typed.
    pub fn parse(input: &str) -> Result<AccountReference, FieldError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(FieldError::Required);
        }
        if trimmed.contains('@') {
            return Email::parse(trimmed).map(AccountReference::Email);
        }
        let digits_only = trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace());
        if digits_only {
            return Siret::parse(trimmed).map(AccountReference::Siret);
        }
        Err(FieldError::InvalidAccountReference)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_a_siret_or_an_email() {
        assert_eq!(
            AccountReference::parse(" 732 829 320 00074 "),
            Ok(AccountReference::Siret(
                Siret::parse("73282932000074").unwrap()
            ))
        );
        assert_eq!(
            AccountReference::parse("Holder@Acme.fr"),
            Ok(AccountReference::Email(
                Email::parse("Holder@Acme.fr").unwrap()
            ))
        );
    }

    #[test]
    fn each_kind_of_mistake_has_its_own_code() {
        let cases = [
            ("", FieldError::Required),
            ("   ", FieldError::Required),
            ("73282932000075", FieldError::InvalidSiret),
            ("1234", FieldError::InvalidSiret),
            ("holder@", FieldError::InvalidEmail),
            ("Acme Électronique", FieldError::InvalidAccountReference),
        ];
        for (input, expected) in cases {
            assert_eq!(AccountReference::parse(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn roles_read_back_what_they_store() {
        for role in [Role::Holder, Role::Collaborator] {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        assert_eq!(Role::parse("admin"), Err(FieldError::InvalidChoice));
    }

    #[test]
    fn history_actions_read_back_what_they_store() {
        for action in MembershipAction::ALL {
            assert_eq!(MembershipAction::parse(action.as_str()), Ok(action));
            let json = serde_json::to_string(&action).unwrap();
            assert_eq!(json, format!("\"{}\"", action.as_str()));
        }
    }

    #[test]
    fn permissions_default_to_no_and_no() {
        assert_eq!(
            Permissions::default(),
            Permissions {
                can_buy: false,
                can_see_all_orders: false
            }
        );
    }
}
