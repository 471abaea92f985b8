//! The account home's query: one statement, each block a JSON array limited to what the home
//! shows, under the same rules as the full list it links to (`order_readers` for orders, the
//! holder for join requests, "can buy" for purchase requests). Within each block, `n` is the
//! line's place, which `json_agg` keeps.
use super::types::{
    HomeAccount, HomeInvitation, HomeJoinRequest, HomeOrder, HomeOverview, HomeProject,
    HomeProjectFiles, HomePurchaseRequest, HOME_BLOCK_LINES,
};
use crate::{
    error::{AppError, TwoFactorIssue},
    server::{session, state},
};
use serde::Deserialize;
use shared::{FileKind, Service};
use sqlx::types::Json;
use uuid::Uuid;

/// Rows a block asks for; projects missing files are filtered in Rust by the shared rule, so
/// that block reads a few more than it shows.
const LINES: i64 = HOME_BLOCK_LINES as i64;
const PROJECTS_SCANNED_FOR_FILES: i64 = 50;

/// A project with the kinds of its current files, for [`missing_files`].
#[derive(Debug, Deserialize)]
struct ProjectFiles {
    id: Uuid,
    name: String,
    service: Service,
    kinds: Vec<String>,
}

pub async fn account_home() -> Result<HomeOverview, AppError> {
    let session::Caller { user, memberships } = session::require_customer_caller().await?;
    let member = session::active_member(user.clone(), &memberships);
    if member.as_ref().is_some_and(|member| member.must_enrol()) {
        return Err(AppError::TwoFactor(TwoFactorIssue::EnrolmentRequired));
    }
    // Someone in no account sees their invitations only: every other block is the account's.
    let account_id = member.as_ref().map(|member| member.account_id);
    let can_buy = member.as_ref().is_some_and(|m| m.permissions.can_buy);
    let is_holder = member.as_ref().is_some_and(|member| member.is_holder());
    let blocks = sqlx::query!(
        r#"SELECT
             (SELECT coalesce(json_agg(x ORDER BY x.n), '[]') FROM (
                SELECT r.id, a.company_name AS account_name,
                       floor(extract(epoch FROM r.expires_at))::bigint AS expires_at,
                       row_number() OVER (ORDER BY r.created_at DESC) AS n
                FROM collaboration_requests r JOIN customer_accounts a ON a.id = r.account_id
                WHERE r.user_id = $1 AND r.kind = 'invitation' AND r.status = 'pending'
                  AND r.expires_at > now()
                ORDER BY r.created_at DESC LIMIT $5) x)
               AS "invitations!: Json<Vec<HomeInvitation>>",
             -- Other members' requests still waiting: what a buyer decides on the orders page.
             (SELECT coalesce(json_agg(x ORDER BY x.n), '[]') FROM (
                SELECT r.id, r.project_snapshot->>'name' AS project_name,
                       u.full_name AS requested_by, r.net_cents,
                       floor(extract(epoch FROM r.created_at))::bigint AS created_at,
                       row_number() OVER (ORDER BY r.created_at) AS n
                FROM purchase_requests r LEFT JOIN users u ON u.id = r.requested_by
                WHERE $3 AND r.account_id = $2 AND r.status = 'pending'
                  AND r.requested_by IS DISTINCT FROM $1
                ORDER BY r.created_at LIMIT $5) x)
               AS "requests_to_decide!: Json<Vec<HomePurchaseRequest>>",
             (SELECT coalesce(json_agg(x ORDER BY x.n), '[]') FROM (
                SELECT r.id, u.full_name AS name, u.email,
                       floor(extract(epoch FROM r.created_at))::bigint AS created_at,
                       row_number() OVER (ORDER BY r.created_at) AS n
                FROM collaboration_requests r JOIN users u ON u.id = r.user_id
                WHERE $4 AND r.account_id = $2 AND r.kind = 'request' AND r.status = 'pending'
                  AND r.expires_at > now()
                ORDER BY r.created_at LIMIT $5) x)
               AS "join_requests!: Json<Vec<HomeJoinRequest>>",
             -- The orders the member sees, not paid, not cancelled, and without a payment
             -- method or paid by transfer (an order on account is paid on its invoice, later).
             (SELECT coalesce(json_agg(x ORDER BY x.n), '[]') FROM (
                SELECT o.id, o.number, o.project_snapshot->>'name' AS project_name, o.status,
                       o.payment_method, o.total_cents,
                       floor(extract(epoch FROM o.created_at))::bigint AS created_at,
                       row_number() OVER (ORDER BY o.created_at DESC) AS n
                FROM orders o
                WHERE o.account_id = $2
                  AND EXISTS (SELECT 1 FROM order_readers r
                              WHERE r.order_id = o.id AND r.user_id = $1)
                  AND o.paid_at IS NULL AND o.status <> 'cancelled'
                  AND (o.payment_method IS NULL OR o.payment_method = 'bank_transfer')
                ORDER BY o.created_at DESC LIMIT $5) x)
               AS "awaiting_payment!: Json<Vec<HomeOrder>>",
             (SELECT coalesce(json_agg(x ORDER BY x.n), '[]') FROM (
                SELECT o.id, o.number, o.project_snapshot->>'name' AS project_name, o.status,
                       o.payment_method, o.total_cents,
                       floor(extract(epoch FROM o.created_at))::bigint AS created_at,
                       row_number() OVER (ORDER BY o.created_at DESC) AS n
                FROM orders o
                WHERE o.account_id = $2
                  AND EXISTS (SELECT 1 FROM order_readers r
                              WHERE r.order_id = o.id AND r.user_id = $1)
                ORDER BY o.created_at DESC LIMIT $5) x)
               AS "recent_orders!: Json<Vec<HomeOrder>>",
             -- The latest changed projects with their current files' kinds: which lack a file
             -- their service needs is the shared rule's (`FileKind::missing_for`).
             (SELECT coalesce(json_agg(x ORDER BY x.n), '[]') FROM (
                SELECT p.id, p.name, p.service,
                       coalesce(array_agg(f.kind) FILTER (WHERE f.kind IS NOT NULL), '{}')
                           AS kinds,
                       row_number() OVER (ORDER BY p.updated_at DESC) AS n
                FROM projects p
                LEFT JOIN project_files f ON f.project_id = p.id AND f.current
                WHERE p.account_id = $2
                GROUP BY p.id
                ORDER BY p.updated_at DESC LIMIT $6) x)
               AS "projects_for_files!: Json<Vec<ProjectFiles>>",
             (SELECT coalesce(json_agg(x ORDER BY x.n), '[]') FROM (
                SELECT p.id, p.name, u.full_name AS updated_by,
                       floor(extract(epoch FROM p.updated_at))::bigint AS updated_at,
                       row_number() OVER (ORDER BY p.updated_at DESC) AS n
                FROM projects p LEFT JOIN users u ON u.id = p.updated_by
                WHERE p.account_id = $2
                ORDER BY p.updated_at DESC LIMIT $5) x)
               AS "recent_projects!: Json<Vec<HomeProject>>""#,
        user.id,
        account_id,
        can_buy,
        is_holder,
        LINES,
        PROJECTS_SCANNED_FOR_FILES,
    )
    .fetch_one(&state().pool)
    .await?;
    Ok(HomeOverview {
        account: member.map(|member| HomeAccount {
            is_holder: member.is_holder(),
            can_buy: member.permissions.can_buy,
            name: member.account_name,
        }),
        invitations: blocks.invitations.0,
        requests_to_decide: blocks.requests_to_decide.0,
        join_requests: blocks.join_requests.0,
        awaiting_payment: blocks.awaiting_payment.0,
        missing_files: missing_files(blocks.projects_for_files.0),
        recent_orders: blocks.recent_orders.0,
        recent_projects: blocks.recent_projects.0,
    })
}

/// The projects among `projects` that lack a file their service needs, the home's few first.
fn missing_files(projects: Vec<ProjectFiles>) -> Vec<HomeProjectFiles> {
    projects
        .into_iter()
        .filter_map(|project| {
            let attached: Vec<FileKind> = project
                .kinds
                .iter()
                .filter_map(|kind| FileKind::parse(kind).ok())
                .collect();
            let missing = FileKind::missing_for(project.service, &attached);
            (!missing.is_empty()).then_some(HomeProjectFiles {
                id: project.id,
                name: project.name,
                missing,
            })
        })
        .take(HOME_BLOCK_LINES)
        .collect()
}
