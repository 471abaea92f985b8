//! [`VatNumber`]: a company's intra-EU VAT number, printed on its invoices.

use crate::FieldError;

/// The prefixes of the EU's VAT numbers (Greece's is `EL`; Northern Ireland's traders `XI`).
const EU_PREFIXES: [&str; 28] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
];

/// An intra-EU VAT number: a member state's prefix and 2 to 12 letters or digits, written
/// without spaces, dots or dashes, in capitals. A French one (`FR`) is checked fully: its key
/// (2 characters) then the company's SIREN (9 digits), the key being
/// `(12 + 3 × (SIREN mod 97)) mod 97` when it is made of digits, as the tax office computes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VatNumber(String);

impl VatNumber {
    /// Parses what the user typed: case, spaces, dots and dashes are ignored.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let number: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.' | '-'))
            .flat_map(char::to_uppercase)
            .collect();
        if number.is_empty() {
            return Err(FieldError::Required);
        }
        let (prefix, body) = number
            .split_at_checked(2)
            .ok_or(FieldError::InvalidVatNumber)?;
        let well_formed = EU_PREFIXES.contains(&prefix)
            && (2..=12).contains(&body.len())
            && body.bytes().all(|b| b.is_ascii_alphanumeric());
        if !well_formed || (prefix == "FR" && !is_french_number(body)) {
            return Err(FieldError::InvalidVatNumber);
        }
        Ok(Self(number))
    }

    /// Reads the form's optional field: nothing typed means no number.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, FieldError> {
        if input.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(input).map(Some)
        }
    }

    /// The number, as printed: `FR40303265045`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SIREN inside a French number.
    pub fn siren(&self) -> Option<&str> {
        self.0.strip_prefix("FR").map(|body| &body[2..])
    }

    /// A French number must carry the SIREN of the company's SIRET: `VatNotOfSiret` otherwise.
    pub fn check_siret(&self, siret: &crate::Siret) -> Result<(), FieldError> {
        match self.siren() {
            Some(siren) if siren != siret.siren() => Err(FieldError::VatNotOfSiret),
            _ => Ok(()),
        }
    }
}

/// The part after `FR`: a key of two digits that matches the SIREN, or of two letters or
/// digits (the tax office's other keys, which have no published formula), then 9 digits.
fn is_french_number(body: &str) -> bool {
    let Some((key, siren)) = body.split_at_checked(2) else {
        return false;
    };
    if siren.len() != 9 || !siren.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    match key.parse::<u64>() {
        Ok(key) => {
            let siren: u64 = siren.parse().unwrap_or_default();
            key == (12 + 3 * (siren % 97)) % 97
        }
        // The other keys never use I and O (mistaken for 1 and 0).
        Err(_) => !key.contains(['I', 'O']),
    }
}

text_newtype_conversions!(VatNumber);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_numbers_carry_the_key_of_their_siren() {
        for number in [
            "FR40303265045",
            "fr 40 303 265 045",
            "FR-40-303.265.045",
            "FR83404833048",
        ] {
            assert!(VatNumber::parse(number).is_ok(), "{number}");
        }
        assert_eq!(
            VatNumber::parse("fr 40 303 265 045").unwrap().as_str(),
            "FR40303265045"
        );
        for wrong in [
            "FR41303265045",
            "FR4030326504",
            "FR40303265045X",
            "FRIO303265045",
        ] {
            assert_eq!(
                VatNumber::parse(wrong),
                Err(FieldError::InvalidVatNumber),
                "{wrong}"
            );
        }
    }

    #[test]
    fn other_member_states_are_checked_for_their_form() {
        assert!(VatNumber::parse("DE123456789").is_ok());
        assert!(VatNumber::parse("EL094259216").is_ok());
        for wrong in ["US123456789", "DE1", "DE12345678901234", "DE12345_789", "D"] {
            assert_eq!(
                VatNumber::parse(wrong),
                Err(FieldError::InvalidVatNumber),
                "{wrong}"
            );
        }
        assert_eq!(VatNumber::parse("  "), Err(FieldError::Required));
        assert_eq!(VatNumber::parse_optional("  "), Ok(None));
    }

    #[test]
    fn a_french_number_names_the_siren_of_the_siret() {
        let number = VatNumber::parse("FR44732829320").unwrap();
        assert_eq!(number.siren(), Some("732829320"));
        let same = crate::Siret::parse("73282932000074").unwrap();
        assert_eq!(number.check_siret(&same), Ok(()));
        let other = crate::Siret::parse("35600000000048").unwrap();
        assert_eq!(number.check_siret(&other), Err(FieldError::VatNotOfSiret));
        let german = VatNumber::parse("DE123456789").unwrap();
        assert_eq!(german.check_siret(&other), Ok(()));
    }
}
