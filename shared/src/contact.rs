//! A message sent with the public contact form: what it is about, and its text.

use crate::label::parse_text;
use crate::FieldError;

choice! {
    /// What a contact message is about (staff sort them by it).
    ContactSubject {
        /// A quote or a price.
        Quote = "quote",
        /// An order placed.
        Order = "order",
        /// Design files and what can be made.
        Files = "files",
        /// The customer account and the collaborator space.
        Account = "account",
        /// Anything else.
        Other = "other",
    }
}

/// The text of a contact message: 1 to 5,000 characters, several lines allowed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ContactMessage(String);

impl ContactMessage {
    /// The longest message accepted, in characters.
    pub const MAX_CHARS: usize = 5_000;

    /// Reads a message typed in the form: trimmed, line breaks as `\n`; `Required` when
    /// empty, `TooLong` above 5,000 characters, `ControlCharacters` for control characters
    /// other than line breaks and tabs.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let text = parse_text(input, Self::MAX_CHARS)?;
        if text.is_empty() {
            return Err(FieldError::Required);
        }
        Ok(Self(text))
    }

    /// The message as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ContactMessage {
    type Error = FieldError;

    fn try_from(input: String) -> Result<Self, Self::Error> {
        Self::parse(&input)
    }
}

impl From<ContactMessage> for String {
    fn from(message: ContactMessage) -> String {
        message.0
    }
}

display_as_str!(ContactMessage);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_has_text_within_its_limit() {
        assert_eq!(ContactMessage::parse("  \r\n "), Err(FieldError::Required));
        let message = ContactMessage::parse(" Bonjour,\r\nun devis ? ").unwrap();
        assert_eq!(message.as_str(), "Bonjour,\nun devis ?");
        assert!(ContactMessage::parse(&"é".repeat(5_000)).is_ok());
        assert_eq!(
            ContactMessage::parse(&"é".repeat(5_001)),
            Err(FieldError::TooLong)
        );
        assert_eq!(
            ContactMessage::parse("bip\u{7}"),
            Err(FieldError::ControlCharacters)
        );
        assert_eq!(ContactSubject::parse("order"), Ok(ContactSubject::Order));
    }
}
