//! [`Siret`]: the French establishment number a business customer orders under.

use std::fmt;

use crate::FieldError;

/// SIREN of La Poste, whose establishments do not follow the Luhn key.
const LA_POSTE_SIREN: &str = "356000000";
/// La Poste's head office: the one La Poste SIRET that keeps the Luhn key.
const LA_POSTE_HEAD_OFFICE: &str = "35600000000048";

/// A SIRET: 14 digits (9 of SIREN, 5 of NIC) with a valid check key.
///
/// Spaces, as on invoices (`732 829 320 00074`), are accepted and dropped; anything else that
/// is not a digit is refused rather than guessed at.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Siret(String);

impl Siret {
    /// Parses what the user typed; ASCII and non-breaking spaces are ignored.
    ///
    /// Two Luhn keys must hold, as in python-stdnum's `fr.siret`: the SIREN's own (9th digit)
    /// and the SIRET's over all 14 digits. La Poste (SIREN 356000000) is the INSEE exception:
    /// its establishments only have a digit sum that is a multiple of 5, except its head
    /// office 356 000 000 00048, which is Luhn-valid. `00000000000000` passes Luhn but is no
    /// SIRET, so it is refused explicitly.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let digits: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        if digits.is_empty() {
            return Err(FieldError::Required);
        }
        if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::InvalidSiret);
        }
        if digits.bytes().all(|b| b == b'0') || !has_valid_key(&digits) {
            return Err(FieldError::InvalidSiret);
        }
        Ok(Self(digits))
    }

    /// The 14 digits, without spaces.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SIREN: the first 9 digits, which identify the company itself.
    pub fn siren(&self) -> &str {
        &self.0[..9]
    }
}

/// Whether the 14 ASCII digits carry valid keys (see [`Siret::parse`]).
fn has_valid_key(digits: &str) -> bool {
    let siret_key = if digits.starts_with(LA_POSTE_SIREN) && digits != LA_POSTE_HEAD_OFFICE {
        digit_sum(digits).is_multiple_of(5)
    } else {
        luhn_sum(digits).is_multiple_of(10)
    };
    siret_key && luhn_sum(&digits[..9]).is_multiple_of(10)
}

fn digit_sum(digits: &str) -> u32 {
    digits.bytes().map(|b| u32::from(b - b'0')).sum()
}

/// Luhn: from the right, every second digit is doubled (minus 9 when above 9).
fn luhn_sum(digits: &str) -> u32 {
    digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let digit = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = digit * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                digit
            }
        })
        .sum()
}

text_newtype_conversions!(Siret);

/// Grouped as printed on French documents: `732 829 320 00074`.
impl fmt::Display for Siret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.0;
        write!(f, "{} {} {} {}", &s[..3], &s[3..6], &s[6..9], &s[9..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Luhn-valid SIRETs of real companies.
    const LUHN_VALID: [&str; 4] = [
        "73282932000074",
        "33243395200022",
        "44306184100047",
        "54205118000066",
    ];

    #[test]
    fn table() {
        let cases: &[(&str, Result<&str, FieldError>)] = &[
            ("73282932000074", Ok("73282932000074")),
            ("732 829 320 00074", Ok("73282932000074")),
            ("  732 829 320 00074  ", Ok("73282932000074")),
            ("732\u{a0}829\u{a0}320\u{a0}00074", Ok("73282932000074")),
            (
                "732\u{202f}829\u{202f}320\u{202f}00074",
                Ok("73282932000074"),
            ),
            ("35600000049837", Ok("35600000049837")),
            ("356 000 000 49837", Ok("35600000049837")),
            ("35600000000048", Ok("35600000000048")),
            ("33243395200022", Ok("33243395200022")),
            ("", Err(FieldError::Required)),
            ("   ", Err(FieldError::Required)),
            ("\u{a0}", Err(FieldError::Required)),
            ("73282932000075", Err(FieldError::InvalidSiret)),
            ("35600000049838", Err(FieldError::InvalidSiret)),
            ("00000000000000", Err(FieldError::InvalidSiret)),
            ("000 000 000 00000", Err(FieldError::InvalidSiret)),
            ("7328293200007", Err(FieldError::InvalidSiret)),
            ("732829320000740", Err(FieldError::InvalidSiret)),
            ("732829320", Err(FieldError::InvalidSiret)),
            ("732-829-320-00074", Err(FieldError::InvalidSiret)),
            ("732.829.320.00074", Err(FieldError::InvalidSiret)),
            ("732\t829 320 00074", Err(FieldError::InvalidSiret)),
            ("7328293200007A", Err(FieldError::InvalidSiret)),
            ("FR73282932000074", Err(FieldError::InvalidSiret)),
            // Fullwidth and Arabic-Indic digits are digits, but not ASCII ones.
            ("７３２８２９３２０００７４", Err(FieldError::InvalidSiret)),
            ("٧٣٢٨٢٩٣٢٠٠٠٠٧٤", Err(FieldError::InvalidSiret)),
        ];
        for (input, expected) in cases {
            let parsed = Siret::parse(input);
            assert_eq!(
                parsed.as_ref().map(Siret::as_str).map_err(|e| *e),
                *expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn la_poste_uses_the_digit_sum_not_luhn() {
        // Digit sum 45 (multiple of 5), but not Luhn-valid.
        assert_ne!(luhn_sum("35600000049837") % 10, 0);
        assert!(Siret::parse("35600000049837").is_ok());
        // Luhn-valid, but La Poste (not the head office) and digit sum 13: refused.
        assert_eq!(luhn_sum("35600000000014") % 10, 0);
        assert_eq!(
            Siret::parse("35600000000014"),
            Err(FieldError::InvalidSiret)
        );
        // The head office is Luhn-valid with a digit sum of 26: accepted.
        assert_eq!(digit_sum(LA_POSTE_HEAD_OFFICE), 26);
        assert!(Siret::parse(LA_POSTE_HEAD_OFFICE).is_ok());
    }

    #[test]
    fn siren_and_display() {
        let siret = Siret::parse("73282932000074").unwrap();
        assert_eq!(siret.siren(), "732829320");
        assert_eq!(siret.as_str(), "73282932000074");
        assert_eq!(siret.as_ref(), "73282932000074");
        assert_eq!(siret.to_string(), "732 829 320 00074");
        assert_eq!(Siret::parse(&format!("{siret}")), Ok(siret.clone()));
        assert_eq!("73282932000074".parse::<Siret>(), Ok(siret.clone()));
        assert_eq!(String::from(siret), "73282932000074");
        let la_poste = Siret::parse("35600000049837").unwrap();
        assert_eq!(la_poste.siren(), "356000000");
        assert_eq!(la_poste.to_string(), "356 000 000 49837");
    }

    /// Every SIRET obtained by changing one digit of `valid` to another digit.
    fn single_digit_changes(valid: &str) -> Vec<String> {
        let mut changed = Vec::new();
        for position in 0..valid.len() {
            for digit in b'0'..=b'9' {
                if valid.as_bytes()[position] == digit {
                    continue;
                }
                let mut bytes = valid.as_bytes().to_vec();
                bytes[position] = digit;
                changed.push(String::from_utf8(bytes).unwrap());
            }
        }
        assert_eq!(changed.len(), 14 * 9);
        changed
    }

    /// Luhn catches every single-digit error, so no neighbour of a Luhn-valid SIRET passes.
    #[test]
    fn every_single_digit_change_of_a_luhn_siret_is_refused() {
        for valid in LUHN_VALID {
            assert!(Siret::parse(valid).is_ok(), "{valid}");
            for changed in single_digit_changes(valid) {
                assert_eq!(
                    Siret::parse(&changed),
                    Err(FieldError::InvalidSiret),
                    "{valid} -> {changed}"
                );
            }
        }
    }

    /// La Poste's digit-sum key is weaker than Luhn: in the NIC, changing a digit by exactly 5
    /// keeps the sum a multiple of 5, so those 5 neighbours are (rightly) valid La Poste
    /// SIRETs. Every other single-digit change is refused. A change in the SIREN leaves La
    /// Poste for the 14-digit Luhn, which one digit per position passes (e.g. 456 000 000
    /// 49837); the SIREN's own key is what refuses those.
    #[test]
    fn every_single_digit_change_of_a_la_poste_siret_is_refused_but_plus_or_minus_5_in_the_nic() {
        let valid = "35600000049837";
        let accepted: Vec<String> = single_digit_changes(valid)
            .into_iter()
            .filter(|changed| Siret::parse(changed).is_ok())
            .collect();
        assert_eq!(
            accepted,
            [
                "35600000099837",
                "35600000044837",
                "35600000049337",
                "35600000049887",
                "35600000049832",
            ]
        );
        for changed in &accepted {
            assert_eq!(digit_sum(changed) % 5, 0);
        }
        let luhn_valid_siren_changes = single_digit_changes(valid)
            .into_iter()
            .filter(|changed| !changed.starts_with(LA_POSTE_SIREN))
            .filter(|changed| luhn_sum(changed).is_multiple_of(10))
            .count();
        assert_eq!(luhn_valid_siren_changes, 9);
    }

    #[test]
    fn the_siren_key_is_checked_too() {
        // Luhn-valid over 14 digits, but SIREN 456000000 fails its own key.
        assert_eq!(luhn_sum("45600000049837") % 10, 0);
        assert_ne!(luhn_sum("456000000") % 10, 0);
        assert_eq!(
            Siret::parse("45600000049837"),
            Err(FieldError::InvalidSiret)
        );
    }

    #[test]
    fn serde_round_trip() {
        for valid in LUHN_VALID.into_iter().chain(["35600000049837"]) {
            let siret = Siret::parse(valid).unwrap();
            let json = serde_json::to_string(&siret).unwrap();
            assert_eq!(json, format!("\"{valid}\""));
            assert_eq!(serde_json::from_str::<Siret>(&json).unwrap(), siret);
        }
    }

    #[test]
    fn serde_goes_through_parse() {
        assert_eq!(
            serde_json::from_str::<Siret>("\"732 829 320 00074\"")
                .unwrap()
                .as_str(),
            "73282932000074"
        );
        for invalid in [
            "\"73282932000075\"",
            "\"35600000049838\"",
            "\"00000000000000\"",
            "\"\"",
            "73282932000074",
        ] {
            assert!(serde_json::from_str::<Siret>(invalid).is_err(), "{invalid}");
        }
    }
}
