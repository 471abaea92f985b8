//! The portal's documents: a quote, a pro-forma invoice, an invoice and a credit note, each a
//! PDF/A-3 file in its recipient's language, with the fonts embedded; invoices and credit notes
//! also carry their EN 16931 data as Factur-X XML (France's B2B e-invoicing format).
//!
//! The server decides what a document says ([`DocumentContent`]) and stores it; [`render`] turns
//! it into bytes, the same bytes every time.
pub mod content;
pub mod example;
pub mod seller;

mod factur_x;
mod invoice_xml;
mod page;
mod words;

pub use content::{DocumentContent, DocumentKind, Language};

/// Why a document could not be made (a bug: the content comes from the server).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    #[error("the Factur-X XML could not be written: {0}")]
    Xml(String),
}

/// The PDF of `content`: a Factur-X invoice for invoices and credit notes, a PDF/A-3 file for
/// the others.
pub fn render(content: &DocumentContent) -> Result<Vec<u8>, RenderError> {
    let mut document = page::document(content)?;
    if !content.kind.is_accounting() {
        return page::finish(document);
    }
    let xml = invoice_xml::cross_industry_invoice(content)?;
    factur_x::attach(&mut document, content, xml)?;
    factur_x::with_metadata(page::finish(document)?)
}
