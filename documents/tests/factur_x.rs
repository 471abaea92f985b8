//! Every invoice and credit note, in both languages, read back by an independent checker
//! (`scripts/check-documents`: the `factur-x` package's XSD check, pypdf's text, the XMP).
use documents::{example::example, render, DocumentKind, Language};
use serde_json::Value;

fn check(pdf: &[u8], name: &str) -> Value {
    let dir = std::env::temp_dir().join(format!("documents-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("document.pdf");
    std::fs::write(&path, pdf).unwrap();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let python = std::env::var("DOCUMENT_CHECKER_PYTHON")
        .unwrap_or_else(|_| format!("{root}/.data/documents/venv/bin/python"));
    let output = std::process::Command::new(&python)
        .arg(format!("{root}/scripts/check-documents"))
        .arg(&path)
        .output()
        .unwrap_or_else(|error| panic!("{python} runs the checker (scripts/setup): {error}"));
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn invoices_and_credit_notes_are_factur_x_en_16931_in_both_languages() {
    for kind in [DocumentKind::Invoice, DocumentKind::CreditNote] {
        for language in [Language::Fr, Language::En] {
            let content = example(kind, language);
            let read = check(
                &render(&content).unwrap(),
                &format!("{kind:?}-{language:?}"),
            );
            assert_eq!(read["facturx"]["xsd_valid"], true, "{read}");
            assert_eq!(read["facturx"]["filename"], "factur-x.xml", "{read}");
            assert_eq!(read["facturx"]["level"], "en16931", "{read}");
            assert_eq!(read["xmp"]["DocumentType"], "INVOICE", "{read}");
            assert_eq!(read["xmp"]["ConformanceLevel"], "EN 16931", "{read}");
            assert_eq!(read["xmp"]["pdfa_part"], "3", "{read}");
            assert_eq!(read["xmp"]["pdfa_conformance"], "B", "{read}");
            let text = read["text"].as_str().unwrap();
            assert!(text.contains(&content.number), "{text}");
            let gross = match language {
                Language::Fr => "495,00",
                Language::En => "€495.00",
            };
            assert!(text.contains(gross), "{text}");
        }
    }
}

#[test]
fn quotes_and_pro_formas_carry_no_invoice_data() {
    for kind in [DocumentKind::Quote, DocumentKind::ProForma] {
        let read = check(
            &render(&example(kind, Language::Fr)).unwrap(),
            &format!("{kind:?}"),
        );
        assert_eq!(read["facturx"], Value::Null, "{read}");
        assert_eq!(read["xmp"]["pdfa_part"], "3", "{read}");
        assert!(read["text"]
            .as_str()
            .unwrap()
            .contains("n'est pas une facture"));
    }
}
