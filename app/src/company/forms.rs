//! The company's forms as they travel (its name and SIRET; its billing details), and their
//! parsing: the browser calls `parse` before sending, the server function calls it again on
//! what arrives.
use crate::{
    error::AppError,
    issues::{all_parsed, AddressInput, AddressText, Form, Issues},
};
use serde::{Deserialize, Serialize};
use shared::{AddressLabel, CompanyName, CountryCode, DeliveryAddress, Siret, VatNumber};

/// A customer account's company: the holder corrects it, or a person opens an account of
/// their own with it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CompanyForm {
    pub company_name: String,
    /// Empty means none.
    pub siret: String,
}

pub struct ValidCompany {
    pub company_name: CompanyName,
    pub siret: Option<Siret>,
}

impl ValidCompany {
    pub fn siret(&self) -> Option<&str> {
        self.siret.as_ref().map(Siret::as_str)
    }
}

impl Form for CompanyForm {
    type Valid = ValidCompany;

    fn parse(&self) -> Result<ValidCompany, AppError> {
        let mut issues = Issues::default();
        let company = check_company(&mut issues, &self.company_name, &self.siret);
        issues.finish(company)
    }
}

/// The company's fields of a form (`company_name` and `siret`, which may be empty), their
/// problems added to `issues`: sign-up asks for the same.
pub fn check_company(issues: &mut Issues, company_name: &str, siret: &str) -> Option<ValidCompany> {
    let company_name = issues.check("company_name", CompanyName::parse(company_name));
    let siret = if siret.trim().is_empty() {
        Some(None)
    } else {
        issues.check("siret", Siret::parse(siret)).map(Some)
    };
    all_parsed!(company_name, siret => ValidCompany { company_name, siret })
}

/// What the company's invoices show: its VAT number and billing address, both optional (an
/// address left empty, the country aside, is none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingForm {
    pub vat_number: String,
    pub billing_recipient: String,
    pub billing_line1: String,
    pub billing_line2: String,
    pub billing_postal_code: String,
    pub billing_city: String,
    pub billing_country: String,
}

impl Default for BillingForm {
    fn default() -> Self {
        BillingForm::saved(None, None)
    }
}

impl BillingForm {
    /// The form as saved: empty fields for what is not (France offered as the country).
    pub fn saved(vat_number: Option<VatNumber>, address: Option<DeliveryAddress>) -> Self {
        let text = address
            .as_ref()
            .map(AddressText::from)
            .unwrap_or(AddressText {
                country: CountryCode::Fr.as_str().to_owned(),
                ..AddressText::default()
            });
        BillingForm {
            vat_number: vat_number.map(String::from).unwrap_or_default(),
            billing_recipient: text.recipient,
            billing_line1: text.line1,
            billing_line2: text.line2,
            billing_postal_code: text.postal_code,
            billing_city: text.city,
            billing_country: text.country,
        }
    }

    fn address(&self) -> AddressInput<'_> {
        AddressInput {
            recipient: &self.billing_recipient,
            line1: &self.billing_line1,
            line2: &self.billing_line2,
            postal_code: &self.billing_postal_code,
            city: &self.billing_city,
            country: &self.billing_country,
        }
    }
}

pub struct ValidBilling {
    pub vat_number: Option<VatNumber>,
    pub address: Option<DeliveryAddress>,
}

impl Form for BillingForm {
    type Valid = ValidBilling;

    fn parse(&self) -> Result<ValidBilling, AppError> {
        let mut issues = Issues::default();
        let vat_number = issues.check("vat_number", VatNumber::parse_optional(&self.vat_number));
        let address = if self.address().is_blank() {
            Some(None)
        } else {
            issues.address("billing_", self.address()).map(Some)
        };
        let value = all_parsed!(vat_number, address => ValidBilling { vat_number, address });
        issues.finish(value)
    }
}

/// A new address of the address book: its name, the address, and whether it becomes the
/// default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAddressForm {
    pub label: String,
    pub recipient: String,
    pub line1: String,
    pub line2: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    #[serde(default)]
    pub is_default: bool,
}

pub struct ValidSavedAddress {
    pub label: AddressLabel,
    pub address: DeliveryAddress,
    pub is_default: bool,
}

impl Form for SavedAddressForm {
    type Valid = ValidSavedAddress;

    fn parse(&self) -> Result<ValidSavedAddress, AppError> {
        let mut issues = Issues::default();
        let label = issues.check("label", AddressLabel::parse(&self.label));
        let address = issues.address(
            "",
            AddressInput {
                recipient: &self.recipient,
                line1: &self.line1,
                line2: &self.line2,
                postal_code: &self.postal_code,
                city: &self.city,
                country: &self.country,
            },
        );
        let is_default = Some(self.is_default);
        let value = all_parsed!(label, address, is_default => ValidSavedAddress { label, address, is_default });
        issues.finish(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::FieldError;

    #[test]
    fn the_siret_may_be_left_empty() {
        let form = CompanyForm {
            company_name: "Acme".into(),
            siret: " ".into(),
        };
        assert!(form.parse().unwrap().siret.is_none());
    }

    #[test]
    fn billing_details_are_optional_and_checked_when_given() {
        let empty = BillingForm::default().parse().unwrap();
        assert!(empty.vat_number.is_none() && empty.address.is_none());
        let form = BillingForm {
            vat_number: "FR 40 303 265 045".into(),
            billing_recipient: "Acme, comptabilité".into(),
            billing_line1: "12 rue des Forges".into(),
            billing_postal_code: "44000".into(),
            billing_city: "Nantes".into(),
            ..BillingForm::default()
        };
        let valid = form.parse().unwrap();
        assert_eq!(valid.vat_number.unwrap().as_str(), "FR40303265045");
        assert_eq!(
            BillingForm::saved(None, valid.address.clone())
                .parse()
                .unwrap()
                .address,
            valid.address
        );
        let wrong = BillingForm {
            vat_number: "FR41303265045".into(),
            billing_city: "Nantes".into(),
            ..BillingForm::default()
        };
        let error = wrong.parse().err().unwrap();
        assert_eq!(
            error.problem_with("vat_number"),
            Some(FieldError::InvalidVatNumber.into())
        );
        assert_eq!(
            error.problem_with("billing_line1"),
            Some(FieldError::Required.into())
        );
    }

    #[test]
    fn both_fields_are_checked_at_once() {
        let form = CompanyForm {
            company_name: "".into(),
            siret: "73282932000075".into(),
        };
        let error = form.parse().err().unwrap();
        assert_eq!(
            error.problem_with("company_name"),
            Some(FieldError::Required.into())
        );
        assert_eq!(
            error.problem_with("siret"),
            Some(FieldError::InvalidSiret.into())
        );
    }
}
