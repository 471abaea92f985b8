//! What a document says, read from the order (or the project) and the customer account at the
//! moment it is issued, in its recipient's language.
use crate::{
    components::labels::{finish_text, lead_time_text, mask_text, service_text, thickness_text},
    i18n::{td_string, I18nLocaleTrait, Locale},
    orders::types::ProjectSnapshot,
    server::{db::users::locale_or_default, state, OrInternal},
};
use documents::content::{
    BankAccount, Buyer, DocumentContent, Line, OrderReference, Payment, PostalAddress, Totals,
};
use documents::Language;
use shared::{BoardSpec, DeliveryAddress, DocumentKind, LeadTime, Service, TimeZoneName};
use time::{Date, Month, OffsetDateTime};

/// The customer account as its documents name it.
pub(super) struct AccountIdentity {
    pub company_name: String,
    pub siret: Option<String>,
    pub vat_number: Option<String>,
    pub billing_address: Option<DeliveryAddress>,
}

/// An order as its documents show it.
pub(super) struct OrderFacts {
    pub number: i64,
    pub created_at: OffsetDateTime,
    pub project: ProjectSnapshot,
    pub quantity: u32,
    pub lead_time: LeadTime,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub total_cents: i64,
    pub delivery_address: DeliveryAddress,
    pub po_reference: Option<String>,
    pub payment_reference: String,
}

/// The language of a person whose stored locale is `locale` (French when unknown).
pub(super) fn language_of(locale: Option<&str>) -> (Language, Locale) {
    match locale_or_default(locale.unwrap_or("fr")) {
        Locale::fr => (Language::Fr, Locale::fr),
        Locale::en => (Language::En, Locale::en),
    }
}

/// The day `moment` falls on in Paris, where the seller keeps its books.
pub(super) fn paris_day(moment: OffsetDateTime) -> Result<Date, crate::error::AppError> {
    let local = TimeZoneName::EuropeParis
        .local(moment.unix_timestamp())
        .ok_or("a moment out of the calendar's range")
        .or_internal()?;
    let month = Month::try_from(local.month).or_internal()?;
    Date::from_calendar_date(i32::from(local.year), month, local.day).or_internal()
}

fn postal(address: &DeliveryAddress, party_name: &str) -> PostalAddress {
    let recipient = address.recipient.as_str();
    PostalAddress {
        recipient: (recipient != party_name).then(|| recipient.to_string()),
        line1: address.line1.as_str().to_string(),
        line2: address.line2.as_ref().map(|line| line.as_str().to_string()),
        postal_code: address.postal_code.as_str().to_string(),
        city: address.city.as_str().to_string(),
        country: address.country.as_str().to_string(),
    }
}

/// The buyer: the account, at its billing address (else where its boards go).
pub(super) fn buyer(account: &AccountIdentity, fallback: &DeliveryAddress) -> Buyer {
    let address = account.billing_address.as_ref().unwrap_or(fallback);
    Buyer {
        name: account.company_name.clone(),
        siret: account.siret.clone(),
        vat_number: account.vat_number.clone(),
        address: postal(address, &account.company_name),
    }
}

/// The line of boards of `project`: the service and project, then the board's specification.
pub(super) fn board_line(
    locale: Locale,
    (name, service, board): (&str, Service, &BoardSpec),
    quantity: u32,
    lead_time: LeadTime,
    net_cents: i64,
) -> Result<Line, crate::error::AppError> {
    let layers = u32::from(board.layers.get());
    let layers = td_string!(locale, documents.layers, count = layers);
    let details = [
        layers.to_string(),
        format!("{} × {} mm", board.width.get(), board.height.get()),
        thickness_text(locale, board.thickness),
        finish_text(locale, board.finish).to_string(),
        mask_text(locale, board.mask).to_string(),
        lead_time_text(locale, lead_time).to_string(),
    ]
    .join(", ");
    Ok(Line {
        description: format!("{} — {name}", service_text(locale, service)),
        details,
        quantity,
        net_cents,
        vat_percent: u8::try_from(shared::VAT_PERCENT).or_internal()?,
    })
}

fn bank() -> BankAccount {
    let bank = &state().config.bank;
    BankAccount {
        holder: bank.holder.clone(),
        iban: bank.iban.clone(),
        bic: bank.bic.clone(),
    }
}

/// How a document of `kind` about an order is paid, issued on `today`; `paid_on` when it is.
pub(super) fn order_payment(
    kind: DocumentKind,
    order: &OrderFacts,
    today: Date,
    paid_on: Option<Date>,
) -> Payment {
    let reference = order.payment_reference.clone();
    match (kind, paid_on) {
        (DocumentKind::CreditNote, _) => Payment::Refund,
        (DocumentKind::Invoice, Some(on)) => Payment::Paid { on, reference },
        // Invoiced at shipping to a customer on account: due in 30 days (the terms of sale).
        (DocumentKind::Invoice, None) => Payment::DueOn {
            due: today + time::Duration::days(30),
            bank: bank(),
            reference,
        },
        (DocumentKind::ProForma | DocumentKind::Quote, _) => Payment::TransferBeforeWork {
            bank: bank(),
            reference,
        },
    }
}

/// The content of an order's pro-forma or invoice.
pub(super) fn of_order(
    (kind, number): (DocumentKind, String),
    locale: Locale,
    account: &AccountIdentity,
    order: &OrderFacts,
    (today, paid_on): (Date, Option<Date>),
) -> Result<DocumentContent, crate::error::AppError> {
    let project = &order.project;
    let line = board_line(
        locale,
        (&project.name, project.service, &project.board),
        order.quantity,
        order.lead_time,
        order.net_cents,
    )?;
    Ok(DocumentContent {
        kind,
        number,
        language: language_of(Some(locale.as_str())).0,
        issued_on: today,
        seller: documents::seller::ems_proto(),
        buyer: buyer(account, &order.delivery_address),
        delivery: Some(postal(&order.delivery_address, &account.company_name)),
        order: Some(OrderReference {
            number: order.number,
            placed_on: paris_day(order.created_at)?,
            po_reference: order.po_reference.clone(),
        }),
        project: project.name.clone(),
        lines: vec![line],
        totals: Totals {
            net_cents: order.net_cents,
            vat_cents: order.vat_cents,
            gross_cents: order.total_cents,
        },
        payment: order_payment(kind, order, today, paid_on),
        corrects: None,
    })
}
