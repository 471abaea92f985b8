//! Documents lists: a member's (what they may download), a project's quotes, and every
//! customer's for staff. One rule of who sees what: [`push_visible_to`].
use crate::{
    documents::types::DocumentLine,
    error::AppError,
    server::{
        db::list::{cursor_of, push_like_any, push_page, SortKey},
        documents::{DocumentLineRow, DOCUMENT_LINE_COLUMNS},
        session::{self, Member},
        state,
    },
};
use shared::list::{DocumentFilter, ListQuery, Page};
use shared::DocumentKind;
use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

/// Documents lists are read by the day they were issued (`documents_account_created_idx`,
/// `documents_created_idx`).
const DOCUMENTS_BY_DATE: SortKey = SortKey {
    time: "d.created_at",
    id: "d.id",
};

fn select<'a>() -> QueryBuilder<'a, Postgres> {
    QueryBuilder::new(format!(
        "SELECT {DOCUMENT_LINE_COLUMNS}
         FROM documents d LEFT JOIN orders o ON o.id = d.order_id
              LEFT JOIN customer_accounts a ON a.id = d.account_id
         WHERE true"
    ))
}

/// What `member` may download: their account's quotes, and the documents of the orders they
/// see (`order_readers`, the one rule of who sees which order).
pub fn push_visible_to(sql: &mut QueryBuilder<'_, Postgres>, member: &Member) {
    sql.push(" AND d.account_id = ")
        .push_bind(member.account_id)
        .push(
            " AND (d.kind = 'quote' OR EXISTS (SELECT 1 FROM order_readers r
                   WHERE r.order_id = d.order_id AND r.user_id = ",
        )
        .push_bind(member.user.id)
        .push("))");
}

fn push_filter(
    sql: &mut QueryBuilder<'_, Postgres>,
    query: &ListQuery<DocumentFilter>,
    also: &[&str],
) {
    if let Some(kind) = query.filter.kind {
        sql.push(" AND d.kind = ").push_bind(kind);
    }
    if let Some(search) = &query.search {
        let mut columns = vec!["d.number", "d.title", "o.number::text"];
        columns.extend_from_slice(also);
        sql.push(" AND (");
        push_like_any(sql, &search.like_pattern(), &columns);
        sql.push(")");
    }
}

async fn page_of(
    mut sql: QueryBuilder<'_, Postgres>,
    query: &ListQuery<DocumentFilter>,
    with_account: bool,
) -> Result<Page<DocumentLine>, AppError> {
    push_page(&mut sql, query, DOCUMENTS_BY_DATE);
    let rows: Vec<DocumentLineRow> = sql.build_query_as().fetch_all(&state().pool).await?;
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
    push_filter(&mut sql, &query, &[]);
    page_of(sql, &query, false).await
}

pub async fn list_all_documents(
    query: ListQuery<DocumentFilter>,
) -> Result<Page<DocumentLine>, AppError> {
    session::require_staff().await?;
    let mut sql = select();
    push_filter(&mut sql, &query, &["a.company_name"]);
    page_of(sql, &query, true).await
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
