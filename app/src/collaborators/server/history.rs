//! The account's history, written in the transaction of each change ("who did what to whom"),
//! and read by its holder a page at a time.
use crate::{
    collaborators::types::HistoryEntry,
    error::AppError,
    server::{
        db::{
            list::{cursor_of, push_page, read_page, SortKey},
            unix,
        },
        session::{self, Member},
        state,
    },
};
use shared::list::{ListQuery, Page};
use shared::{MembershipAction, Permissions};
use sqlx::{PgConnection, PgPool, QueryBuilder};
use time::OffsetDateTime;
use uuid::Uuid;

/// One line of a change to the account's members.
pub(super) struct Event {
    pub account_id: Uuid,
    pub actor: Uuid,
    pub subject: Uuid,
    pub action: MembershipAction,
    /// The permissions given, when the change gives some.
    pub permissions: Option<Permissions>,
}

impl Event {
    /// What the holder did to `subject`, giving no permissions.
    pub fn by_holder(holder: &Member, subject: Uuid, action: MembershipAction) -> Self {
        Event {
            account_id: holder.account_id,
            actor: holder.user.id,
            subject,
            action,
            permissions: None,
        }
    }
}

pub(super) async fn record(tx: &mut PgConnection, event: Event) -> Result<(), AppError> {
    sqlx::query!(
        "INSERT INTO membership_events
             (account_id, actor_id, subject_id, action, can_buy, can_see_all_orders)
         VALUES ($1, $2, $3, $4, $5, $6)",
        event.account_id,
        event.actor,
        event.subject,
        event.action as MembershipAction,
        event.permissions.map(|p| p.can_buy),
        event.permissions.map(|p| p.can_see_all_orders),
    )
    .execute(tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    id: i64,
    created_at: OffsetDateTime,
    action: MembershipAction,
    can_buy: Option<bool>,
    can_see_all_orders: Option<bool>,
    actor: Option<String>,
    subject: Option<String>,
}

/// A page of the holder's account history, searched by the names of who acted and who was
/// concerned (index `membership_events_account_page_idx`, which holds the line's columns).
pub async fn membership_history(
    query: ListQuery<(), i64>,
) -> Result<Page<HistoryEntry, i64>, AppError> {
    let holder = session::require_holder().await?;
    history_page(&state().pool, &holder, &query).await
}

async fn history_page(
    pool: &PgPool,
    holder: &Member,
    query: &ListQuery<(), i64>,
) -> Result<Page<HistoryEntry, i64>, AppError> {
    let mut sql = QueryBuilder::new(
        "SELECT e.id, e.created_at, e.action, e.can_buy, e.can_see_all_orders,
                (SELECT u.full_name FROM users u WHERE u.id = e.actor_id) AS actor,
                (SELECT u.full_name FROM users u WHERE u.id = e.subject_id) AS subject
         FROM membership_events e
         WHERE e.account_id = ",
    );
    sql.push_bind(holder.account_id);
    if let Some(search) = &query.search {
        // The people found by name first (users_search_idx), then their lines
        // (membership_events_actor_idx, …_subject_idx), rather than every line joined to them.
        let named = "ANY (ARRAY(SELECT u.id FROM users u WHERE u.full_name ILIKE ";
        let pattern = search.like_pattern();
        sql.push(format_args!(" AND (e.actor_id = {named}"))
            .push_bind(pattern.clone())
            .push(format_args!(")) OR e.subject_id = {named}"))
            .push_bind(pattern)
            .push(")))");
    }
    push_page(&mut sql, query, HISTORY_BY_DATE);
    let rows: Vec<HistoryRow> = read_page(&mut sql, query.search.is_some(), pool).await?;
    Page::from_read(rows, query.start, query.size, |row| {
        cursor_of(row.created_at, row.id)
    })
    .try_map(|row| {
        Ok::<_, AppError>(HistoryEntry {
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
    })
}

const HISTORY_BY_DATE: SortKey = SortKey {
    time: "e.created_at",
    id: "e.id",
};
