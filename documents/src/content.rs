//! What a document says, fixed the moment it is issued: the server builds it from the order
//! (or the project), stores it as JSON beside the document's number, and every rendering of the
//! document (its PDF, the Factur-X XML of an invoice) is made from it alone. An invoice's content
//! never changes; a correction is a credit note and a new invoice.
use serde::{Deserialize, Serialize};
use time::Date;

pub use shared::DocumentKind;

/// The language a document is written in: its recipient's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Fr,
    En,
}

/// Everything a document shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentContent {
    pub kind: DocumentKind,
    /// Its number, unique among the documents of its kind ("FA-2026-00001").
    pub number: String,
    pub language: Language,
    /// The day it is issued, in the seller's time zone (Europe/Paris).
    pub issued_on: Date,
    pub seller: Seller,
    pub buyer: Buyer,
    /// Where the boards go, when it is known (orders).
    pub delivery: Option<PostalAddress>,
    /// The order it is about (every document but a quote).
    pub order: Option<OrderReference>,
    /// The project a quote prices.
    pub project: String,
    /// At least one.
    pub lines: Vec<Line>,
    pub totals: Totals,
    pub payment: Payment,
    /// The invoice a credit note cancels.
    pub corrects: Option<InvoiceReference>,
}

/// The manufacturer, as its invoices must name it (French commercial code, art. L441-9 and
/// R123-237).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seller {
    pub name: String,
    /// "SAS au capital de 50 000 €" / "SAS with a share capital of €50,000": in each language.
    pub legal_form_fr: String,
    pub legal_form_en: String,
    /// The trade register's city ("RCS Nantes").
    pub registry_city: String,
    /// 14 digits.
    pub siret: String,
    pub vat_number: String,
    pub address: PostalAddress,
    pub email: String,
    pub phone: String,
}

/// The customer company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buyer {
    pub name: String,
    /// 14 digits, when the account has one.
    pub siret: Option<String>,
    /// As `shared::VatNumber` writes it ("FR40303265045").
    pub vat_number: Option<String>,
    /// The billing address (else the delivery address).
    pub address: PostalAddress,
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostalAddress {
    /// The company or person at that address, when it is not the party's name.
    pub recipient: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166-1 alpha-2 ("FR").
    pub country: String,
}

/// The order a document is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderReference {
    pub number: i64,
    pub placed_on: Date,
    /// The customer's purchase-order reference.
    pub po_reference: Option<String>,
}

/// One line: boards of one project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// "Fabrication de circuits imprimés — Carte mère v2" (in the document's language).
    pub description: String,
    /// The board's specification ("4 couches, 100 × 80 mm, 1,6 mm, ENIG, vernis vert").
    pub details: String,
    /// How many boards.
    pub quantity: u32,
    /// The net price of the whole line (the quantity's), in cents.
    pub net_cents: i64,
    /// The VAT rate, in percent.
    pub vat_percent: u8,
}

/// The sums of the lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub net_cents: i64,
    pub vat_cents: i64,
    pub gross_cents: i64,
}

/// The manufacturer's account for bank transfers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAccount {
    pub holder: String,
    pub iban: String,
    pub bic: String,
}

/// How and when the document is paid (or refunded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Payment {
    /// A quote: the price holds until that day.
    QuoteValidUntil { until: Date },
    /// A pro-forma invoice: to pay by transfer, quoting `reference`, before work starts.
    TransferBeforeWork {
        bank: BankAccount,
        reference: String,
    },
    /// An invoice already paid (by transfer), on that day.
    Paid { on: Date, reference: String },
    /// An invoice of an order on account: due on that day, by transfer quoting `reference`.
    DueOn {
        due: Date,
        bank: BankAccount,
        reference: String,
    },
    /// A credit note: the amount is refunded by transfer to the customer.
    Refund,
}

/// The invoice a credit note refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceReference {
    pub number: String,
    pub issued_on: Date,
}
