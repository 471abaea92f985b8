//! Document numbers. Invoices and credit notes are numbered in sequence without gaps, one series
//! a year ("FA-2026-00001", then "FA-2026-00002"…), as French law asks; quotes likewise, so
//! that a customer can quote one's number. A number is taken by updating the series' row in the
//! transaction that issues the document: concurrent issues wait for each other's commit, and a
//! rolled-back transaction gives its number back.
use crate::error::AppError;
use shared::DocumentKind;
use sqlx::PgConnection;

/// The series a kind of document is numbered in, and its prefix (`None`: numbered after the
/// order, "PF-1042").
fn series(kind: DocumentKind) -> Option<(&'static str, &'static str)> {
    match kind {
        DocumentKind::Quote => Some(("quote", "DV")),
        DocumentKind::Invoice => Some(("invoice", "FA")),
        DocumentKind::CreditNote => Some(("credit_note", "AV")),
        DocumentKind::ProForma => None,
    }
}

/// The next number of `kind` in `year`, taken in `tx`; a pro-forma invoice is named after its
/// order (`order_number`), as it is not an accounting document.
pub(super) async fn next_number(
    tx: &mut PgConnection,
    kind: DocumentKind,
    year: i32,
    order_number: Option<i64>,
) -> Result<String, AppError> {
    let Some((series, prefix)) = series(kind) else {
        let number =
            order_number.ok_or_else(|| crate::server::internal("a pro-forma without order"))?;
        return Ok(format!("PF-{number}"));
    };
    let last = sqlx::query_scalar!(
        "INSERT INTO document_series (series, year, last_number) VALUES ($1, $2, 1)
         ON CONFLICT (series, year)
         DO UPDATE SET last_number = document_series.last_number + 1
         RETURNING last_number",
        series,
        year,
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(format!("{prefix}-{year}-{last:05}"))
}
