//! [`Password`]: a new password as chosen by the user, and its confirmation.

use std::fmt;

use crate::FieldError;

/// Fewest characters accepted: length is what makes a password hard to guess.
const MIN_PASSWORD_CHARS: usize = 12;
/// Most characters accepted: bounds the cost of hashing (a denial-of-service guard).
const MAX_PASSWORD_CHARS: usize = 128;
/// Parts of a person's details shorter than this may appear in their password: a first name
/// such as "Léa" or a company such as "EMS" would otherwise refuse too many good passphrases.
pub const MIN_PERSONAL_PART_CHARS: usize = 4;

/// A new password: 12 to 128 characters, not only blanks, kept exactly as typed (no trimming:
/// the spaces are part of the secret) and with no composition rules (NIST SP 800-63B).
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
        } else if input.trim().is_empty() {
            Err(FieldError::PasswordBlank)
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

/// Refuses a password that contains one of the person's own details, whatever the case and
/// the accents: each of `details` (an e-mail address counts by its name, before the `@`) is
/// cut into words at every character that is not a letter or a digit, and each word of at
/// least [`MIN_PERSONAL_PART_CHARS`] characters, as well as the whole detail without its
/// separators ("mariecurie" for `marie.curie@…`), must not appear in the password.
pub fn check_personal(password: &str, details: &[&str]) -> Result<(), FieldError> {
    let password = fold(password);
    let found = details
        .iter()
        .flat_map(|detail| personal_parts(detail))
        .any(|part| password.contains(&part));
    if found {
        Err(FieldError::PasswordPersonal)
    } else {
        Ok(())
    }
}

/// The words of one detail long enough to count, and the whole detail run together.
fn personal_parts(detail: &str) -> Vec<String> {
    let detail = detail.split_once('@').map_or(detail, |(name, _)| name);
    let folded = fold(detail);
    let mut parts: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_owned)
        .collect();
    parts.push(folded.chars().filter(|c| c.is_alphanumeric()).collect());
    parts.retain(|part| part.chars().count() >= MIN_PERSONAL_PART_CHARS);
    parts
}

/// Lower case without the accents of French and its neighbours, so that "Électronique" is
/// found in "electronique2026".
fn fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            other => other,
        })
        .collect()
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
            (" ", Err(FieldError::PasswordBlank)),
            ("a", Err(FieldError::PasswordTooShort)),
            ("abcdefghijk", Err(FieldError::PasswordTooShort)),
            // 11 characters but 22 bytes: still too short.
            ("ééééééééééé", Err(FieldError::PasswordTooShort)),
            ("abcdefghijkl", Ok("abcdefghijkl")),
            ("éééééééééééé", Ok("éééééééééééé")),
            // Not trimmed: the spaces count and are kept.
            ("  abcdefghij", Ok("  abcdefghij")),
            ("abcdefghij  ", Ok("abcdefghij  ")),
            // Blanks only, however many: refused.
            ("            ", Err(FieldError::PasswordBlank)),
            ("\u{a0}\t            ", Err(FieldError::PasswordBlank)),
            (" a          ", Ok(" a          ")),
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
    fn personal_details_are_refused_whatever_the_case_and_accents() {
        let details = ["marie.curie@acme.fr", "Marie", "Curie", "Acme Électronique"];
        let refused = [
            "MarieLovesPCBs!",
            "my name is CURIE ok",
            "electronique 2026 boards",
            "ÉLECTRONIQUE forever",
            "i work at acme corp",
            "mariecurie1867",
        ];
        for password in refused {
            assert_eq!(
                check_personal(password, &details),
                Err(FieldError::PasswordPersonal),
                "{password:?}"
            );
        }
        // "acme.fr" is the domain, not the name; ".fr" and short words do not count.
        for password in [
            "correct horse battery",
            "fr fr fr fr fr fr",
            "a cure for all",
        ] {
            assert_eq!(check_personal(password, &details), Ok(()), "{password:?}");
        }
    }

    #[test]
    fn short_parts_of_details_do_not_count() {
        let details = ["li@ems.fr", "Léa", "Li", "EMS Proto"];
        for password in ["lea likes long walks", "ems emslili leaf"] {
            assert_eq!(check_personal(password, &details), Ok(()), "{password:?}");
        }
        assert_eq!(
            check_personal("prototypes are fun", &details),
            Err(FieldError::PasswordPersonal)
        );
        assert_eq!(check_personal("anything at all", &[]), Ok(()));
        assert_eq!(check_personal("anything at all", &["", "   "]), Ok(()));
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
