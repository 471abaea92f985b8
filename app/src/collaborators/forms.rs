//! The collaborator space's forms and their parsing, shared by the browser and the server.
use crate::{
    error::{AppError, FieldIssue},
    issues::{all_parsed, Form, Issues},
};
use serde::{Deserialize, Serialize};
use shared::{AccountReference, Email, FieldError, Password, Permissions, PersonName, PhoneNumber};

/// "CRÉATION COMPTE COLLABORATEUR": the seed's fields, in its order.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct NewCollaboratorForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub permissions: Permissions,
    pub password: String,
    pub confirmation: String,
    /// The language of the welcome e-mail: the holder's, as they fill the form.
    pub locale: String,
}

pub struct ValidNewCollaborator {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
    pub phone: PhoneNumber,
    pub permissions: Permissions,
    pub password: Password,
}

impl Form for NewCollaboratorForm {
    type Valid = ValidNewCollaborator;

    fn parse(&self) -> Result<ValidNewCollaborator, AppError> {
        let mut issues = Issues::default();
        let first_name = issues.check("first_name", PersonName::parse(&self.first_name));
        let last_name = issues.check("last_name", PersonName::parse(&self.last_name));
        let email = issues.check("email", Email::parse(&self.email));
        let phone = issues.check("phone", PhoneNumber::parse(&self.phone));
        let password = issues.new_password(&self.password, &self.confirmation);
        let details = [&*self.email, &self.first_name, &self.last_name];
        let password = issues.not_personal(password, &details);
        let value = all_parsed!(first_name, last_name, email, phone, password =>
            ValidNewCollaborator { first_name, last_name, email, phone, permissions: self.permissions, password });
        issues.finish(value)
    }
}

/// "Siret ou Email du compte auquel vous souhaitez être rattaché".
pub fn parse_reference(input: &str) -> Result<AccountReference, AppError> {
    AccountReference::parse(input).map_err(|code| AppError::field("reference", code))
}

/// The holder's optional word when declining a request.
pub const MESSAGE_MAX_CHARS: usize = 500;

pub fn parse_message(input: &str) -> Result<Option<String>, AppError> {
    let trimmed = input.trim();
    if trimmed.chars().count() > MESSAGE_MAX_CHARS {
        return Err(AppError::Validation(vec![FieldIssue {
            field: "message".into(),
            code: FieldError::TooLong,
        }]));
    }
    Ok((!trimmed.is_empty()).then(|| trimmed.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let form = NewCollaboratorForm {
            email: "nope".into(),
            password: "short".into(),
            confirmation: "other".into(),
            ..Default::default()
        };
        let Err(error) = form.parse() else {
            panic!("an empty form must not parse")
        };
        for (field, code) in [
            ("first_name", FieldError::Required),
            ("last_name", FieldError::Required),
            ("email", FieldError::InvalidEmail),
            ("phone", FieldError::Required),
            ("password", FieldError::PasswordTooShort),
            ("confirmation", FieldError::PasswordMismatch),
        ] {
            assert_eq!(error.problem_with(field), Some(code.into()), "{field}");
        }
    }

    #[test]
    fn a_long_message_is_refused_and_an_empty_one_is_none() {
        assert_eq!(parse_message("  "), Ok(None));
        assert_eq!(parse_message(" merci "), Ok(Some("merci".into())));
        assert!(parse_message(&"x".repeat(MESSAGE_MAX_CHARS + 1)).is_err());
    }
}
