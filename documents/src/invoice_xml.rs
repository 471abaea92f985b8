//! The EN 16931 data of an invoice or a credit note: a UN/CEFACT Cross Industry Invoice (D16B)
//! at the Factur-X EN 16931 profile, in the order the official XSD sets. Written with quick-xml,
//! whose writer escapes every text.
use crate::{
    content::{Buyer, DocumentContent, DocumentKind, Payment, PostalAddress},
    RenderError,
};
use quick_xml::{
    events::{BytesDecl, BytesText, Event},
    Writer,
};
use std::io;
use time::Date;

type Xml = Writer<Vec<u8>>;

/// "412.50" from 41250 cents.
pub(crate) fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{}.{:02}", cents / 100, cents % 100)
}

/// A date as the format 102 writes it: "20261203".
fn day(date: Date) -> String {
    format!(
        "{:04}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

fn text(xml: &mut Xml, name: &str, value: &str) -> io::Result<()> {
    xml.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

fn text_with(xml: &mut Xml, name: &str, attribute: (&str, &str), value: &str) -> io::Result<()> {
    xml.create_element(name)
        .with_attribute(attribute)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

fn element(
    xml: &mut Xml,
    name: &str,
    inner: impl FnOnce(&mut Xml) -> io::Result<()>,
) -> io::Result<()> {
    xml.create_element(name).write_inner_content(inner)?;
    Ok(())
}

/// `<name><udt:DateTimeString format="102">…</…></name>` (`prefix`: udt or qdt).
fn date_element(xml: &mut Xml, name: &str, prefix: &str, date: Date) -> io::Result<()> {
    element(xml, name, |xml| {
        text_with(
            xml,
            &format!("{prefix}:DateTimeString"),
            ("format", "102"),
            &day(date),
        )
    })
}

fn address(xml: &mut Xml, address: &PostalAddress) -> io::Result<()> {
    element(xml, "ram:PostalTradeAddress", |xml| {
        text(xml, "ram:PostcodeCode", &address.postal_code)?;
        text(xml, "ram:LineOne", &address.line1)?;
        if let Some(line2) = &address.line2 {
            text(xml, "ram:LineTwo", line2)?;
        }
        text(xml, "ram:CityName", &address.city)?;
        text(xml, "ram:CountryID", &address.country)
    })
}

/// A party: its name, its SIREN (scheme 0002, the French register), address, e-mail and VAT
/// number, in the XSD's order.
fn party(
    xml: &mut Xml,
    name: &str,
    (party_name, siret, vat): (&str, Option<&str>, Option<&str>),
    postal: &PostalAddress,
    email: Option<&str>,
) -> io::Result<()> {
    element(xml, name, |xml| {
        text(xml, "ram:Name", party_name)?;
        if let Some(siret) = siret {
            let siren: String = siret.chars().take(9).collect();
            element(xml, "ram:SpecifiedLegalOrganization", |xml| {
                text_with(xml, "ram:ID", ("schemeID", "0002"), &siren)
            })?;
        }
        address(xml, postal)?;
        if let Some(email) = email {
            element(xml, "ram:URIUniversalCommunication", |xml| {
                text_with(xml, "ram:URIID", ("schemeID", "EM"), email)
            })?;
        }
        if let Some(vat) = vat {
            element(xml, "ram:SpecifiedTaxRegistration", |xml| {
                text_with(xml, "ram:ID", ("schemeID", "VA"), vat)
            })?;
        }
        Ok(())
    })
}

fn lines(xml: &mut Xml, content: &DocumentContent) -> io::Result<()> {
    for (index, line) in content.lines.iter().enumerate() {
        let quantity = line.quantity.to_string();
        let net = amount(line.net_cents);
        element(xml, "ram:IncludedSupplyChainTradeLineItem", |xml| {
            element(xml, "ram:AssociatedDocumentLineDocument", |xml| {
                text(xml, "ram:LineID", &(index + 1).to_string())
            })?;
            element(xml, "ram:SpecifiedTradeProduct", |xml| {
                text(xml, "ram:Name", &line.description)?;
                text(xml, "ram:Description", &line.details)
            })?;
            // The price of the whole quantity (BT-146 for BT-149 units): no rounding.
            element(xml, "ram:SpecifiedLineTradeAgreement", |xml| {
                element(xml, "ram:NetPriceProductTradePrice", |xml| {
                    text(xml, "ram:ChargeAmount", &net)?;
                    text_with(xml, "ram:BasisQuantity", ("unitCode", "C62"), &quantity)
                })
            })?;
            element(xml, "ram:SpecifiedLineTradeDelivery", |xml| {
                text_with(xml, "ram:BilledQuantity", ("unitCode", "C62"), &quantity)
            })?;
            element(xml, "ram:SpecifiedLineTradeSettlement", |xml| {
                element(xml, "ram:ApplicableTradeTax", |xml| {
                    text(xml, "ram:TypeCode", "VAT")?;
                    text(xml, "ram:CategoryCode", "S")?;
                    text(
                        xml,
                        "ram:RateApplicablePercent",
                        &line.vat_percent.to_string(),
                    )
                })?;
                element(
                    xml,
                    "ram:SpecifiedTradeSettlementLineMonetarySummation",
                    |xml| text(xml, "ram:LineTotalAmount", &net),
                )
            })
        })?;
    }
    Ok(())
}

fn agreement(xml: &mut Xml, content: &DocumentContent) -> io::Result<()> {
    let seller = &content.seller;
    let Buyer {
        name,
        siret,
        vat_number,
        address: buyer_address,
    } = &content.buyer;
    element(xml, "ram:ApplicableHeaderTradeAgreement", |xml| {
        let identity = (
            seller.name.as_str(),
            Some(seller.siret.as_str()),
            Some(seller.vat_number.as_str()),
        );
        party(
            xml,
            "ram:SellerTradeParty",
            identity,
            &seller.address,
            Some(&seller.email),
        )?;
        let identity = (name.as_str(), siret.as_deref(), vat_number.as_deref());
        party(xml, "ram:BuyerTradeParty", identity, buyer_address, None)?;
        if let Some(reference) = content
            .order
            .as_ref()
            .and_then(|order| order.po_reference.as_deref())
        {
            element(xml, "ram:BuyerOrderReferencedDocument", |xml| {
                text(xml, "ram:IssuerAssignedID", reference)
            })?;
        }
        Ok(())
    })
}

fn delivery(xml: &mut Xml, content: &DocumentContent) -> io::Result<()> {
    element(xml, "ram:ApplicableHeaderTradeDelivery", |xml| {
        if let Some(delivery) = &content.delivery {
            element(xml, "ram:ShipToTradeParty", |xml| {
                let name = delivery.recipient.as_deref().unwrap_or(&content.buyer.name);
                text(xml, "ram:Name", name)?;
                address(xml, delivery)
            })?;
        }
        Ok(())
    })
}

fn settlement(xml: &mut Xml, content: &DocumentContent) -> io::Result<()> {
    let totals = content.totals;
    let rate = content.lines.first().map_or(20, |line| line.vat_percent);
    let (reference, iban, due, prepaid, terms) = match &content.payment {
        Payment::Paid { reference, .. } => (Some(reference), None, None, totals.gross_cents, None),
        Payment::DueOn {
            due,
            bank,
            reference,
        } => (Some(reference), Some(&bank.iban), Some(*due), 0, None),
        Payment::TransferBeforeWork { bank, reference } => (
            Some(reference),
            Some(&bank.iban),
            None,
            0,
            Some("Virement avant production"),
        ),
        Payment::Refund => (None, None, None, 0, Some("Remboursement par virement")),
        Payment::QuoteValidUntil { .. } => (None, None, None, 0, None),
    };
    element(xml, "ram:ApplicableHeaderTradeSettlement", |xml| {
        if let Some(reference) = reference {
            text(xml, "ram:PaymentReference", reference)?;
        }
        text(xml, "ram:InvoiceCurrencyCode", "EUR")?;
        if let Some(iban) = iban {
            element(xml, "ram:SpecifiedTradeSettlementPaymentMeans", |xml| {
                // 58: SEPA credit transfer.
                text(xml, "ram:TypeCode", "58")?;
                element(xml, "ram:PayeePartyCreditorFinancialAccount", |xml| {
                    text(xml, "ram:IBANID", iban)
                })
            })?;
        }
        element(xml, "ram:ApplicableTradeTax", |xml| {
            text(xml, "ram:CalculatedAmount", &amount(totals.vat_cents))?;
            text(xml, "ram:TypeCode", "VAT")?;
            text(xml, "ram:BasisAmount", &amount(totals.net_cents))?;
            text(xml, "ram:CategoryCode", "S")?;
            text(xml, "ram:RateApplicablePercent", &rate.to_string())
        })?;
        if due.is_some() || terms.is_some() {
            element(xml, "ram:SpecifiedTradePaymentTerms", |xml| {
                if let Some(terms) = terms {
                    text(xml, "ram:Description", terms)?;
                }
                if let Some(due) = due {
                    date_element(xml, "ram:DueDateDateTime", "udt", due)?;
                }
                Ok(())
            })?;
        }
        element(
            xml,
            "ram:SpecifiedTradeSettlementHeaderMonetarySummation",
            |xml| {
                text(xml, "ram:LineTotalAmount", &amount(totals.net_cents))?;
                text(xml, "ram:TaxBasisTotalAmount", &amount(totals.net_cents))?;
                text_with(
                    xml,
                    "ram:TaxTotalAmount",
                    ("currencyID", "EUR"),
                    &amount(totals.vat_cents),
                )?;
                text(xml, "ram:GrandTotalAmount", &amount(totals.gross_cents))?;
                if prepaid > 0 {
                    text(xml, "ram:TotalPrepaidAmount", &amount(prepaid))?;
                }
                text(
                    xml,
                    "ram:DuePayableAmount",
                    &amount(totals.gross_cents - prepaid),
                )
            },
        )?;
        if let Some(invoice) = &content.corrects {
            element(xml, "ram:InvoiceReferencedDocument", |xml| {
                text(xml, "ram:IssuerAssignedID", &invoice.number)?;
                date_element(xml, "ram:FormattedIssueDateTime", "qdt", invoice.issued_on)
            })?;
        }
        Ok(())
    })
}

fn write(xml: &mut Xml, content: &DocumentContent) -> io::Result<()> {
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let type_code = match content.kind {
        DocumentKind::CreditNote => "381",
        DocumentKind::Invoice | DocumentKind::ProForma | DocumentKind::Quote => "380",
    };
    xml.create_element("rsm:CrossIndustryInvoice")
        .with_attributes([
            ("xmlns:rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"),
            ("xmlns:qdt", "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"),
            (
                "xmlns:ram",
                "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
            ),
            ("xmlns:udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"),
        ])
        .write_inner_content(|xml| {
            element(xml, "rsm:ExchangedDocumentContext", |xml| {
                element(xml, "ram:GuidelineSpecifiedDocumentContextParameter", |xml| {
                    text(xml, "ram:ID", "urn:cen.eu:en16931:2017")
                })
            })?;
            element(xml, "rsm:ExchangedDocument", |xml| {
                text(xml, "ram:ID", &content.number)?;
                text(xml, "ram:TypeCode", type_code)?;
                date_element(xml, "ram:IssueDateTime", "udt", content.issued_on)
            })?;
            element(xml, "rsm:SupplyChainTradeTransaction", |xml| {
                lines(xml, content)?;
                agreement(xml, content)?;
                delivery(xml, content)?;
                settlement(xml, content)
            })
        })?;
    Ok(())
}

/// The XML of `content`, an invoice or a credit note.
pub(crate) fn cross_industry_invoice(content: &DocumentContent) -> Result<Vec<u8>, RenderError> {
    let mut xml = Writer::new(Vec::new());
    write(&mut xml, content).map_err(|error| RenderError::Xml(error.to_string()))?;
    Ok(xml.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{example::example, Language};

    fn xml_of(kind: DocumentKind) -> String {
        String::from_utf8(cross_industry_invoice(&example(kind, Language::Fr)).unwrap()).unwrap()
    }

    #[test]
    fn amounts_are_written_from_cents() {
        assert_eq!(amount(41_250), "412.50");
        assert_eq!(amount(5), "0.05");
        assert_eq!(amount(0), "0.00");
    }

    #[test]
    fn a_credit_note_is_type_381_and_names_its_invoice() {
        let xml = xml_of(DocumentKind::CreditNote);
        assert!(xml.contains("<ram:TypeCode>381</ram:TypeCode>"));
        assert!(xml.contains("<ram:IssuerAssignedID>FA-2026-00012</ram:IssuerAssignedID>"));
        assert!(xml_of(DocumentKind::Invoice).contains("<ram:TypeCode>380</ram:TypeCode>"));
    }

    #[test]
    fn texts_are_escaped() {
        let xml = xml_of(DocumentKind::Invoice);
        assert!(xml.contains("Électronique Dupont &amp; Fils"), "{xml}");
        let mut content = example(DocumentKind::Invoice, Language::En);
        content.lines[0].description = "<b>&</b>".into();
        let xml = String::from_utf8(cross_industry_invoice(&content).unwrap()).unwrap();
        assert!(xml.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{xml}");
    }
}
