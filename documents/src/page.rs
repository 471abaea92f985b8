//! The pages of a document: laid out first as a list of what to draw on each A4 page (text at a
//! place, thin rules), then drawn with krilla into a PDF/A-3b document, with DejaVu Sans embedded
//! (subset by krilla). Long texts wrap within their column; the lines' table continues on a new
//! page under its header again.
use crate::{
    content::{DocumentContent, DocumentKind, Payment, PostalAddress},
    words::{self, date, iban, money, percent, siren, Words},
    RenderError,
};
use krilla::{
    color::luma,
    configure::{Archival, ConfigurationBuilder},
    geom::{PathBuilder, Point},
    metadata::{DateTime, Metadata},
    num::NormalizedF32,
    page::PageSettings,
    paint::{Fill, Stroke},
    text::{Font, TextDirection},
    Document, SerializeSettings,
};
use skrifa::{instance::LocationRef, MetadataProvider};
use std::sync::OnceLock;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 51.0;
const RIGHT: f32 = PAGE_WIDTH - MARGIN;
/// Content stops above the footer.
const BOTTOM: f32 = PAGE_HEIGHT - 70.0;
/// The grey of secondary text (contrast 7:1 on white).
const GREY: u8 = 85;

/// The table's columns: where each ends (numbers are right-aligned there).
const DESCRIPTION_END: f32 = 300.0;
const QUANTITY_END: f32 = 340.0;
const UNIT_PRICE_END: f32 = 420.0;
const VAT_END: f32 = 465.0;

#[derive(Clone, Copy, PartialEq)]
enum Weight {
    Regular,
    Bold,
}

/// Something to draw on a page.
enum Mark {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        weight: Weight,
        grey: bool,
        text: String,
    },
    Rule {
        y: f32,
    },
}

fn font_bytes(weight: Weight) -> &'static [u8] {
    match weight {
        Weight::Regular => REGULAR,
        Weight::Bold => BOLD,
    }
}

/// The width of `text` at `size` points (glyph advances; DejaVu has no kerning that matters).
fn width(text: &str, size: f32, weight: Weight) -> f32 {
    let Ok(font) = skrifa::FontRef::new(font_bytes(weight)) else {
        return 0.0;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(skrifa::instance::Size::new(size), LocationRef::default());
    text.chars()
        .filter_map(|c| {
            charmap
                .map(c)
                .and_then(|glyph| metrics.advance_width(glyph))
        })
        .sum()
}

/// `text` cut into lines at most `max` wide, at spaces (a word longer than a line stays whole).
fn wrap(text: &str, size: f32, weight: Weight, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && width(&candidate, size, weight) > max {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Lays marks out page after page.
struct Layout {
    pages: Vec<Vec<Mark>>,
    y: f32,
}

impl Layout {
    fn new() -> Self {
        Layout {
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    fn marks(&mut self) -> &mut Vec<Mark> {
        // `pages` starts with one page and only grows.
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn text_at(&mut self, x: f32, baseline: f32, size: f32, weight: Weight, text: &str) {
        self.marks().push(Mark::Text {
            x,
            baseline,
            size,
            weight,
            grey: false,
            text: text.to_string(),
        });
    }

    fn grey_at(&mut self, x: f32, baseline: f32, size: f32, text: &str) {
        self.marks().push(Mark::Text {
            x,
            baseline,
            size,
            weight: Weight::Regular,
            grey: true,
            text: text.to_string(),
        });
    }

    /// `text` ending at `right`.
    fn right_at(&mut self, right: f32, baseline: f32, size: f32, weight: Weight, text: &str) {
        let x = right - width(text, size, weight);
        self.text_at(x, baseline, size, weight, text);
    }

    fn rule(&mut self, y: f32) {
        self.marks().push(Mark::Rule { y });
    }

    /// Starts a new page when `height` more points would not fit on this one.
    fn room_for(&mut self, height: f32) -> bool {
        if self.y + height <= BOTTOM {
            return false;
        }
        self.pages.push(Vec::new());
        self.y = MARGIN;
        true
    }

    /// A paragraph across the page, wrapped, then a little space.
    fn paragraph(&mut self, text: &str, size: f32, weight: Weight) {
        for line in wrap(text, size, weight, RIGHT - MARGIN) {
            self.room_for(size * 1.4);
            self.y += size * 1.4;
            let baseline = self.y;
            self.text_at(MARGIN, baseline, size, weight, &line);
        }
        self.y += size * 0.6;
    }
}

fn address_lines(address: &PostalAddress) -> Vec<String> {
    let mut lines: Vec<String> = address.recipient.iter().cloned().collect();
    lines.push(address.line1.clone());
    lines.extend(address.line2.iter().cloned());
    lines.push(format!(
        "{} {} ({})",
        address.postal_code, address.city, address.country
    ));
    lines
}

/// The seller's legal line: form, capital, trade register and SIREN.
fn legal_line(content: &DocumentContent, words: &Words) -> String {
    let seller = &content.seller;
    let form = match content.language {
        crate::Language::Fr => &seller.legal_form_fr,
        crate::Language::En => &seller.legal_form_en,
    };
    format!(
        "{} · {form} · {} {} {}",
        seller.name,
        words.trade_register,
        seller.registry_city,
        siren(&seller.siret)
    )
}

fn header(layout: &mut Layout, content: &DocumentContent, words: &Words) {
    let seller = &content.seller;
    let language = content.language;
    layout.text_at(MARGIN, MARGIN + 14.0, 16.0, Weight::Bold, &seller.name);
    let mut lines = address_lines(&seller.address);
    lines.push(format!("{} {}", words.siret, seller.siret));
    lines.push(format!("{} {}", words.vat_number, seller.vat_number));
    lines.push(format!("{} · {}", seller.email, seller.phone));
    let mut baseline = MARGIN + 30.0;
    for line in lines {
        layout.grey_at(MARGIN, baseline, 8.5, &line);
        baseline += 12.0;
    }
    let title = words.title(content.kind);
    layout.right_at(RIGHT, MARGIN + 16.0, 18.0, Weight::Bold, title);
    let number = format!("{} {}", words.number, content.number);
    layout.right_at(RIGHT, MARGIN + 34.0, 10.5, Weight::Bold, &number);
    let issued = format!(
        "{} : {}",
        words.issued_on,
        date(language, content.issued_on)
    );
    let issued = match language {
        crate::Language::Fr => issued,
        crate::Language::En => issued.replace(" : ", ": "),
    };
    layout.right_at(RIGHT, MARGIN + 49.0, 9.5, Weight::Regular, &issued);
    layout.y = baseline + 14.0;
}

fn parties(layout: &mut Layout, content: &DocumentContent, words: &Words) {
    let top = layout.y;
    let buyer = &content.buyer;
    let mut left = vec![(words.customer.to_string(), Weight::Bold)];
    left.push((buyer.name.clone(), Weight::Bold));
    left.extend(
        address_lines(&buyer.address)
            .into_iter()
            .map(|line| (line, Weight::Regular)),
    );
    if let Some(siret) = &buyer.siret {
        left.push((format!("{} {siret}", words.siret), Weight::Regular));
    }
    if let Some(vat) = &buyer.vat_number {
        left.push((format!("{} {vat}", words.vat_number), Weight::Regular));
    }
    let half = (MARGIN + RIGHT) / 2.0 + 10.0;
    let mut baseline = top;
    for (line, weight) in left {
        baseline += 13.0;
        for part in wrap(&line, 9.5, weight, half - MARGIN - 16.0) {
            layout.text_at(MARGIN, baseline, 9.5, weight, &part);
        }
    }
    let mut right_baseline = top;
    if let Some(delivery) = &content.delivery {
        right_baseline += 13.0;
        layout.text_at(half, right_baseline, 9.5, Weight::Bold, words.deliver_to);
        for line in address_lines(delivery) {
            right_baseline += 13.0;
            layout.text_at(half, right_baseline, 9.5, Weight::Regular, &line);
        }
    }
    layout.y = baseline.max(right_baseline) + 18.0;
}

fn references(layout: &mut Layout, content: &DocumentContent, words: &Words) {
    let language = content.language;
    let colon = match language {
        crate::Language::Fr => " : ",
        crate::Language::En => ": ",
    };
    let mut lines = Vec::new();
    if let Some(order) = &content.order {
        lines.push(format!("{}{colon}n° {}", words.order, order.number));
        lines.push(format!(
            "{}{colon}{}",
            words.order_date,
            date(language, order.placed_on)
        ));
        if let Some(reference) = &order.po_reference {
            lines.push(format!("{}{colon}{reference}", words.po_reference));
        }
    }
    lines.push(format!("{}{colon}{}", words.project, content.project));
    if let Some(invoice) = &content.corrects {
        lines.push(format!(
            "{} {} ({})",
            words.corrects,
            invoice.number,
            date(language, invoice.issued_on)
        ));
    }
    for line in lines {
        layout.paragraph(&line, 9.5, Weight::Regular);
        layout.y -= 9.5 * 0.6;
    }
    layout.y += 12.0;
}

fn table_header(layout: &mut Layout, words: &Words) {
    layout.y += 11.0;
    let baseline = layout.y;
    layout.text_at(MARGIN, baseline, 8.5, Weight::Bold, words.description);
    layout.right_at(QUANTITY_END, baseline, 8.5, Weight::Bold, words.quantity);
    layout.right_at(
        UNIT_PRICE_END,
        baseline,
        8.5,
        Weight::Bold,
        words.unit_price,
    );
    layout.right_at(VAT_END, baseline, 8.5, Weight::Bold, words.vat);
    layout.right_at(RIGHT, baseline, 8.5, Weight::Bold, words.net_amount);
    layout.y += 6.0;
    let y = layout.y;
    layout.rule(y);
}

fn lines_table(layout: &mut Layout, content: &DocumentContent, words: &Words) {
    let language = content.language;
    table_header(layout, words);
    for line in &content.lines {
        let column = DESCRIPTION_END - MARGIN;
        let mut texts: Vec<(String, Weight)> = wrap(&line.description, 9.5, Weight::Bold, column)
            .into_iter()
            .map(|text| (text, Weight::Bold))
            .collect();
        texts.extend(
            wrap(&line.details, 8.5, Weight::Regular, column)
                .into_iter()
                .map(|text| (text, Weight::Regular)),
        );
        let height = texts.len() as f32 * 13.0 + 10.0;
        if layout.room_for(height) {
            table_header(layout, words);
        }
        let first = layout.y + 14.0;
        let quantity = line.quantity.max(1);
        let unit_cents = (line.net_cents + i64::from(quantity) / 2) / i64::from(quantity);
        layout.right_at(
            QUANTITY_END,
            first,
            9.5,
            Weight::Regular,
            &line.quantity.to_string(),
        );
        layout.right_at(
            UNIT_PRICE_END,
            first,
            9.5,
            Weight::Regular,
            &money(language, unit_cents),
        );
        layout.right_at(
            VAT_END,
            first,
            9.5,
            Weight::Regular,
            &percent(language, line.vat_percent),
        );
        layout.right_at(
            RIGHT,
            first,
            9.5,
            Weight::Regular,
            &money(language, line.net_cents),
        );
        let mut baseline = first;
        for (text, weight) in texts {
            match weight {
                Weight::Bold => layout.text_at(MARGIN, baseline, 9.5, weight, &text),
                Weight::Regular => layout.grey_at(MARGIN, baseline, 8.5, &text),
            }
            baseline += 13.0;
        }
        layout.y = baseline - 4.0;
        let y = layout.y;
        layout.rule(y);
    }
}

fn totals(layout: &mut Layout, content: &DocumentContent, words: &Words) {
    let language = content.language;
    layout.room_for(60.0);
    let rate = content.lines.first().map_or(20, |line| line.vat_percent);
    let rows = [
        (
            words.net_total.to_string(),
            content.totals.net_cents,
            Weight::Regular,
        ),
        (
            format!("{} {}", words.vat_total, percent(language, rate)),
            content.totals.vat_cents,
            Weight::Regular,
        ),
        (
            words.gross_total.to_string(),
            content.totals.gross_cents,
            Weight::Bold,
        ),
    ];
    for (label, cents, weight) in rows {
        layout.y += 15.0;
        let baseline = layout.y;
        layout.text_at(UNIT_PRICE_END - 60.0, baseline, 10.0, weight, &label);
        layout.right_at(RIGHT, baseline, 10.0, weight, &money(language, cents));
    }
    layout.y += 22.0;
}

fn payment(layout: &mut Layout, content: &DocumentContent, words: &Words) {
    let language = content.language;
    let colon = match language {
        crate::Language::Fr => " : ",
        crate::Language::En => ": ",
    };
    let bank_lines = |bank: &crate::content::BankAccount, reference: &str| {
        vec![
            format!("{}{colon}{}", words.holder, bank.holder),
            format!("IBAN{colon}{}", iban(&bank.iban)),
            format!("BIC{colon}{}", bank.bic),
            format!("{}{colon}{reference}", words.reference),
        ]
    };
    let lines: Vec<String> = match &content.payment {
        Payment::QuoteValidUntil { until } => {
            vec![format!("{} {}", words.valid_until, date(language, *until))]
        }
        Payment::TransferBeforeWork { bank, reference } => {
            let mut lines = vec![words.pay_before_work.to_string()];
            lines.extend(bank_lines(bank, reference));
            lines
        }
        Payment::Paid { on, reference } => vec![format!(
            "{} {} ({} {reference})",
            words.paid_on,
            date(language, *on),
            words.reference_short
        )],
        Payment::DueOn {
            due,
            bank,
            reference,
        } => {
            let mut lines = vec![format!("{} {}", words.due_on, date(language, *due))];
            lines.extend(bank_lines(bank, reference));
            lines
        }
        Payment::Refund => vec![words.refunded.to_string()],
    };
    layout.room_for(lines.len() as f32 * 14.0);
    for line in lines {
        layout.paragraph(&line, 9.5, Weight::Regular);
        layout.y -= 9.5 * 0.6;
    }
    layout.y += 14.0;
    let notes: Vec<&str> = match content.kind {
        DocumentKind::Quote => vec![words.not_an_invoice, words.quote_terms],
        DocumentKind::ProForma => vec![words.not_an_invoice, words.late_payment],
        DocumentKind::Invoice | DocumentKind::CreditNote => vec![words.late_payment],
    };
    for note in notes {
        layout.paragraph(note, 8.0, Weight::Regular);
    }
}

/// Every page's foot: the seller's legal line and the page's number.
fn footers(layout: &mut Layout, content: &DocumentContent, words: &Words) {
    let legal = legal_line(content, words);
    let count = layout.pages.len();
    for (index, marks) in layout.pages.iter_mut().enumerate() {
        let baseline = PAGE_HEIGHT - 36.0;
        marks.push(Mark::Rule { y: baseline - 12.0 });
        marks.push(Mark::Text {
            x: MARGIN,
            baseline,
            size: 7.5,
            weight: Weight::Regular,
            grey: true,
            text: legal.clone(),
        });
        let page = format!("{} {} / {count}", words.page, index + 1);
        marks.push(Mark::Text {
            x: RIGHT - width(&page, 7.5, Weight::Regular),
            baseline,
            size: 7.5,
            weight: Weight::Regular,
            grey: true,
            text: page,
        });
    }
}

fn fonts() -> Result<&'static (Font, Font), RenderError> {
    static FONTS: OnceLock<Option<(Font, Font)>> = OnceLock::new();
    FONTS
        .get_or_init(|| Some((Font::new(REGULAR.into(), 0)?, Font::new(BOLD.into(), 0)?)))
        .as_ref()
        .ok_or_else(|| RenderError::Pdf("the embedded font does not parse".into()))
}

/// A krilla date: the day the document is issued, at midnight UTC (so that the same content
/// gives the same bytes).
pub(crate) fn pdf_date(day: time::Date) -> DateTime {
    DateTime::new(u16::try_from(day.year()).unwrap_or(2000))
        .month(u8::from(day.month()))
        .day(day.day())
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// The document's pages, ready for an attachment and `finish`.
pub(crate) fn document(content: &DocumentContent) -> Result<Document, RenderError> {
    let words = words::words(content.language);
    let mut layout = Layout::new();
    header(&mut layout, content, words);
    parties(&mut layout, content, words);
    references(&mut layout, content, words);
    lines_table(&mut layout, content, words);
    totals(&mut layout, content, words);
    payment(&mut layout, content, words);
    footers(&mut layout, content, words);

    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A3_B)
        .finish()
        .map_err(|error| RenderError::Pdf(format!("{error:?}")))?;
    let mut document = Document::new_with(SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    });
    let title = format!("{} {}", words.title(content.kind), content.number);
    let language = match content.language {
        crate::Language::Fr => "fr",
        crate::Language::En => "en",
    };
    document.set_metadata(
        Metadata::new()
            .title(title)
            .language(language.into())
            .authors(vec![content.seller.name.clone()])
            .creator("EMS PROTO".into())
            .producer("EMS PROTO".into())
            .document_id(content.number.clone())
            .creation_date(pdf_date(content.issued_on)),
    );
    let (regular, bold) = fonts()?;
    let page_settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| RenderError::Pdf("A4 is a page size".into()))?;
    for marks in layout.pages {
        let mut page = document.start_page_with(page_settings.clone());
        let mut surface = page.surface();
        for mark in marks {
            match mark {
                Mark::Text {
                    x,
                    baseline,
                    size,
                    weight,
                    grey,
                    text,
                } => {
                    let shade = if grey { GREY } else { 0 };
                    surface.set_fill(Some(Fill {
                        paint: luma::Color::new(shade).into(),
                        opacity: NormalizedF32::ONE,
                        rule: Default::default(),
                    }));
                    let font = match weight {
                        Weight::Regular => regular.clone(),
                        Weight::Bold => bold.clone(),
                    };
                    let start = Point::from_xy(x, baseline);
                    surface.draw_text(start, font, size, &text, false, TextDirection::Auto);
                }
                Mark::Rule { y } => {
                    let mut path = PathBuilder::new();
                    path.move_to(MARGIN, y);
                    path.line_to(RIGHT, y);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: luma::Color::new(160).into(),
                            width: 0.6,
                            ..Default::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    Ok(document)
}

/// The PDF's bytes, once krilla checked the document against PDF/A-3b.
pub(crate) fn finish(document: Document) -> Result<Vec<u8>, RenderError> {
    document
        .finish()
        .map_err(|error| RenderError::Pdf(format!("{error:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{example::example, Language};

    #[test]
    fn every_kind_in_both_languages_is_a_pdf_a_3b_file_made_the_same_twice() {
        for kind in DocumentKind::ALL {
            for language in [Language::Fr, Language::En] {
                let content = example(kind, language);
                let first = finish(document(&content).unwrap()).unwrap();
                assert!(first.starts_with(b"%PDF-"));
                let second = finish(document(&content).unwrap()).unwrap();
                assert!(
                    first == second,
                    "{kind:?} {language:?} differs when made again"
                );
            }
        }
    }

    #[test]
    fn long_texts_wrap_and_many_lines_continue_on_a_next_page() {
        let mut content = example(DocumentKind::Invoice, Language::Fr);
        let mut line = content.lines[0].clone();
        line.description = "Fabrication de circuits imprimés — ".to_string()
            + &"très long nom de projet ".repeat(12);
        content.lines = vec![line; 40];
        let mut layout = Layout::new();
        lines_table(&mut layout, &content, words::words(Language::Fr));
        assert!(layout.pages.len() > 1);
        for marks in &layout.pages {
            for mark in marks {
                if let Mark::Text {
                    x,
                    size,
                    weight,
                    text,
                    ..
                } = mark
                {
                    assert!(
                        x + width(text, *size, *weight) <= RIGHT + 0.5,
                        "{text} overflows"
                    );
                }
            }
        }
        assert!(finish(document(&content).unwrap()).is_ok());
    }
}
