//! `faults storage`: the S3 server stopped. Uploads and downloads must fail with a clear message
//! (503 with a body, within a bound), everything else must answer 200, and both must work again
//! once the server is back.
use super::{buyer::Answer, Drill, Figures};
use crate::{Context, Result};
use serde_json::json;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// An upload or download that fails must say so within this.
const BOUND: Duration = Duration::from_secs(10);

pub async fn run(drill: &Drill<'_>) -> Result<Figures> {
    let buyer = drill.buyer().await?;
    let file_id: Uuid =
        sqlx::query_scalar("SELECT id FROM project_files WHERE project_id = $1 AND current")
            .bind(buyer.project_id)
            .fetch_one(drill.pool)
            .await
            .context("the project's file")?;
    let download = format!("/api/files/{file_id}");
    let mut figures = Figures::new();

    drill.cluster.script("s3", &["stop"]).await?;
    let outcome = async {
        let timed = |answer: Answer, took: Duration| (answer, took);
        let started = Instant::now();
        let upload = timed(buyer.upload(2).await, started.elapsed());
        let started = Instant::now();
        let fetched = timed(buyer.get(&download).await, started.elapsed());
        let page = buyer.get("/account/projects").await;
        let list = buyer.call("projects/list", &json!({})).await;
        let order = buyer.place_order(Uuid::new_v4()).await;
        (upload, fetched, page, list, order)
    }
    .await;
    let restarted = drill.cluster.script("s3", &["start"]).await;
    let ((upload, upload_took), (fetched, fetch_took), page, list, order) = outcome;

    let clear_503 =
        |answer: &Answer| matches!(answer, Answer::Status(503, body) if !body.trim().is_empty());
    figures.push(
        "upload while stopped",
        format!("{} in {upload_took:.2?}", upload.label()),
    );
    figures.push(
        "download while stopped",
        format!("{} in {fetch_took:.2?}", fetched.label()),
    );
    figures.push(
        "page, list, order while stopped",
        format!("{}, {}, {}", page.label(), list.label(), order.label()),
    );
    if let Answer::Status(_, body) = &upload {
        figures.push("upload's message", body.replace('\n', " "));
    }
    figures.check(
        clear_503(&upload) && upload_took < BOUND,
        "an upload fails with 503 and a message",
    );
    figures.check(
        clear_503(&fetched) && fetch_took < BOUND,
        "a download fails with 503 and a message",
    );
    figures.check(
        matches!(
            (&page, &list, &order),
            (Answer::Ok(_), Answer::Ok(_), Answer::Ok(_))
        ),
        "pages, server functions and orders answer 200",
    );

    restarted?;
    let back = Instant::now();
    let mut upload_again = None;
    while back.elapsed() < Duration::from_secs(10) {
        if matches!(buyer.upload(2).await, Answer::Ok(_)) {
            upload_again = Some(back.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // moto keeps its objects in memory: a restart forgets them (an S3 service does not), so
    // the download checked is of the file uploaded once the server is back.
    let current: Option<Uuid> =
        sqlx::query_scalar("SELECT id FROM project_files WHERE project_id = $1 AND current")
            .bind(buyer.project_id)
            .fetch_optional(drill.pool)
            .await
            .context("the project's file after the restart")?;
    let fetched_again = match current {
        Some(file_id) => buyer.get(&format!("/api/files/{file_id}")).await,
        None => Answer::Status(404, "no current file".into()),
    };
    figures.push(
        "upload works again after",
        upload_again.map_or("not within 10 s".into(), |after| format!("{after:.2?}")),
    );
    figures.push(
        "download of a file uploaded once back",
        fetched_again.label(),
    );
    figures.check(
        upload_again.is_some_and(|after| after < Duration::from_secs(5)),
        "uploads work again within 5 s",
    );
    figures.check(
        matches!(fetched_again, Answer::Ok(_)),
        "downloads work again",
    );
    Ok(figures)
}
