//! A document of each kind with every field filled, for the tests and the benchmarks.
use crate::content::*;
use time::macros::date;

/// An example of `kind` in `language`: 25 four-layer boards for a French company.
pub fn example(kind: DocumentKind, language: Language) -> DocumentContent {
    let bank = BankAccount {
        holder: "EMS PROTO".into(),
        iban: "FR7630006000011234567890189".into(),
        bic: "AGRIFRPPXXX".into(),
    };
    let (number, payment, corrects) = match kind {
        DocumentKind::Quote => (
            "DV-2026-00007".to_string(),
            Payment::QuoteValidUntil {
                until: date!(2027 - 01 - 02),
            },
            None,
        ),
        DocumentKind::ProForma => (
            "PF-1042".to_string(),
            Payment::TransferBeforeWork {
                bank,
                reference: "EMS-1042-7QK3".into(),
            },
            None,
        ),
        DocumentKind::Invoice => (
            "FA-2026-00012".to_string(),
            Payment::Paid {
                on: date!(2026 - 12 - 03),
                reference: "EMS-1042-7QK3".into(),
            },
            None,
        ),
        DocumentKind::CreditNote => (
            "AV-2026-00003".to_string(),
            Payment::Refund,
            Some(InvoiceReference {
                number: "FA-2026-00012".into(),
                issued_on: date!(2026 - 12 - 03),
            }),
        ),
    };
    let french = language == Language::Fr;
    DocumentContent {
        kind,
        number,
        language,
        issued_on: date!(2026 - 12 - 03),
        seller: crate::seller::ems_proto(),
        buyer: Buyer {
            name: "Électronique Dupont & Fils".into(),
            siret: Some("30326504500012".into()),
            vat_number: Some("FR40303265045".into()),
            address: PostalAddress {
                recipient: None,
                line1: "3 avenue des Composants".into(),
                line2: Some("Bâtiment B".into()),
                postal_code: "69007".into(),
                city: "Lyon".into(),
                country: "FR".into(),
            },
        },
        delivery: Some(PostalAddress {
            recipient: Some("Électronique Dupont — Atelier".into()),
            line1: "8 rue du Prototype".into(),
            line2: None,
            postal_code: "69100".into(),
            city: "Villeurbanne".into(),
            country: "FR".into(),
        }),
        order: (kind != DocumentKind::Quote).then(|| OrderReference {
            number: 1042,
            placed_on: date!(2026 - 12 - 01),
            po_reference: Some("PO-2026-118".into()),
        }),
        project: "Carte mère v2".into(),
        lines: vec![Line {
            description: if french {
                "Fabrication de circuits imprimés — Carte mère v2".into()
            } else {
                "PCB fabrication — Carte mère v2".into()
            },
            details: if french {
                "4 couches, 100 × 80 mm, 1,6 mm, ENIG, vernis vert, délai standard".into()
            } else {
                "4 layers, 100 × 80 mm, 1.6 mm, ENIG, green mask, standard lead time".into()
            },
            quantity: 25,
            net_cents: 41_250,
            vat_percent: 20,
        }],
        totals: Totals {
            net_cents: 41_250,
            vat_cents: 8_250,
            gross_cents: 49_500,
        },
        payment,
        corrects,
    }
}
