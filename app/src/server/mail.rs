//! E-mails go through the `outbox` table, written in the same transaction as the event that
//! causes them; a worker in the server sends them (see `server/src/mailer.rs`).
use super::db::users::locale_or_default;
use crate::i18n::{I18nLocaleTrait, Locale};
use sqlx::PgConnection;
use uuid::Uuid;

/// Queues an e-mail; call inside the transaction of the change it reports.
pub async fn enqueue(
    tx: &mut PgConnection,
    recipient: &str,
    locale: &str,
    kind: &str,
    subject: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO outbox (recipient, locale, kind, subject, body) VALUES ($1, $2, $3, $4, $5)",
        recipient,
        locale,
        kind,
        subject,
        body,
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// Queues one e-mail to each of `user_ids`, written by `render` in the recipient's language
/// (subject, body).
pub async fn enqueue_for_users(
    tx: &mut PgConnection,
    user_ids: &[Uuid],
    kind: &str,
    render: impl Fn(Locale) -> (String, String),
) -> Result<(), sqlx::Error> {
    let recipients = sqlx::query!(
        "SELECT email, locale FROM users WHERE id = ANY($1)",
        user_ids
    )
    .fetch_all(&mut *tx)
    .await?;
    for recipient in recipients {
        let locale = locale_or_default(&recipient.locale);
        let (subject, body) = render(locale);
        enqueue(tx, &recipient.email, locale.as_str(), kind, &subject, &body).await?;
    }
    Ok(())
}
