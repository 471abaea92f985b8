//! The forms of the auth feature as they travel, and their parsing: the browser calls
//! `parse` before sending, the server function calls it again on what arrives.
use crate::{
    company::forms::{check_company, ValidCompany},
    error::AppError,
    issues::{all_parsed, Form, Issues},
};
use serde::{Deserialize, Serialize};
use shared::{Email, FieldError, Password, PersonName, PhoneNumber};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SignUpForm {
    pub company_name: String,
    pub siret: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub password: String,
    pub confirmation: String,
    pub locale: String,
}

pub struct ValidSignUp {
    pub company: ValidCompany,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
    pub phone: PhoneNumber,
    pub password: Password,
}

impl Form for SignUpForm {
    type Valid = ValidSignUp;

    fn parse(&self) -> Result<ValidSignUp, AppError> {
        let mut issues = Issues::default();
        // The SIRET is optional: empty means none.
        let company = check_company(&mut issues, &self.company_name, &self.siret);
        let first_name = issues.check("first_name", PersonName::parse(&self.first_name));
        let last_name = issues.check("last_name", PersonName::parse(&self.last_name));
        let email = issues.check("email", Email::parse(&self.email));
        let phone = issues.check("phone", PhoneNumber::parse(&self.phone));
        let password = issues.new_password(&self.password, &self.confirmation);
        let details = [
            &*self.email,
            &self.first_name,
            &self.last_name,
            &self.company_name,
        ];
        let password = issues.not_personal(password, &details);
        let value = all_parsed!(company, first_name, last_name, email, phone, password =>
            ValidSignUp { company, first_name, last_name, email, phone, password });
        issues.finish(value)
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
}

impl Form for LoginForm {
    type Valid = ();

    /// Only presence is checked: the rules of today must not lock out older passwords.
    fn parse(&self) -> Result<(), AppError> {
        let mut issues = Issues::default();
        let email = issues.check("email", required(&self.email));
        let password = issues.check("password", required(&self.password));
        issues.finish(all_parsed!(email, password => ()))
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ResetPasswordForm {
    pub token: String,
    pub password: String,
    pub confirmation: String,
}

impl Form for ResetPasswordForm {
    type Valid = Password;

    fn parse(&self) -> Result<Password, AppError> {
        new_password(&self.password, &self.confirmation)
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ProfileForm {
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
}

pub struct ValidProfile {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub phone: PhoneNumber,
}

impl Form for ProfileForm {
    type Valid = ValidProfile;

    fn parse(&self) -> Result<ValidProfile, AppError> {
        let mut issues = Issues::default();
        let first_name = issues.check("first_name", PersonName::parse(&self.first_name));
        let last_name = issues.check("last_name", PersonName::parse(&self.last_name));
        let phone = issues.check("phone", PhoneNumber::parse(&self.phone));
        issues.finish(all_parsed!(first_name, last_name, phone => ValidProfile { first_name, last_name, phone }))
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ChangePasswordForm {
    pub current_password: String,
    pub password: String,
    pub confirmation: String,
}

impl Form for ChangePasswordForm {
    type Valid = Password;

    fn parse(&self) -> Result<Password, AppError> {
        let mut issues = Issues::default();
        let current = issues.check("current_password", required(&self.current_password));
        let password = issues.new_password(&self.password, &self.confirmation);
        issues.finish(all_parsed!(current, password => password))
    }
}

/// A new e-mail address, and the current password that allows the change.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ChangeEmailForm {
    pub new_email: String,
    pub password: String,
}

impl Form for ChangeEmailForm {
    type Valid = Email;

    fn parse(&self) -> Result<Email, AppError> {
        let mut issues = Issues::default();
        let email = issues.check("new_email", Email::parse(&self.new_email));
        let password = issues.check("password", required(&self.password));
        issues.finish(all_parsed!(email, password => email))
    }
}

/// A new password and its confirmation.
pub fn new_password(password: &str, confirmation: &str) -> Result<Password, AppError> {
    let mut issues = Issues::default();
    let parsed = issues.new_password(password, confirmation);
    issues.finish(parsed)
}

fn required(value: &str) -> Result<(), FieldError> {
    if value.trim().is_empty() {
        Err(FieldError::Required)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_sign_up() -> SignUpForm {
        SignUpForm {
            company_name: "Acme Électronique".into(),
            siret: "732 829 320 00074".into(),
            first_name: "Marie".into(),
            last_name: "Curie".into(),
            email: "marie@acme.fr".into(),
            phone: "06 12 34 56 78".into(),
            password: "correct horse battery".into(),
            confirmation: "correct horse battery".into(),
            locale: "fr".into(),
        }
    }

    #[test]
    fn a_valid_sign_up_parses() {
        let parsed = valid_sign_up().parse().unwrap();
        assert_eq!(parsed.company.siret(), Some("73282932000074"));
        assert_eq!(parsed.phone.as_e164(), "+33612345678");
    }

    #[test]
    fn the_siret_is_optional() {
        let form = SignUpForm {
            siret: "  ".into(),
            ..valid_sign_up()
        };
        assert!(form.parse().unwrap().company.siret.is_none());
    }

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let form = SignUpForm {
            company_name: "".into(),
            siret: "73282932000075".into(),
            email: "not-an-email".into(),
            phone: "12".into(),
            password: "short".into(),
            confirmation: "other".into(),
            ..valid_sign_up()
        };
        let error = form.parse().err().unwrap();
        for (field, code) in [
            ("company_name", FieldError::Required),
            ("siret", FieldError::InvalidSiret),
            ("email", FieldError::InvalidEmail),
            ("phone", FieldError::InvalidPhone),
            ("password", FieldError::PasswordTooShort),
            ("confirmation", FieldError::PasswordMismatch),
        ] {
            assert_eq!(error.problem_with(field), Some(code.into()), "{field}");
        }
        assert_eq!(error.problem_with("first_name"), None);
    }

    #[test]
    fn a_password_with_ones_own_details_is_refused_before_it_is_sent() {
        for password in [
            "marie curie rocks",
            "acme electronique 26",
            "MARIE@ACME.FR 2026",
        ] {
            let form = SignUpForm {
                password: password.into(),
                confirmation: password.into(),
                ..valid_sign_up()
            };
            let error = form.parse().err().unwrap();
            assert_eq!(
                error.problem_with("password"),
                Some(FieldError::PasswordPersonal.into()),
                "{password}"
            );
        }
    }

    #[test]
    fn login_only_needs_both_fields() {
        assert!(LoginForm {
            email: "a@b.fr".into(),
            password: "x".into()
        }
        .parse()
        .is_ok());
        let error = LoginForm::default().parse().err().unwrap();
        assert_eq!(
            error.problem_with("email"),
            Some(FieldError::Required.into())
        );
        assert_eq!(
            error.problem_with("password"),
            Some(FieldError::Required.into())
        );
    }
}
