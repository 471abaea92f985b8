//! The rule shared by the short free-text fields (person and company names).

use crate::FieldError;

/// Longest label accepted, in characters: fits a letter's address block and the database
/// column, and is far above any real name.
pub(crate) const MAX_LABEL_CHARS: usize = 100;

/// Trims the input and checks it is a one-line label of at most [`MAX_LABEL_CHARS`] characters.
///
/// Control characters are refused because they break documents, emails and CSV exports;
/// surrounding whitespace (including tabs and newlines) is trimmed first, since it is what
/// copy-pasting adds.
pub(crate) fn parse_label(input: &str) -> Result<String, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(FieldError::Required);
    }
    if trimmed.chars().count() > MAX_LABEL_CHARS {
        return Err(FieldError::TooLong);
    }
    if trimmed.chars().any(char::is_control) {
        return Err(FieldError::ControlCharacters);
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let a100 = "é".repeat(100);
        let a101 = "é".repeat(101);
        let cases: &[(&str, Result<&str, FieldError>)] = &[
            ("Jean Dupont", Ok("Jean Dupont")),
            ("  Jean Dupont  ", Ok("Jean Dupont")),
            ("\tJean Dupont\r\n", Ok("Jean Dupont")),
            ("Élodie N'Guessan-Müller", Ok("Élodie N'Guessan-Müller")),
            ("", Err(FieldError::Required)),
            ("   ", Err(FieldError::Required)),
            ("\t\n", Err(FieldError::Required)),
            ("Jean\tDupont", Err(FieldError::ControlCharacters)),
            ("Jean\nDupont", Err(FieldError::ControlCharacters)),
            ("Jean\r\nDupont", Err(FieldError::ControlCharacters)),
            ("Jean\u{0}Dupont", Err(FieldError::ControlCharacters)),
            ("Jean\u{7f}Dupont", Err(FieldError::ControlCharacters)),
            ("Jean\u{85}Dupont", Err(FieldError::ControlCharacters)),
            (&a100, Ok(&a100)),
            (&a101, Err(FieldError::TooLong)),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_label(input), expected.map(String::from), "{input:?}");
        }
    }

    #[test]
    fn length_is_counted_after_trimming() {
        let padded = format!("  {}  ", "x".repeat(MAX_LABEL_CHARS));
        assert_eq!(parse_label(&padded).unwrap().len(), MAX_LABEL_CHARS);
    }
}
