//! E-mails go through the `outbox` table, written in the same transaction as the event that
//! causes them; a worker in the server sends them (see `server/src/mailer.rs`). A single-use
//! link is made only as its e-mail is sent (`links.rs`), and the bodies of sent e-mails are
//! emptied after [`BODY_KEPT_DAYS`].
use super::{db::users::locale_or_default, links::PendingLink};
use crate::i18n::{I18nLocaleTrait, Locale};
use sqlx::PgConnection;
use uuid::Uuid;

/// How long the body of a sent e-mail is kept (who got what and when stays).
pub const BODY_KEPT_DAYS: i32 = 30;

/// Queues an e-mail; call inside the transaction of the change it reports.
pub async fn enqueue(
    tx: &mut PgConnection,
    recipient: &str,
    locale: &str,
    kind: &str,
    subject: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    insert(tx, recipient, locale, kind, subject, body, None).await
}

/// Queues an e-mail whose body has `links::PLACEHOLDER` where `link` goes: the worker makes
/// the link's token as it sends it.
pub async fn enqueue_with_link(
    tx: &mut PgConnection,
    recipient: &str,
    locale: &str,
    kind: &str,
    subject: &str,
    body: &str,
    link: &PendingLink,
) -> Result<(), sqlx::Error> {
    insert(tx, recipient, locale, kind, subject, body, Some(link)).await
}

async fn insert(
    tx: &mut PgConnection,
    recipient: &str,
    locale: &str,
    kind: &str,
    subject: &str,
    body: &str,
    link: Option<&PendingLink>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO outbox (recipient, locale, kind, subject, body, link, link_token_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        recipient,
        locale,
        kind,
        subject,
        body,
        link.map(|link| link.link) as Option<super::links::Link>,
        link.map(|link| link.token_hash.as_slice()),
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// Empties the bodies of the e-mails sent more than [`BODY_KEPT_DAYS`] ago; run from time to
/// time by the server. Answers how many.
pub async fn purge_sent_bodies(pool: &sqlx::PgPool) -> Result<u64, sqlx::Error> {
    let purged = sqlx::query!(
        "UPDATE outbox SET body = ''
         WHERE sent_at < now() - make_interval(days => $1) AND body <> ''",
        BODY_KEPT_DAYS,
    )
    .execute(pool)
    .await?;
    Ok(purged.rows_affected())
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
