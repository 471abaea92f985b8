//! The contact form as it travels, and its parsing (the browser's and the server's).
use crate::{
    error::AppError,
    issues::{all_parsed, Form, Issues},
};
use serde::{Deserialize, Serialize};
use shared::{CompanyName, ContactMessage, ContactSubject, Email, FieldError, PersonName};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactForm {
    pub name: String,
    pub email: String,
    /// Optional.
    pub company: String,
    pub subject: String,
    pub message: String,
    /// The page's language: the acknowledgement is written in it.
    pub locale: String,
}

pub struct ValidContact {
    pub name: PersonName,
    pub email: Email,
    pub company: Option<CompanyName>,
    pub subject: ContactSubject,
    pub message: ContactMessage,
    pub locale: &'static str,
}

impl Form for ContactForm {
    type Valid = ValidContact;

    fn parse(&self) -> Result<ValidContact, AppError> {
        let mut issues = Issues::default();
        let name = issues.check("name", PersonName::parse(&self.name));
        let email = issues.check("email", Email::parse(&self.email));
        let company = if self.company.trim().is_empty() {
            Some(None)
        } else {
            issues
                .check("company", CompanyName::parse(&self.company))
                .map(Some)
        };
        let subject = issues.check("subject", ContactSubject::parse(&self.subject));
        let message = issues.check("message", ContactMessage::parse(&self.message));
        let locale = issues.check(
            "locale",
            match self.locale.as_str() {
                "fr" => Ok("fr"),
                "en" => Ok("en"),
                _ => Err(FieldError::InvalidChoice),
            },
        );
        let value = all_parsed!(name, email, company, subject, message, locale =>
            ValidContact { name, email, company, subject, message, locale });
        issues.finish(value)
    }
}
