//! The words of the documents in each language, and how amounts, dates and rates are written.
//! Every text is a field of [`Words`]: a language without one does not compile.
use crate::content::{DocumentKind, Language};
use time::Date;

pub(crate) struct Words {
    pub quote: &'static str,
    pub pro_forma: &'static str,
    pub invoice: &'static str,
    pub credit_note: &'static str,
    pub number: &'static str,
    pub issued_on: &'static str,
    pub customer: &'static str,
    pub deliver_to: &'static str,
    pub siret: &'static str,
    pub vat_number: &'static str,
    pub order: &'static str,
    pub order_date: &'static str,
    pub po_reference: &'static str,
    pub project: &'static str,
    pub corrects: &'static str,
    pub description: &'static str,
    pub quantity: &'static str,
    pub unit_price: &'static str,
    pub vat: &'static str,
    pub net_amount: &'static str,
    pub net_total: &'static str,
    pub vat_total: &'static str,
    pub gross_total: &'static str,
    pub valid_until: &'static str,
    pub pay_before_work: &'static str,
    pub holder: &'static str,
    pub reference: &'static str,
    pub reference_short: &'static str,
    pub paid_on: &'static str,
    pub due_on: &'static str,
    pub refunded: &'static str,
    pub not_an_invoice: &'static str,
    pub quote_terms: &'static str,
    pub late_payment: &'static str,
    pub page: &'static str,
    pub trade_register: &'static str,
    pub months: [&'static str; 12],
}

static FRENCH: Words = Words {
    quote: "DEVIS",
    pro_forma: "FACTURE PRO FORMA",
    invoice: "FACTURE",
    credit_note: "AVOIR",
    number: "N°",
    issued_on: "Date",
    customer: "Client",
    deliver_to: "Livraison",
    siret: "SIRET",
    vat_number: "N° TVA",
    order: "Commande",
    order_date: "Date de commande",
    po_reference: "Votre référence",
    project: "Projet",
    corrects: "Avoir sur la facture",
    description: "Désignation",
    quantity: "Qté",
    unit_price: "PU HT",
    vat: "TVA",
    net_amount: "Montant HT",
    net_total: "Total HT",
    vat_total: "TVA",
    gross_total: "Total TTC",
    valid_until: "Devis valable jusqu'au",
    pay_before_work: "À régler par virement avant la mise en production :",
    holder: "Titulaire",
    reference: "Référence à indiquer",
    reference_short: "référence",
    paid_on: "Payée le",
    due_on: "À régler par virement au plus tard le",
    refunded: "Montant remboursé par virement.",
    not_an_invoice: "Ce document n'est pas une facture.",
    quote_terms: "Commander sur le portail EMS PROTO vaut acceptation des conditions générales de vente.",
    late_payment: "Pénalités de retard : taux de la BCE majoré de 10 points. Indemnité forfaitaire pour frais de recouvrement : 40 € (art. L441-10 et D441-5 du Code de commerce). Pas d'escompte pour paiement anticipé.",
    page: "Page",
    trade_register: "RCS",
    months: [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre",
    ],
};

static ENGLISH: Words = Words {
    quote: "QUOTE",
    pro_forma: "PRO FORMA INVOICE",
    invoice: "INVOICE",
    credit_note: "CREDIT NOTE",
    number: "No.",
    issued_on: "Date",
    customer: "Customer",
    deliver_to: "Delivery",
    siret: "SIRET",
    vat_number: "VAT no.",
    order: "Order",
    order_date: "Order date",
    po_reference: "Your reference",
    project: "Project",
    corrects: "Credit note for invoice",
    description: "Description",
    quantity: "Qty",
    unit_price: "Unit price",
    vat: "VAT",
    net_amount: "Net amount",
    net_total: "Total excl. VAT",
    vat_total: "VAT",
    gross_total: "Total incl. VAT",
    valid_until: "Quote valid until",
    pay_before_work: "To pay by bank transfer before production:",
    holder: "Account holder",
    reference: "Reference to quote",
    reference_short: "reference",
    paid_on: "Paid on",
    due_on: "To pay by bank transfer by",
    refunded: "Amount refunded by bank transfer.",
    not_an_invoice: "This document is not an invoice.",
    quote_terms: "Ordering on the EMS PROTO portal means accepting the terms of sale.",
    late_payment: "Late payment penalties: the ECB rate plus 10 points. Fixed indemnity for recovery costs: €40 (art. L441-10 and D441-5 of the French Commercial Code). No discount for early payment.",
    page: "Page",
    trade_register: "Trade register",
    months: [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ],
};

pub(crate) fn words(language: Language) -> &'static Words {
    match language {
        Language::Fr => &FRENCH,
        Language::En => &ENGLISH,
    }
}

impl Words {
    pub fn title(&self, kind: DocumentKind) -> &'static str {
        match kind {
            DocumentKind::Quote => self.quote,
            DocumentKind::ProForma => self.pro_forma,
            DocumentKind::Invoice => self.invoice,
            DocumentKind::CreditNote => self.credit_note,
        }
    }
}

/// "1 234,56 €" (narrow no-break spaces between thousands, a no-break space before the sign)
/// or "€1,234.56".
pub(crate) fn money(language: Language, cents: i64) -> String {
    let locale = match language {
        Language::Fr => "fr",
        Language::En => "en",
    };
    shared::Money::from_cents(cents).format(locale)
}

/// "3 décembre 2026" or "3 December 2026".
pub(crate) fn date(language: Language, day: Date) -> String {
    let month = words(language).months[usize::from(u8::from(day.month())) - 1];
    format!("{} {month} {}", day.day(), day.year())
}

/// "20 %" (with a no-break space) or "20%".
pub(crate) fn percent(language: Language, rate: u8) -> String {
    match language {
        Language::Fr => format!("{rate}\u{a0}%"),
        Language::En => format!("{rate}%"),
    }
}

/// "894 123 454" from a SIRET's first nine digits.
pub(crate) fn siren(siret: &str) -> String {
    let siren: String = siret.chars().take(9).collect();
    siren
        .as_bytes()
        .chunks(3)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An IBAN in groups of four, as printed.
pub(crate) fn iban(iban: &str) -> String {
    iban.as_bytes()
        .chunks(4)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn amounts_dates_and_rates_are_written_as_each_language_does() {
        assert_eq!(money(Language::Fr, 123_456), "1\u{202f}234,56\u{a0}€");
        assert_eq!(money(Language::En, 123_456), "€1,234.56");
        assert_eq!(date(Language::Fr, date!(2026 - 12 - 03)), "3 décembre 2026");
        assert_eq!(date(Language::En, date!(2026 - 08 - 15)), "15 August 2026");
        assert_eq!(percent(Language::Fr, 20), "20\u{a0}%");
        assert_eq!(percent(Language::En, 20), "20%");
        assert_eq!(siren("89412345400007"), "894 123 454");
        assert_eq!(
            iban("FR7630006000011234567890189"),
            "FR76 3000 6000 0112 3456 7890 189"
        );
    }
}
