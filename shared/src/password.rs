//! [`Password`]: a new password as chosen by the user, and its confirmation.

use std::fmt;

use crate::FieldError;

/// Fewest characters accepted: length is what makes a password hard to guess.
const MIN_PASSWORD_CHARS: usize = 12;
/// Most characters accepted: bounds the cost of hashing (a denial-of-service guard).
const MAX_PASSWORD_CHARS: usize = 128;

/// A new password: 12 to 128 characters, kept exactly as typed (no trimming: the spaces are
/// part of the secret) and with no composition rules (NIST SP 800-63B).
///
/// Never serialised and never printed: `Debug` shows `Password(***)`, and the secret is only
/// reachable through [`Password::expose`], so leaking it takes a visible call.
/// Whether it is a common password is checked by the server, which ships the list.
#[derive(Clone, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct Password(String);

impl Password {
    /// Parses a new password; lengths are counted in characters, not bytes.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let chars = input.chars().count();
        if chars == 0 {
            Err(FieldError::Required)
        } else if chars < MIN_PASSWORD_CHARS {
            Err(FieldError::PasswordTooShort)
        } else if chars > MAX_PASSWORD_CHARS {
            Err(FieldError::PasswordTooLong)
        } else {
            Ok(Self(input.to_owned()))
        }
    }

    /// The secret itself, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Password {
    type Error = FieldError;

    fn try_from(input: String) -> Result<Self, Self::Error> {
        Self::parse(&input)
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Checks that the confirmation repeats the password exactly (no trimming, case-sensitive).
pub fn check_confirmation(password: &str, confirmation: &str) -> Result<(), FieldError> {
    if password == confirmation {
        Ok(())
    } else {
        Err(FieldError::PasswordMismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let max = "é".repeat(128);
        let over = "é".repeat(129);
        let cases: &[(&str, Result<&str, FieldError>)] = &[
            ("", Err(FieldError::Required)),
            (" ", Err(FieldError::PasswordTooShort)),
            ("a", Err(FieldError::PasswordTooShort)),
            ("abcdefghijk", Err(FieldError::PasswordTooShort)),
            // 11 characters but 22 bytes: still too short.
            ("ééééééééééé", Err(FieldError::PasswordTooShort)),
            ("abcdefghijkl", Ok("abcdefghijkl")),
            ("éééééééééééé", Ok("éééééééééééé")),
            // Not trimmed: the spaces count and are kept.
            ("  abcdefghij", Ok("  abcdefghij")),
            ("abcdefghij  ", Ok("abcdefghij  ")),
            ("            ", Ok("            ")),
            ("  abcdefghi", Err(FieldError::PasswordTooShort)),
            // No composition rules.
            ("tout en minuscules", Ok("tout en minuscules")),
            (&max, Ok(&max)),
            (&over, Err(FieldError::PasswordTooLong)),
        ];
        for (input, expected) in cases {
            let parsed = Password::parse(input);
            assert_eq!(
                parsed.as_ref().map(Password::expose).map_err(|e| *e),
                *expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn debug_does_not_show_the_secret() {
        let password = Password::parse("correct horse battery staple").unwrap();
        let debug = format!("{password:?}");
        assert_eq!(debug, "Password(***)");
        assert!(!debug.contains("horse"));
        let nested = format!("{:?}", Some(&password));
        assert!(!nested.contains("horse"));
        let pretty = format!("{password:#?}");
        assert!(!pretty.contains("horse"));
    }

    #[test]
    fn confirmation_must_match_exactly() {
        let cases = [
            ("correct horse battery", "correct horse battery", Ok(())),
            ("", "", Ok(())),
            (
                "correct horse battery",
                "correct horse battery ",
                Err(FieldError::PasswordMismatch),
            ),
            (
                "correct horse battery",
                "Correct horse battery",
                Err(FieldError::PasswordMismatch),
            ),
            (
                "correct horse battery",
                "",
                Err(FieldError::PasswordMismatch),
            ),
            // Same look, different code points (precomposed é vs e + combining acute).
            (
                "café crème 123",
                "cafe\u{301} crème 123",
                Err(FieldError::PasswordMismatch),
            ),
        ];
        for (password, confirmation, expected) in cases {
            assert_eq!(
                check_confirmation(password, confirmation),
                expected,
                "{password:?} / {confirmation:?}"
            );
        }
    }

    #[test]
    fn try_from_string() {
        assert_eq!(
            Password::try_from(String::from("abcdefghijkl"))
                .unwrap()
                .expose(),
            "abcdefghijkl"
        );
        assert_eq!(
            Password::try_from(String::from("short")).map(|p| p.expose().to_owned()),
            Err(FieldError::PasswordTooShort)
        );
    }

    #[test]
    fn deserialize_goes_through_parse() {
        let password: Password = serde_json::from_str("\"  correct horse  \"").unwrap();
        assert_eq!(password.expose(), "  correct horse  ");
        for invalid in ["\"\"", "\"short\"", "12"] {
            assert!(
                serde_json::from_str::<Password>(invalid).is_err(),
                "{invalid}"
            );
        }
        let over = format!("\"{}\"", "a".repeat(129));
        assert!(serde_json::from_str::<Password>(&over).is_err());
    }
}
