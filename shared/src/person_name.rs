//! [`PersonName`]: a person's name (contact, account holder).

use crate::label::parse_label;
use crate::FieldError;

/// A person's name (contact, account holder): trimmed, 1 to 100 characters, one line.
///
/// Free text on purpose: real names have accents, apostrophes, hyphens and digits, and any
/// stricter rule ends up refusing a real customer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    /// Parses what the user typed; surrounding whitespace is dropped.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        parse_label(input).map(Self)
    }

    /// The name, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_newtype_conversions!(PersonName);

display_as_str!(PersonName);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let max = "a".repeat(100);
        let over = "a".repeat(101);
        let cases: &[(&str, Result<&str, FieldError>)] = &[
            ("Jean Dupont", Ok("Jean Dupont")),
            ("  Jean Dupont\n", Ok("Jean Dupont")),
            (&max, Ok(&max)),
            (&over, Err(FieldError::TooLong)),
            ("", Err(FieldError::Required)),
            (" \t ", Err(FieldError::Required)),
            ("a\tb", Err(FieldError::ControlCharacters)),
            ("a\nb", Err(FieldError::ControlCharacters)),
        ];
        for (input, expected) in cases {
            let parsed = PersonName::parse(input);
            assert_eq!(
                parsed.as_ref().map(PersonName::as_str).map_err(|e| *e),
                *expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn conversions() {
        let name = PersonName::parse(" Jean Dupont ").unwrap();
        assert_eq!(name.to_string(), "Jean Dupont");
        assert_eq!(name.as_ref(), "Jean Dupont");
        assert_eq!("Jean Dupont".parse::<PersonName>(), Ok(name.clone()));
        assert_eq!(String::from(name), "Jean Dupont");
    }

    #[test]
    fn serde_round_trip() {
        let name = PersonName::parse("Jean Dupont").unwrap();
        let json = serde_json::to_string(&name).unwrap();
        assert_eq!(json, serde_json::to_string("Jean Dupont").unwrap());
        assert_eq!(serde_json::from_str::<PersonName>(&json).unwrap(), name);
    }

    #[test]
    fn serde_goes_through_parse() {
        assert_eq!(
            serde_json::from_str::<PersonName>("\"  x  \"")
                .unwrap()
                .as_str(),
            "x"
        );
        for invalid in ["\"\"", "\"a\\tb\"", "42"] {
            assert!(
                serde_json::from_str::<PersonName>(invalid).is_err(),
                "{invalid}"
            );
        }
        let over = format!("\"{}\"", "a".repeat(101));
        assert!(serde_json::from_str::<PersonName>(&over).is_err());
    }
}
