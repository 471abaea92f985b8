//! Reading the page "Mes collaborateurs": the list, and everything around it for the person
//! asking.
use crate::{
    collaborators::types::*,
    error::AppError,
    server::{
        db::{
            list::{cursor_of, PageBinds},
            unix,
            users::readable_phone,
        },
        session, state,
    },
};
use shared::list::{CollaboratorFilter, ListQuery, Page, SearchText};
use shared::{MembershipStatus, Permissions, Role};
use sqlx::types::Json;
use time::OffsetDateTime;
use uuid::Uuid;

struct CollaboratorRow {
    user_id: Uuid,
    first_name: String,
    last_name: String,
    email: String,
    phone: String,
    can_buy: bool,
    can_see_all_orders: bool,
    status: MembershipStatus,
    email_verified: bool,
    created_at: OffsetDateTime,
}

impl From<CollaboratorRow> for Collaborator {
    fn from(row: CollaboratorRow) -> Self {
        Collaborator {
            user_id: row.user_id,
            phone: readable_phone(row.phone),
            first_name: row.first_name,
            last_name: row.last_name,
            email: row.email,
            permissions: Permissions {
                can_buy: row.can_buy,
                can_see_all_orders: row.can_see_all_orders,
            },
            active: row.status == MembershipStatus::Active,
            email_verified: row.email_verified,
            since: unix(row.created_at),
        }
    }
}

/// A row of `collaborators_for_session.sql`: all `None` when the member has no collaborators.
struct CollaboratorForSessionRow {
    user_id: Option<Uuid>,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    can_buy: Option<bool>,
    can_see_all_orders: Option<bool>,
    status: Option<MembershipStatus>,
    email_verified: Option<bool>,
    created_at: Option<OffsetDateTime>,
}

impl CollaboratorForSessionRow {
    fn into_row(self) -> Option<CollaboratorRow> {
        Some(CollaboratorRow {
            user_id: self.user_id?,
            first_name: self.first_name?,
            last_name: self.last_name?,
            email: self.email?,
            phone: self.phone?,
            can_buy: self.can_buy?,
            can_see_all_orders: self.can_see_all_orders?,
            status: self.status?,
            email_verified: self.email_verified?,
            created_at: self.created_at?,
        })
    }
}

/// A page of the active account's collaborators (the holder sees all, collaborators the active
/// ones), by the date they joined. The most asked list of the space, so the session's checks and
/// the page are one statement (`collaborators_for_session.sql`, which `make bench` also runs with
/// pgbench), on the connection that read the session's row: no row means not a member, one row
/// of nulls a member without such collaborators.
pub async fn collaborator_list(
    query: ListQuery<CollaboratorFilter>,
) -> Result<Page<Collaborator>, AppError> {
    // The session's row and the page on one connection: one given back to the pool.
    let rows = match session::claim_with_connection().await? {
        Some((claim, mut connection)) => read_page(&mut connection, &claim, &query).await?,
        None => Vec::new(),
    };
    if rows.is_empty() {
        // Not a member by the fast check: the usual one says why (and ends a stale session).
        // A member always has a row, so one who passes it joined in between: their first look
        // is an empty page.
        session::require_member().await?;
    }
    Page::from_read(
        rows.into_iter()
            .filter_map(CollaboratorForSessionRow::into_row)
            .collect(),
        query.start,
        query.size,
        |row: &CollaboratorRow| cursor_of(row.created_at, row.user_id),
    )
    .try_map(|row| Ok(Collaborator::from(row)))
}

async fn read_page(
    connection: &mut sqlx::PgConnection,
    claim: &session::Claim,
    query: &ListQuery<CollaboratorFilter>,
) -> Result<Vec<CollaboratorForSessionRow>, AppError> {
    let page = PageBinds::of(query);
    Ok(sqlx::query_file_as!(
        CollaboratorForSessionRow,
        "src/collaborators/collaborators_for_session.sql",
        claim.user_id,
        claim.epoch,
        claim.chosen_account,
        query.search.as_ref().map(SearchText::like_pattern),
        query.filter.status.map(|status| status.as_str()),
        page.time,
        page.id,
        page.descending,
        page.limit,
    )
    .fetch_all(connection)
    .await?)
}

pub async fn collaborator_space() -> Result<CollaboratorSpace, AppError> {
    let caller = session::require_customer_caller().await?;
    let member = session::active_member(caller.user.clone(), &caller.memberships);
    let held_account = member
        .as_ref()
        .filter(|member| member.is_holder())
        .map(|holder| holder.account_id);
    // Every block in one statement, each a JSON array in its order (`n`); the holder's blocks
    // are empty for anyone else ($2 is NULL).
    let blocks = sqlx::query!(
        r#"SELECT
             -- Requests to join the holder's account still waiting and in time, with what the
             -- holder should know of the requester: a proven address, a deactivated member.
             (SELECT coalesce(json_agg(x ORDER BY x.n), '[]') FROM (
                SELECT r.id, u.first_name, u.last_name, u.email,
                       u.email_verified_at IS NOT NULL AS email_verified,
                       EXISTS (SELECT 1 FROM memberships m
                               WHERE m.account_id = r.account_id AND m.user_id = r.user_id
                                 AND m.status = 'deactivated') AS deactivated_member,
                       floor(extract(epoch FROM r.created_at))::bigint AS created_at,
                       floor(extract(epoch FROM r.expires_at))::bigint AS expires_at,
                       row_number() OVER (ORDER BY r.created_at) AS n
                FROM collaboration_requests r JOIN users u ON u.id = r.user_id
                WHERE r.account_id = $2 AND r.kind = 'request' AND r.status = 'pending'
                  AND r.expires_at > now()) x)
               AS "incoming_requests!: Json<Vec<IncomingRequest>>",
             -- Invitations the holder's account sent that are still waiting and in time.
             (SELECT coalesce(json_agg(x ORDER BY x.n), '[]') FROM (
                SELECT r.id, u.first_name, u.last_name, u.email,
                       json_build_object('can_buy', r.can_buy,
                                         'can_see_all_orders', r.can_see_all_orders)
                           AS permissions,
                       floor(extract(epoch FROM r.created_at))::bigint AS created_at,
                       floor(extract(epoch FROM r.expires_at))::bigint AS expires_at,
                       row_number() OVER (ORDER BY r.created_at) AS n
                FROM collaboration_requests r JOIN users u ON u.id = r.user_id
                WHERE r.account_id = $2 AND r.kind = 'invitation' AND r.status = 'pending'
                  AND r.expires_at > now()) x)
               AS "sent_invitations!: Json<Vec<SentInvitation>>",
             -- The person's requests still waiting and in time. A request by e-mail names the
             -- address typed, never the account it may have reached.
             (SELECT coalesce(json_agg(x ORDER BY x.n), '[]') FROM (
                SELECT r.id, coalesce(r.requested_email, a.company_name) AS "to",
                       floor(extract(epoch FROM r.created_at))::bigint AS created_at,
                       floor(extract(epoch FROM r.expires_at))::bigint AS expires_at,
                       row_number() OVER (ORDER BY r.created_at) AS n
                FROM collaboration_requests r
                LEFT JOIN customer_accounts a ON a.id = r.account_id
                WHERE r.user_id = $1 AND r.kind = 'request' AND r.status = 'pending'
                  AND r.expires_at > now()) x)
               AS "sent_requests!: Json<Vec<SentRequest>>",
             (SELECT coalesce(json_agg(x ORDER BY x.n), '[]') FROM (
                SELECT r.id, a.company_name AS account_name,
                       coalesce(inviter.full_name, '') AS invited_by,
                       json_build_object('can_buy', r.can_buy,
                                         'can_see_all_orders', r.can_see_all_orders)
                           AS permissions,
                       floor(extract(epoch FROM r.created_at))::bigint AS created_at,
                       floor(extract(epoch FROM r.expires_at))::bigint AS expires_at,
                       row_number() OVER (ORDER BY r.created_at) AS n
                FROM collaboration_requests r
                JOIN customer_accounts a ON a.id = r.account_id
                LEFT JOIN users inviter ON inviter.id = r.created_by
                WHERE r.user_id = $1 AND r.kind = 'invitation' AND r.status = 'pending'
                  AND r.expires_at > now()) x)
               AS "invitations!: Json<Vec<Invitation>>",
             -- The holder role offered to the person, and the offer their account made.
             (SELECT coalesce(json_agg(x), '[]') FROM (
                SELECT t.account_id, a.company_name AS account_name, u.full_name AS to_name,
                       t.to_user_id = $1 AS for_me
                FROM holder_transfers t
                JOIN customer_accounts a ON a.id = t.account_id
                JOIN users u ON u.id = t.to_user_id
                WHERE t.to_user_id = $1 OR t.account_id = $2) x)
               AS "transfers!: Json<Vec<HolderTransfer>>",
             -- The latest lines of the holder's account history (`history_page`'s first page).
             (SELECT coalesce(json_agg(x ORDER BY x.n), '[]') FROM (
                SELECT floor(extract(epoch FROM e.created_at))::bigint AS at,
                       actor.full_name AS actor, subject.full_name AS subject, e.action,
                       CASE WHEN e.can_buy IS NOT NULL AND e.can_see_all_orders IS NOT NULL
                            THEN json_build_object('can_buy', e.can_buy,
                                                   'can_see_all_orders', e.can_see_all_orders)
                       END AS permissions,
                       row_number() OVER (ORDER BY e.created_at DESC, e.id DESC) AS n
                FROM membership_events e
                LEFT JOIN users actor ON actor.id = e.actor_id
                LEFT JOIN users subject ON subject.id = e.subject_id
                WHERE e.account_id = $2
                ORDER BY e.created_at DESC, e.id DESC LIMIT $3) x)
               AS "recent_history!: Json<Vec<HistoryEntry>>""#,
        caller.user.id,
        held_account,
        RECENT_HISTORY,
    )
    .fetch_one(&state().pool)
    .await?;
    Ok(CollaboratorSpace {
        account: member.map(|member| AccountSummary {
            id: member.account_id,
            name: member.account_name,
            role: member.role,
        }),
        incoming_requests: blocks.incoming_requests.0,
        sent_invitations: blocks.sent_invitations.0,
        sent_requests: blocks.sent_requests.0,
        invitations: blocks.invitations.0,
        memberships: collaborator_of(caller.memberships),
        transfers: blocks.transfers.0,
        recent_history: blocks.recent_history.0,
    })
}

/// The accounts the person belongs to as a collaborator, by name (the switcher's order).
fn collaborator_of(mut memberships: Vec<session::Membership>) -> Vec<Membership> {
    memberships.sort_by_key(|membership| membership.listed_at);
    memberships
        .into_iter()
        .filter(|membership| membership.role == Role::Collaborator)
        .map(|membership| Membership {
            account_id: membership.account_id,
            permissions: membership.permissions(),
            account_name: membership.company_name,
        })
        .collect()
}

/// How many lines of the history the collaborators page shows.
const RECENT_HISTORY: i64 = 5;
