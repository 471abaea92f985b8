//! The one error type of every server function. It crosses the wire as JSON and carries codes,
//! never text: the browser translates the codes (`components::errors`, one exhaustive `match`
//! per kind), and internal causes stay in the server's log.
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};
use shared::{FieldError, FileKind};

/// A field of a form and what is wrong with its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldIssue {
    pub field: String,
    pub code: FieldError,
}

/// Why a request cannot be done in the present state of things (HTTP 409), as the browser
/// translates it. The snake_case names are the wire format: they never change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictCode {
    /// Another person already uses this e-mail address.
    EmailTaken,
    /// Another customer account already has this SIRET.
    SiretTaken,
    /// The current password given to change it is not the right one.
    WrongPassword,
    /// How the order is paid was already chosen.
    PaymentChosen,
    /// The manufacturer does not allow payment on account for this customer.
    OnAccountNotAllowed,
    /// The order is no longer at a step where this can be done.
    OrderStep,
    /// The order must be paid first.
    NotPaid,
    /// Someone already decided the request or invitation.
    AlreadyDecided,
    /// The holder cannot be removed, deactivated, or leave.
    HolderStays,
    /// The person is already an active member of the account.
    AlreadyMember,
    /// A request or invitation is already waiting.
    RequestPending,
    /// No customer account has this SIRET.
    NoAccountForSiret,
    /// The e-mail already has an account: the holder may invite that person instead.
    EmailHasAccount,
    /// The person is a deactivated member: reactivate them instead.
    DeactivatedMember,
    /// Nobody has an account with this e-mail, so there is nobody to invite.
    NoAccount,
    /// The holder creates an account for a person who is already an active member.
    PersonAlreadyMember,
    /// The file would take the account's design files over its storage quota.
    StorageQuotaExceeded,
    /// The holder of an account with other members hands the role over before leaving.
    HandOverFirst,
    /// A quote names its recipient's address: the company has neither a billing address nor a
    /// default delivery address yet.
    CompanyAddressMissing,
}

impl ConflictCode {
    /// Every code, so that tests can check each is translated and read back.
    pub const ALL: [ConflictCode; 19] = [
        ConflictCode::EmailTaken,
        ConflictCode::SiretTaken,
        ConflictCode::WrongPassword,
        ConflictCode::PaymentChosen,
        ConflictCode::OnAccountNotAllowed,
        ConflictCode::OrderStep,
        ConflictCode::NotPaid,
        ConflictCode::AlreadyDecided,
        ConflictCode::HolderStays,
        ConflictCode::AlreadyMember,
        ConflictCode::RequestPending,
        ConflictCode::NoAccountForSiret,
        ConflictCode::EmailHasAccount,
        ConflictCode::DeactivatedMember,
        ConflictCode::NoAccount,
        ConflictCode::PersonAlreadyMember,
        ConflictCode::StorageQuotaExceeded,
        ConflictCode::HandOverFirst,
        ConflictCode::CompanyAddressMissing,
    ];
}

/// Why a second factor stops a request, as the browser translates it. The snake_case names are
/// the wire format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TwoFactorIssue {
    /// Staff, or a member of an account whose holder requires it, who has not enrolled yet: the
    /// page sends them to the enrolment (HTTP 403).
    EnrolmentRequired,
    /// The action needs a code typed in the last minutes: the page asks one, then retries
    /// (HTTP 403).
    CodeRequired,
    /// The code is wrong, outside its time window, or was used already (HTTP 401).
    WrongCode,
    /// Two-factor authentication is on already (HTTP 409).
    AlreadyEnabled,
    /// Two-factor authentication is off, or its enrolment was not started (HTTP 409).
    NotEnabled,
    /// It cannot be turned off: staff must have it, or the account's holder requires it
    /// (HTTP 409).
    Mandatory,
}

impl TwoFactorIssue {
    /// Every issue, so that tests can check each is translated and read back.
    pub const ALL: [TwoFactorIssue; 6] = [
        TwoFactorIssue::EnrolmentRequired,
        TwoFactorIssue::CodeRequired,
        TwoFactorIssue::WrongCode,
        TwoFactorIssue::AlreadyEnabled,
        TwoFactorIssue::NotEnabled,
        TwoFactorIssue::Mandatory,
    ];
}

/// A part of a project that may change between a purchase request and its approval: what the
/// approver is shown before ordering the version the requester saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectPart {
    Name,
    Service,
    /// The project's own quantity (the request keeps the quantity asked for).
    Quantity,
    /// The board's specification: layers, size, thickness, finish or mask.
    Board,
    Notes,
    /// The design file of this kind: replaced, added or removed.
    File(FileKind),
}

/// What is wrong with one field: its value breaks a rule of `shared`, or it conflicts with the
/// state of things.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    Invalid(FieldError),
    Conflict(ConflictCode),
}

impl From<FieldError> for FieldProblem {
    fn from(code: FieldError) -> Self {
        Self::Invalid(code)
    }
}

impl From<ConflictCode> for FieldProblem {
    fn from(code: ConflictCode) -> Self {
        Self::Conflict(code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// One or more fields are invalid (HTTP 400).
    #[error("invalid input")]
    Validation(Vec<FieldIssue>),
    /// The value of `field` is already taken, or otherwise conflicts (HTTP 409).
    #[error("conflict on {field}: {code:?}")]
    Conflict { field: String, code: ConflictCode },
    /// Someone else saved the same thing since the caller loaded it (HTTP 409): who and when
    /// (Unix time), so that the person can reload and apply their change again.
    #[error("edited meanwhile")]
    EditConflict { by: String, at: i64 },
    /// The price changed since it was shown (HTTP 409): both prices, net, in cents; the
    /// caller confirms the new one to go on.
    #[error("price changed")]
    PriceChanged { old_cents: i64, new_cents: i64 },
    /// The project changed since the purchase request (HTTP 409): what changed, and the
    /// project's version now, which the approver names to order the version requested anyway.
    #[error("project changed")]
    ProjectChanged {
        current_version: i32,
        changes: Vec<ProjectPart>,
    },
    /// Wrong e-mail or password: one answer for both (HTTP 401).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Not logged in, or the session ended (HTTP 401).
    #[error("unauthorized")]
    Unauthorized,
    /// Logged in, but not allowed (HTTP 403).
    #[error("forbidden")]
    Forbidden,
    /// Allowed once the person proved their e-mail address (HTTP 403).
    #[error("e-mail address not verified")]
    Unverified,
    /// Only the holder and the members who can buy may order for the account; the others ask
    /// them (HTTP 403).
    #[error("not allowed to buy")]
    NotAllowedToBuy,
    /// Unknown, or belonging to someone else: the same answer (HTTP 404).
    #[error("not found")]
    NotFound,
    /// A single-use link that was used, expired or never existed (HTTP 400).
    #[error("invalid or expired link")]
    InvalidToken,
    /// A second factor is missing, wrong or needed again (the status depends on the issue).
    #[error("two-factor authentication: {0:?}")]
    TwoFactor(TwoFactorIssue),
    /// Too many attempts; try again after that many seconds (HTTP 429).
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// The server has too much work queued (the password hashing queue is full); try again
    /// after that many seconds (HTTP 503).
    #[error("busy")]
    Busy { retry_after_secs: u64 },
    /// The database cannot be reached (down, restarting, or every connection taken past the
    /// acquire timeout): nothing was done; try again in a moment (HTTP 503).
    #[error("service unavailable")]
    Unavailable,
    /// The design files' storage failed or did not answer in time: uploads and downloads wait
    /// for it, everything else works (HTTP 503).
    #[error("file storage unavailable")]
    StorageUnavailable,
    /// Something failed on our side; the cause is in the log under this request id (HTTP 500).
    #[error("internal error")]
    Internal { request_id: Option<String> },
    /// The request did not reach the server or its answer was unreadable (client side).
    #[error("network error")]
    Network,
}

impl AppError {
    pub fn field(field: &str, code: FieldError) -> Self {
        Self::Validation(vec![FieldIssue {
            field: field.to_string(),
            code,
        }])
    }

    pub fn conflict(field: &str, code: ConflictCode) -> Self {
        Self::Conflict {
            field: field.to_string(),
            code,
        }
    }

    /// What is wrong with `field`, if anything.
    pub fn problem_with(&self, field: &str) -> Option<FieldProblem> {
        match self {
            Self::Validation(issues) => issues
                .iter()
                .find(|issue| issue.field == field)
                .map(|issue| issue.code.into()),
            Self::Conflict {
                field: conflicted,
                code,
            } if conflicted == field => Some((*code).into()),
            _ => None,
        }
    }

    /// Whether the error concerns particular fields (shown beside them) rather than the form.
    pub fn is_about_fields(&self) -> bool {
        matches!(self, Self::Validation(_) | Self::Conflict { .. })
    }

    /// The HTTP status the server answers with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Validation(_) | Self::InvalidToken => 400,
            Self::InvalidCredentials | Self::Unauthorized => 401,
            Self::Forbidden | Self::Unverified | Self::NotAllowedToBuy => 403,
            Self::NotFound => 404,
            Self::Conflict { .. }
            | Self::EditConflict { .. }
            | Self::PriceChanged { .. }
            | Self::ProjectChanged { .. } => 409,
            Self::TwoFactor(issue) => match issue {
                TwoFactorIssue::EnrolmentRequired | TwoFactorIssue::CodeRequired => 403,
                TwoFactorIssue::WrongCode => 401,
                TwoFactorIssue::AlreadyEnabled
                | TwoFactorIssue::NotEnabled
                | TwoFactorIssue::Mandatory => 409,
            },
            Self::TooManyRequests { .. } => 429,
            Self::Busy { .. } | Self::Unavailable | Self::StorageUnavailable => 503,
            Self::Internal { .. } | Self::Network => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Malformed arguments are the caller's mistake, not ours.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                Self::Validation(Vec::new())
            }
            // On the server, what fails to deserialize is the caller's request.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => Self::Validation(Vec::new()),
            #[cfg(not(feature = "ssr"))]
            ServerFnErrorErr::Deserialization(_) => Self::Network,
            ServerFnErrorErr::Request(_) => Self::Network,
            #[cfg(feature = "ssr")]
            other => crate::server::internal(other),
            #[cfg(not(feature = "ssr"))]
            _ => Self::Internal { request_id: None },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_codes_travel_as_their_snake_case_names() {
        let expected = [
            "email_taken",
            "siret_taken",
            "wrong_password",
            "payment_chosen",
            "on_account_not_allowed",
            "order_step",
            "not_paid",
            "already_decided",
            "holder_stays",
            "already_member",
            "request_pending",
            "no_account_for_siret",
            "email_has_account",
            "deactivated_member",
            "no_account",
            "person_already_member",
            "storage_quota_exceeded",
            "hand_over_first",
            "company_address_missing",
        ];
        assert_eq!(expected.len(), ConflictCode::ALL.len());
        for (code, name) in ConflictCode::ALL.into_iter().zip(expected) {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<ConflictCode>(&json).unwrap(), code);
        }
    }

    #[test]
    fn two_factor_issues_travel_as_their_snake_case_names() {
        let expected = [
            "enrolment_required",
            "code_required",
            "wrong_code",
            "already_enabled",
            "not_enabled",
            "mandatory",
        ];
        assert_eq!(expected.len(), TwoFactorIssue::ALL.len());
        for (issue, name) in TwoFactorIssue::ALL.into_iter().zip(expected) {
            let json = serde_json::to_string(&AppError::TwoFactor(issue)).unwrap();
            assert_eq!(json, format!("{{\"TwoFactor\":\"{name}\"}}"));
            assert_eq!(
                serde_json::from_str::<AppError>(&json).unwrap(),
                AppError::TwoFactor(issue)
            );
        }
    }

    #[test]
    fn project_parts_travel_as_snake_case_names() {
        let parts = [
            ProjectPart::Name,
            ProjectPart::Board,
            ProjectPart::File(FileKind::PickAndPlace),
        ];
        let json = serde_json::to_string(&parts).unwrap();
        assert_eq!(json, r#"["name","board",{"file":"pick_and_place"}]"#);
        assert_eq!(
            serde_json::from_str::<Vec<ProjectPart>>(&json).unwrap(),
            parts
        );
    }

    #[test]
    fn a_database_out_of_reach_travels_as_unavailable_with_503() {
        let json = serde_json::to_string(&AppError::Unavailable).unwrap();
        assert_eq!(json, r#""Unavailable""#);
        assert_eq!(
            serde_json::from_str::<AppError>(&json).unwrap(),
            AppError::Unavailable
        );
        assert_eq!(AppError::Unavailable.status(), 503);
    }

    #[test]
    fn a_conflict_is_the_problem_of_its_field_only() {
        let error = AppError::conflict("email", ConflictCode::EmailTaken);
        assert_eq!(
            error.problem_with("email"),
            Some(FieldProblem::Conflict(ConflictCode::EmailTaken))
        );
        assert_eq!(error.problem_with("siret"), None);
    }
}
