//! The manufacturer's legal identity, as the legal notice (`/legal`) gives it.
use crate::content::{PostalAddress, Seller};

/// EMS PROTO, the seller on every document.
pub fn ems_proto() -> Seller {
    Seller {
        name: "EMS PROTO".into(),
        legal_form_fr: "SAS au capital de 50 000 €".into(),
        legal_form_en: "SAS with a share capital of €50,000".into(),
        registry_city: "Nantes".into(),
        siret: "89412345400007".into(),
        vat_number: "FR80894123454".into(),
        address: PostalAddress {
            recipient: None,
            line1: "12 rue de la Soudure".into(),
            line2: None,
            postal_code: "44300".into(),
            city: "Nantes".into(),
            country: "FR".into(),
        },
        email: "contact@emsproto.fr".into(),
        phone: "+33 2 40 12 34 56".into(),
    }
}
