//! What the back-office does, on the server only: every function starts with `require_staff`.
use super::api::{CustomerAccount, StaffOrder};
use crate::{
    error::{AppError, ConflictCode},
    orders::{
        api::OrderDetail,
        server::{order_detail, parse_status, reach_step, Reader},
    },
    projects::server::unix,
    server::{internal, session, state, OrInternal},
};
use shared::{OrderStatus, PaymentMethod, Reason, TrackingNumber};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct StaffOrderRow {
    id: Uuid,
    number: i64,
    account_name: String,
    project_name: String,
    quantity: i32,
    total_cents: i64,
    status: String,
    payment_method: Option<String>,
    paid: bool,
    created_at: OffsetDateTime,
}

/// How many orders the list shows at most (newest first).
const LIST_LIMIT: i64 = 500;

pub async fn list_staff_orders(status: Option<OrderStatus>) -> Result<Vec<StaffOrder>, AppError> {
    session::require_staff().await?;
    sqlx::query_as::<_, StaffOrderRow>(
        "SELECT o.id, o.number, a.company_name AS account_name,
                o.project_snapshot->>'name' AS project_name, o.quantity, o.total_cents, o.status,
                o.payment_method, o.paid_at IS NOT NULL AS paid, o.created_at
         FROM orders o JOIN customer_accounts a ON a.id = o.account_id
         WHERE $1::text IS NULL OR o.status = $1
         ORDER BY o.created_at DESC LIMIT $2",
    )
    .bind(status.map(OrderStatus::as_str))
    .bind(LIST_LIMIT)
    .fetch_all(&state().pool)
    .await?
    .into_iter()
    .map(|row| {
        Ok(StaffOrder {
            id: row.id,
            number: row.number,
            account_name: row.account_name,
            project_name: row.project_name,
            quantity: u32::try_from(row.quantity).map_err(internal)?,
            total_cents: row.total_cents,
            status: parse_status(&row.status)?,
            payment_method: row
                .payment_method
                .as_deref()
                .map(PaymentMethod::parse)
                .transpose()
                .map_err(internal)?,
            paid: row.paid,
            created_at: unix(row.created_at),
        })
    })
    .collect()
}

pub async fn load_staff_order(order_id: Uuid) -> Result<OrderDetail, AppError> {
    session::require_staff().await?;
    order_detail(&state().pool, order_id, Reader::Staff).await
}

/// The order's current step, payment and method, locked.
async fn locked_order(
    tx: &mut sqlx::PgConnection,
    order_id: Uuid,
) -> Result<(OrderStatus, bool, Option<String>), AppError> {
    let row: (String, bool, Option<String>) = sqlx::query_as(
        "SELECT status, paid_at IS NOT NULL, payment_method FROM orders WHERE id = $1 FOR UPDATE",
    )
    .bind(order_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((parse_status(&row.0)?, row.1, row.2))
}

pub async fn record_payment(order_id: Uuid) -> Result<(), AppError> {
    let staff = session::require_staff().await?;
    let mut tx = state().pool.begin().await?;
    let (status, paid, _) = locked_order(&mut tx, order_id).await?;
    if paid || status == OrderStatus::Cancelled {
        return Err(AppError::conflict("order", ConflictCode::OrderStep));
    }
    sqlx::query("UPDATE orders SET paid_at = now(), updated_at = now() WHERE id = $1")
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
    reach_step(&mut tx, order_id, "paid", None, staff.id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn advance_order(
    order_id: Uuid,
    tracking_number: String,
) -> Result<OrderStatus, AppError> {
    let staff = session::require_staff().await?;
    let mut tx = state().pool.begin().await?;
    let (status, paid, method) = locked_order(&mut tx, order_id).await?;
    let next = status
        .next()
        .ok_or_else(|| AppError::conflict("order", ConflictCode::OrderStep))?;
    // Work starts once paid, or at once when the customer pays on account.
    let on_account = method.as_deref() == Some(PaymentMethod::OnAccount.as_str());
    if status == OrderStatus::Received && !paid && !on_account {
        return Err(AppError::conflict("order", ConflictCode::NotPaid));
    }
    let tracking = if next == OrderStatus::Shipped {
        let parsed = TrackingNumber::parse(&tracking_number)
            .map_err(|code| AppError::field("tracking_number", code))?;
        Some(parsed.as_str().to_string())
    } else {
        None
    };
    sqlx::query(
        "UPDATE orders SET status = $2, tracking_number = coalesce($3, tracking_number), updated_at = now()
         WHERE id = $1",
    )
    .bind(order_id)
    .bind(next.as_str())
    .bind(&tracking)
    .execute(&mut *tx)
    .await?;
    reach_step(
        &mut tx,
        order_id,
        next.as_str(),
        tracking.as_deref(),
        staff.id,
    )
    .await?;
    tx.commit().await?;
    Ok(next)
}

pub async fn cancel_order(order_id: Uuid, reason: String) -> Result<(), AppError> {
    let staff = session::require_staff().await?;
    let reason = Reason::parse(&reason).map_err(|code| AppError::field("reason", code))?;
    let mut tx = state().pool.begin().await?;
    let (status, _, _) = locked_order(&mut tx, order_id).await?;
    if !status.can_cancel() {
        return Err(AppError::conflict("order", ConflictCode::OrderStep));
    }
    sqlx::query(
        "UPDATE orders SET status = 'cancelled', cancel_reason = $2, updated_at = now() WHERE id = $1",
    )
    .bind(order_id)
    .bind(reason.as_str())
    .execute(&mut *tx)
    .await?;
    reach_step(
        &mut tx,
        order_id,
        "cancelled",
        Some(reason.as_str()),
        staff.id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: Uuid,
    company_name: String,
    siret: Option<String>,
    holder_email: Option<String>,
    payment_on_account: bool,
    orders: i64,
}

pub async fn list_customer_accounts() -> Result<Vec<CustomerAccount>, AppError> {
    session::require_staff().await?;
    let rows = sqlx::query_as::<_, AccountRow>(
        "SELECT a.id, a.company_name, a.siret, h.email AS holder_email, a.payment_on_account,
                (SELECT count(*) FROM orders o WHERE o.account_id = a.id) AS orders
         FROM customer_accounts a
         LEFT JOIN memberships m ON m.account_id = a.id AND m.role = 'holder'
         LEFT JOIN users h ON h.id = m.user_id
         ORDER BY a.company_name",
    )
    .fetch_all(&state().pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| CustomerAccount {
            id: row.id,
            company_name: row.company_name,
            siret: row.siret,
            holder_email: row.holder_email,
            payment_on_account: row.payment_on_account,
            orders: row.orders,
        })
        .collect())
}

pub async fn set_payment_on_account(account_id: Uuid, enabled: bool) -> Result<(), AppError> {
    session::require_staff().await?;
    let updated = sqlx::query("UPDATE customer_accounts SET payment_on_account = $2 WHERE id = $1")
        .bind(account_id)
        .bind(enabled)
        .execute(&state().pool)
        .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// A staff member, as given on the command line (`server staff create`).
pub struct NewStaff {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub password: String,
}

/// Creates a staff user (never a customer): the same rules as sign-up for every field.
pub async fn create_staff(pool: &sqlx::PgPool, staff: &NewStaff) -> Result<Uuid, AppError> {
    use crate::{
        issues::{all_parsed, Issues},
        server::{
            db::users::{insert_user, NewUser},
            passwords,
        },
    };
    use shared::{Email, Password, PersonName, PhoneNumber};
    let mut issues = Issues::default();
    let email = issues.check("email", Email::parse(&staff.email));
    let first_name = issues.check("first_name", PersonName::parse(&staff.first_name));
    let last_name = issues.check("last_name", PersonName::parse(&staff.last_name));
    let phone = issues.check("phone", PhoneNumber::parse(&staff.phone));
    let password = issues.check("password", Password::parse(&staff.password));
    let valid = all_parsed!(email, first_name, last_name, phone, password =>
        (email, first_name, last_name, phone, password));
    let (email, first_name, last_name, phone, password) = issues.finish(valid)?;
    passwords::refuse_common(&password)?;
    // Run from the command line: no application state, a hasher of its own.
    let password_hash = crate::server::PasswordHasher::new()
        .hash(password.expose())
        .await
        .or_internal()?;
    let id = Uuid::new_v4();
    let mut tx = pool.begin().await?;
    let person = NewUser {
        email: &email,
        first_name: &first_name,
        last_name: &last_name,
        phone: &phone,
        password_hash: &password_hash,
        locale: crate::i18n::Locale::fr,
        must_change_password: false,
        is_staff: true,
    };
    insert_user(&mut tx, id, &person).await?;
    tx.commit().await?;
    Ok(id)
}
