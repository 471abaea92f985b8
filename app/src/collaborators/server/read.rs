//! Reading the page "Mes collaborateurs": the list, and everything around it for the person
//! asking.
use crate::{
    collaborators::types::*,
    error::AppError,
    server::{
        db::{unix, users::readable_phone},
        session::{self, Member},
        state,
    },
};
use shared::{MembershipAction, MembershipStatus, Permissions};
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

/// The collaborators of `account_id`: all of them for its holder, the active ones otherwise.
async fn collaborators_of(
    pool: &PgPool,
    account_id: Uuid,
    holder_asks: bool,
) -> Result<Vec<Collaborator>, AppError> {
    Ok(sqlx::query_as!(
        CollaboratorRow,
        r#"SELECT u.id AS user_id, u.first_name, u.last_name, u.email, u.phone,
                  m.can_buy, m.can_see_all_orders, m.status AS "status: MembershipStatus",
                  u.email_verified_at IS NOT NULL AS "email_verified!", m.created_at
           FROM memberships m JOIN users u ON u.id = m.user_id
           WHERE m.account_id = $1 AND m.role = 'collaborator' AND ($2 OR m.status = 'active')
           ORDER BY m.status, u.last_name, u.first_name"#,
        account_id,
        holder_asks,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(Collaborator::from)
    .collect())
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

/// The active account's collaborators, as [`CollaboratorSpace::collaborators`] lists them.
/// The most asked list of the space, so the session's checks and the list are one statement
/// (`collaborators_for_session.sql`, which `make bench` also runs with pgbench): no row means
/// not a member, one row of nulls a member without collaborators.
pub async fn collaborator_list() -> Result<Vec<Collaborator>, AppError> {
    if let Some(claim) = session::claim().await? {
        let rows = sqlx::query_file_as!(
            CollaboratorForSessionRow,
            "src/collaborators/collaborators_for_session.sql",
            claim.user_id,
            claim.epoch,
            claim.chosen_account,
        )
        .fetch_all(&state().pool)
        .await?;
        if !rows.is_empty() {
            return Ok(rows
                .into_iter()
                .filter_map(CollaboratorForSessionRow::into_row)
                .map(Collaborator::from)
                .collect());
        }
    }
    // Not a member by the fast check: the usual one says why (and ends a stale session).
    let member = session::require_member().await?;
    collaborators_of(&state().pool, member.account_id, member.is_holder()).await
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
        space.collaborators = collaborators_of(pool, member.account_id, member.is_holder()).await?;
    }
    if let Some(holder) = holder {
        space.incoming_requests = incoming_requests(pool, holder).await?;
        space.sent_invitations = sent_invitations(pool, holder).await?;
        space.history = history(pool, holder).await?;
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

async fn history(pool: &PgPool, holder: &Member) -> Result<Vec<HistoryEntry>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT e.created_at, e.action AS "action: MembershipAction",
                  e.can_buy, e.can_see_all_orders,
                  actor.full_name AS "actor?", subject.full_name AS "subject?"
           FROM membership_events e
           LEFT JOIN users actor ON actor.id = e.actor_id
           LEFT JOIN users subject ON subject.id = e.subject_id
           WHERE e.account_id = $1
           ORDER BY e.created_at DESC, e.id DESC
           LIMIT 100"#,
        holder.account_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| HistoryEntry {
            at: unix(row.created_at),
            actor: row.actor,
            subject: row.subject,
            action: row.action,
            permissions: row.can_buy.zip(row.can_see_all_orders).map(
                |(can_buy, can_see_all_orders)| Permissions {
                    can_buy,
                    can_see_all_orders,
                },
            ),
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
