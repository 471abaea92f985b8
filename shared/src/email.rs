//! [`Email`]: the address a customer signs in with and receives quotes at.

use email_address::{EmailAddress, Options};

use crate::FieldError;

/// Longest address accepted, in characters (the RFC 5321 path limit).
const MAX_EMAIL_CHARS: usize = 254;

/// An email address: trimmed, a bare `local@domain.tld` with no display name.
///
/// The case is kept as typed (the local part may be case-sensitive for the recipient's
/// server); compare accounts with [`Email::normalized`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Parses what the user typed; surrounding whitespace is dropped.
    ///
    /// Stricter than the RFC where real customers never are: no display name
    /// (`Bob <b@x.fr>`), no IP-literal domain, the domain must contain a dot, and no control
    /// characters even in a quoted local part (they would end up in mail headers).
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(FieldError::Required);
        }
        if trimmed.chars().count() > MAX_EMAIL_CHARS {
            return Err(FieldError::TooLong);
        }
        if trimmed.chars().any(char::is_control) {
            return Err(FieldError::InvalidEmail);
        }
        let options = Options::default()
            .without_display_text()
            .without_domain_literal()
            .with_required_tld();
        let address = EmailAddress::parse_with_options(trimmed, options)
            .map_err(|_| FieldError::InvalidEmail)?;
        // `with_required_tld` already asks for two labels; checked again here because it is
        // our rule, not a default we rely on the crate to keep.
        if !address.domain().contains('.') {
            return Err(FieldError::InvalidEmail);
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The address as typed (trimmed, case kept).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address in lowercase: the key for "one account per address", whatever the case
    /// the customer typed it in.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

text_newtype_conversions!(Email);

display_as_str!(Email);

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid address of exactly `len` characters (`len` at least 69): a 64-character local
    /// part (the maximum) and a domain made of short labels.
    fn address_of_len(len: usize) -> String {
        let domain_len = len - 65;
        let units = (domain_len - 4) / 10;
        let last = domain_len - 3 - 10 * units;
        let domain = format!("{}{}.fr", "bbbbbbbbb.".repeat(units), "c".repeat(last));
        let address = format!("{}@{domain}", "a".repeat(64));
        assert_eq!(address.chars().count(), len);
        address
    }

    #[test]
    fn table() {
        let cases: &[(&str, Result<&str, FieldError>)] = &[
            ("jean.dupont@example.fr", Ok("jean.dupont@example.fr")),
            ("  jean.dupont@example.fr  ", Ok("jean.dupont@example.fr")),
            ("\tjean.dupont@example.fr\n", Ok("jean.dupont@example.fr")),
            ("Jean.Dupont@Example.FR", Ok("Jean.Dupont@Example.FR")),
            (
                "achats+pcb@sous.domaine.example.com",
                Ok("achats+pcb@sous.domaine.example.com"),
            ),
            ("o'brien@example.ie", Ok("o'brien@example.ie")),
            ("", Err(FieldError::Required)),
            ("   ", Err(FieldError::Required)),
            ("jean.dupont.example.fr", Err(FieldError::InvalidEmail)),
            ("@example.fr", Err(FieldError::InvalidEmail)),
            ("jean@", Err(FieldError::InvalidEmail)),
            ("jean@localhost", Err(FieldError::InvalidEmail)),
            ("jean@example", Err(FieldError::InvalidEmail)),
            ("jean@example.", Err(FieldError::InvalidEmail)),
            ("jean@.example.fr", Err(FieldError::InvalidEmail)),
            ("jean@exa mple.fr", Err(FieldError::InvalidEmail)),
            ("jean dupont@example.fr", Err(FieldError::InvalidEmail)),
            ("jean@@example.fr", Err(FieldError::InvalidEmail)),
            ("jean..dupont@example.fr", Err(FieldError::InvalidEmail)),
            ("jean@[192.168.0.1]", Err(FieldError::InvalidEmail)),
            ("Bob <bob@example.fr>", Err(FieldError::InvalidEmail)),
            ("<bob@example.fr>", Err(FieldError::InvalidEmail)),
            ("\"Bob\" <bob@example.fr>", Err(FieldError::InvalidEmail)),
            (
                "\"a\r\nBcc: x@y.fr\"@example.fr",
                Err(FieldError::InvalidEmail),
            ),
            ("jean@exam\tple.fr", Err(FieldError::InvalidEmail)),
        ];
        for (input, expected) in cases {
            let parsed = Email::parse(input);
            assert_eq!(
                parsed.as_ref().map(Email::as_str).map_err(|e| *e),
                *expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn length_limit_is_254_characters() {
        let max = address_of_len(254);
        assert_eq!(Email::parse(&max).unwrap().as_str(), max);
        assert_eq!(Email::parse(&address_of_len(255)), Err(FieldError::TooLong));
        assert_eq!(Email::parse(&address_of_len(300)), Err(FieldError::TooLong));
        // Surrounding spaces do not count.
        assert!(Email::parse(&format!("  {max}  ")).is_ok());
    }

    #[test]
    fn long_local_part_is_refused() {
        let address = format!("{}@example.fr", "a".repeat(65));
        assert_eq!(Email::parse(&address), Err(FieldError::InvalidEmail));
    }

    #[test]
    fn case_is_kept_and_normalized_is_lowercase() {
        let email = Email::parse("Jean.Dupont@Example.FR").unwrap();
        assert_eq!(email.as_str(), "Jean.Dupont@Example.FR");
        assert_eq!(email.to_string(), "Jean.Dupont@Example.FR");
        assert_eq!(email.normalized(), "jean.dupont@example.fr");
        let other = Email::parse("jean.dupont@example.fr").unwrap();
        assert_ne!(email, other);
        assert_eq!(email.normalized(), other.normalized());
    }

    #[test]
    fn conversions() {
        let email = Email::parse(" a@b.fr ").unwrap();
        assert_eq!(email.as_ref(), "a@b.fr");
        assert_eq!("a@b.fr".parse::<Email>(), Ok(email.clone()));
        assert_eq!(Email::try_from(String::from("a@b.fr")), Ok(email.clone()));
        assert_eq!(String::from(email), "a@b.fr");
    }

    #[test]
    fn serde_round_trip() {
        let email = Email::parse("Jean.Dupont@Example.FR").unwrap();
        let json = serde_json::to_string(&email).unwrap();
        assert_eq!(json, "\"Jean.Dupont@Example.FR\"");
        assert_eq!(serde_json::from_str::<Email>(&json).unwrap(), email);
    }

    #[test]
    fn serde_goes_through_parse() {
        assert_eq!(
            serde_json::from_str::<Email>("\" a@b.fr \"")
                .unwrap()
                .as_str(),
            "a@b.fr"
        );
        for invalid in [
            "\"\"",
            "\"not an email\"",
            "\"Bob <bob@example.fr>\"",
            "\"a@localhost\"",
            "null",
        ] {
            assert!(serde_json::from_str::<Email>(invalid).is_err(), "{invalid}");
        }
    }
}
