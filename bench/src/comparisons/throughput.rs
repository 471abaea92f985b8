//! Requests per second: the collaborator list and the collaborators page against pgbench
//! running the statements they cannot do without, and the page against the same bytes from the
//! bare axum process.
use super::alternate;
use crate::{
    cpu::{self, CpuSplit, DATABASE},
    fixtures::Fixtures,
    load::{self, Request, WrkSummary},
    report::{Bound, Comparison, Limit, Side},
    run::{now_text, wrk_script, Settings},
    servers::Servers,
    Context, Result,
};
use std::path::{Path, PathBuf};

/// The statement of `collaborators/list`, the very file the portal compiles in.
const COLLABORATORS_FOR_SESSION: &str =
    include_str!("../../../app/src/collaborators/collaborators_for_session.sql");

/// The two statements `collaborators/list` and the collaborators page cannot do without (the
/// session's load and the list's query), as a pgbench script and the values of its variables.
pub struct ListStatements {
    sql: PathBuf,
    variables: Vec<(&'static str, String)>,
}

impl ListStatements {
    pub async fn write(
        settings: &Settings,
        fixtures: &Fixtures,
        database_url: &str,
    ) -> Result<Self> {
        let sql = settings.out.join("collaborator-list.sql");
        // The first page of 50, newest first, as the portal's requests ask for it.
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
                "-- The session's row (as tower-sessions' store reads it), then collaborators/list's statement.\n\
                 SELECT data FROM \"tower_sessions\".\"session\" WHERE id = :session_id AND expiry_date > :now;\n\
                 {list_sql};\n"
            ),
        )
        .context("writing the pgbench script")?;
        let now = now_text(database_url).await?;
        let variables = vec![
            ("session_id", fixtures.session_id.clone()),
            ("now", now),
            ("user_id", fixtures.holder_id.to_string()),
            ("epoch", fixtures.session_epoch.to_string()),
            ("account_id", fixtures.account_id.to_string()),
        ];
        Ok(Self { sql, variables })
    }

    /// Transactions (both statements) per second.
    pub async fn pgbench(&self, database_url: &str, clients: u32, seconds: u32) -> Result<f64> {
        load::pgbench(database_url, &self.sql, &self.variables, clients, seconds).await
    }
}

/// The collaborator list through the portal (HTTP, session, server function, JSON) vs
/// pgbench running the same two statements: the session's load and the list's query.
pub async fn collaborator_list(
    settings: &Settings,
    servers: &Servers<'_>,
    fixtures: &Fixtures,
    database_url: &str,
) -> Result<Comparison> {
    let script = wrk_script(&settings.out)?;
    let statements = ListStatements::write(settings, fixtures, database_url).await?;
    let request = list_request(servers, fixtures);
    let rows = reqwest::Client::new()
        .post(&request.url)
        .header("Cookie", &fixtures.cookie)
        .header("Content-Type", "application/json")
        .body(request.json_body.clone().unwrap_or_default())
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
    statements.pgbench(database_url, connections, 1).await?;
    let (ours, pgbench) = alternate(settings.rounds, || async {
        let ours = cpu::measured(load::wrk(&script, &request, connections, seconds)).await?;
        let pgbench = cpu::measured(statements.pgbench(database_url, connections, seconds)).await?;
        Ok((ours, pgbench))
    })
    .await?;
    let note = cpu_beside_pgbench(&ours, &pgbench, seconds);
    Ok(Comparison::ratio(
        "collaborator_list",
        "collaborators/list (50 rows), requests/s",
        "req/s",
        Side::new(
            format!("server function, {connections} connections"),
            ours.iter().map(|(wrk, _)| wrk.per_second()).collect(),
        ),
        Side::new(
            format!("pgbench -M prepared, {connections} clients"),
            pgbench.iter().map(|(tps, _)| *tps).collect(),
        ),
        Bound::AtLeast(0.40),
    )
    .with_note(note))
}

/// `collaborators/list`'s first page of 50 as the measured account's holder: the page's data,
/// without its HTML.
fn list_request(servers: &Servers<'_>, fixtures: &Fixtures) -> Request {
    Request {
        json_body: Some(serde_json::json!({ "query": { "size": 50 } }).to_string()),
        cookie: Some(fixtures.cookie.clone()),
        ..Request::get(format!("{}/api/collaborators/list", servers.ours_url()))
    }
}

/// Where the CPU went with the portal's requests and with pgbench's transactions of the same
/// statements (the rounds of each side together): what a request costs beyond its statements.
fn cpu_beside_pgbench(
    ours: &[(WrkSummary, CpuSplit)],
    pgbench: &[(f64, CpuSplit)],
    seconds: u32,
) -> String {
    let (requests, ours) = CpuSplit::of_rounds(ours, |wrk| wrk.requests);
    let (transactions, pgbench) = CpuSplit::of_rounds(pgbench, |&tps| cpu::done_in(tps, seconds));
    format!(
        "CPU time with the portal: {}. With pgbench: {}; PostgreSQL {:.3} ms a transaction of \
         the same statements",
        ours.per_request(requests),
        pgbench.describe(),
        pgbench.ms_each(DATABASE, transactions)
    )
}

/// The collaborators page rendered by the portal vs pgbench running the two statements it cannot
/// do without, the goal; and, as limits, the same bytes from the bare axum process against both
/// (this machine's) and the page's data without its HTML, `collaborators/list`, against the
/// statements (the portal's request path before any render); the four sides measured one after
/// the other in each round.
pub async fn ssr_page(
    settings: &Settings,
    servers: &Servers<'_>,
    fixtures: &Fixtures,
    script: &Path,
    database_url: &str,
) -> Result<(Comparison, Vec<Limit>)> {
    let (rounds, seconds) = (settings.rounds, settings.seconds);
    let statements = ListStatements::write(settings, fixtures, database_url).await?;
    let page_request = Request {
        cookie: Some(fixtures.cookie.clone()),
        ..Request::get(format!(
            "{}/account/collaborators?size=50",
            servers.ours_url()
        ))
    };
    let bare_request = Request::get(format!("{}/page", servers.bare_url()));
    let data_request = list_request(servers, fixtures);
    let connections = settings.connections;
    let (portal, others) = alternate(rounds, || async {
        let ours = cpu::measured(load::wrk(script, &page_request, connections, seconds)).await?;
        let data = load::wrk(script, &data_request, connections, seconds).await?;
        let bare = load::wrk(script, &bare_request, connections, seconds).await?;
        let pgbench = cpu::measured(statements.pgbench(database_url, connections, seconds)).await?;
        Ok(((ours, data.per_second()), (bare.per_second(), pgbench)))
    })
    .await?;
    let (ours, data_rps): (Vec<_>, Vec<f64>) = portal.into_iter().unzip();
    let (bare_rps, pgbench): (Vec<f64>, Vec<(f64, CpuSplit)>) = others.into_iter().unzip();
    let cpu_note = cpu_beside_pgbench(&ours, &pgbench, seconds);
    let pgbench_tps = pgbench.iter().map(|(tps, _)| *tps).collect();
    let ssr = Side::new(
        "SSR",
        ours.iter().map(|(wrk, _)| wrk.per_second()).collect(),
    );
    let bare = Side::new("bare axum, same bytes", bare_rps);
    let data = Side::new("collaborators/list, the same 50 rows as JSON", data_rps);
    let pgbench = Side::new(
        format!("pgbench -M prepared, {connections} clients"),
        pgbench_tps,
    );
    let without_html = Limit::new(
        "ssr_page_data_vs_database",
        "the page's data without its HTML (collaborators/list) vs the two statements in pgbench",
        "req/s",
        (data, pgbench.clone()),
        "ssr_page_vs_database",
        "the same session, the same two statements and the same 50 rows through the portal's \
         request path, answered as JSON with no page around them: the most the page could reach \
         if its HTML cost nothing. Below the goal's 0.5, no render, however cheap, meets the goal \
         on this request path; collaborators/list has its own goal against the same statements",
    );
    let render_share = 1.0 - ssr.median / without_html.measured.median;
    let goal = Bound::AtLeast(0.5);
    let data_reading = if goal.holds(without_html.value) {
        "within the goal: the render is what misses it"
    } else {
        "already under the goal: no render, however cheap, meets it on this request path"
    };
    let ssr_page = Comparison::ratio(
        "ssr_page_vs_database",
        "collaborators page (50 rows) vs the two statements it cannot do without, requests/s",
        "req/s",
        ssr.clone(),
        pgbench.clone(),
        goal,
    )
    .with_note(format!(
        "the page cannot be answered without the session's row and the list of collaborators: \
         pgbench runs those two statements alone, no HTTP and no HTML; the page runs 3 statements \
         (server/tests/api/statements.rs). Its data without its HTML reaches {:.2} of the \
         statements in the same rounds (\"{}\"), {data_reading}; the HTML is {:.0} % of a \
         page's time. {cpu_note}",
        without_html.value,
        without_html.what,
        render_share * 100.0
    ));
    let http_alone = Limit::new(
        "ssr_page_bare_vs_database",
        "the page's bytes from the bare axum handler vs the two statements in pgbench",
        "/s",
        (bare.clone(), pgbench),
        "ssr_page_vs_database",
        "the bare axum process sends the page's bytes (no session, no database, no render): below \
         the goal's 0.5, HTTP alone on this machine puts the goal out of reach, whatever the \
         portal does",
    );
    let versus_bare = Limit::new(
        "ssr_page_vs_bare",
        "the collaborators page vs the same bytes from the bare axum handler",
        "req/s",
        (ssr, bare),
        "ssr_page_vs_database",
        "the portal's whole cost per page (session, statements, render) against a handler that \
         only sends the same bytes; a goal of 0.5 until issue 23, reported since without one",
    );
    Ok((
        ssr_page.read_against(&http_alone),
        vec![http_alone, without_html, versus_bare],
    ))
}
