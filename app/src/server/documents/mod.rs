//! Issuing the customers' documents. Each is issued inside the transaction of what causes it,
//! where its number is taken and its content fixed: an order placed issues its pro-forma
//! invoice, its payment (or its shipping on account) its invoice, the cancellation of an
//! invoiced order its credit note; a member asks for a project's quote. The PDF is made from
//! the stored content alone ([`pdf`]) and kept in the file storage once made.
mod content;
mod numbering;
pub mod pdf;

use crate::{
    error::{AppError, ConflictCode},
    orders::types::ProjectSnapshot,
    server::{db::orders::Milestone, db::projects::project_for_update, session::Member},
};
use content::{AccountIdentity, OrderFacts};
use documents::content::{DocumentContent, InvoiceReference, Payment, Totals};
use shared::{quote, DeliveryAddress, DocumentKind, LeadTime, OrderStatus, PaymentMethod};
use sqlx::{types::Json, PgConnection};
use time::OffsetDateTime;
use uuid::Uuid;

/// A document just issued: what the e-mail of its step links to.
#[derive(Clone, Debug)]
pub struct IssuedDocument {
    pub id: Uuid,
    pub kind: DocumentKind,
    pub number: String,
    pub title: String,
    pub gross_cents: i64,
}

/// The order's facts, its account's identity and its buyer's locale, read in `tx`.
async fn order_facts(
    tx: &mut PgConnection,
    order_id: Uuid,
) -> Result<
    (
        Uuid,
        AccountIdentity,
        OrderFacts,
        Option<String>,
        Option<OffsetDateTime>,
        Option<PaymentMethod>,
    ),
    AppError,
> {
    let row = sqlx::query!(
        r#"SELECT o.number, o.account_id, o.created_at,
                  o.project_snapshot AS "project: Json<ProjectSnapshot>", o.quantity,
                  o.lead_time AS "lead_time: LeadTime", o.net_cents, o.vat_cents, o.total_cents,
                  o.delivery_address AS "delivery_address: Json<DeliveryAddress>",
                  o.po_reference, o.payment_reference, o.paid_at,
                  o.payment_method AS "payment_method: PaymentMethod",
                  a.company_name, a.siret, a.vat_number,
                  a.billing_address AS "billing_address: Json<DeliveryAddress>",
                  u.locale AS "locale?"
           FROM orders o
           JOIN customer_accounts a ON a.id = o.account_id
           LEFT JOIN users u ON u.id = o.placed_by
           WHERE o.id = $1"#,
        order_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let account = AccountIdentity {
        company_name: row.company_name,
        siret: row.siret,
        vat_number: row.vat_number,
        billing_address: row.billing_address.map(|address| address.0),
    };
    let order = OrderFacts {
        number: row.number,
        created_at: row.created_at,
        project: row.project.0,
        quantity: u32::try_from(row.quantity).map_err(crate::server::internal)?,
        lead_time: row.lead_time,
        net_cents: row.net_cents,
        vat_cents: row.vat_cents,
        total_cents: row.total_cents,
        delivery_address: row.delivery_address.0,
        po_reference: row.po_reference,
        payment_reference: row.payment_reference,
    };
    Ok((
        row.account_id,
        account,
        order,
        row.locale,
        row.paid_at,
        row.payment_method,
    ))
}

/// The order's document of `kind`, if it has one.
async fn order_document(
    tx: &mut PgConnection,
    order_id: Uuid,
    kind: DocumentKind,
) -> Result<Option<(Uuid, Json<DocumentContent>)>, AppError> {
    Ok(sqlx::query!(
        r#"SELECT id, content AS "content: Json<DocumentContent>"
           FROM documents WHERE order_id = $1 AND kind = $2"#,
        order_id,
        kind as DocumentKind,
    )
    .fetch_optional(&mut *tx)
    .await?
    .map(|row| (row.id, row.content)))
}

/// What a new document row holds besides its content.
struct NewDocument {
    account_id: Uuid,
    order_id: Option<Uuid>,
    project_id: Option<Uuid>,
    issued_by: Uuid,
}

async fn insert(
    tx: &mut PgConnection,
    new: NewDocument,
    content: &DocumentContent,
) -> Result<IssuedDocument, AppError> {
    let id = Uuid::new_v4();
    let locale = match content.language {
        documents::Language::Fr => "fr",
        documents::Language::En => "en",
    };
    sqlx::query!(
        "INSERT INTO documents (id, kind, number, account_id, order_id, project_id, issued_by,
                                locale, title, gross_cents, content)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        id,
        content.kind as DocumentKind,
        content.number,
        new.account_id,
        new.order_id,
        new.project_id,
        new.issued_by,
        locale,
        content.project,
        content.totals.gross_cents,
        Json(content) as _,
    )
    .execute(&mut *tx)
    .await?;
    Ok(IssuedDocument {
        id,
        kind: content.kind,
        number: content.number.clone(),
        title: content.project.clone(),
        gross_cents: content.totals.gross_cents,
    })
}

/// The document an order's `milestone` issues, if any, inside the milestone's transaction (the
/// order is locked by it or new in it). A step reached again issues nothing more.
pub async fn issue_for_milestone(
    tx: &mut PgConnection,
    order_id: Uuid,
    milestone: Milestone,
    actor: Uuid,
) -> Result<Option<IssuedDocument>, AppError> {
    let kind = match milestone {
        Milestone::Status(OrderStatus::Received) => DocumentKind::ProForma,
        Milestone::Paid | Milestone::Status(OrderStatus::Shipped) => DocumentKind::Invoice,
        Milestone::Status(OrderStatus::Cancelled) => DocumentKind::CreditNote,
        Milestone::Status(
            OrderStatus::FileCheck | OrderStatus::InProduction | OrderStatus::Delivered,
        ) => return Ok(None),
    };
    if order_document(tx, order_id, kind).await?.is_some() {
        return Ok(None);
    }
    let (account_id, account, order, locale, paid_at, method) = order_facts(tx, order_id).await?;
    let today = content::paris_day(OffsetDateTime::now_utc())?;
    let new = NewDocument {
        account_id,
        order_id: Some(order_id),
        project_id: None,
        issued_by: actor,
    };
    let content = match kind {
        // Shipped: invoiced now only when paid on account (else it was at the payment).
        DocumentKind::Invoice
            if milestone != Milestone::Paid
                && (paid_at.is_some() || method != Some(PaymentMethod::OnAccount)) =>
        {
            return Ok(None)
        }
        DocumentKind::CreditNote => {
            // Only an invoiced order is credited; the credit note repeats its invoice.
            let Some((_, invoice)) = order_document(tx, order_id, DocumentKind::Invoice).await?
            else {
                return Ok(None);
            };
            let number = numbering::next_number(tx, kind, today.year(), None).await?;
            credit_note(invoice.0, number, today)
        }
        DocumentKind::Invoice | DocumentKind::ProForma | DocumentKind::Quote => {
            let number = numbering::next_number(tx, kind, today.year(), Some(order.number)).await?;
            let paid_on = paid_at.map(content::paris_day).transpose()?;
            let (_, locale) = content::language_of(locale.as_deref());
            content::of_order((kind, number), locale, &account, &order, (today, paid_on))?
        }
    };
    insert(tx, new, &content).await.map(Some)
}

/// The credit note cancelling `invoice` in full: its lines and sums, refunded.
fn credit_note(invoice: DocumentContent, number: String, today: time::Date) -> DocumentContent {
    DocumentContent {
        kind: DocumentKind::CreditNote,
        corrects: Some(InvoiceReference {
            number: invoice.number.clone(),
            issued_on: invoice.issued_on,
        }),
        number,
        issued_on: today,
        payment: Payment::Refund,
        ..invoice
    }
}

/// Issues the quote of `member`'s project `project_id` at `lead_time`, priced today, in the
/// member's language.
pub async fn issue_quote(
    tx: &mut PgConnection,
    member: &Member,
    project_id: Uuid,
    lead_time: LeadTime,
) -> Result<IssuedDocument, AppError> {
    let project = project_for_update(tx, member.account_id, project_id).await?;
    let parsed = project.parse()?;
    let price = quote(parsed.service, &parsed.board, parsed.quantity, lead_time);
    // Billed to the company's billing address, else where its boards usually go.
    let account = sqlx::query!(
        r#"SELECT a.company_name, a.siret, a.vat_number,
                  coalesce(a.billing_address,
                           (SELECT d.address FROM delivery_addresses d
                            WHERE d.account_id = a.id AND d.is_default))
                    AS "address: Json<DeliveryAddress>"
           FROM customer_accounts a WHERE a.id = $1"#,
        member.account_id,
    )
    .fetch_one(&mut *tx)
    .await?;
    let address = account
        .address
        .ok_or_else(|| AppError::conflict("project", ConflictCode::CompanyAddressMissing))?
        .0;
    let (language, locale) = content::language_of(Some(member.user.locale.as_str()));
    let today = content::paris_day(OffsetDateTime::now_utc())?;
    let number = numbering::next_number(tx, DocumentKind::Quote, today.year(), None).await?;
    let line = content::board_line(
        locale,
        (parsed.name.as_str(), parsed.service, &parsed.board),
        parsed.quantity.get(),
        lead_time,
        price.net.cents(),
    )?;
    let account = AccountIdentity {
        company_name: account.company_name,
        siret: account.siret,
        vat_number: account.vat_number,
        billing_address: Some(address.clone()),
    };
    let content = DocumentContent {
        kind: DocumentKind::Quote,
        number,
        language,
        issued_on: today,
        seller: documents::seller::ems_proto(),
        buyer: content::buyer(&account, &address),
        delivery: None,
        order: None,
        project: parsed.name.as_str().to_string(),
        lines: vec![line],
        totals: Totals {
            net_cents: price.net.cents(),
            vat_cents: price.vat.cents(),
            gross_cents: price.total.cents(),
        },
        // The price list may change: a quote holds 30 days.
        payment: Payment::QuoteValidUntil {
            until: today + time::Duration::days(30),
        },
        corrects: None,
    };
    let new = NewDocument {
        account_id: member.account_id,
        order_id: None,
        project_id: Some(project_id),
        issued_by: member.user.id,
    };
    insert(tx, new, &content).await
}

/// A documents list's columns (`d` the document), its order's number and its customer's name
/// looked up by key (`server::db::list`: for a page's lines only).
pub const DOCUMENT_LINE_COLUMNS: &str = "d.id, d.kind, d.number, d.title, d.order_id,
     (SELECT o.number FROM orders o WHERE o.id = d.order_id) AS order_number,
     (SELECT a.company_name FROM customer_accounts a WHERE a.id = d.account_id) AS account_name,
     d.gross_cents, d.created_at";

/// A line of a documents list as read.
#[derive(sqlx::FromRow)]
pub struct DocumentLineRow {
    pub id: Uuid,
    pub kind: DocumentKind,
    pub number: String,
    pub title: String,
    pub order_id: Option<Uuid>,
    pub order_number: Option<i64>,
    pub account_name: Option<String>,
    pub gross_cents: i64,
    pub created_at: OffsetDateTime,
}

impl DocumentLineRow {
    /// The line; `with_account` for staff, who see every customer's.
    pub fn into_line(self, with_account: bool) -> crate::documents::types::DocumentLine {
        crate::documents::types::DocumentLine {
            id: self.id,
            kind: self.kind,
            number: self.number,
            title: self.title,
            order_id: self.order_id,
            order_number: self.order_number,
            account_name: self.account_name.filter(|_| with_account),
            gross_cents: self.gross_cents,
            issued_at: crate::server::db::unix(self.created_at),
        }
    }
}

/// The documents of an order, in the order they were issued (its page lists them; whoever
/// reads the order may download them).
pub async fn documents_of_order(
    pool: &sqlx::PgPool,
    order_id: Uuid,
    with_account: bool,
) -> Result<Vec<crate::documents::types::DocumentLine>, AppError> {
    // DOCUMENT_LINE_COLUMNS, written out for the checked macro.
    let rows = sqlx::query_as!(
        DocumentLineRow,
        r#"SELECT d.id, d.kind AS "kind: DocumentKind", d.number, d.title, d.order_id,
                  (SELECT o.number FROM orders o WHERE o.id = d.order_id) AS order_number,
                  (SELECT a.company_name FROM customer_accounts a
                   WHERE a.id = d.account_id) AS account_name,
                  d.gross_cents, d.created_at
           FROM documents d
           WHERE d.order_id = $1 ORDER BY d.created_at, d.id"#,
        order_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| row.into_line(with_account))
        .collect())
}
