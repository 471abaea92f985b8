//! The documents the portal issues to customers (the `documents` crate renders them).

choice! {
    /// A kind of document.
    DocumentKind {
        /// The price of a project before it is ordered (not an invoice).
        Quote = "quote",
        /// What the customer's accounts department pays a transfer from (not an invoice).
        ProForma = "pro_forma",
        /// The invoice of an order: paid, or shipped on account.
        Invoice = "invoice",
        /// Cancels a paid order's invoice, in full.
        CreditNote = "credit_note",
    }
}

impl DocumentKind {
    /// Invoices and credit notes are accounting documents: numbered in sequence without gaps,
    /// and issued as Factur-X.
    pub fn is_accounting(self) -> bool {
        match self {
            DocumentKind::Invoice | DocumentKind::CreditNote => true,
            DocumentKind::Quote | DocumentKind::ProForma => false,
        }
    }
}
