//! Requests per second: the collaborator list against pgbench running its SQL, and the
//! collaborators page against the same bytes from the bare axum process.
use super::alternate;
use crate::{
    fixtures::Fixtures,
    load::{self, Request},
    report::{Bound, Comparison, Limit, Side},
    run::{now_text, wrk_script, Settings},
    servers::Servers,
    Context, Result,
};
use std::path::Path;

/// The statement of `collaborators/list`, the very file the portal compiles in.
const COLLABORATORS_FOR_SESSION: &str =
    include_str!("../../../app/src/collaborators/collaborators_for_session.sql");

/// The collaborator list through the portal (HTTP, session, server function, JSON) vs
/// pgbench running the same two statements: the session's load and the list's query.
pub async fn collaborator_list(
    settings: &Settings,
    servers: &Servers<'_>,
    fixtures: &Fixtures,
    database_url: &str,
) -> Result<Comparison> {
    let script = wrk_script(&settings.out)?;
    let sql = settings.out.join("collaborator-list.sql");
    // The first page of 50, newest first, as the portal's request below asks for it.
    let list_sql = COLLABORATORS_FOR_SESSION
        .trim_end()
        .replace("$1", ":user_id")
        .replace("$2", ":epoch")
        .replace("$3", ":account_id")
        .replace("$4", "NULL")
        .replace("$5", "NULL")
        .replace("$6", "NULL")
        .replace("$7", "NULL")
        .replace("$8", "true")
        .replace("$9", "51");
    std::fs::write(
        &sql,
        format!(
            "-- tower-sessions-sqlx-store's load, then collaborators/list's one statement.\n\
             SELECT data FROM \"tower_sessions\".\"session\" WHERE id = :session_id AND expiry_date > :now;\n\
             {list_sql};\n"
        ),
    )
    .context("writing the pgbench script")?;
    let now = now_text(database_url).await?;
    let variables = [
        ("session_id", fixtures.session_id.clone()),
        ("now", now),
        ("user_id", fixtures.holder_id.to_string()),
        ("epoch", fixtures.session_epoch.to_string()),
        ("account_id", fixtures.account_id.to_string()),
    ];
    let body = serde_json::json!({ "query": { "size": 50 } });
    let request = Request {
        json_body: Some(body.to_string()),
        cookie: Some(fixtures.cookie.clone()),
        ..Request::get(format!("{}/api/collaborators/list", servers.ours_url()))
    };
    let rows = reqwest::Client::new()
        .post(&request.url)
        .header("Cookie", &fixtures.cookie)
        .json(&body)
        .send()
        .await
        .context("calling collaborators/list")?
        .json::<serde_json::Value>()
        .await
        .context("reading collaborators/list")?["items"]
        .as_array()
        .map_or(0, Vec::len);
    if rows != 50 {
        return Err(format!("collaborators/list answered {rows} rows, not 50"));
    }
    let (connections, seconds) = (settings.connections, settings.seconds);
    // Warm both sides (plans, pools, caches) before the measured rounds.
    load::wrk(&script, &request, connections, 1).await?;
    load::pgbench(database_url, &sql, &variables, connections, 1).await?;
    let (ours, pgbench) = alternate(settings.rounds, || async {
        let ours = load::wrk(&script, &request, connections, seconds).await?;
        let pgbench = load::pgbench(database_url, &sql, &variables, connections, seconds).await?;
        Ok((ours.per_second(), pgbench))
    })
    .await?;
    Ok(Comparison::ratio(
        "collaborator_list",
        "collaborators/list (50 rows), requests/s",
        "req/s",
        Side::new(format!("server function, {connections} connections"), ours),
        Side::new(
            format!("pgbench -M prepared, {connections} clients"),
            pgbench,
        ),
        Bound::AtLeast(0.40),
    ))
}

/// The collaborators page rendered by the portal vs the same bytes from the bare axum process,
/// read against this machine's limit: the page's two statements alone in pgbench (`pgbench`,
/// the yardstick of the collaborator list, measured in this run).
pub async fn ssr_page(
    settings: &Settings,
    servers: &Servers<'_>,
    fixtures: &Fixtures,
    script: &Path,
    pgbench: Side,
) -> Result<(Comparison, Limit)> {
    let (rounds, seconds) = (settings.rounds, settings.seconds);
    let page_request = Request {
        cookie: Some(fixtures.cookie.clone()),
        ..Request::get(format!(
            "{}/account/collaborators?size=50",
            servers.ours_url()
        ))
    };
    let bare_request = Request::get(format!("{}/page", servers.bare_url()));
    let connections = settings.connections;
    let (ours_rps, bare_rps) = alternate(rounds, || async {
        let ours = load::wrk(script, &page_request, connections, seconds).await?;
        let bare = load::wrk(script, &bare_request, connections, seconds).await?;
        Ok((ours.per_second(), bare.per_second()))
    })
    .await?;
    let ssr_page = Comparison::ratio(
        "ssr_page",
        "collaborators page (50 rows), requests/s",
        "req/s",
        Side::new("SSR", ours_rps),
        Side::new("bare axum, same bytes", bare_rps.clone()),
        Bound::AtLeast(0.5),
    );
    let database_alone = Limit::new(
        "ssr_page_database_alone",
        "the two statements the page cannot do without, in pgbench, vs the bare axum handler",
        "/s",
        (
            Side::new(format!("pgbench, {connections} clients"), pgbench.samples),
            Side::new("bare axum, same bytes", bare_rps),
        ),
        "ssr_page",
        "the collaborators page cannot be answered without the session's row and the list of \
         collaborators: pgbench runs those two statements alone (the yardstick of \
         collaborators/list, measured in this run), with the machine to itself, no HTTP and no \
         HTML. Below the goal's 0.5, the SSR goal is out of reach on this machine even with a \
         render and an HTTP stack that cost nothing; the page actually runs about ten statements \
         (bench/CHANGES.md)",
    );
    Ok((ssr_page.read_against(&database_alone), database_alone))
}
