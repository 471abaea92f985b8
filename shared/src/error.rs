//! Why a field was refused, as a stable code the UI translates.

use std::str::FromStr;

/// Why a value was refused. The browser and the server exchange the snake_case code
/// (see [`FieldError::code`]) and the UI translates it, so the codes must never change.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, thiserror::Error,
)]
#[serde(rename_all = "snake_case")]
pub enum FieldError {
    /// Nothing was entered.
    #[error("required")]
    Required,
    /// More characters than the field allows.
    #[error("too_long")]
    TooLong,
    /// Tabs, newlines or other control characters where only text belongs.
    #[error("control_characters")]
    ControlCharacters,
    /// Not an email address we can send mail to.
    #[error("invalid_email")]
    InvalidEmail,
    /// Not a SIRET: wrong length, not digits or wrong check digit.
    #[error("invalid_siret")]
    InvalidSiret,
    /// Not an intra-EU VAT number: unknown prefix, wrong form, or (French) wrong key.
    #[error("invalid_vat_number")]
    InvalidVatNumber,
    /// A French VAT number whose SIREN is not the one of the company's SIRET.
    #[error("vat_not_of_siret")]
    VatNotOfSiret,
    /// Not a phone number we can dial.
    #[error("invalid_phone")]
    InvalidPhone,
    /// Fewer characters than a password needs.
    #[error("password_too_short")]
    PasswordTooShort,
    /// More characters than a password may have (bounds the cost of hashing).
    #[error("password_too_long")]
    PasswordTooLong,
    /// Found in the list of common passwords (checked by the server only).
    #[error("password_too_common")]
    PasswordTooCommon,
    /// Nothing but spaces (or other blanks).
    #[error("password_blank")]
    PasswordBlank,
    /// Contains the person's own e-mail name, first or last name, or company name.
    #[error("password_personal")]
    PasswordPersonal,
    /// The confirmation differs from the password.
    #[error("password_mismatch")]
    PasswordMismatch,
    /// Neither a SIRET nor an e-mail address (where either names an account).
    #[error("invalid_account_reference")]
    InvalidAccountReference,
    /// Not a whole number.
    #[error("not_a_number")]
    NotANumber,
    /// A number outside its allowed range.
    #[error("out_of_range")]
    OutOfRange,
    /// Not one of the options offered.
    #[error("invalid_choice")]
    InvalidChoice,
    /// Not a postal code (of the chosen country).
    #[error("invalid_postal_code")]
    InvalidPostalCode,
    /// Not a carrier's tracking number.
    #[error("invalid_tracking_number")]
    InvalidTrackingNumber,
    /// Larger than a design file may be.
    #[error("file_too_large")]
    FileTooLarge,
    /// A file with nothing in it.
    #[error("file_empty")]
    FileEmpty,
    /// Not a type of file accepted for this kind of design file.
    #[error("file_type_not_allowed")]
    FileTypeNotAllowed,
    /// The terms of sale were not accepted where ordering needs it.
    #[error("terms_not_accepted")]
    TermsNotAccepted,
}

impl FieldError {
    /// Every variant, so that the UI can check it has a translation for each code.
    pub const ALL: [FieldError; 24] = [
        FieldError::Required,
        FieldError::TooLong,
        FieldError::ControlCharacters,
        FieldError::InvalidEmail,
        FieldError::InvalidSiret,
        FieldError::InvalidVatNumber,
        FieldError::VatNotOfSiret,
        FieldError::InvalidPhone,
        FieldError::PasswordTooShort,
        FieldError::PasswordTooLong,
        FieldError::PasswordTooCommon,
        FieldError::PasswordBlank,
        FieldError::PasswordPersonal,
        FieldError::PasswordMismatch,
        FieldError::InvalidAccountReference,
        FieldError::NotANumber,
        FieldError::OutOfRange,
        FieldError::InvalidChoice,
        FieldError::InvalidPostalCode,
        FieldError::InvalidTrackingNumber,
        FieldError::FileTooLarge,
        FieldError::FileEmpty,
        FieldError::FileTypeNotAllowed,
        FieldError::TermsNotAccepted,
    ];

    /// The stable snake_case code, the key of the UI translations.
    pub fn code(self) -> &'static str {
        match self {
            FieldError::Required => "required",
            FieldError::TooLong => "too_long",
            FieldError::ControlCharacters => "control_characters",
            FieldError::InvalidEmail => "invalid_email",
            FieldError::InvalidSiret => "invalid_siret",
            FieldError::InvalidVatNumber => "invalid_vat_number",
            FieldError::VatNotOfSiret => "vat_not_of_siret",
            FieldError::InvalidPhone => "invalid_phone",
            FieldError::PasswordTooShort => "password_too_short",
            FieldError::PasswordTooLong => "password_too_long",
            FieldError::PasswordTooCommon => "password_too_common",
            FieldError::PasswordBlank => "password_blank",
            FieldError::PasswordPersonal => "password_personal",
            FieldError::PasswordMismatch => "password_mismatch",
            FieldError::InvalidAccountReference => "invalid_account_reference",
            FieldError::NotANumber => "not_a_number",
            FieldError::OutOfRange => "out_of_range",
            FieldError::InvalidChoice => "invalid_choice",
            FieldError::InvalidPostalCode => "invalid_postal_code",
            FieldError::InvalidTrackingNumber => "invalid_tracking_number",
            FieldError::FileTooLarge => "file_too_large",
            FieldError::FileEmpty => "file_empty",
            FieldError::FileTypeNotAllowed => "file_type_not_allowed",
            FieldError::TermsNotAccepted => "terms_not_accepted",
        }
    }
}

/// A code that names no [`FieldError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown field error code")]
pub struct UnknownFieldErrorCode;

impl FromStr for FieldError {
    type Err = UnknownFieldErrorCode;

    /// Reads back a code produced by [`FieldError::code`] (exact, case-sensitive).
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        FieldError::ALL
            .into_iter()
            .find(|error| error.code() == code)
            .ok_or(UnknownFieldErrorCode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_ones_the_ui_translates() {
        let expected = [
            (FieldError::Required, "required"),
            (FieldError::TooLong, "too_long"),
            (FieldError::ControlCharacters, "control_characters"),
            (FieldError::InvalidEmail, "invalid_email"),
            (FieldError::InvalidSiret, "invalid_siret"),
            (FieldError::InvalidVatNumber, "invalid_vat_number"),
            (FieldError::VatNotOfSiret, "vat_not_of_siret"),
            (FieldError::InvalidPhone, "invalid_phone"),
            (FieldError::PasswordTooShort, "password_too_short"),
            (FieldError::PasswordTooLong, "password_too_long"),
            (FieldError::PasswordTooCommon, "password_too_common"),
            (FieldError::PasswordBlank, "password_blank"),
            (FieldError::PasswordPersonal, "password_personal"),
            (FieldError::PasswordMismatch, "password_mismatch"),
            (
                FieldError::InvalidAccountReference,
                "invalid_account_reference",
            ),
            (FieldError::NotANumber, "not_a_number"),
            (FieldError::OutOfRange, "out_of_range"),
            (FieldError::InvalidChoice, "invalid_choice"),
            (FieldError::InvalidPostalCode, "invalid_postal_code"),
            (FieldError::InvalidTrackingNumber, "invalid_tracking_number"),
            (FieldError::FileTooLarge, "file_too_large"),
            (FieldError::FileEmpty, "file_empty"),
            (FieldError::FileTypeNotAllowed, "file_type_not_allowed"),
            (FieldError::TermsNotAccepted, "terms_not_accepted"),
        ];
        assert_eq!(expected.len(), FieldError::ALL.len());
        for (error, code) in expected {
            assert_eq!(error.code(), code);
            assert_eq!(error.to_string(), code);
        }
    }

    #[test]
    fn all_lists_each_variant_once() {
        for (i, a) in FieldError::ALL.iter().enumerate() {
            for b in &FieldError::ALL[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn from_str_reads_back_every_code() {
        for error in FieldError::ALL {
            assert_eq!(error.code().parse::<FieldError>(), Ok(error));
        }
    }

    #[test]
    fn from_str_refuses_unknown_codes() {
        for code in ["", "Required", "REQUIRED", " required", "tooLong", "nope"] {
            assert_eq!(code.parse::<FieldError>(), Err(UnknownFieldErrorCode));
        }
    }

    #[test]
    fn serde_uses_the_code() {
        for error in FieldError::ALL {
            let json = serde_json::to_string(&error).unwrap();
            assert_eq!(json, format!("\"{}\"", error.code()));
            assert_eq!(serde_json::from_str::<FieldError>(&json).unwrap(), error);
        }
        assert!(serde_json::from_str::<FieldError>("\"Required\"").is_err());
    }
}
