//! Factur-X: the invoice's XML attached to its PDF/A-3 file as `factur-x.xml`, and named in the
//! file's XMP metadata. krilla writes the attachment (with its PDF/A-3 relationship) and its own
//! XMP packet, but has no API for more XMP: the Factur-X properties and their PDF/A extension
//! schema are added to that packet afterwards with lopdf.
use crate::{content::DocumentContent, page::pdf_date, RenderError};
use krilla::{
    embed::{AssociationKind, EmbeddedFile, MimeType},
    Document,
};

/// The attachment's name, which Factur-X readers look for.
pub(crate) const FILE_NAME: &str = "factur-x.xml";

/// Attaches `xml` to `document` as its Factur-X data (the PDF's alternative representation).
pub(crate) fn attach(
    document: &mut Document,
    content: &DocumentContent,
    xml: Vec<u8>,
) -> Result<(), RenderError> {
    document
        .embed_file(EmbeddedFile {
            path: FILE_NAME.into(),
            mime_type: MimeType::new("text/xml"),
            description: Some("Factur-X invoice (EN 16931)".into()),
            association_kind: AssociationKind::Alternative,
            data: xml.into(),
            modification_date: Some(pdf_date(content.issued_on)),
            compress: Some(true),
            location: None,
        })
        .ok_or_else(|| RenderError::Pdf("the Factur-X XML is attached twice".into()))
}

/// The Factur-X properties of the document and the PDF/A extension schema that declares them
/// (as the Factur-X 1.0 specification gives it).
const FACTUR_X_XMP: &str = r#"<rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"><fx:DocumentType>INVOICE</fx:DocumentType><fx:DocumentFileName>factur-x.xml</fx:DocumentFileName><fx:Version>1.0</fx:Version><fx:ConformanceLevel>EN 16931</fx:ConformanceLevel></rdf:Description><rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"><pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource"><pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema><pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI><pdfaSchema:prefix>fx</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentFileName</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>name of the embedded XML invoice file</pdfaProperty:description></rdf:li><rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentType</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>INVOICE</pdfaProperty:description></rdf:li><rdf:li rdf:parseType="Resource"><pdfaProperty:name>Version</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The actual version of the Factur-X XML schema</pdfaProperty:description></rdf:li><rdf:li rdf:parseType="Resource"><pdfaProperty:name>ConformanceLevel</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The conformance level of the embedded Factur-X data</pdfaProperty:description></rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"#;

fn broken(error: impl std::fmt::Display) -> RenderError {
    RenderError::Pdf(format!("adding the Factur-X metadata: {error}"))
}

/// `pdf` with the Factur-X properties in its XMP packet.
pub(crate) fn with_metadata(pdf: Vec<u8>) -> Result<Vec<u8>, RenderError> {
    let mut document = lopdf::Document::load_mem(&pdf).map_err(broken)?;
    let metadata = document
        .catalog()
        .and_then(|catalog| catalog.get(b"Metadata"))
        .and_then(|metadata| metadata.as_reference())
        .map_err(broken)?;
    let stream = document
        .get_object_mut(metadata)
        .and_then(|object| object.as_stream_mut())
        .map_err(broken)?;
    let packet = String::from_utf8(stream.content.clone()).map_err(broken)?;
    let end = packet
        .rfind("</rdf:RDF>")
        .ok_or_else(|| broken("krilla's XMP packet has no rdf:RDF"))?;
    let packet = format!("{}{FACTUR_X_XMP}{}", &packet[..end], &packet[end..]);
    // PDF/A wants the metadata readable as it is: left uncompressed, as krilla wrote it.
    stream.set_content(packet.into_bytes());
    let mut bytes = Vec::with_capacity(pdf.len() + FACTUR_X_XMP.len());
    document.save_to(&mut bytes).map_err(broken)?;
    Ok(bytes)
}
