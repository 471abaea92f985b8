//! The sweep of orphans: stored files (design files, documents' PDFs) that no row names. They come from a process that stopped
//! between storing a file and committing its row, or from a deletion that failed after the row
//! went. Only files older than a grace period are swept, so an upload in flight (stored, its row
//! not yet committed) is never touched; deletions of a key already gone succeed, so several
//! processes may sweep at once.
use super::{is_valid_key, FileStore, ObjectFiles, StoreError};
use futures::{StreamExt, TryStreamExt};
use sqlx::PgPool;
use std::{
    collections::HashSet,
    time::{Duration, SystemTime},
};

/// Keys checked against the database in one query.
const BATCH: usize = 500;

/// What one sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SweepReport {
    /// Stored files old enough to be looked at.
    pub examined: usize,
    /// Of those, the files no row named, now deleted.
    pub deleted: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// Deletes the stored files older than `grace` that no `project_files` or `documents` row
/// names.
pub async fn sweep_orphans(
    files: &ObjectFiles,
    pool: &PgPool,
    grace: Duration,
) -> Result<SweepReport, SweepError> {
    let cutoff = SystemTime::now()
        .checked_sub(grace)
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let mut report = SweepReport::default();
    let mut batches = files
        .list()
        .try_filter_map(|meta| async move {
            let key = meta.location.to_string();
            let old_enough = SystemTime::from(meta.last_modified) <= cutoff;
            Ok((old_enough && is_valid_key(&key)).then_some(key))
        })
        .try_chunks(BATCH)
        .boxed();
    while let Some(keys) = batches.next().await {
        let keys = keys.map_err(|error| error.1)?;
        report.examined += keys.len();
        let named: HashSet<String> = sqlx::query_scalar!(
            r#"SELECT storage_key AS "storage_key!" FROM project_files WHERE storage_key = ANY($1)
               UNION ALL
               SELECT storage_key FROM documents WHERE storage_key = ANY($1)"#,
            &keys,
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .collect();
        for key in keys.iter().filter(|key| !named.contains(*key)) {
            files.delete(key).await?;
            report.deleted += 1;
        }
    }
    Ok(report)
}

/// Sweeps every `every`, for as long as the server runs; a failed sweep is logged and the next
/// one tries again.
pub async fn sweep_continuously(
    files: ObjectFiles,
    pool: PgPool,
    every: Duration,
    grace: Duration,
) {
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match sweep_orphans(&files, &pool, grace).await {
            Ok(report) if report.deleted > 0 => {
                tracing::info!(
                    examined = report.examined,
                    deleted = report.deleted,
                    "orphan design files swept"
                )
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "orphan design files: sweep failed"),
        }
    }
}
