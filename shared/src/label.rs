//! The rules shared by the free-text and number fields: one-line labels (names, address lines,
//! references), several-line texts (notes, messages) and whole numbers typed in a form.

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
    parse_label_up_to(input, MAX_LABEL_CHARS)
}

/// [`parse_label`] with another length limit (address lines, references).
pub(crate) fn parse_label_up_to(input: &str, max_chars: usize) -> Result<String, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(FieldError::Required);
    }
    if trimmed.chars().count() > max_chars {
        return Err(FieldError::TooLong);
    }
    if trimmed.chars().any(char::is_control) {
        return Err(FieldError::ControlCharacters);
    }
    Ok(trimmed.to_owned())
}

/// Free text of several lines (notes, messages): trimmed, at most `max_chars` characters, line
/// breaks and tabs allowed but no other control character. Empty is allowed here; callers that
/// need text say so.
///
/// Line breaks are stored as `\n`: a browser counts a textarea's line break as one character
/// but submits a form's as `\r\n`, so without this a text the browser accepted could be too
/// long for the server.
pub(crate) fn parse_text(input: &str, max_chars: usize) -> Result<String, FieldError> {
    let text = input.trim().replace("\r\n", "\n").replace('\r', "\n");
    if text.chars().count() > max_chars {
        return Err(FieldError::TooLong);
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        return Err(FieldError::ControlCharacters);
    }
    Ok(text)
}

/// A whole number typed in a form, within `min..=max`.
pub(crate) fn parse_whole_number(input: &str, min: u32, max: u32) -> Result<u32, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(FieldError::Required);
    }
    if !trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::NotANumber);
    }
    // Digits only: a failure can only be an overflow, which is out of range anyway.
    let value: u32 = trimmed.parse().map_err(|_| FieldError::OutOfRange)?;
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(FieldError::OutOfRange)
    }
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

    #[test]
    fn other_limits() {
        let cases: &[(&str, Result<&str, FieldError>)] = &[
            ("12345", Ok("12345")),
            (" 12345 ", Ok("12345")),
            ("123456", Err(FieldError::TooLong)),
            ("", Err(FieldError::Required)),
            ("1\t2", Err(FieldError::ControlCharacters)),
        ];
        for (input, expected) in cases {
            assert_eq!(
                parse_label_up_to(input, 5),
                expected.map(String::from),
                "{input:?}"
            );
        }
    }

    #[test]
    fn text_keeps_lines_and_refuses_other_controls() {
        let cases: &[(&str, Result<&str, FieldError>)] = &[
            ("", Ok("")),
            ("  \n ", Ok("")),
            ("  a\nb\tc  ", Ok("a\nb\tc")),
            ("a\r\nb\rc", Ok("a\nb\nc")),
            ("abcd\r\nefgh\r\n", Ok("abcd\nefgh")),
            // 13 characters as submitted, 10 as the browser counted them: accepted.
            ("abcd\r\nefg\r\nh", Ok("abcd\nefg\nh")),
            ("abcd\r\nefg\r\nhi", Err(FieldError::TooLong)),
            ("a\u{0}b", Err(FieldError::ControlCharacters)),
            ("a\u{1b}[31mb", Err(FieldError::ControlCharacters)),
            ("a\u{85}b", Err(FieldError::ControlCharacters)),
            ("ééééééééé\u{7f}", Err(FieldError::ControlCharacters)),
            ("éééééééééé", Ok("éééééééééé")),
            ("ééééééééééé", Err(FieldError::TooLong)),
        ];
        for (input, expected) in cases {
            assert_eq!(
                parse_text(input, 10),
                expected.map(String::from),
                "{input:?}"
            );
        }
    }

    #[test]
    fn whole_numbers() {
        let cases: &[(&str, Result<u32, FieldError>)] = &[
            ("10", Ok(10)),
            (" 7 ", Ok(7)),
            ("", Err(FieldError::Required)),
            ("1.5", Err(FieldError::NotANumber)),
            ("-3", Err(FieldError::NotANumber)),
            ("abc", Err(FieldError::NotANumber)),
            ("0", Err(FieldError::OutOfRange)),
            ("101", Err(FieldError::OutOfRange)),
            ("99999999999999999999", Err(FieldError::OutOfRange)),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_whole_number(input, 1, 100), *expected, "{input:?}");
        }
    }
}
