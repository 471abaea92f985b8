//! The project form and the order form as they travel, and their parsing: the browser calls
//! `parse` before sending (and for the instant quote), the server function calls it again.
use crate::{
    error::AppError,
    issues::{all_parsed, AddressInput, Form, Issues},
};
use serde::{Deserialize, Serialize};
use shared::{
    terms::TERMS_OF_SALE_VERSION, BoardSpec, BoardThickness, DeliveryAddress, FieldError,
    LayerCount, LeadTime, Millimetres, ProjectName, ProjectNotes, PurchaseOrderReference, Quantity,
    Service, SolderMask, SurfaceFinish,
};

/// A project's fields as typed (numbers too: the form keeps what the person wrote).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectForm {
    pub name: String,
    pub service: String,
    pub quantity: String,
    pub layers: String,
    pub width_mm: String,
    pub height_mm: String,
    pub thickness: String,
    pub finish: String,
    pub mask: String,
    pub notes: String,
}

impl Default for ProjectForm {
    /// A new project: the most common board (2 layers, 1.6 mm, lead-free HASL, green).
    fn default() -> Self {
        Self {
            name: String::new(),
            service: Service::Fabrication.as_str().into(),
            quantity: "10".into(),
            layers: "2".into(),
            width_mm: "100".into(),
            height_mm: "80".into(),
            thickness: BoardThickness::default().as_str().into(),
            finish: SurfaceFinish::default().as_str().into(),
            mask: SolderMask::default().as_str().into(),
            notes: String::new(),
        }
    }
}

/// Longest value taken from an address's query for one field: more is no board of ours.
const QUERY_FIELD_MAX_CHARS: usize = 100;

/// A project that parsed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidProject {
    pub name: ProjectName,
    pub service: Service,
    pub quantity: Quantity,
    pub board: BoardSpec,
    pub notes: ProjectNotes,
}

impl ProjectForm {
    /// The board of an address's query (`?service=…&layers=…`, as the services page's instant
    /// quote writes it), each field missing taken from the default board. Nothing is checked
    /// here: the form shows what came, and its own checks run as if it had been typed.
    pub fn from_query(value: impl Fn(&str) -> Option<String>) -> Self {
        let mut form = Self::default();
        for (key, field) in [
            ("name", &mut form.name),
            ("service", &mut form.service),
            ("quantity", &mut form.quantity),
            ("layers", &mut form.layers),
            ("width_mm", &mut form.width_mm),
            ("height_mm", &mut form.height_mm),
            ("thickness", &mut form.thickness),
            ("finish", &mut form.finish),
            ("mask", &mut form.mask),
        ] {
            if let Some(text) = value(key) {
                *field = text.chars().take(QUERY_FIELD_MAX_CHARS).collect();
            }
        }
        form
    }

    /// The board as an address's query, for [`ProjectForm::from_query`] (the name and notes
    /// stay out: a quote has none).
    pub fn board_query(&self) -> String {
        [
            ("service", &self.service),
            ("quantity", &self.quantity),
            ("layers", &self.layers),
            ("width_mm", &self.width_mm),
            ("height_mm", &self.height_mm),
            ("thickness", &self.thickness),
            ("finish", &self.finish),
            ("mask", &self.mask),
        ]
        .iter()
        .map(|(key, value)| format!("{key}={}", crate::components::format::query_value(value)))
        .collect::<Vec<_>>()
        .join("&")
    }

    /// The board alone: the quote needs it even while the name is still empty.
    pub fn board(&self) -> Option<(Service, BoardSpec)> {
        let mut issues = Issues::default();
        let service = Service::parse(&self.service).ok();
        let board = self.parse_board(&mut issues);
        service.zip(board)
    }

    fn parse_board(&self, issues: &mut Issues) -> Option<BoardSpec> {
        let layers = issues.check("layers", LayerCount::parse(&self.layers));
        let width = issues.check("width_mm", Millimetres::parse(&self.width_mm));
        let height = issues.check("height_mm", Millimetres::parse(&self.height_mm));
        let thickness = issues.check("thickness", BoardThickness::parse(&self.thickness));
        let finish = issues.check("finish", SurfaceFinish::parse(&self.finish));
        let mask = issues.check("mask", SolderMask::parse(&self.mask));
        all_parsed!(layers, width, height, thickness, finish, mask =>
            BoardSpec { layers, width, height, thickness, finish, mask })
    }
}

impl Form for ProjectForm {
    type Valid = ValidProject;

    fn parse(&self) -> Result<ValidProject, AppError> {
        let mut issues = Issues::default();
        let name = issues.check("name", ProjectName::parse(&self.name));
        let service = issues.check("service", Service::parse(&self.service));
        let quantity = issues.check("quantity", Quantity::parse(&self.quantity));
        let board = self.parse_board(&mut issues);
        let notes = issues.check("notes", ProjectNotes::parse(&self.notes));
        let value = all_parsed!(name, service, quantity, board, notes =>
            ValidProject { name, service, quantity, board, notes });
        issues.finish(value)
    }
}

impl From<&ValidProject> for ProjectForm {
    fn from(project: &ValidProject) -> Self {
        let board = &project.board;
        Self {
            name: project.name.as_str().into(),
            service: project.service.as_str().into(),
            quantity: project.quantity.get().to_string(),
            layers: board.layers.get().to_string(),
            width_mm: board.width.get().to_string(),
            height_mm: board.height.get().to_string(),
            thickness: board.thickness.as_str().into(),
            finish: board.finish.as_str().into(),
            mask: board.mask.as_str().into(),
            notes: project.notes.as_str().into(),
        }
    }
}

/// Ordering a project (or asking a buyer to): quantity, lead time, delivery, PO reference.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderForm {
    pub quantity: String,
    pub lead_time: String,
    pub recipient: String,
    pub line1: String,
    pub line2: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub po_reference: String,
    /// The box "I accept the terms of sale" is ticked (absent: not ticked).
    #[serde(default)]
    pub terms_accepted: bool,
}

/// An order form that parsed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidOrder {
    pub quantity: Quantity,
    pub lead_time: LeadTime,
    pub address: DeliveryAddress,
    pub po_reference: Option<PurchaseOrderReference>,
    /// The version of the terms of sale accepted (`None` for requests made before it was asked).
    pub terms_version: Option<String>,
}

impl Form for OrderForm {
    type Valid = ValidOrder;

    fn parse(&self) -> Result<ValidOrder, AppError> {
        let mut issues = Issues::default();
        let quantity = issues.check("quantity", Quantity::parse(&self.quantity));
        let lead_time = issues.check("lead_time", LeadTime::parse(&self.lead_time));
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
        let po_reference = issues.check(
            "po_reference",
            PurchaseOrderReference::parse_optional(&self.po_reference),
        );
        let terms = issues.check(
            "terms_accepted",
            if self.terms_accepted {
                Ok(TERMS_OF_SALE_VERSION.to_string())
            } else {
                Err(FieldError::TermsNotAccepted)
            },
        );
        let value = all_parsed!(quantity, lead_time, address, po_reference, terms =>
        ValidOrder {
            quantity,
            lead_time,
            address,
            po_reference,
            terms_version: Some(terms),
        });
        issues.finish(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::FieldError;

    #[test]
    fn a_board_travels_through_an_address_query() {
        let form = ProjectForm {
            service: "fabrication_assembly".into(),
            layers: "4".into(),
            width_mm: "55".into(),
            mask: "black".into(),
            ..ProjectForm::default()
        };
        let query = form.board_query();
        assert!(query.contains("service=fabrication_assembly&quantity=10&layers=4"));
        let pairs: Vec<(String, String)> = query
            .split('&')
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap();
                (key.to_string(), value.to_string())
            })
            .collect();
        let back = ProjectForm::from_query(|key| {
            pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        });
        assert_eq!(back, form);
        // Missing fields are the default board's; what came is kept as typed, at most 100 chars.
        let odd = ProjectForm::from_query(|key| (key == "layers").then(|| "7".repeat(500)));
        assert_eq!(odd.layers.len(), 100);
        assert_eq!(odd.service, "fabrication");
        assert!(odd.board().is_none());
    }

    #[test]
    fn the_default_project_only_lacks_a_name() {
        let error = ProjectForm::default().parse().unwrap_err();
        assert_eq!(
            error.problem_with("name"),
            Some(FieldError::Required.into())
        );
        assert!(ProjectForm::default().board().is_some());
        let named = ProjectForm {
            name: "Carte capteur v2".into(),
            ..ProjectForm::default()
        };
        let valid = named.parse().unwrap();
        assert_eq!(ProjectForm::from(&valid), named);
    }

    #[test]
    fn every_wrong_field_is_reported_at_once() {
        let form = ProjectForm {
            name: "X".into(),
            quantity: "0".into(),
            layers: "3".into(),
            width_mm: "abc".into(),
            height_mm: "900".into(),
            ..ProjectForm::default()
        };
        let error = form.parse().unwrap_err();
        assert_eq!(
            error.problem_with("quantity"),
            Some(FieldError::OutOfRange.into())
        );
        assert_eq!(
            error.problem_with("layers"),
            Some(FieldError::InvalidChoice.into())
        );
        assert_eq!(
            error.problem_with("width_mm"),
            Some(FieldError::NotANumber.into())
        );
        assert_eq!(
            error.problem_with("height_mm"),
            Some(FieldError::OutOfRange.into())
        );
        assert!(form.board().is_none());
    }

    fn order() -> OrderForm {
        OrderForm {
            quantity: "25".into(),
            lead_time: "express".into(),
            recipient: "Circuits de l'Ouest".into(),
            line1: "12 rue des Forges".into(),
            line2: String::new(),
            postal_code: "44000".into(),
            city: "Nantes".into(),
            country: "FR".into(),
            po_reference: String::new(),
            terms_accepted: true,
        }
    }

    #[test]
    fn an_order_parses_with_optional_fields_empty() {
        let valid = order().parse().unwrap();
        assert_eq!(valid.quantity.get(), 25);
        assert_eq!(valid.lead_time, LeadTime::Express);
        assert_eq!(valid.address.line2, None);
        assert_eq!(valid.po_reference, None);
        assert_eq!(valid.terms_version.as_deref(), Some(TERMS_OF_SALE_VERSION));
    }

    #[test]
    fn an_order_needs_the_terms_of_sale_accepted() {
        let form = OrderForm {
            terms_accepted: false,
            ..order()
        };
        let error = form.parse().unwrap_err();
        assert_eq!(
            error.problem_with("terms_accepted"),
            Some(FieldError::TermsNotAccepted.into())
        );
    }

    #[test]
    fn a_french_address_needs_five_digits() {
        let form = OrderForm {
            postal_code: "4400".into(),
            ..order()
        };
        let error = form.parse().unwrap_err();
        assert_eq!(
            error.problem_with("postal_code"),
            Some(FieldError::InvalidPostalCode.into())
        );
        let belgian = OrderForm {
            postal_code: "1000".into(),
            country: "BE".into(),
            ..order()
        };
        assert!(belgian.parse().is_ok());
    }
}
