//! Documents lists: a member's (what they may download), a project's quotes, and every
//! customer's for staff. One rule of who sees what: [`push_visible_to`].
use crate::{
    documents::types::DocumentLine,
    error::AppError,
    server::{
        db::{
            list::{
                cursor_of, push_like_any, push_page, push_staff_conditions, read_page, Lines,
                SortKey,
            },
            orders::{push_readable_by, sees_every_order},
        },
        documents::{DocumentLineRow, DOCUMENT_LINE_COLUMNS},
        session::{self, Member},
        state,
    },
};
use shared::list::{DocumentFilter, ListQuery, Page, SearchText};
use shared::DocumentKind;
use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

/// Documents lists are read by the day they were issued (`documents_account_created_idx`,
/// `documents_created_idx`).
const DOCUMENTS_BY_DATE: SortKey = SortKey {
    time: "d.created_at",
    id: "d.id",
};

const DOCUMENT_LINES: Lines = Lines {
    table: "documents d",
    id: "d.id",
    account: "d.account_id",
};

fn select<'a>() -> QueryBuilder<'a, Postgres> {
    QueryBuilder::new(format!(
        "SELECT {DOCUMENT_LINE_COLUMNS}
         FROM documents d
         WHERE true"
    ))
}

/// What `member` may download: their account's quotes, and the documents of the orders they
/// see (the rule of `order_readers`, written out as `push_readable_by` does and for the same
/// reason: the holder's list read every order of the account through the view). Those who see
/// only their own orders: the quotes (`documents_account_kind_idx`) and the documents of their
/// orders, found first (`documents_one_of_a_kind_per_order`).
pub fn push_visible_to(sql: &mut QueryBuilder<'_, Postgres>, member: &Member) {
    sql.push(" AND d.account_id = ")
        .push_bind(member.account_id);
    if !sees_every_order(member) {
        sql.push(" AND (d.kind = 'quote' OR d.order_id = ANY (ARRAY(SELECT o.id FROM orders o WHERE true");
        push_readable_by(sql, member);
        sql.push(")))");
    }
}

/// The kind filter.
fn push_kind(sql: &mut QueryBuilder<'_, Postgres>, filter: &DocumentFilter) {
    if let Some(kind) = filter.kind {
        sql.push(" AND d.kind = ").push_bind(kind);
    }
}

/// The search in the document's own columns: its number and title, and its order's number (the
/// order found first, in its own index, rather than joined).
fn push_search(sql: &mut QueryBuilder<'_, Postgres>, search: &SearchText) {
    sql.push(" AND (");
    push_like_any(sql, &search.like_pattern(), &["d.number", "d.title"]);
    if let Some(number) = search.order_number() {
        sql.push(" OR d.order_id = (SELECT o.id FROM orders o WHERE o.number = ")
            .push_bind(number)
            .push(")");
    }
    sql.push(")");
}

/// A page of the documents `sql` selects; `own_lines` when they are a member's own among the
/// account's (`read_page`'s `replan`).
async fn page_of(
    mut sql: QueryBuilder<'_, Postgres>,
    query: &ListQuery<DocumentFilter>,
    with_account: bool,
    own_lines: bool,
) -> Result<Page<DocumentLine>, AppError> {
    push_page(&mut sql, query, DOCUMENTS_BY_DATE);
    let replan = own_lines || query.search.is_some();
    let rows: Vec<DocumentLineRow> = read_page(&mut sql, replan, &state().pool).await?;
    Page::from_read(rows, query.start, query.size, |row| {
        cursor_of(row.created_at, row.id)
    })
    .try_map(|row| Ok(row.into_line(with_account)))
}

pub async fn list_documents(
    query: ListQuery<DocumentFilter>,
) -> Result<Page<DocumentLine>, AppError> {
    let member = session::require_member().await?;
    let mut sql = select();
    push_visible_to(&mut sql, &member);
    push_kind(&mut sql, &query.filter);
    if let Some(search) = &query.search {
        push_search(&mut sql, search);
    }
    let own_lines = !sees_every_order(&member);
    page_of(sql, &query, false, own_lines).await
}

pub async fn list_all_documents(
    query: ListQuery<DocumentFilter>,
) -> Result<Page<DocumentLine>, AppError> {
    session::require_staff().await?;
    let mut sql = select();
    push_staff_conditions(
        &mut sql,
        DOCUMENT_LINES,
        &query,
        DOCUMENTS_BY_DATE,
        |sql| push_kind(sql, &query.filter),
        push_search,
    );
    page_of(sql, &query, true, false).await
}

pub async fn project_quotes(project_id: Uuid) -> Result<Vec<DocumentLine>, AppError> {
    let member = session::require_member().await?;
    let mut sql = select();
    push_visible_to(&mut sql, &member);
    sql.push(" AND d.project_id = ")
        .push_bind(project_id)
        .push(" AND d.kind = ")
        .push_bind(DocumentKind::Quote)
        .push(" ORDER BY d.created_at DESC, d.id DESC LIMIT 20");
    let rows: Vec<DocumentLineRow> = sql.build_query_as().fetch_all(&state().pool).await?;
    Ok(rows.into_iter().map(|row| row.into_line(false)).collect())
}
