//! The SQL of a page of a list (`shared::list`): after the list's own conditions, the cursor's
//! condition and the order, both on the same `(time, id)` pair that an index holds, so that a
//! page is read from the index however deep it is.
//!
//! Lists are built with sqlx's `QueryBuilder` rather than `query!`: a search, filters and the
//! direction of the scan change the statement itself, and one static statement covering them
//! all (`$1 IS NULL OR …`, `ORDER BY CASE …`) would keep PostgreSQL from reading the index in
//! order. Every value is bound, never written into the SQL, but the page's size: an integer
//! of 2 to 101 (`PageSize` keeps it in range), written as the `LIMIT`, so that a generic plan
//! knows it (with `LIMIT $n` PostgreSQL plans for a tenth of the table: at a million orders, a
//! plan it compiles with JIT for every page, 15 to 50 ms each).
//!
//! What a line shows of another table (a person's name, a customer's name, an order's number)
//! is looked up by key in the select list (`(SELECT u.full_name FROM users u WHERE u.id = …)`),
//! not joined: PostgreSQL evaluates it after the sort and the limit, for the page's lines only,
//! where a join may read the whole table of people or accounts to find a page's few. A search in
//! another table finds its ids first (`x.id = ANY (ARRAY(SELECT …))`), which the list's own
//! indexes then answer. `server/tests/api/plans.rs` reads the plans of every list.
use shared::list::{Cursor, LineId, ListQuery, SearchText};
use sqlx::{postgres::PgRow, Encode, FromRow, PgPool, Postgres, QueryBuilder, Type};
use time::OffsetDateTime;

/// The columns a list is sorted by: a time, and the id that orders lines of the same time.
#[derive(Clone, Copy)]
pub struct SortKey {
    pub time: &'static str,
    pub id: &'static str,
}

/// Ends a list's statement (`… WHERE <its conditions>`): the lines after or before the cursor,
/// in the direction the page is read, one more than the page's size (it says whether more
/// follow). `shared::list::Page::from_read` turns what it reads into the page.
pub fn push_page<F, I>(
    builder: &mut QueryBuilder<'_, Postgres>,
    query: &ListQuery<F, I>,
    key: SortKey,
) where
    I: LineId + for<'q> Encode<'q, Postgres> + Type<Postgres>,
{
    let descending = query.start.reads_descending(query.sort);
    if let Some(cursor) = query.start.cursor() {
        let comparison = if descending { "<" } else { ">" };
        builder
            .push(format_args!(
                " AND ({}, {}) {comparison} (",
                key.time, key.id
            ))
            .push_bind(cursor_time(cursor))
            .push(", ")
            .push_bind(cursor.id)
            .push(")");
    }
    let direction = direction(query);
    builder.push(format_args!(
        " ORDER BY {time} {direction}, {id} {direction} LIMIT {lines}",
        time = key.time,
        id = key.id,
        lines = u32::from(query.size.get()) + 1
    ));
}

/// The order a page is read in, as SQL: newest first (`DESC`) or oldest first (`ASC`).
pub fn direction<F, I: LineId>(query: &ListQuery<F, I>) -> &'static str {
    if query.start.reads_descending(query.sort) {
        "DESC"
    } else {
        "ASC"
    }
}

/// Runs a page's statement (ended by [`push_page`]). With `replan`, PostgreSQL plans it for its
/// values every time (an unnamed statement, never a generic plan): for a searched page, where
/// whether the text is found in a few lines or in most decides between the search's index and
/// the list's; and for a person's lines among an account's (a member who sees only their own, a
/// filter by person), which a generic plan, made for an average account, may look for by
/// reading the whole account.
pub async fn read_page<T>(
    builder: &mut QueryBuilder<'_, Postgres>,
    replan: bool,
    pool: &PgPool,
) -> Result<Vec<T>, sqlx::Error>
where
    T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    builder
        .build_query_as()
        .persistent(!replan)
        .fetch_all(pool)
        .await
}

/// A page as the binds of a statement written once (`collaborators_for_session.sql`, which
/// pgbench also runs): the cursor's time and id (`NULL` for the first page), whether the page is
/// read newest first, and how many lines to read (one more than the page's size).
pub struct PageBinds<I> {
    pub time: Option<OffsetDateTime>,
    pub id: Option<I>,
    pub descending: bool,
    pub limit: i64,
}

impl<I: LineId> PageBinds<I> {
    pub fn of<F>(query: &ListQuery<F, I>) -> Self {
        let cursor = query.start.cursor();
        PageBinds {
            time: cursor.map(cursor_time),
            id: cursor.map(|cursor| cursor.id),
            descending: query.start.reads_descending(query.sort),
            limit: i64::from(query.size.get()) + 1,
        }
    }
}

/// The table a staff list reads, as its statement names it: `orders o`, its line's id `o.id` and
/// the line's account `o.account_id`.
#[derive(Clone, Copy)]
pub struct Lines {
    pub table: &'static str,
    pub id: &'static str,
    pub account: &'static str,
}

/// Appends a staff list's conditions: its `filters`, and its query's search found both in the
/// line's own columns (`own_search`) and in its customer's company name. A searched list's lines
/// are ` AND <id> = ANY (…)`, a page's worth from each of two reads: for each account whose
/// company name the search finds, its own lines from its index in order (`LATERAL`, a page at
/// most each); and the lines the search finds in their own columns. One `OR` of the two would
/// read every line of the customers found and sort them for each page (100,000 orders for the
/// largest). The caller ends the statement with [`push_page`], which keeps the page's lines of
/// the two.
pub fn push_staff_conditions<'args, F, I>(
    builder: &mut QueryBuilder<'args, Postgres>,
    lines: Lines,
    query: &ListQuery<F, I>,
    key: SortKey,
    filters: impl Fn(&mut QueryBuilder<'args, Postgres>),
    own_search: impl Fn(&mut QueryBuilder<'args, Postgres>, &SearchText),
) where
    I: LineId + for<'q> Encode<'q, Postgres> + Type<Postgres>,
{
    let Some(search) = &query.search else {
        filters(builder);
        return;
    };
    let Lines { table, id, account } = lines;
    builder
        .push(format_args!(
            " AND {id} = ANY (ARRAY((SELECT found.id \
             FROM unnest(ARRAY(SELECT c.id FROM customer_accounts c WHERE c.company_name ILIKE "
        ))
        .push_bind(search.like_pattern())
        .push(format_args!(
            ")) AS customer(id) CROSS JOIN LATERAL (SELECT {id} AS id FROM {table} \
             WHERE {account} = customer.id"
        ));
    filters(builder);
    push_page(builder, query, key);
    builder.push(format_args!(
        ") found) UNION (SELECT {id} FROM {table} WHERE true"
    ));
    filters(builder);
    own_search(builder, search);
    push_page(builder, query, key);
    builder.push(")))");
}

/// Appends `a ILIKE $x OR b ILIKE $x …`: the search found in any of `columns` (the caller
/// brackets it).
pub fn push_like_any(builder: &mut QueryBuilder<'_, Postgres>, pattern: &str, columns: &[&str]) {
    for (index, column) in columns.iter().enumerate() {
        if index > 0 {
            builder.push(" OR ");
        }
        builder
            .push(format_args!("{column} ILIKE "))
            .push_bind(pattern.to_owned());
    }
}

/// A line's place in its list, from its sort time and id.
pub fn cursor_of<I>(time: OffsetDateTime, id: I) -> Cursor<I> {
    // The database keeps microseconds: the cursor is exact (i64 µs reach the year 294,000).
    let micros = time.unix_timestamp_nanos() / 1_000;
    Cursor {
        at_micros: i64::try_from(micros).unwrap_or(i64::MAX),
        id,
    }
}

/// A cursor's time. Addresses are typed: a time beyond the years 1 to 9999 is read as the
/// nearest of them, which every line follows or precedes.
fn cursor_time<I>(cursor: Cursor<I>) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(cursor.at_micros) * 1_000).unwrap_or(
        if cursor.at_micros > 0 {
            time::PrimitiveDateTime::MAX.assume_utc()
        } else {
            time::PrimitiveDateTime::MIN.assume_utc()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn a_cursor_keeps_the_microseconds_of_its_time() {
        let time = OffsetDateTime::from_unix_timestamp_nanos(1_764_672_000_123_456_000).unwrap();
        let id = Uuid::nil();
        let cursor = cursor_of(time, id);
        assert_eq!(cursor.at_micros, 1_764_672_000_123_456);
        assert_eq!(cursor_time(cursor), time);
    }

    #[test]
    fn a_cursor_out_of_time_is_read_as_the_nearest_time() {
        let at = |at_micros| Cursor {
            at_micros,
            id: Uuid::nil(),
        };
        assert_eq!(cursor_time(at(i64::MAX)).year(), 9999);
        assert_eq!(cursor_time(at(i64::MIN)).year(), -9999);
    }
}
