//! [`AddressLabel`]: the name of a saved delivery address.

use crate::{label::parse_label_up_to, FieldError};

/// The name of a delivery address of the account's address book ("Atelier de Nantes"): one
/// line, 1 to 60 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AddressLabel(String);

impl AddressLabel {
    /// The longest name accepted.
    pub const MAX_CHARS: usize = 60;

    /// Reads a name typed in a form: `Required`, `TooLong` or `ControlCharacters`.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        parse_label_up_to(input, Self::MAX_CHARS).map(Self)
    }

    /// The name, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_newtype_conversions!(AddressLabel);
