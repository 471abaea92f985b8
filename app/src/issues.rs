//! Parsing a form: every field's problem collected at once, so that the form shows them all.
//! The browser parses before sending, the server function parses again what arrives.
use crate::error::{AppError, FieldIssue};
use shared::{check_confirmation, check_personal, FieldError, Password};

/// A form as it travels: what was typed, parsed into valid values or every field's problem.
pub trait Form {
    type Valid;
    fn parse(&self) -> Result<Self::Valid, AppError>;
}

/// Collects every field's error, so that the form shows them all at once.
#[derive(Default)]
pub struct Issues(Vec<FieldIssue>);

impl Issues {
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, FieldError>) -> Option<T> {
        parsed
            .map_err(|code| {
                self.0.push(FieldIssue {
                    field: field.to_string(),
                    code,
                })
            })
            .ok()
    }

    /// A new password and its confirmation (`password` and `confirmation` fields).
    pub fn new_password(&mut self, password: &str, confirmation: &str) -> Option<Password> {
        let parsed = self.check("password", Password::parse(password));
        let confirmed = self.check("confirmation", check_confirmation(password, confirmation));
        parsed.filter(|_| confirmed.is_some())
    }

    /// A new password that must not contain the person's own `details` (e-mail, names,
    /// company): the rule the server applies again with what it knows of the person.
    pub fn not_personal(
        &mut self,
        password: Option<Password>,
        details: &[&str],
    ) -> Option<Password> {
        let password = password?;
        let checked = check_personal(password.expose(), details);
        self.check("password", checked).map(|()| password)
    }

    pub fn finish<T>(self, value: Option<T>) -> Result<T, AppError> {
        match value {
            Some(value) if self.0.is_empty() => Ok(value),
            _ => Err(AppError::Validation(self.0)),
        }
    }
}

/// Builds the parsed value when every field parsed; `Issues` has the errors otherwise.
macro_rules! all_parsed {
    ($($field:ident),+ => $build:expr) => {
        (|| { $(let $field = $field?; let _ = &$field;)+ Some($build) })()
    };
}
pub(crate) use all_parsed;
