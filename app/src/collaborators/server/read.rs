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
        session::{self, Member},
        state,
    },
};
use shared::list::{CollaboratorFilter, ListQuery, Page, SearchText};
use shared::{MembershipStatus, Permissions};
use sqlx::PgPool;
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
/// pgbench): no row means not a member, one row of nulls a member without such collaborators.
pub async fn collaborator_list(
    query: ListQuery<CollaboratorFilter>,
) -> Result<Page<Collaborator>, AppError> {
    let rows = match session::claim().await? {
        Some(claim) => read_page(&claim, &query).await?,
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
    .fetch_all(&state().pool)
    .await?)
}

pub async fn collaborator_space() -> Result<CollaboratorSpace, AppError> {
    let user = session::require_customer().await?;
    let pool = &state().pool;
    let member = session::member_of(user.clone()).await?;
    let holder = member.as_ref().filter(|member| member.is_holder());
    let mut space = CollaboratorSpace::default();
    if let Some(member) = &member {
        space.account = Some(AccountSummary {
            id: member.account_id,
            name: member.account_name.clone(),
            role: member.role,
        });
    }
    if let Some(holder) = holder {
        space.incoming_requests = incoming_requests(pool, holder).await?;
        space.sent_invitations = sent_invitations(pool, holder).await?;
        space.recent_history = super::history::recent_history(pool, holder).await?;
    }
    space.sent_requests = sent_requests(pool, user.id).await?;
    space.invitations = invitations(pool, user.id).await?;
    space.memberships = memberships(pool, user.id).await?;
    space.transfers = transfers(pool, user.id, holder.map(|h| h.account_id)).await?;
    Ok(space)
}

/// Requests to join the holder's account still waiting and in time, with what the holder
/// should know of the requester: whether the address is proven, whether they were deactivated.
async fn incoming_requests(
    pool: &PgPool,
    holder: &Member,
) -> Result<Vec<IncomingRequest>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT r.id, u.first_name, u.last_name, u.email,
                  u.email_verified_at IS NOT NULL AS "email_verified!",
                  EXISTS (SELECT 1 FROM memberships m
                          WHERE m.account_id = r.account_id AND m.user_id = r.user_id
                            AND m.status = 'deactivated') AS "deactivated_member!",
                  r.created_at, r.expires_at
           FROM collaboration_requests r JOIN users u ON u.id = r.user_id
           WHERE r.account_id = $1 AND r.kind = 'request' AND r.status = 'pending'
             AND r.expires_at > now()
           ORDER BY r.created_at"#,
        holder.account_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| IncomingRequest {
            id: row.id,
            first_name: row.first_name,
            last_name: row.last_name,
            email: row.email,
            email_verified: row.email_verified,
            deactivated_member: row.deactivated_member,
            created_at: unix(row.created_at),
            expires_at: unix(row.expires_at),
        })
        .collect())
}

/// Invitations the holder's account sent that are still waiting and in time.
async fn sent_invitations(pool: &PgPool, holder: &Member) -> Result<Vec<SentInvitation>, AppError> {
    let rows = sqlx::query!(
        "SELECT r.id, u.first_name, u.last_name, u.email, r.can_buy, r.can_see_all_orders,
                r.created_at, r.expires_at
         FROM collaboration_requests r JOIN users u ON u.id = r.user_id
         WHERE r.account_id = $1 AND r.kind = 'invitation' AND r.status = 'pending'
           AND r.expires_at > now()
         ORDER BY r.created_at",
        holder.account_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| SentInvitation {
            id: row.id,
            first_name: row.first_name,
            last_name: row.last_name,
            email: row.email,
            permissions: Permissions {
                can_buy: row.can_buy,
                can_see_all_orders: row.can_see_all_orders,
            },
            created_at: unix(row.created_at),
            expires_at: unix(row.expires_at),
        })
        .collect())
}

/// The person's requests still waiting and in time. A request by e-mail names the address
/// typed, never the account it may have reached.
async fn sent_requests(pool: &PgPool, user_id: Uuid) -> Result<Vec<SentRequest>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT r.id, coalesce(r.requested_email, a.company_name) AS "to!",
                  r.created_at, r.expires_at
           FROM collaboration_requests r LEFT JOIN customer_accounts a ON a.id = r.account_id
           WHERE r.user_id = $1 AND r.kind = 'request' AND r.status = 'pending'
             AND r.expires_at > now()
           ORDER BY r.created_at"#,
        user_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| SentRequest {
            id: row.id,
            to: row.to,
            created_at: unix(row.created_at),
            expires_at: unix(row.expires_at),
        })
        .collect())
}

async fn invitations(pool: &PgPool, user_id: Uuid) -> Result<Vec<Invitation>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT r.id, a.company_name, inviter.full_name AS "invited_by?",
                  r.can_buy, r.can_see_all_orders, r.created_at, r.expires_at
           FROM collaboration_requests r
           JOIN customer_accounts a ON a.id = r.account_id
           LEFT JOIN users inviter ON inviter.id = r.created_by
           WHERE r.user_id = $1 AND r.kind = 'invitation' AND r.status = 'pending'
             AND r.expires_at > now()
           ORDER BY r.created_at"#,
        user_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Invitation {
            id: row.id,
            account_name: row.company_name,
            invited_by: row.invited_by.unwrap_or_default(),
            permissions: Permissions {
                can_buy: row.can_buy,
                can_see_all_orders: row.can_see_all_orders,
            },
            created_at: unix(row.created_at),
            expires_at: unix(row.expires_at),
        })
        .collect())
}

async fn memberships(pool: &PgPool, user_id: Uuid) -> Result<Vec<Membership>, AppError> {
    let rows = sqlx::query!(
        "SELECT a.id, a.company_name, m.can_buy, m.can_see_all_orders
         FROM memberships m JOIN customer_accounts a ON a.id = m.account_id
         WHERE m.user_id = $1 AND m.role = 'collaborator' AND m.status = 'active'
         ORDER BY a.company_name",
        user_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Membership {
            account_id: row.id,
            account_name: row.company_name,
            permissions: Permissions {
                can_buy: row.can_buy,
                can_see_all_orders: row.can_see_all_orders,
            },
        })
        .collect())
}

/// The holder role offered to the person, and the offer their account (if they hold it) made.
async fn transfers(
    pool: &PgPool,
    user_id: Uuid,
    held_account: Option<Uuid>,
) -> Result<Vec<HolderTransfer>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT t.account_id, a.company_name, u.full_name AS "to_name!",
                  t.to_user_id = $1 AS "for_me!"
           FROM holder_transfers t
           JOIN customer_accounts a ON a.id = t.account_id
           JOIN users u ON u.id = t.to_user_id
           WHERE t.to_user_id = $1 OR t.account_id = $2"#,
        user_id,
        held_account,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| HolderTransfer {
            account_id: row.account_id,
            account_name: row.company_name,
            to_name: row.to_name,
            for_me: row.for_me,
        })
        .collect())
}
