//! Sends the e-mails queued in `outbox`: over SMTP when `SMTP_URL` is set, otherwise as `.eml`
//! files in the mail folder (for developers and tests). Rows are claimed with
//! `FOR UPDATE SKIP LOCKED`, so several server processes share the work without sending twice;
//! a file is named after its row, so a retry overwrites rather than duplicates.
use crate::config::MailSettings;
use lettre::{
    message::{
        header::{ContentTransferEncoding, ContentType},
        Body, Mailbox,
    },
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use secrecy::ExposeSecret;
use sqlx::PgPool;
use std::{path::PathBuf, time::Duration};

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

pub struct Mailer {
    pool: PgPool,
    transport: Transport,
    from: Mailbox,
}

struct Queued {
    id: i64,
    recipient: String,
    kind: String,
    subject: String,
    body: String,
}

impl Mailer {
    pub fn new(pool: PgPool, settings: &MailSettings) -> Result<Self, String> {
        let transport = match &settings.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .map_err(|e| format!("SMTP_URL: {e}"))?
                    .build(),
            ),
            None => Transport::Files(settings.mail_dir.clone()),
        };
        let from = settings
            .from
            .parse()
            .map_err(|e| format!("MAIL_FROM: {e}"))?;
        Ok(Self {
            pool,
            transport,
            from,
        })
    }

    /// Delivers what is due, forever; started once at start-up.
    pub async fn run(self) {
        loop {
            match self.deliver_due().await {
                Ok(0) => tokio::time::sleep(Duration::from_millis(500)).await,
                Ok(_) => {}
                Err(error) => {
                    tracing::error!(%error, "outbox: cannot read the queue");
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        }
    }

    async fn deliver_due(&self) -> Result<usize, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let due = sqlx::query_as!(
            Queued,
            "SELECT id, recipient, kind, subject, body FROM outbox
             WHERE sent_at IS NULL AND next_attempt_at <= now()
             ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED"
        )
        .fetch_all(&mut *tx)
        .await?;
        for mail in &due {
            match self.send(mail).await {
                Ok(()) => {
                    sqlx::query!(
                        "UPDATE outbox SET sent_at = now(), attempts = attempts + 1,
                                last_error = NULL
                         WHERE id = $1",
                        mail.id
                    )
                    .execute(&mut *tx)
                    .await?;
                }
                Err(error) => {
                    tracing::warn!(id = mail.id, %error, "outbox: sending failed, will retry");
                    // Backoff: 30 s, 1 min, 2 min… up to one hour between attempts.
                    sqlx::query!(
                        "UPDATE outbox SET attempts = attempts + 1, last_error = $2,
                            next_attempt_at = now() + least(interval '1 hour',
                                                            interval '30 seconds' * power(2, attempts))
                         WHERE id = $1",
                        mail.id,
                        error,
                    )
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(due.len())
    }

    async fn send(&self, mail: &Queued) -> Result<(), String> {
        let to: Mailbox = mail
            .recipient
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .header(ContentType::TEXT_PLAIN)
            // Quoted-printable: always valid, and still readable in the `.eml` files.
            .body(
                Body::new_with_encoding(
                    mail.body.clone(),
                    ContentTransferEncoding::QuotedPrintable,
                )
                .map_err(|_| "the body cannot be encoded".to_string())?,
            )
            .map_err(|e| e.to_string())?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            Transport::Files(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| e.to_string())?;
                let path = dir.join(format!("{:08}-{}.eml", mail.id, mail.kind));
                tokio::fs::write(&path, message.formatted())
                    .await
                    .map_err(|e| e.to_string())?;
                tracing::info!(to = %mail.recipient, kind = %mail.kind, path = %path.display(), "e-mail written");
                Ok(())
            }
        }
    }
}
