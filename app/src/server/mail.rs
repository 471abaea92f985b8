//! E-mails go through the `outbox` table, written in the same transaction as the event that
//! causes them; a worker in the server sends them (see `server/src/mailer.rs`).
use sqlx::PgConnection;

/// Queues an e-mail; call inside the transaction of the change it reports.
pub async fn enqueue(
    tx: &mut PgConnection,
    recipient: &str,
    locale: &str,
    kind: &str,
    subject: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (recipient, locale, kind, subject, body) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(recipient)
    .bind(locale)
    .bind(kind)
    .bind(subject)
    .bind(body)
    .execute(tx)
    .await?;
    Ok(())
}
