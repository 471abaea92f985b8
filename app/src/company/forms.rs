//! The company's form as it travels (its name and SIRET), and its parsing: the browser calls
//! `parse` before sending, the server function calls it again on what arrives.
use crate::{
    error::AppError,
    issues::{all_parsed, Form, Issues},
};
use serde::{Deserialize, Serialize};
use shared::{CompanyName, Siret};

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
