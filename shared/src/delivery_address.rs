//! Where the boards go: the countries we deliver to and the lines of an address.

use crate::label::parse_label_up_to;
use crate::{CompanyName, FieldError};

choice! {
    /// The countries we deliver to, as ISO 3166-1 alpha-2 codes (upper case; `parse` also reads
    /// them in lower case, since people type them).
    case_insensitive CountryCode {
        /// France.
        Fr = "FR",
        /// Belgium.
        Be = "BE",
        /// Luxembourg.
        Lu = "LU",
        /// Switzerland.
        Ch = "CH",
        /// Germany.
        De = "DE",
        /// Spain.
        Es = "ES",
        /// Italy.
        It = "IT",
        /// The Netherlands.
        Nl = "NL",
        /// Portugal.
        Pt = "PT",
        /// Austria.
        At = "AT",
        /// Ireland.
        Ie = "IE",
        /// The United Kingdom.
        Gb = "GB",
        /// Monaco.
        Mc = "MC",
    }
}

/// A postal code: 2 to 10 letters, digits, spaces or hyphens with at least one digit,
/// upper-cased ("44000", "1000", "SW1A 1AA", "L-1111", "D02 X285").
///
/// Loose on purpose, as it serves every country we deliver to; the rules of a country are
/// checked with the country (see [`check_postal_code_for_country`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PostalCode(String);

impl PostalCode {
    /// Reads a postal code typed in a form: `Required` for nothing, `InvalidPostalCode` for
    /// anything else than the above.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(FieldError::Required);
        }
        let allowed = code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
        let length = code.chars().count();
        if !allowed || !(2..=10).contains(&length) || !code.chars().any(|c| c.is_ascii_digit()) {
            return Err(FieldError::InvalidPostalCode);
        }
        Ok(Self(code))
    }

    /// The code, upper-cased.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_newtype_conversions!(PostalCode);

/// Checks the rules a country adds to [`PostalCode`]: in France (and Monaco, which uses French
/// postal codes, 980xx), exactly five digits, else `InvalidPostalCode`. Other countries' codes
/// are taken as typed.
pub fn check_postal_code_for_country(
    code: &PostalCode,
    country: CountryCode,
) -> Result<(), FieldError> {
    let five_digits = code.0.len() == 5 && code.0.bytes().all(|b| b.is_ascii_digit());
    match country {
        CountryCode::Fr | CountryCode::Mc if !five_digits => Err(FieldError::InvalidPostalCode),
        _ => Ok(()),
    }
}

/// A line of an address (street, city): one line, 1 to 200 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AddressLine(String);

impl AddressLine {
    /// The longest line accepted.
    pub const MAX_CHARS: usize = 200;

    /// Reads a line typed in a form: `Required`, `TooLong` or `ControlCharacters`.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        parse_label_up_to(input, Self::MAX_CHARS).map(Self)
    }

    /// The line, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_newtype_conversions!(AddressLine);

/// Where the boards go.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct DeliveryAddress {
    /// The company or person receiving the parcel.
    pub recipient: CompanyName,
    /// Street and number.
    pub line1: AddressLine,
    /// Building, floor, department, if any.
    pub line2: Option<AddressLine>,
    /// Postal code.
    pub postal_code: PostalCode,
    /// City.
    pub city: AddressLine,
    /// Country.
    pub country: CountryCode,
}

display_as_str!(PostalCode, AddressLine);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postal_codes() {
        let cases: &[(&str, Result<&str, FieldError>)] = &[
            ("44000", Ok("44000")),
            (" 44000\t", Ok("44000")),
            (" sw1a 1aa ", Ok("SW1A 1AA")),
            ("L-1111", Ok("L-1111")),
            ("d02 x285", Ok("D02 X285")),
            ("1000", Ok("1000")),
            ("12", Ok("12")),
            ("1234567890", Ok("1234567890")),
            ("", Err(FieldError::Required)),
            ("   ", Err(FieldError::Required)),
            ("ABCDE", Err(FieldError::InvalidPostalCode)),
            ("1", Err(FieldError::InvalidPostalCode)),
            ("12345678901", Err(FieldError::InvalidPostalCode)),
            ("44000;", Err(FieldError::InvalidPostalCode)),
            ("44\n000", Err(FieldError::InvalidPostalCode)),
            ("４４０００", Err(FieldError::InvalidPostalCode)),
            ("Ö-1234", Err(FieldError::InvalidPostalCode)),
        ];
        for (input, expected) in cases {
            assert_eq!(
                PostalCode::parse(input)
                    .as_ref()
                    .map(PostalCode::as_str)
                    .map_err(|e| *e),
                *expected,
                "{input:?}"
            );
        }
        assert_eq!(
            PostalCode::parse("sw1a 1aa").unwrap().to_string(),
            "SW1A 1AA"
        );
        assert!(serde_json::from_str::<PostalCode>("\"ABC\"").is_err());
    }

    #[test]
    fn postal_codes_by_country() {
        use CountryCode::*;
        let cases = [
            ("44000", Fr, Ok(())),
            ("98000", Mc, Ok(())),
            ("4400", Fr, Err(FieldError::InvalidPostalCode)),
            ("440000", Fr, Err(FieldError::InvalidPostalCode)),
            ("44 000", Fr, Err(FieldError::InvalidPostalCode)),
            ("F-44000", Fr, Err(FieldError::InvalidPostalCode)),
            ("SW1A 1AA", Fr, Err(FieldError::InvalidPostalCode)),
            ("9800", Mc, Err(FieldError::InvalidPostalCode)),
            ("1000", Be, Ok(())),
            ("SW1A 1AA", Gb, Ok(())),
            ("L-1111", Lu, Ok(())),
            ("10115", De, Ok(())),
        ];
        for (code, country, expected) in cases {
            let code = PostalCode::parse(code).unwrap();
            assert_eq!(
                check_postal_code_for_country(&code, country),
                expected,
                "{code} {country:?}"
            );
        }
    }

    #[test]
    fn countries_are_the_listed_codes() {
        use CountryCode::*;
        let countries = [
            (Fr, "FR"),
            (Be, "BE"),
            (Lu, "LU"),
            (Ch, "CH"),
            (De, "DE"),
            (Es, "ES"),
            (It, "IT"),
            (Nl, "NL"),
            (Pt, "PT"),
            (At, "AT"),
            (Ie, "IE"),
            (Gb, "GB"),
            (Mc, "MC"),
        ];
        assert_eq!(CountryCode::ALL, countries.map(|(country, _)| country));
        for (country, code) in countries {
            assert_eq!(country.as_str(), code);
            assert_eq!(CountryCode::parse(code), Ok(country));
            assert_eq!(CountryCode::parse(&code.to_ascii_lowercase()), Ok(country));
            assert_eq!(
                serde_json::to_string(&country).unwrap(),
                format!("\"{code}\"")
            );
        }
        let cases = [
            (" fr ", Ok(Fr)),
            ("Fr", Ok(Fr)),
            ("", Err(FieldError::Required)),
            ("ZZ", Err(FieldError::InvalidChoice)),
            ("US", Err(FieldError::InvalidChoice)),
            ("FRA", Err(FieldError::InvalidChoice)),
            ("UK", Err(FieldError::InvalidChoice)),
            ("France", Err(FieldError::InvalidChoice)),
        ];
        for (input, expected) in cases {
            assert_eq!(CountryCode::parse(input), expected, "{input:?}");
        }
        // Stored and exchanged in upper case only.
        assert!(serde_json::from_str::<CountryCode>("\"fr\"").is_err());
    }

    #[test]
    fn address_lines() {
        let max = "é".repeat(200);
        let over = "é".repeat(201);
        let cases: &[(&str, Result<&str, FieldError>)] = &[
            ("  12 rue de la Paix ", Ok("12 rue de la Paix")),
            ("Bâtiment B, 3ᵉ étage", Ok("Bâtiment B, 3ᵉ étage")),
            (&max, Ok(&max)),
            (&over, Err(FieldError::TooLong)),
            ("", Err(FieldError::Required)),
            ("12 rue\nde la Paix", Err(FieldError::ControlCharacters)),
        ];
        for (input, expected) in cases {
            assert_eq!(
                AddressLine::parse(input)
                    .as_ref()
                    .map(AddressLine::as_str)
                    .map_err(|e| *e),
                *expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn an_address_parses_again_when_read_back() {
        let json = r#"{"recipient":"Acme","line1":"1 rue X","line2":null,"postal_code":"44000","city":"Nantes","country":"FR"}"#;
        let address: DeliveryAddress = serde_json::from_str(json).unwrap();
        assert_eq!(
            address,
            DeliveryAddress {
                recipient: CompanyName::parse("Acme").unwrap(),
                line1: AddressLine::parse("1 rue X").unwrap(),
                line2: None,
                postal_code: PostalCode::parse("44000").unwrap(),
                city: AddressLine::parse("Nantes").unwrap(),
                country: CountryCode::Fr,
            }
        );
        assert_eq!(serde_json::to_string(&address).unwrap(), json);
        for (valid, invalid) in [
            (r#""recipient":"Acme""#, r#""recipient":"""#),
            (r#""line1":"1 rue X""#, r#""line1":" ""#),
            (r#""line2":null"#, r#""line2":"""#),
            (r#""postal_code":"44000""#, r#""postal_code":"?""#),
            (r#""city":"Nantes""#, r#""city":"""#),
            (r#""country":"FR""#, r#""country":"US""#),
        ] {
            let tampered = json.replace(valid, invalid);
            assert!(
                serde_json::from_str::<DeliveryAddress>(&tampered).is_err(),
                "{tampered}"
            );
        }
    }
}
