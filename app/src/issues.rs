//! Parsing a form: every field's problem collected at once, so that the form shows them all.
//! The browser parses before sending, the server function parses again what arrives.
use crate::error::{AppError, FieldIssue};
use shared::{
    check_confirmation, check_personal, check_postal_code_for_country, AddressLine, CompanyName,
    CountryCode, DeliveryAddress, FieldError, Password, PostalCode,
};

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

    /// A postal address (an order's delivery, the company's billing address), each field's
    /// problem under `prefix` and the field's name (`billing_city`).
    pub fn address(&mut self, prefix: &str, input: AddressInput<'_>) -> Option<DeliveryAddress> {
        let field = |name: &str| format!("{prefix}{name}");
        let recipient = self.check(&field("recipient"), CompanyName::parse(input.recipient));
        let line1 = self.check(&field("line1"), AddressLine::parse(input.line1));
        let line2 = if input.line2.trim().is_empty() {
            Some(None)
        } else {
            self.check(&field("line2"), AddressLine::parse(input.line2))
                .map(Some)
        };
        let city = self.check(&field("city"), AddressLine::parse(input.city));
        let country = self.check(&field("country"), CountryCode::parse(input.country));
        let postal_code = self
            .check(&field("postal_code"), PostalCode::parse(input.postal_code))
            .and_then(|code| match country {
                Some(country) => self
                    .check(
                        &field("postal_code"),
                        check_postal_code_for_country(&code, country),
                    )
                    .map(|()| code),
                None => Some(code),
            });
        all_parsed!(recipient, line1, line2, postal_code, city, country =>
            DeliveryAddress { recipient, line1, line2, postal_code, city, country })
    }

    pub fn finish<T>(self, value: Option<T>) -> Result<T, AppError> {
        match value {
            Some(value) if self.0.is_empty() => Ok(value),
            _ => Err(AppError::Validation(self.0)),
        }
    }
}

/// A postal address's fields as typed.
#[derive(Clone, Copy, Debug)]
pub struct AddressInput<'a> {
    pub recipient: &'a str,
    pub line1: &'a str,
    pub line2: &'a str,
    pub postal_code: &'a str,
    pub city: &'a str,
    pub country: &'a str,
}

impl AddressInput<'_> {
    /// Nothing typed, the country aside (forms offer one by default): no address.
    pub fn is_blank(&self) -> bool {
        [
            self.recipient,
            self.line1,
            self.line2,
            self.postal_code,
            self.city,
        ]
        .iter()
        .all(|text| text.trim().is_empty())
    }
}

/// A saved address as a form shows it again: each field's text (no second line: empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddressText {
    pub recipient: String,
    pub line1: String,
    pub line2: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
}

impl From<&DeliveryAddress> for AddressText {
    fn from(address: &DeliveryAddress) -> Self {
        AddressText {
            recipient: address.recipient.as_str().to_owned(),
            line1: address.line1.as_str().to_owned(),
            line2: address
                .line2
                .as_ref()
                .map(|line| line.as_str().to_owned())
                .unwrap_or_default(),
            postal_code: address.postal_code.as_str().to_owned(),
            city: address.city.as_str().to_owned(),
            country: address.country.as_str().to_owned(),
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
