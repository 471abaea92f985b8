//! How many SQL statements each logged-in page (the account area's, the back-office's) and a
//! login cost, counted as sqlx runs them (the server runs in this test's process): a request's
//! cost must not creep up unseen.
use crate::{
    helpers::{browser, spawn_app},
    world::world,
};
use std::sync::{Arc, Mutex, OnceLock};
use tracing::{Event, Subscriber};
use tracing_subscriber::{
    filter::filter_fn, layer::Context, prelude::*, registry::LookupSpan, Layer,
};

/// The statements sqlx runs from now on, outside the process's background tasks (the mailer's
/// polling, the sweeps: under a `background` span) and sqlx's own type lookups.
#[derive(Clone, Default)]
struct Statements(Arc<Mutex<Vec<String>>>);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Statements {
    fn on_event(&self, event: &Event<'_>, context: Context<'_, S>) {
        let in_background = context
            .event_scope(event)
            .is_some_and(|mut scope| scope.any(|span| span.name() == "background"));
        if in_background {
            return;
        }
        // The whole statement (sqlx sends its first words as `summary`, and the rest of a
        // longer one as `db.statement`).
        let (mut summary, mut whole) = (String::new(), String::new());
        event.record(
            &mut |field: &tracing::field::Field, value: &dyn std::fmt::Debug| match field.name() {
                "summary" => summary = format!("{value:?}"),
                "db.statement" => whole = format!("{value:?}"),
                _ => {}
            },
        );
        let text = if whole.trim_matches('"').trim().is_empty() {
            summary
        } else {
            whole
        };
        // sqlx's own lookup of a custom type's id, once per connection: not the page's.
        if text.contains("::regtype") || text.contains("pg_catalog.") {
            return;
        }
        self.0.lock().unwrap().push(text);
    }
}

impl Statements {
    /// The process's recorder (nextest runs each test in a process of its own).
    fn record() -> Self {
        static RECORDER: OnceLock<Statements> = OnceLock::new();
        RECORDER
            .get_or_init(|| {
                let statements = Self::default();
                let only_queries =
                    filter_fn(|meta| meta.is_span() || meta.target() == "sqlx::query");
                tracing_subscriber::registry()
                    .with(statements.clone().with_filter(only_queries))
                    .init();
                statements
            })
            .clone()
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

/// The statement that says who is asking, run once for a whole page whatever its parts call:
/// the session's row with the person it logs in, their memberships and the header's accounts.
const WHO_IS_ASKING: &str = "WITH s AS (SELECT data, user_id FROM tower_sessions.session";

#[tokio::test]
async fn each_logged_in_page_asks_who_is_asking_once_and_stays_within_its_statements() {
    let statements = Statements::record();
    let world = world().await;
    let app = &world.app;
    // Each page and the statements it may run at most: today's count, which may only go down.
    // Issue 23's goal is 3 a page.
    let holder = &world.holder;
    let staff = &world.staff;
    let pages = [
        (holder, "/account".to_string(), 2),
        (holder, "/account/collaborators".to_string(), 3),
        (holder, "/account/orders".to_string(), 3),
        (holder, format!("/account/orders/{}", world.holder_order), 3),
        (holder, "/account/projects".to_string(), 2),
        (holder, format!("/account/projects/{}", world.project), 3),
        (holder, "/account/profile".to_string(), 2),
        (holder, "/account/company".to_string(), 3),
        (holder, "/account/collaborators/history".to_string(), 2),
        (holder, "/account/collaborators/new".to_string(), 1),
        (holder, "/account/documents".to_string(), 2),
        (holder, "/account/purchase-requests".to_string(), 3),
        (holder, "/account/projects/new".to_string(), 1),
        (staff, "/backoffice".to_string(), 2),
        (staff, "/backoffice/accounts".to_string(), 2),
        (staff, "/backoffice/documents".to_string(), 2),
        (staff, "/backoffice/messages".to_string(), 2),
        (
            staff,
            format!("/backoffice/orders/{}", world.holder_order),
            3,
        ),
    ];
    for (client, page, most) in &pages {
        // Once for what is set up once (prepared statements, type lookups); then counted.
        app.page(client, page).await;
        statements.take();
        app.page(client, page).await;
        let run = statements.take();
        let listed = run.join("\n  ");
        let times = run.iter().filter(|s| s.contains(WHO_IS_ASKING)).count();
        assert_eq!(
            times, 1,
            "{page} asks who is asking {times} times:\n  {listed}"
        );
        // The session's row is read with the person, not a second time by tower-sessions.
        assert!(
            !run.iter()
                .any(|s| s.contains("from \\\"tower_sessions\\\"")),
            "{page} reads the session's row again:\n  {listed}"
        );
        assert!(
            run.len() <= *most,
            "{page} runs {} statements, {most} at most:\n  {listed}",
            run.len()
        );
    }
}

/// `collaborators/list` called on its own, as the page's WASM calls it: the session's row, then
/// the page with the session's checks (`collaborators_for_session.sql`); tower-sessions' store
/// does not read the row a second time.
#[tokio::test]
async fn the_collaborator_list_reads_the_session_then_its_page_in_two_statements() {
    let statements = Statements::record();
    let app = &spawn_app().await;
    app.sign_up_as(&app.client, serde_json::json!({})).await;
    let list = || async {
        let response = app
            .call_as(&app.client, "collaborators/list", serde_json::json!({}))
            .await;
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    };
    // Once for what is set up once; then counted.
    list().await;
    statements.take();
    list().await;
    let run = statements.take();
    let listed = run.join("\n  ");
    assert_eq!(
        run.len(),
        2,
        "the list runs {} statements:\n  {listed}",
        run.len()
    );
    assert!(
        run[0].contains("FROM tower_sessions.session"),
        "the session's row first:\n  {listed}"
    );
    assert!(
        !run.iter()
            .any(|s| s.contains("from \\\"tower_sessions\\\"")),
        "the session's row read again:\n  {listed}"
    );
}

#[tokio::test]
async fn a_login_checks_both_its_limits_in_one_statement() {
    let statements = Statements::record();
    let app = &spawn_app().await;
    app.sign_up_as(&browser(), serde_json::json!({})).await;
    let log_in = || async {
        let response = app
            .log_in_as(&browser(), "marie@acme.fr", "correct horse battery staple")
            .await;
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    };
    // Once for what is set up once; then counted.
    log_in().await;
    statements.take();
    log_in().await;
    let run = statements.take();
    let listed = run.join("\n  ");
    let limits = run.iter().filter(|s| s.contains("rate_limits")).count();
    assert_eq!(limits, 1, "the limits in {limits} statements:\n  {listed}");
    // The limits, the person's credentials, the event kept in their activity, the session.
    assert!(
        run.len() <= 4,
        "a login runs {} statements, 4 at most:\n  {listed}",
        run.len()
    );
}
