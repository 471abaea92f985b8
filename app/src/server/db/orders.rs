//! Orders as both their customers and the manufacturer's staff read them, and the steps they
//! reach: an order's page for a member (through the `order_readers` view, the one rule of who
//! sees which order) or for staff, and a step recorded with the e-mail it sends.
use super::{
    list::{push_like_any, Lines, SortKey},
    unix,
};
use crate::{
    error::AppError,
    i18n::{td_string, Locale},
    orders::types::{BankDetails, OrderDetail, OrderEvent, ProjectSnapshot},
    projects::types::ProjectFile,
    server::{documents::IssuedDocument, mail, session::Member, state, OrInternal},
};
use shared::list::{OrderFilter, PaymentState, SearchText};
use shared::{
    quote, DeliveryAddress, LeadTime, OrderEventStep, OrderStatus, PaymentMethod, Quantity,
};
use sqlx::{types::Json, PgConnection, PgPool, Postgres, QueryBuilder};
use time::OffsetDateTime;
use uuid::Uuid;

/// Orders lists are read newest first by their date (index `orders_account_created_idx` for
/// an account's, `orders_created_idx` for the back-office's).
pub const ORDERS_BY_DATE: SortKey = SortKey {
    time: "o.created_at",
    id: "o.id",
};

/// Appends the rule of `order_readers` for `member`, as the session has just read them (an
/// active member of `o`'s account): the holder and those who see all orders read every order of
/// the account, the others the orders they placed or requested. Lists write the rule out rather
/// than join the view: through the view PostgreSQL cannot tell how many orders the account has,
/// and read every one of them to sort a page (`server/tests/api/plans.rs`; `member_lists.rs`
/// checks that both give the same orders).
pub fn push_readable_by(sql: &mut QueryBuilder<'_, Postgres>, member: &Member) {
    sql.push(" AND o.account_id = ")
        .push_bind(member.account_id);
    if !sees_every_order(member) {
        sql.push(" AND (o.placed_by = ")
            .push_bind(member.user.id)
            .push(" OR o.requested_by = ")
            .push_bind(member.user.id)
            .push(")");
    }
}

/// Whether `member` reads every order of the account (`order_readers`): the holder and those
/// who see all orders; the others read those they placed or requested.
pub fn sees_every_order(member: &Member) -> bool {
    member.is_holder() || member.permissions.can_see_all_orders
}

/// Appends an orders list's filters (`o` is the order): its step, who placed or requested it,
/// where its payment stands (the SQL of `PaymentState::of`). Each condition is one an index of
/// the orders answers (migration 21).
pub fn push_order_filters(sql: &mut QueryBuilder<'_, Postgres>, filter: &OrderFilter) {
    if let Some(status) = filter.status {
        sql.push(" AND o.status = ").push_bind(status);
    }
    if let Some(person) = filter.placed_by {
        sql.push(" AND (o.placed_by = ")
            .push_bind(person)
            .push(" OR o.requested_by = ")
            .push_bind(person)
            .push(")");
    }
    if let Some(payment) = filter.payment {
        // "On account" and "awaiting" are word for word the conditions of their partial indexes
        // (migration 21), which PostgreSQL uses only for a condition that implies theirs.
        sql.push(match payment {
            PaymentState::Paid => " AND o.paid_at IS NOT NULL",
            PaymentState::NotDue => " AND o.paid_at IS NULL AND o.status = 'cancelled'",
            PaymentState::OnAccount => {
                " AND o.paid_at IS NULL AND o.status <> 'cancelled' \
                 AND o.payment_method = 'on_account'"
            }
            PaymentState::Awaiting => {
                " AND o.paid_at IS NULL AND o.status <> 'cancelled' \
                 AND o.payment_method IS DISTINCT FROM 'on_account'"
            }
        });
    }
}

/// Appends an orders list's search in the order's own columns: its number, project name and
/// purchase-order reference (their indexes: the number's, `orders_search_idx`). The
/// back-office also finds the customer's name ([`ORDER_LINES`] with
/// `list::push_staff_conditions`).
pub fn push_order_search(sql: &mut QueryBuilder<'_, Postgres>, search: &SearchText) {
    let pattern = search.like_pattern();
    sql.push(" AND (");
    if let Some(number) = search.order_number() {
        sql.push("o.number = ").push_bind(number).push(" OR ");
    }
    push_like_any(
        sql,
        &pattern,
        &["o.project_snapshot->>'name'", "o.po_reference"],
    );
    sql.push(")");
}

/// The orders as a staff list's statement names them.
pub const ORDER_LINES: Lines = Lines {
    table: "orders o",
    id: "o.id",
    account: "o.account_id",
};

/// Who reads an order's page.
#[derive(Clone, Copy)]
pub enum Reader<'a> {
    /// A member of the account: only the orders `order_readers` gives them; they may choose how
    /// to pay when they can buy and nobody chose yet.
    Member(&'a Member),
    /// The manufacturer's staff: every order, nothing to pay.
    Staff,
}

/// A quantity as stored: the column's check keeps it in range, so anything else is our bug.
pub fn stored_quantity(stored: i32) -> Result<Quantity, AppError> {
    Quantity::new(u32::try_from(stored).or_internal()?).or_internal()
}

/// The link to an order's page, for e-mails.
pub fn order_link(order_id: Uuid) -> String {
    format!("{}/account/orders/{order_id}", state().config.public_url)
}

/// The address of a document's PDF, for e-mails.
pub fn document_link(document_id: Uuid) -> String {
    format!("{}/api/documents/{document_id}", state().config.public_url)
}

struct DetailRow {
    id: Uuid,
    number: i64,
    account_name: String,
    payment_on_account: bool,
    project_id: Option<Uuid>,
    project_version: Option<i32>,
    project_snapshot: Json<ProjectSnapshot>,
    quantity: i32,
    lead_time: LeadTime,
    net_cents: i64,
    vat_cents: i64,
    total_cents: i64,
    delivery_address: Json<DeliveryAddress>,
    po_reference: Option<String>,
    status: OrderStatus,
    payment_method: Option<PaymentMethod>,
    payment_reference: String,
    paid_at: Option<OffsetDateTime>,
    tracking_number: Option<String>,
    cancel_reason: Option<String>,
    terms_version: Option<String>,
    refund_due_at: Option<OffsetDateTime>,
    refunded_at: Option<OffsetDateTime>,
    placed_by: Option<String>,
    requested_by: Option<String>,
    created_at: OffsetDateTime,
    timeline: Json<Vec<OrderEvent>>,
    files: Json<Vec<ProjectFile>>,
}

/// The order `order_id` as its page shows it to `reader`; any other order is `NotFound`.
pub async fn order_detail(
    pool: &PgPool,
    order_id: Uuid,
    reader: Reader<'_>,
) -> Result<OrderDetail, AppError> {
    // Staff read every order: no account nor person to check.
    let (account_id, user_id) = match reader {
        Reader::Member(member) => (Some(member.account_id), Some(member.user.id)),
        Reader::Staff => (None, None),
    };
    let row = sqlx::query_as!(
        DetailRow,
        r#"SELECT o.id, o.number, a.company_name AS account_name, a.payment_on_account,
                  o.project_id, o.project_version,
                  o.project_snapshot AS "project_snapshot: Json<ProjectSnapshot>",
                  o.quantity, o.lead_time AS "lead_time: LeadTime", o.net_cents, o.vat_cents,
                  o.total_cents, o.delivery_address AS "delivery_address: Json<DeliveryAddress>",
                  o.po_reference, o.status AS "status: OrderStatus",
                  o.payment_method AS "payment_method: PaymentMethod", o.payment_reference,
                  o.paid_at, o.tracking_number, o.cancel_reason, o.terms_version,
                  o.refund_due_at, o.refunded_at,
                  pu.full_name AS "placed_by?",
                  ru.full_name AS "requested_by?", o.created_at,
                  (SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (
                     SELECT e.id, e.step, floor(extract(epoch FROM e.created_at))::bigint AS at,
                            e.detail
                     FROM order_events e WHERE e.order_id = o.id) x)
                    AS "timeline!: Json<Vec<OrderEvent>>",
                  -- The design files the order was placed with.
                  (SELECT coalesce(json_agg(x ORDER BY x.kind), '[]') FROM (
                     SELECT f.id, f.kind, f.file_name, f.size_bytes,
                            uploader.full_name AS uploaded_by,
                            floor(extract(epoch FROM f.uploaded_at))::bigint AS uploaded_at
                     FROM order_files used JOIN project_files f ON f.id = used.file_id
                     LEFT JOIN users uploader ON uploader.id = f.uploaded_by
                     WHERE used.order_id = o.id) x)
                    AS "files!: Json<Vec<ProjectFile>>"
           FROM orders o
           JOIN customer_accounts a ON a.id = o.account_id
           LEFT JOIN users pu ON pu.id = o.placed_by
           LEFT JOIN users ru ON ru.id = o.requested_by
           WHERE o.id = $1
             AND ($2::uuid IS NULL
                  OR o.account_id = $2
                     AND EXISTS (SELECT 1 FROM order_readers r
                                 WHERE r.order_id = o.id AND r.user_id = $3))"#,
        order_id,
        account_id,
        user_id,
    )
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let documents = crate::server::documents::documents_of_order(
        pool,
        order_id,
        matches!(reader, Reader::Staff),
    )
    .await?;
    let may_choose_payment = match reader {
        Reader::Member(member) => {
            member.permissions.can_buy
                && row.payment_method.is_none()
                && row.status != OrderStatus::Cancelled
        }
        Reader::Staff => false,
    };
    // The holder and the buyers may cancel, before production (`shared`'s rule).
    let may_cancel = match reader {
        Reader::Member(member) => member.permissions.can_buy && row.status.customer_can_cancel(),
        Reader::Staff => false,
    };
    // A buyer may order the same boards again, priced today.
    let reorder_net_cents = match reader {
        Reader::Member(member) if member.permissions.can_buy => {
            let project = &row.project_snapshot.0;
            let quantity = stored_quantity(row.quantity)?;
            Some(
                quote(project.service, &project.board, quantity, row.lead_time)
                    .net
                    .cents(),
            )
        }
        Reader::Member(_) | Reader::Staff => None,
    };
    let bank = &state().config.bank;
    Ok(OrderDetail {
        id: row.id,
        number: row.number,
        account_name: row.account_name,
        project_id: row.project_id,
        project_version: row.project_version,
        project: row.project_snapshot.0,
        quantity: stored_quantity(row.quantity)?.get(),
        lead_time: row.lead_time,
        net_cents: row.net_cents,
        vat_cents: row.vat_cents,
        total_cents: row.total_cents,
        delivery_address: row.delivery_address.0,
        po_reference: row.po_reference,
        status: row.status,
        payment_method: row.payment_method,
        payment_reference: row.payment_reference,
        paid_at: row.paid_at.map(unix),
        tracking_number: row.tracking_number,
        cancel_reason: row.cancel_reason,
        terms_version: row.terms_version,
        refund_due_at: row.refund_due_at.map(unix),
        refunded_at: row.refunded_at.map(unix),
        may_cancel,
        reorder_net_cents,
        placed_by: row.placed_by,
        requested_by: row.requested_by,
        created_at: unix(row.created_at),
        timeline: row.timeline.0,
        files: row.files.0,
        documents,
        bank: BankDetails {
            holder: bank.holder.clone(),
            iban: bank.iban.clone(),
            bic: bank.bic.clone(),
        },
        payment_on_account_allowed: row.payment_on_account,
        may_choose_payment,
    })
}

/// Adds a line to the order's timeline.
pub async fn add_event(
    tx: &mut PgConnection,
    order_id: Uuid,
    step: OrderEventStep,
    detail: Option<&str>,
    actor: Uuid,
) -> Result<(), AppError> {
    sqlx::query!(
        "INSERT INTO order_events (order_id, step, detail, actor_id) VALUES ($1, $2, $3, $4)",
        order_id,
        step as OrderEventStep,
        detail,
        actor,
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// A step of an order that the people who see it are told about by e-mail: a new status, or
/// the payment received. (Choosing how to pay is on the timeline, without an e-mail.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Milestone {
    Status(OrderStatus),
    Paid,
}

impl Milestone {
    fn event(self) -> OrderEventStep {
        match self {
            Milestone::Status(status) => status.into(),
            Milestone::Paid => OrderEventStep::Paid,
        }
    }

    /// The step's name in e-mails.
    fn text(self, locale: Locale) -> &'static str {
        match self {
            Milestone::Status(OrderStatus::Received) => td_string!(locale, email.step_received),
            Milestone::Paid => td_string!(locale, email.step_paid),
            Milestone::Status(OrderStatus::FileCheck) => td_string!(locale, email.step_file_check),
            Milestone::Status(OrderStatus::InProduction) => {
                td_string!(locale, email.step_in_production)
            }
            Milestone::Status(OrderStatus::Shipped) => td_string!(locale, email.step_shipped),
            Milestone::Status(OrderStatus::Delivered) => td_string!(locale, email.step_delivered),
            Milestone::Status(OrderStatus::Cancelled) => td_string!(locale, email.step_cancelled),
        }
    }
}

/// An order reached `milestone`: the timeline records it and the people who may see the order
/// are told, in the same transaction.
pub async fn reach_step(
    tx: &mut PgConnection,
    order_id: Uuid,
    milestone: Milestone,
    detail: Option<&str>,
    actor: Uuid,
) -> Result<(), AppError> {
    add_event(tx, order_id, milestone.event(), detail, actor).await?;
    let document =
        crate::server::documents::issue_for_milestone(tx, order_id, milestone, actor).await?;
    notify_step(tx, order_id, milestone, detail, document).await
}

/// The e-mail of an order's step, to the order's readers (`order_readers`).
async fn notify_step(
    tx: &mut PgConnection,
    order_id: Uuid,
    milestone: Milestone,
    detail: Option<&str>,
    document: Option<IssuedDocument>,
) -> Result<(), AppError> {
    let order = sqlx::query!(
        r#"SELECT number, project_snapshot->>'name' AS "project!" FROM orders WHERE id = $1"#,
        order_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let recipients = sqlx::query_scalar!(
        r#"SELECT user_id AS "user_id!" FROM order_readers WHERE order_id = $1"#,
        order_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let link = order_link(order_id);
    let detail = detail.unwrap_or_default();
    let kind = format!("order_{}", milestone.event().as_str());
    mail::enqueue_for_users(tx, &recipients, &kind, |locale| {
        let step = milestone.text(locale);
        let subject = td_string!(
            locale,
            email.order_subject,
            number = order.number,
            step = step
        );
        // The invoice (or credit note) the step issued, to download from the e-mail.
        let detail = match &document {
            Some(document) if document.kind.is_accounting() => {
                let link = document_link(document.id);
                let line = td_string!(
                    locale,
                    email.document_line,
                    number = document.number.as_str(),
                    link = link.as_str()
                );
                format!("{detail}\n{line}").trim_start().to_string()
            }
            _ => detail.to_string(),
        };
        let body = td_string!(
            locale,
            email.order_body,
            number = order.number,
            project = order.project.as_str(),
            step = step,
            detail = detail.as_str(),
            link = link.as_str()
        );
        (subject.to_string(), body.to_string())
    })
    .await?;
    Ok(())
}
