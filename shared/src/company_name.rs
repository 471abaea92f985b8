//! [`CompanyName`]: a company's name as written on its orders and invoices.

use crate::label::parse_label;
use crate::FieldError;

/// A company's name as written on its orders and invoices: trimmed, 1 to 100 characters, one line.
///
/// Free text on purpose: real names have accents, apostrophes, hyphens and digits, and any
/// stricter rule ends up refusing a real customer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CompanyName(String);

impl CompanyName {
    /// Parses what the user typed; surrounding whitespace is dropped.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        parse_label(input).map(Self)
    }

    /// The name, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_newtype_conversions!(CompanyName);

display_as_str!(CompanyName);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let max = "a".repeat(100);
        let over = "a".repeat(101);
        let cases: &[(&str, Result<&str, FieldError>)] = &[
            (
                "Circuits Imprimés de l'Ouest SAS",
                Ok("Circuits Imprimés de l'Ouest SAS"),
            ),
            (
                "  Circuits Imprimés de l'Ouest SAS\n",
                Ok("Circuits Imprimés de l'Ouest SAS"),
            ),
            (&max, Ok(&max)),
            (&over, Err(FieldError::TooLong)),
            ("", Err(FieldError::Required)),
            (" \t ", Err(FieldError::Required)),
            ("a\tb", Err(FieldError::ControlCharacters)),
            ("a\nb", Err(FieldError::ControlCharacters)),
        ];
        for (input, expected) in cases {
            let parsed = CompanyName::parse(input);
            assert_eq!(
                parsed.as_ref().map(CompanyName::as_str).map_err(|e| *e),
                *expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn conversions() {
        let name = CompanyName::parse(" Circuits Imprimés de l'Ouest SAS ").unwrap();
        assert_eq!(name.to_string(), "Circuits Imprimés de l'Ouest SAS");
        assert_eq!(name.as_ref(), "Circuits Imprimés de l'Ouest SAS");
        assert_eq!(
            "Circuits Imprimés de l'Ouest SAS".parse::<CompanyName>(),
            Ok(name.clone())
        );
        assert_eq!(String::from(name), "Circuits Imprimés de l'Ouest SAS");
    }

    #[test]
    fn serde_round_trip() {
        let name = CompanyName::parse("Circuits Imprimés de l'Ouest SAS").unwrap();
        let json = serde_json::to_string(&name).unwrap();
        assert_eq!(
            json,
            serde_json::to_string("Circuits Imprimés de l'Ouest SAS").unwrap()
        );
        assert_eq!(serde_json::from_str::<CompanyName>(&json).unwrap(), name);
    }

    #[test]
    fn serde_goes_through_parse() {
        assert_eq!(
            serde_json::from_str::<CompanyName>("\"  x  \"")
                .unwrap()
                .as_str(),
            "x"
        );
        for invalid in ["\"\"", "\"a\\tb\"", "42"] {
            assert!(
                serde_json::from_str::<CompanyName>(invalid).is_err(),
                "{invalid}"
            );
        }
        let over = format!("\"{}\"", "a".repeat(101));
        assert!(serde_json::from_str::<CompanyName>(&over).is_err());
    }
}
