//! How many SQL statements each logged-in page costs, counted as sqlx runs them (the server
//! runs in this test's process): a page's cost must not creep up unseen.
use crate::world::world;
use std::sync::{Arc, Mutex};
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
        let mut text = String::new();
        event.record(
            &mut |field: &tracing::field::Field, value: &dyn std::fmt::Debug| {
                if field.name() == "summary" {
                    text = format!("{value:?}");
                }
            },
        );
        // sqlx's own lookup of a custom type's id, once per connection: not the page's.
        if text.contains("::regtype") || text.contains("pg_catalog.") {
            return;
        }
        self.0.lock().unwrap().push(text);
    }
}

impl Statements {
    fn record() -> Self {
        let statements = Self::default();
        let only_queries = filter_fn(|meta| meta.is_span() || meta.target() == "sqlx::query");
        tracing_subscriber::registry()
            .with(statements.clone().with_filter(only_queries))
            .init();
        statements
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

/// The statements that say who is asking, each run once for a whole page whatever its parts
/// call: the session, then the person with their memberships (and the header's accounts).
const WHO_IS_ASKING: [&str; 2] = [
    "from \\\"tower_sessions\\\"",
    "SELECT u.id, u.email, u.first_name,",
];

#[tokio::test]
async fn each_logged_in_page_asks_who_is_asking_once_and_stays_within_its_statements() {
    let statements = Statements::record();
    let world = world().await;
    let app = &world.app;
    // Each page and the statements it may run at most: today's count, which may only go down.
    // (Issue 23's goal is 3 a page: the session with the person and the membership in one,
    // the header's data in one, the page's lists in one; not there yet.)
    let pages = [
        ("/account".to_string(), 3),
        ("/account/collaborators".to_string(), 4),
        ("/account/orders".to_string(), 6),
        (format!("/account/orders/{}", world.holder_order), 4),
        ("/account/projects".to_string(), 3),
        (format!("/account/projects/{}", world.project), 4),
        ("/account/profile".to_string(), 4),
        ("/account/company".to_string(), 5),
    ];
    for (page, most) in &pages {
        // Once for what is set up once (prepared statements, type lookups); then counted.
        app.page(&world.holder, page).await;
        statements.take();
        app.page(&world.holder, page).await;
        let run = statements.take();
        let listed = run.join("\n  ");
        for statement in WHO_IS_ASKING {
            let times = run.iter().filter(|s| s.contains(statement)).count();
            assert_eq!(
                times, 1,
                "{page} runs `{statement}` {times} times:\n  {listed}"
            );
        }
        assert!(
            run.len() <= *most,
            "{page} runs {} statements, {most} at most:\n  {listed}",
            run.len()
        );
    }
}
