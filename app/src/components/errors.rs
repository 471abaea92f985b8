//! Errors in words, in the page's language: one exhaustive `match` per kind of code, so that a
//! code without its text does not compile.
use crate::{
    error::{AppError, ConflictCode, FieldProblem, ProjectPart, TwoFactorIssue},
    i18n::*,
};
use shared::FieldError;

/// Why a value was refused.
pub fn field_error_text(locale: Locale, code: FieldError) -> &'static str {
    match code {
        FieldError::Required => td_string!(locale, errors.required),
        FieldError::TooLong => td_string!(locale, errors.too_long),
        FieldError::ControlCharacters => td_string!(locale, errors.control_characters),
        FieldError::InvalidEmail => td_string!(locale, errors.invalid_email),
        FieldError::InvalidSiret => td_string!(locale, errors.invalid_siret),
        FieldError::InvalidVatNumber => td_string!(locale, errors.invalid_vat_number),
        FieldError::VatNotOfSiret => td_string!(locale, errors.vat_not_of_siret),
        FieldError::InvalidPhone => td_string!(locale, errors.invalid_phone),
        FieldError::PasswordTooShort => td_string!(locale, errors.password_too_short),
        FieldError::PasswordTooLong => td_string!(locale, errors.password_too_long),
        FieldError::PasswordTooCommon => td_string!(locale, errors.password_too_common),
        FieldError::PasswordBlank => td_string!(locale, password.blank),
        FieldError::PasswordPersonal => td_string!(locale, password.personal),
        FieldError::PasswordMismatch => td_string!(locale, errors.password_mismatch),
        FieldError::InvalidAccountReference => td_string!(locale, errors.invalid_account_reference),
        FieldError::NotANumber => td_string!(locale, errors.not_a_number),
        FieldError::OutOfRange => td_string!(locale, errors.out_of_range),
        FieldError::InvalidChoice => td_string!(locale, errors.invalid_choice),
        FieldError::TermsNotAccepted => td_string!(locale, errors.terms_not_accepted),
        FieldError::InvalidPostalCode => td_string!(locale, errors.invalid_postal_code),
        FieldError::InvalidTrackingNumber => td_string!(locale, errors.invalid_tracking_number),
        FieldError::FileTooLarge => td_string!(locale, errors.file_too_large),
        FieldError::FileEmpty => td_string!(locale, errors.file_empty),
        FieldError::FileTypeNotAllowed => td_string!(locale, errors.file_type_not_allowed),
    }
}

/// Why the request conflicts with the state of things.
pub fn conflict_text(locale: Locale, code: ConflictCode) -> &'static str {
    match code {
        ConflictCode::EmailTaken => td_string!(locale, errors.email_taken),
        ConflictCode::SiretTaken => td_string!(locale, errors.siret_taken),
        ConflictCode::WrongPassword => td_string!(locale, errors.wrong_password),
        ConflictCode::PaymentChosen => td_string!(locale, errors.payment_chosen),
        ConflictCode::OnAccountNotAllowed => td_string!(locale, errors.on_account_not_allowed),
        ConflictCode::OrderStep => td_string!(locale, errors.order_step),
        ConflictCode::NotPaid => td_string!(locale, errors.not_paid),
        ConflictCode::AlreadyDecided => td_string!(locale, collaborators.already_decided),
        ConflictCode::HolderStays => td_string!(locale, collaborators.holder_stays),
        ConflictCode::AlreadyMember => td_string!(locale, collaborators.already_member),
        ConflictCode::RequestPending => td_string!(locale, collaborators.request_pending),
        ConflictCode::NoAccountForSiret => td_string!(locale, collaborators.no_account_for_siret),
        ConflictCode::EmailHasAccount => td_string!(locale, collaborators.email_has_account),
        ConflictCode::DeactivatedMember => td_string!(locale, collaborators.deactivated_member),
        ConflictCode::NoAccount => td_string!(locale, collaborators.no_account),
        ConflictCode::PersonAlreadyMember => td_string!(locale, errors.person_already_member),
        ConflictCode::StorageQuotaExceeded => td_string!(locale, projects.storage_quota_exceeded),
        ConflictCode::HandOverFirst => td_string!(locale, personal_data.hand_over_first),
        ConflictCode::CompanyAddressMissing => {
            td_string!(locale, documents.company_address_missing)
        }
    }
}

/// Why a second factor stops the request.
pub fn two_factor_text(locale: Locale, issue: TwoFactorIssue) -> &'static str {
    match issue {
        TwoFactorIssue::EnrolmentRequired => td_string!(locale, two_factor.enrolment_required),
        TwoFactorIssue::CodeRequired => td_string!(locale, two_factor.code_required),
        TwoFactorIssue::WrongCode => td_string!(locale, two_factor.wrong_code),
        TwoFactorIssue::AlreadyEnabled => td_string!(locale, two_factor.already_enabled),
        TwoFactorIssue::NotEnabled => td_string!(locale, two_factor.not_enabled),
        TwoFactorIssue::Mandatory => td_string!(locale, two_factor.mandatory),
    }
}

/// A part of a project, as a list of what changed names it.
pub fn project_part_text(locale: Locale, part: ProjectPart) -> &'static str {
    match part {
        ProjectPart::Name => td_string!(locale, errors.part_name),
        ProjectPart::Service => td_string!(locale, errors.part_service),
        ProjectPart::Quantity => td_string!(locale, errors.part_quantity),
        ProjectPart::Board => td_string!(locale, errors.part_board),
        ProjectPart::Notes => td_string!(locale, errors.part_notes),
        ProjectPart::File(kind) => super::labels::file_kind_text(locale, kind),
    }
}

/// What changed, as one list: "nom, Gerber".
pub fn project_parts_text(locale: Locale, parts: &[ProjectPart]) -> String {
    parts
        .iter()
        .map(|part| project_part_text(locale, *part))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What is wrong with a field, as shown under it.
pub fn problem_text(locale: Locale, problem: FieldProblem) -> &'static str {
    match problem {
        FieldProblem::Invalid(code) => field_error_text(locale, code),
        FieldProblem::Conflict(code) => conflict_text(locale, code),
    }
}

/// The message for an error that concerns the whole form.
pub fn form_error_text(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::Validation(_) | AppError::Conflict { .. } => {
            td_string!(locale, errors.form_has_errors).to_string()
        }
        AppError::EditConflict { by, at } => td_string!(
            locale,
            errors.edit_conflict,
            // The person may have left since: their name is gone with them.
            name = if by.is_empty() {
                td_string!(locale, projects.former_member)
            } else {
                by.as_str()
            },
            date = super::format::date_time(locale, *at)
        )
        .to_string(),
        AppError::PriceChanged {
            old_cents,
            new_cents,
        } => td_string!(
            locale,
            errors.price_changed,
            old = super::format::money(locale, *old_cents),
            new = super::format::money(locale, *new_cents)
        )
        .to_string(),
        AppError::ProjectChanged { changes, .. } => td_string!(
            locale,
            errors.project_changed,
            changes = project_parts_text(locale, changes)
        )
        .to_string(),
        AppError::InvalidCredentials => td_string!(locale, errors.invalid_credentials).to_string(),
        AppError::Unauthorized => td_string!(locale, errors.unauthorized).to_string(),
        AppError::Forbidden => td_string!(locale, errors.forbidden).to_string(),
        AppError::Unverified => td_string!(locale, errors.unverified).to_string(),
        AppError::NotAllowedToBuy => td_string!(locale, errors.not_allowed_to_buy).to_string(),
        AppError::NotFound => td_string!(locale, errors.not_found).to_string(),
        AppError::InvalidToken => td_string!(locale, errors.invalid_token).to_string(),
        AppError::TwoFactor(issue) => two_factor_text(locale, *issue).to_string(),
        AppError::TooManyRequests { retry_after_secs } => td_string!(
            locale,
            errors.too_many_requests,
            seconds = *retry_after_secs
        )
        .to_string(),
        AppError::Busy { retry_after_secs } => {
            td_string!(locale, errors.busy, seconds = *retry_after_secs).to_string()
        }
        AppError::Unavailable => td_string!(locale, errors.unavailable).to_string(),
        AppError::StorageUnavailable => td_string!(locale, errors.storage_unavailable).to_string(),
        AppError::Internal { request_id } => td_string!(
            locale,
            errors.internal,
            reference = request_id.as_deref().unwrap_or("-")
        )
        .to_string(),
        AppError::Network => td_string!(locale, errors.network).to_string(),
    }
}

/// An action's failure (a button rather than a form): the conflict or the fields' problems in
/// words, else the general message.
pub fn action_error_text(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::Conflict { code, .. } => conflict_text(locale, *code).to_string(),
        AppError::Validation(issues) if !issues.is_empty() => issues
            .iter()
            .map(|issue| field_error_text(locale, issue.code))
            .collect::<Vec<_>>()
            .join(" "),
        other => form_error_text(locale, other),
    }
}
