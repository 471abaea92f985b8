//! The account home's queries. Each block is one short statement limited to what the home
//! shows, under the same rules as the full list it links to (`order_readers` for orders, the
//! holder for join requests, "can buy" for purchase requests).
use super::types::{
    HomeAccount, HomeInvitation, HomeJoinRequest, HomeOrder, HomeOverview, HomeProject,
    HomeProjectFiles, HomePurchaseRequest, HOME_BLOCK_LINES,
};
use crate::{
    error::{AppError, TwoFactorIssue},
    server::{
        db::unix,
        session::{self, Member},
        state,
    },
};
use shared::{FileKind, OrderStatus, PaymentMethod, Service};
use sqlx::PgPool;
use uuid::Uuid;

/// Rows a block asks for; projects missing files are filtered in Rust by the shared rule, so
/// that query reads a few more than it shows.
const LINES: i64 = HOME_BLOCK_LINES as i64;
const PROJECTS_SCANNED_FOR_FILES: i64 = 50;

pub async fn account_home() -> Result<HomeOverview, AppError> {
    let user = session::require_customer().await?;
    let pool = &state().pool;
    let user_id = user.id;
    let member = session::member_of(user).await?;
    let mut home = HomeOverview {
        invitations: invitations(pool, user_id).await?,
        ..HomeOverview::default()
    };
    let Some(member) = member else {
        return Ok(home);
    };
    if member.must_enrol() {
        return Err(AppError::TwoFactor(TwoFactorIssue::EnrolmentRequired));
    }
    home.account = Some(HomeAccount {
        name: member.account_name.clone(),
        is_holder: member.is_holder(),
        can_buy: member.permissions.can_buy,
    });
    if member.permissions.can_buy {
        home.requests_to_decide = requests_to_decide(pool, &member).await?;
    }
    if member.is_holder() {
        home.join_requests = join_requests(pool, &member).await?;
    }
    home.awaiting_payment = orders(pool, &member, true).await?;
    home.recent_orders = orders(pool, &member, false).await?;
    home.missing_files = missing_files(pool, &member).await?;
    home.recent_projects = recent_projects(pool, &member).await?;
    Ok(home)
}

async fn invitations(pool: &PgPool, user_id: Uuid) -> Result<Vec<HomeInvitation>, AppError> {
    let rows = sqlx::query!(
        "SELECT r.id, a.company_name, r.expires_at
         FROM collaboration_requests r JOIN customer_accounts a ON a.id = r.account_id
         WHERE r.user_id = $1 AND r.kind = 'invitation' AND r.status = 'pending'
           AND r.expires_at > now()
         ORDER BY r.created_at DESC LIMIT $2",
        user_id,
        LINES,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| HomeInvitation {
            id: row.id,
            account_name: row.company_name,
            expires_at: unix(row.expires_at),
        })
        .collect())
}

/// Other members' requests still waiting: what a buyer decides on the orders page.
async fn requests_to_decide(
    pool: &PgPool,
    member: &Member,
) -> Result<Vec<HomePurchaseRequest>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT r.id, r.project_snapshot->>'name' AS "project_name!",
                  u.full_name AS "requested_by?", r.net_cents, r.created_at
           FROM purchase_requests r LEFT JOIN users u ON u.id = r.requested_by
           WHERE r.account_id = $1 AND r.status = 'pending'
             AND r.requested_by IS DISTINCT FROM $2
           ORDER BY r.created_at LIMIT $3"#,
        member.account_id,
        member.user.id,
        LINES,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| HomePurchaseRequest {
            id: row.id,
            project_name: row.project_name,
            requested_by: row.requested_by,
            net_cents: row.net_cents,
            created_at: unix(row.created_at),
        })
        .collect())
}

async fn join_requests(pool: &PgPool, holder: &Member) -> Result<Vec<HomeJoinRequest>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT r.id, u.full_name AS "name!", u.email, r.created_at
           FROM collaboration_requests r JOIN users u ON u.id = r.user_id
           WHERE r.account_id = $1 AND r.kind = 'request' AND r.status = 'pending'
             AND r.expires_at > now()
           ORDER BY r.created_at LIMIT $2"#,
        holder.account_id,
        LINES,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| HomeJoinRequest {
            id: row.id,
            name: row.name,
            email: row.email,
            created_at: unix(row.created_at),
        })
        .collect())
}

/// The orders the member sees (`order_readers`), newest first; with `awaiting_payment`, only
/// those not paid, not cancelled, and without a payment method or paid by transfer (an order
/// on account is paid on its invoice, later).
async fn orders(
    pool: &PgPool,
    member: &Member,
    awaiting_payment: bool,
) -> Result<Vec<HomeOrder>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT o.id, o.number, o.project_snapshot->>'name' AS "project_name!",
                  o.status AS "status: OrderStatus",
                  o.payment_method AS "payment_method: PaymentMethod",
                  o.total_cents, o.created_at
           FROM orders o
           WHERE o.account_id = $1
             AND EXISTS (SELECT 1 FROM order_readers r WHERE r.order_id = o.id AND r.user_id = $2)
             AND (NOT $3 OR (o.paid_at IS NULL AND o.status <> 'cancelled'
                             AND (o.payment_method IS NULL OR o.payment_method = 'bank_transfer')))
           ORDER BY o.created_at DESC LIMIT $4"#,
        member.account_id,
        member.user.id,
        awaiting_payment,
        LINES,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| HomeOrder {
            id: row.id,
            number: row.number,
            project_name: row.project_name,
            status: row.status,
            payment_method: row.payment_method,
            total_cents: row.total_cents,
            created_at: unix(row.created_at),
        })
        .collect())
}

/// The latest changed projects that lack a file their service needs (`FileKind::missing_for`).
async fn missing_files(pool: &PgPool, member: &Member) -> Result<Vec<HomeProjectFiles>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT p.id, p.name, p.service AS "service: Service",
                  coalesce(array_agg(f.kind) FILTER (WHERE f.kind IS NOT NULL), '{}')
                      AS "kinds!: Vec<String>"
           FROM projects p
           LEFT JOIN project_files f ON f.project_id = p.id AND f.current
           WHERE p.account_id = $1
           GROUP BY p.id
           ORDER BY p.updated_at DESC LIMIT $2"#,
        member.account_id,
        PROJECTS_SCANNED_FOR_FILES,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let attached: Vec<FileKind> = row
                .kinds
                .iter()
                .filter_map(|kind| FileKind::parse(kind).ok())
                .collect();
            let missing = FileKind::missing_for(row.service, &attached);
            (!missing.is_empty()).then_some(HomeProjectFiles {
                id: row.id,
                name: row.name,
                missing,
            })
        })
        .take(HOME_BLOCK_LINES)
        .collect())
}

async fn recent_projects(pool: &PgPool, member: &Member) -> Result<Vec<HomeProject>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT p.id, p.name, u.full_name AS "updated_by?", p.updated_at
           FROM projects p LEFT JOIN users u ON u.id = p.updated_by
           WHERE p.account_id = $1
           ORDER BY p.updated_at DESC LIMIT $2"#,
        member.account_id,
        LINES,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| HomeProject {
            id: row.id,
            name: row.name,
            updated_by: row.updated_by,
            updated_at: unix(row.updated_at),
        })
        .collect())
}
