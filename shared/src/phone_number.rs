//! [`PhoneNumber`]: a number we can call a customer back on, stored in E.164.

use std::{borrow::Cow, fmt};

use crate::FieldError;

/// A French numbering area with its own country code: national numbers starting with
/// `prefix` are dialled from abroad as `+code` then the last `subscriber_digits` digits.
struct Area {
    prefix: &'static str,
    code: &'static str,
    subscriber_digits: usize,
}

const fn area(prefix: &'static str, code: &'static str, subscriber_digits: usize) -> Area {
    Area {
        prefix,
        code,
        subscriber_digits,
    }
}

/// Overseas departments and territories reached by French national numbers but not by +33.
/// Their subscriber part keeps the area digits (`0262 12 34 56` is `+262 262 12 34 56`),
/// except Saint-Pierre-et-Miquelon (`05 08 41 23 45` is `+508 41 23 45`).
const OVERSEAS: [Area; 15] = [
    // Réunion and Mayotte.
    area("0262", "262", 9),
    area("0263", "262", 9),
    area("0269", "262", 9),
    area("0639", "262", 9),
    area("0692", "262", 9),
    area("0693", "262", 9),
    // Guadeloupe, Saint-Martin, Saint-Barthélemy.
    area("0590", "590", 9),
    area("0690", "590", 9),
    area("0691", "590", 9),
    // Guyane.
    area("0594", "594", 9),
    area("0694", "594", 9),
    // Martinique.
    area("0596", "596", 9),
    area("0696", "596", 9),
    area("0697", "596", 9),
    // Saint-Pierre-et-Miquelon.
    area("0508", "508", 6),
];

/// Country codes whose subscriber length we know and check (and format in pairs).
const KNOWN_CODES: [(&str, usize); 6] = [
    ("33", 9),
    ("262", 9),
    ("590", 9),
    ("594", 9),
    ("596", 9),
    ("508", 6),
];

/// Two-digit ITU country codes; `1` and `7` are the one-digit ones, all others have three.
/// Only used to put a space after the country code when displaying foreign numbers.
const TWO_DIGIT_CODES: [&str; 44] = [
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
    "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
    "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
];

/// A phone number in E.164 form (`+33612345678`).
///
/// Stored in one canonical form so that the same number typed two ways (`06 12 34 56 78`,
/// `+33 6 12 34 56 78`) is equal, and so that it can be dialled from anywhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Parses what the user typed; spaces, dots, dashes and parentheses are ignored.
    ///
    /// Accepted: a French national number (10 digits, `0` then 1-9), or an international one
    /// written `+` or `00`, then 8 to 15 digits not starting with 0. A `(0)` after the
    /// country code (`+33 (0)6 …`) is dropped.
    ///
    /// Overseas areas get their own country code, not +33: `0262`, `0263`, `0269`, `0639`,
    /// `0692`, `0693` → +262; `0590`, `0690`, `0691` → +590; `0594`, `0694` → +594; `0596`,
    /// `0696`, `0697` → +596; `0508` → +508. A `+33` number must have exactly 9 digits after
    /// the code, the first one 1-9, and one in an overseas area is stored under that area's
    /// code. The subscriber length is also checked for +262, +590, +594, +596 (9 digits) and
    /// +508 (6 digits); other countries are only checked for shape.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(FieldError::Required);
        }
        // A stored number (E.164) has nothing to clean: no copy for it.
        let cleaned: Cow<'_, str> = if trimmed.contains(is_separator) {
            let international = trimmed.starts_with('+') || trimmed.starts_with("00");
            let trimmed = if international {
                trimmed.replacen("(0)", "", 1)
            } else {
                trimmed.to_owned()
            };
            Cow::Owned(trimmed.chars().filter(|&c| !is_separator(c)).collect())
        } else {
            Cow::Borrowed(trimmed)
        };
        let e164 = if let Some(digits) = cleaned.strip_prefix('+') {
            from_international(digits)
        } else if let Some(digits) = cleaned.strip_prefix("00") {
            from_international(digits)
        } else {
            from_national(&cleaned)
        };
        e164.map(Self).ok_or(FieldError::InvalidPhone)
    }

    /// The number in E.164 form, e.g. `+33612345678`: for storage and `tel:` links.
    pub fn as_e164(&self) -> &str {
        &self.0
    }

    /// Same as [`PhoneNumber::as_e164`].
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number for people to read, e.g. `+33 6 12 34 56 78` (see the `Display` impl).
    pub fn display(&self) -> String {
        use fmt::Write;
        // E.164 has at most 16 characters, the readable form at most 6 spaces more.
        let mut readable = String::with_capacity(self.0.len() + 6);
        let _ = write!(readable, "{self}");
        readable
    }
}

/// What people put between digits, ignored by [`PhoneNumber::parse`].
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.' | '-' | '(' | ')')
}

fn all_ascii_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// E.164 of a French national number (`0` then 9 digits, the first 1-9), if it is one.
fn from_national(national: &str) -> Option<String> {
    french(national.strip_prefix('0')?)
}

/// E.164 of the 9 digits after a French `0` or `+33` (the first 1-9), if they are that; an
/// overseas area's number is put under the area's code.
fn french(subscriber: &str) -> Option<String> {
    if subscriber.len() != 9 || !all_ascii_digits(subscriber) || subscriber.starts_with('0') {
        return None;
    }
    let e164 = match OVERSEAS
        .iter()
        .find(|a| subscriber.starts_with(&a.prefix[1..]))
    {
        Some(a) => format!("+{}{}", a.code, &subscriber[9 - a.subscriber_digits..]),
        None => format!("+33{subscriber}"),
    };
    Some(e164)
}

/// E.164 of the digits that follow `+` or `00`, if they make an acceptable number.
fn from_international(digits: &str) -> Option<String> {
    if !all_ascii_digits(digits) || !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
        return None;
    }
    if let Some(subscriber) = digits.strip_prefix("33") {
        // Same rules (and overseas codes) as the national form.
        return french(subscriber);
    }
    for (code, subscriber_digits) in KNOWN_CODES {
        if let Some(subscriber) = digits.strip_prefix(code) {
            if subscriber.len() != subscriber_digits {
                return None;
            }
        }
    }
    Some(format!("+{digits}"))
}

/// Length of the country code at the start of E.164 digits (ITU assignments).
fn country_code_len(digits: &str) -> usize {
    if digits.starts_with(['1', '7']) {
        1
    } else if TWO_DIGIT_CODES.iter().any(|code| digits.starts_with(code)) {
        2
    } else {
        3
    }
}

/// Writes `digits` as groups of the given sizes, each after a space, then what is left as one
/// last group.
fn write_groups(
    f: &mut fmt::Formatter<'_>,
    digits: &str,
    sizes: impl IntoIterator<Item = usize>,
) -> fmt::Result {
    let mut rest = digits;
    for size in sizes {
        if rest.len() <= size {
            break;
        }
        let (head, tail) = rest.split_at(size);
        f.write_str(" ")?;
        f.write_str(head)?;
        rest = tail;
    }
    if !rest.is_empty() {
        f.write_str(" ")?;
        f.write_str(rest)?;
    }
    Ok(())
}

/// Readable form. French numbers (+33 and the overseas codes) are grouped the French way:
/// `+33 6 12 34 56 78`, `+262 262 12 34 56`, `+508 41 23 45`. Other countries are a best
/// effort without their numbering plans: `+`, the country code, then groups of 3 digits
/// (2 + 2 at the end rather than a lone digit), e.g. `+44 207 946 09 58`.
impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = &self.0[1..];
        let code_len = country_code_len(digits);
        let (code, subscriber) = digits.split_at(code_len);
        f.write_str("+")?;
        f.write_str(code)?;
        match code {
            "33" => write_groups(f, subscriber, [1, 2, 2, 2, 2]),
            "262" | "590" | "594" | "596" => write_groups(f, subscriber, [3, 2, 2, 2]),
            "508" => write_groups(f, subscriber, [2, 2, 2]),
            _ => {
                // Threes, but 2 + 2 at the end rather than a lone digit.
                let threes = subscriber.len() / 3;
                let pairs_at_end = subscriber.len() % 3 == 1 && subscriber.len() >= 4;
                let sizes = (0..threes).map(|i| {
                    if pairs_at_end && i + 1 == threes {
                        2
                    } else {
                        3
                    }
                });
                write_groups(f, subscriber, sizes)
            }
        }
    }
}

text_newtype_conversions!(PhoneNumber);

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, E.164, display) for accepted numbers.
    const VALID: &[(&str, &str, &str)] = &[
        // Metropolitan France, every way people write it.
        ("06 12 34 56 78", "+33612345678", "+33 6 12 34 56 78"),
        ("06.12.34.56.78", "+33612345678", "+33 6 12 34 56 78"),
        ("06-12-34-56-78", "+33612345678", "+33 6 12 34 56 78"),
        ("0612345678", "+33612345678", "+33 6 12 34 56 78"),
        ("  06 12 34 56 78 ", "+33612345678", "+33 6 12 34 56 78"),
        (
            "06\u{a0}12\u{a0}34\u{a0}56\u{a0}78",
            "+33612345678",
            "+33 6 12 34 56 78",
        ),
        ("(06) 12 34 56 78", "+33612345678", "+33 6 12 34 56 78"),
        ("+33 6 12 34 56 78", "+33612345678", "+33 6 12 34 56 78"),
        ("+33612345678", "+33612345678", "+33 6 12 34 56 78"),
        ("+33 (0)6 12 34 56 78", "+33612345678", "+33 6 12 34 56 78"),
        ("0033 6 12 34 56 78", "+33612345678", "+33 6 12 34 56 78"),
        ("0033612345678", "+33612345678", "+33 6 12 34 56 78"),
        ("01 23 45 67 89", "+33123456789", "+33 1 23 45 67 89"),
        ("02 99 12 34 56", "+33299123456", "+33 2 99 12 34 56"),
        ("05 56 12 34 56", "+33556123456", "+33 5 56 12 34 56"),
        ("07 12 34 56 78", "+33712345678", "+33 7 12 34 56 78"),
        ("09 72 40 42 42", "+33972404242", "+33 9 72 40 42 42"),
        ("08 00 12 34 56", "+33800123456", "+33 8 00 12 34 56"),
        // Réunion and Mayotte.
        ("0262 12 34 56", "+262262123456", "+262 262 12 34 56"),
        ("02 63 12 34 56", "+262263123456", "+262 263 12 34 56"),
        ("0269 61 23 45", "+262269612345", "+262 269 61 23 45"),
        ("0639 12 34 56", "+262639123456", "+262 639 12 34 56"),
        ("0692 12 34 56", "+262692123456", "+262 692 12 34 56"),
        ("0693 12 34 56", "+262693123456", "+262 693 12 34 56"),
        // Guadeloupe, Saint-Martin, Saint-Barthélemy.
        ("0590 12 34 56", "+590590123456", "+590 590 12 34 56"),
        ("0690 12 34 56", "+590690123456", "+590 690 12 34 56"),
        ("0691 12 34 56", "+590691123456", "+590 691 12 34 56"),
        // Guyane.
        ("0594 12 34 56", "+594594123456", "+594 594 12 34 56"),
        ("0694 12 34 56", "+594694123456", "+594 694 12 34 56"),
        // Martinique.
        ("0596 12 34 56", "+596596123456", "+596 596 12 34 56"),
        ("0696 12 34 56", "+596696123456", "+596 696 12 34 56"),
        ("0697 12 34 56", "+596697123456", "+596 697 12 34 56"),
        // Saint-Pierre-et-Miquelon.
        ("05 08 41 23 45", "+508412345", "+508 41 23 45"),
        ("0508412345", "+508412345", "+508 41 23 45"),
        // Overseas numbers written internationally, with their code or (wrongly) with +33.
        ("+262 262 12 34 56", "+262262123456", "+262 262 12 34 56"),
        ("+262692123456", "+262692123456", "+262 692 12 34 56"),
        ("00590 690 12 34 56", "+590690123456", "+590 690 12 34 56"),
        ("+594 694 12 34 56", "+594694123456", "+594 694 12 34 56"),
        ("+596 696 12 34 56", "+596696123456", "+596 696 12 34 56"),
        ("+508 41 23 45", "+508412345", "+508 41 23 45"),
        ("+33 6 92 12 34 56", "+262692123456", "+262 692 12 34 56"),
        ("+33 5 08 41 23 45", "+508412345", "+508 41 23 45"),
        // Other countries: shape checked only; display is a best effort.
        ("+44 20 7946 0958", "+442079460958", "+44 207 946 09 58"),
        ("+44 (0)20 7946 0958", "+442079460958", "+44 207 946 09 58"),
        ("+49 30 1234567", "+49301234567", "+49 301 234 567"),
        ("0049 30 1234567", "+49301234567", "+49 301 234 567"),
        ("+1 (212) 555-0123", "+12125550123", "+1 212 555 01 23"),
        ("+32 2 123 45 67", "+3221234567", "+32 212 345 67"),
        ("+41 22 123 45 67", "+41221234567", "+41 221 234 567"),
        ("+352 12 34 56", "+352123456", "+352 123 456"),
        ("+216 71 123 456", "+21671123456", "+216 711 234 56"),
        ("+86 138 0013 8000", "+8613800138000", "+86 138 001 380 00"),
        ("+12345678", "+12345678", "+1 234 56 78"),
        (
            "+123456789012345",
            "+123456789012345",
            "+1 234 567 890 123 45",
        ),
    ];

    /// (input, error) for refused numbers.
    const INVALID: &[(&str, FieldError)] = &[
        ("", FieldError::Required),
        ("   ", FieldError::Required),
        ("abc", FieldError::InvalidPhone),
        ("--", FieldError::InvalidPhone),
        ("+", FieldError::InvalidPhone),
        ("06 12 34 56 7", FieldError::InvalidPhone),
        ("06 12 34 56 789", FieldError::InvalidPhone),
        ("6 12 34 56 78", FieldError::InvalidPhone),
        ("612345678", FieldError::InvalidPhone),
        ("00 12 34 56", FieldError::InvalidPhone),
        ("06 12 34 56 7a", FieldError::InvalidPhone),
        ("06/12/34/56/78", FieldError::InvalidPhone),
        ("06_12_34_56_78", FieldError::InvalidPhone),
        ("06\t12 34 56 78", FieldError::InvalidPhone),
        ("０６１２３４５６７８", FieldError::InvalidPhone),
        ("06 12 34 56 78 ext 12", FieldError::InvalidPhone),
        ("+33 06 12 34 56 78", FieldError::InvalidPhone),
        ("+33 0 12 34 56 78", FieldError::InvalidPhone),
        ("+33 6 12 34 56 7", FieldError::InvalidPhone),
        ("+33 6 12 34 56 789", FieldError::InvalidPhone),
        ("0033 06 12 34 56 78", FieldError::InvalidPhone),
        ("+0 612 345 678", FieldError::InvalidPhone),
        ("+123456", FieldError::InvalidPhone),
        ("+1234567890123456", FieldError::InvalidPhone),
        ("++33612345678", FieldError::InvalidPhone),
        ("+33+612345678", FieldError::InvalidPhone),
        ("+262 262 12 34 5", FieldError::InvalidPhone),
        ("+262 262 12 34 567", FieldError::InvalidPhone),
        ("+590 12 34 56", FieldError::InvalidPhone),
        ("+508 41 23 456", FieldError::InvalidPhone),
        ("+508 4 12 34", FieldError::InvalidPhone),
        ("000", FieldError::InvalidPhone),
    ];

    #[test]
    fn accepts_and_normalises() {
        for &(input, e164, display) in VALID {
            let phone = PhoneNumber::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(phone.as_e164(), e164, "{input:?}");
            assert_eq!(phone.as_str(), e164, "{input:?}");
            assert_eq!(phone.as_ref(), e164, "{input:?}");
            assert_eq!(phone.display(), display, "{input:?}");
            assert_eq!(phone.to_string(), display, "{input:?}");
        }
    }

    #[test]
    fn refuses() {
        for &(input, error) in INVALID {
            assert_eq!(PhoneNumber::parse(input), Err(error), "{input:?}");
        }
    }

    #[test]
    fn every_overseas_prefix_maps_to_its_own_code() {
        for area in &OVERSEAS {
            let national = format!("{}{}", area.prefix, &"123456"[..10 - area.prefix.len()]);
            let phone = PhoneNumber::parse(&national).unwrap();
            assert!(phone.as_e164().starts_with(&format!("+{}", area.code)));
            assert!(!phone.as_e164().starts_with("+33"), "{national}");
            assert_eq!(
                phone.as_e164().len(),
                1 + area.code.len() + area.subscriber_digits
            );
        }
    }

    #[test]
    fn e164_and_display_parse_back_to_the_same_number() {
        for &(input, _, _) in VALID {
            let phone = PhoneNumber::parse(input).unwrap();
            assert_eq!(PhoneNumber::parse(phone.as_e164()), Ok(phone.clone()));
            assert_eq!(PhoneNumber::parse(&phone.display()), Ok(phone.clone()));
        }
    }

    #[test]
    fn same_number_typed_differently_is_equal() {
        let a = PhoneNumber::parse("06 12 34 56 78").unwrap();
        let b = PhoneNumber::parse("+33 (0)6.12.34.56.78").unwrap();
        assert_eq!(a, b);
        let c = PhoneNumber::parse("0692 12 34 56").unwrap();
        let d = PhoneNumber::parse("+33 692 12 34 56").unwrap();
        assert_eq!(c, d);
    }

    #[test]
    fn country_code_lengths() {
        for (digits, len) in [
            ("12125550123", 1),
            ("74951234567", 1),
            ("33612345678", 2),
            ("442079460958", 2),
            ("262262123456", 3),
            ("352123456", 3),
            ("3546123456", 3),
            ("4202123456", 3),
        ] {
            assert_eq!(country_code_len(digits), len, "{digits}");
        }
    }

    #[test]
    fn conversions() {
        let phone = PhoneNumber::parse("06 12 34 56 78").unwrap();
        assert_eq!("0612345678".parse::<PhoneNumber>(), Ok(phone.clone()));
        assert_eq!(
            PhoneNumber::try_from(String::from("+33612345678")),
            Ok(phone.clone())
        );
        assert_eq!(String::from(phone), "+33612345678");
    }

    #[test]
    fn serde_round_trip() {
        for &(input, e164, _) in VALID {
            let phone = PhoneNumber::parse(input).unwrap();
            let json = serde_json::to_string(&phone).unwrap();
            assert_eq!(json, format!("\"{e164}\""));
            assert_eq!(serde_json::from_str::<PhoneNumber>(&json).unwrap(), phone);
        }
    }

    #[test]
    fn serde_goes_through_parse() {
        assert_eq!(
            serde_json::from_str::<PhoneNumber>("\"06 12 34 56 78\"")
                .unwrap()
                .as_e164(),
            "+33612345678"
        );
        for invalid in ["\"\"", "\"12\"", "\"+33 06 12 34 56 78\"", "612345678"] {
            assert!(
                serde_json::from_str::<PhoneNumber>(invalid).is_err(),
                "{invalid}"
            );
        }
    }
}
