//! Cost flat as data grows (issue 23): every list's first page and its page 200, read on a portal
//! whose database holds a hundred times today's data, against the same request on a portal whose
//! database holds today's. The run's database, which `fixtures::create` filled, is grown to
//! [`ONEFOLD`]; a second database gets the same fixture grown to [`HUNDREDFOLD`]; a portal runs
//! on each, and each request is timed one at a time, both portals alternately.
use super::{alternate, or_failed};
use crate::{
    fixtures::{self, Fixtures},
    processes::Process,
    report::{Bound, Comparison, Side},
    run::{fresh_database, Settings},
    scale::{self, Scale, HUNDREDFOLD, ONEFOLD},
    servers::Servers,
    staff, Context, Result,
};
use serde_json::{json, Value};
use sqlx::PgPool;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// A page at 100× answers within this multiple of the same page at 1×.
const GOAL: f64 = 1.2;
/// Requests per side and round, one after the other: a round's sample is their median.
const REQUESTS: usize = 30;
/// Requests per side before the first round: PostgreSQL plans a prepared statement for its
/// values five times on each connection before it may keep a generic plan, and the pool lends
/// more than one connection; what is measured is the plan a busy portal settles on.
const WARM_UP: usize = 20;
/// The lines of a page: the lists' default (`shared::list::PAGE_SIZE`).
const PAGE_LINES: i64 = 25;
/// The deep page, read from the cursor of the last line of the page before it.
const DEEP_PAGE: i64 = 200;

/// Who reads a list.
#[derive(Clone, Copy)]
enum Reader {
    Holder,
    Staff,
}

/// One list as its page reads it: a server function, its query, and its lines in their order
/// (for the deep page's cursor, as `server/tests/api/plans.rs` finds it).
struct List {
    first_id: &'static str,
    deep_id: &'static str,
    name: &'static str,
    reader: Reader,
    endpoint: &'static str,
    /// The query's search (`{}` for the whole list).
    query: fn() -> Value,
    /// The list's lines, `{account}` being the measured account; their time and id, the order
    /// and cursor of the list (newest first).
    lines: &'static str,
    time: &'static str,
    id: &'static str,
}

/// The lists of issue 23, each read by the holder of the measured account or by staff.
const LISTS: [List; 7] = [
    List {
        first_id: "scale_orders_first",
        deep_id: "scale_orders_deep",
        name: "orders (holder)",
        reader: Reader::Holder,
        endpoint: "orders/list",
        query: || json!({}),
        lines: "orders WHERE account_id = '{account}'",
        time: "created_at",
        id: "id",
    },
    List {
        first_id: "scale_requests_first",
        deep_id: "scale_requests_deep",
        name: "purchase requests (holder)",
        reader: Reader::Holder,
        endpoint: "purchase-requests/list",
        query: || json!({}),
        lines: "purchase_requests WHERE account_id = '{account}'",
        time: "created_at",
        id: "id",
    },
    List {
        first_id: "scale_projects_first",
        deep_id: "scale_projects_deep",
        name: "projects",
        reader: Reader::Holder,
        endpoint: "projects/list",
        query: || json!({}),
        lines: "projects WHERE account_id = '{account}'",
        time: "updated_at",
        id: "id",
    },
    List {
        first_id: "scale_collaborators_first",
        deep_id: "scale_collaborators_deep",
        name: "collaborators (holder)",
        reader: Reader::Holder,
        endpoint: "collaborators/list",
        query: || json!({}),
        lines: "memberships WHERE account_id = '{account}' AND role = 'collaborator'",
        time: "created_at",
        id: "user_id",
    },
    List {
        first_id: "scale_history_first",
        deep_id: "scale_history_deep",
        name: "history",
        reader: Reader::Holder,
        endpoint: "collaborators/history",
        query: || json!({}),
        lines: "membership_events WHERE account_id = '{account}'",
        time: "created_at",
        id: "id",
    },
    List {
        first_id: "scale_backoffice_orders_first",
        deep_id: "scale_backoffice_orders_deep",
        name: "back-office orders",
        reader: Reader::Staff,
        endpoint: "backoffice/orders",
        query: || json!({}),
        lines: "orders",
        time: "created_at",
        id: "id",
    },
    // Staff looking a customer up: every order of the measured account (a tenth of all orders),
    // found by its company name.
    List {
        first_id: "scale_backoffice_search_first",
        deep_id: "scale_backoffice_search_deep",
        name: "back-office orders searched by customer",
        reader: Reader::Staff,
        endpoint: "backoffice/orders",
        query: || json!({ "search": fixtures::HOLDER_COMPANY }),
        lines: "orders WHERE account_id = '{account}'",
        time: "created_at",
        id: "id",
    },
];

/// One database at one size, the portal on it, and the sessions that read its lists.
struct Portal {
    label: &'static str,
    base: String,
    pool: PgPool,
    account_id: Uuid,
    holder: String,
    staff: String,
    process: Process,
}

/// Both portals, ready to be read.
pub struct Portals {
    hundredfold: Portal,
    onefold: Portal,
}

/// Grows the run's database (`fixtures` made on it) to 1×, makes the database `scaled` names
/// (on the server of `BENCH_DATABASE_URL`, afresh) with the same fixture grown to 100×, and
/// starts a portal on each, with a staff user logged in on both.
pub async fn prepare(
    settings: &Settings,
    (servers, fixtures, pool): (&Servers<'_>, &Fixtures, &PgPool),
    scaled: (&str, &Servers<'_>),
) -> Result<Portals> {
    grow("the run's database", pool, fixtures.account_id, &ONEFOLD).await?;
    let (scaled_name, scaled_servers) = scaled;
    let scaled_url = fresh_database(&settings.maintenance_url, scaled_name).await?;
    let scaled_pool = PgPool::connect(&scaled_url)
        .await
        .context("connecting to the 100× database")?;
    let hundredfold = scaled_servers.ours().await?;
    let scaled_fixtures = fixtures::create(&scaled_servers.ours_url(), &scaled_pool).await?;
    grow(
        scaled_name,
        &scaled_pool,
        scaled_fixtures.account_id,
        &HUNDREDFOLD,
    )
    .await?;
    let onefold = servers.ours().await?;
    Ok(Portals {
        hundredfold: Portal {
            label: "100×",
            base: scaled_servers.ours_url(),
            staff: staff::log_in(scaled_servers).await?,
            pool: scaled_pool,
            account_id: scaled_fixtures.account_id,
            holder: scaled_fixtures.cookie,
            process: hundredfold,
        },
        onefold: Portal {
            label: "1×",
            base: servers.ours_url(),
            staff: staff::log_in(servers).await?,
            pool: pool.clone(),
            account_id: fixtures.account_id,
            holder: fixtures.cookie.clone(),
            process: onefold,
        },
    })
}

/// [`scale::grow`], then a `VACUUM`, saying how long they took.
async fn grow(database: &str, pool: &PgPool, account_id: Uuid, size: &Scale) -> Result<()> {
    let grown = scale::grow(pool, account_id, size).await?;
    // What autovacuum would otherwise do during the measurements, throttled, on one side's
    // freshly loaded tables: done here at full speed, in seconds, so that both databases are
    // measured as a database in use is, its visibility map up to date.
    let started = Instant::now();
    sqlx::query("VACUUM")
        .execute(pool)
        .await
        .context(&format!("VACUUM on {database}"))?;
    let orders = grown
        .rows
        .iter()
        .find(|(table, _)| table == "orders")
        .map_or(0, |(_, rows)| *rows);
    eprintln!(
        "        {database}: grown to {orders} orders in {:.1} s, vacuumed in {:.1} s",
        grown.took.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Every list's first and deep page, 100× against 1× (two lines per list, each saying why when
/// it could not be measured); stops both portals.
pub async fn lists(settings: &Settings, portals: Result<Portals>) -> Vec<Comparison> {
    let goal = Bound::AtMost(GOAL);
    let portals = match portals {
        Ok(portals) => portals,
        Err(error) => {
            return LISTS
                .iter()
                .flat_map(|list| {
                    [
                        or_failed(Err(error.clone()), list.first_id, &first_what(list), goal),
                        or_failed(Err(error.clone()), list.deep_id, &deep_what(list), goal),
                    ]
                })
                .collect();
        }
    };
    let mut lines = Vec::new();
    for list in &LISTS {
        let (first, deep) = match list_pages(settings, &portals, list).await {
            Ok((first, deep)) => (Ok(first), Ok(deep)),
            Err(error) => (Err(error.clone()), Err(error)),
        };
        lines.push(or_failed(first, list.first_id, &first_what(list), goal));
        lines.push(or_failed(deep, list.deep_id, &deep_what(list), goal));
    }
    portals.hundredfold.process.stop().await;
    portals.onefold.process.stop().await;
    lines
}

fn first_what(list: &List) -> String {
    format!("{}, first page: 100× vs 1× data, latency", list.name)
}

fn deep_what(list: &List) -> String {
    format!(
        "{}, deep page (page {DEEP_PAGE} or the deepest): 100× vs 1× data, latency",
        list.name
    )
}

/// One page of a list on one portal: the server function's body, checked to answer a full page.
struct Page {
    url: String,
    cookie: String,
    body: String,
    /// Which page it is, counted from the first.
    number: i64,
}

/// The list's first and deep pages, 100× against 1×.
async fn list_pages(
    settings: &Settings,
    portals: &Portals,
    list: &List,
) -> Result<(Comparison, Comparison)> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .context("building the HTTP client")?;
    let (hundredfold, onefold) = (&portals.hundredfold, &portals.onefold);
    let first = (
        first_page(&client, hundredfold, list).await?,
        first_page(&client, onefold, list).await?,
    );
    let deep = (
        deep_page(&client, hundredfold, list).await?,
        deep_page(&client, onefold, list).await?,
    );
    let first_line = compare(settings, &client, &first, list.first_id, &first_what(list))
        .await?
        .with_note(format!(
            "POST /api/{} as {}, no cursor: each sample the median of {REQUESTS} requests one \
             after the other, the 100× portal's then the 1× portal's in each round",
            list.endpoint,
            reader_name(list.reader)
        ));
    let deep_line = compare(settings, &client, &deep, list.deep_id, &deep_what(list))
        .await?
        .with_note(format!(
            "POST /api/{} as {}, from the cursor of the last line of the page before (as \
             following \"next\" reaches it): {} at 100×, {} at 1×, where a database without a \
             page {DEEP_PAGE} is read at its deepest full page, the same work (a full page read \
             from a line's cursor); each sample the median of {REQUESTS} requests one after the \
             other",
            list.endpoint,
            reader_name(list.reader),
            which_page(deep.0.number),
            which_page(deep.1.number),
        ));
    Ok((first_line, deep_line))
}

fn which_page(number: i64) -> String {
    if number == DEEP_PAGE {
        format!("page {number}")
    } else {
        format!("page {number}, the deepest full page")
    }
}

fn reader_name(reader: Reader) -> &'static str {
    match reader {
        Reader::Holder => "the measured account's holder",
        Reader::Staff => "a staff user",
    }
}

async fn first_page(client: &reqwest::Client, portal: &Portal, list: &List) -> Result<Page> {
    page(client, portal, list, (list.query)(), 1).await
}

/// Page [`DEEP_PAGE`], or the deepest full page of a list that has fewer, read from the cursor of
/// the line before it.
async fn deep_page(client: &reqwest::Client, portal: &Portal, list: &List) -> Result<Page> {
    let lines = list
        .lines
        .replace("{account}", &portal.account_id.to_string());
    let count: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {lines}"))
        .fetch_one(&portal.pool)
        .await
        .context(&format!("counting {}", list.name))?;
    let above = lines_above_deep_page(count).ok_or_else(|| {
        format!(
            "{} at {}: {count} lines, not two full pages",
            list.name, portal.label
        )
    })?;
    let (time, id) = (list.time, list.id);
    let cursor: Value = sqlx::query_scalar(&format!(
        "SELECT jsonb_build_object('at_micros', (extract(epoch FROM {time}) * 1000000)::bigint,
                                   'id', {id})
         FROM {lines} ORDER BY {time} DESC, {id} DESC OFFSET {} LIMIT 1",
        above - 1
    ))
    .fetch_one(&portal.pool)
    .await
    .context(&format!("the cursor of {} at {}", list.name, portal.label))?;
    let mut query = (list.query)();
    query["start"] = json!({ "after": cursor });
    page(client, portal, list, query, above / PAGE_LINES + 1).await
}

/// How many lines of a list of `count` come before its deep page: page [`DEEP_PAGE`], or the
/// deepest full page when there are fewer (`None` without a full page after the first).
fn lines_above_deep_page(count: i64) -> Option<i64> {
    let above = ((DEEP_PAGE - 1) * PAGE_LINES).min(count - PAGE_LINES);
    (above >= PAGE_LINES).then_some(above)
}

/// The request of one page, checked once: a 200 with a full page of lines.
async fn page(
    client: &reqwest::Client,
    portal: &Portal,
    list: &List,
    query: Value,
    number: i64,
) -> Result<Page> {
    let page = Page {
        url: format!("{}/api/{}", portal.base, list.endpoint),
        cookie: match list.reader {
            Reader::Holder => portal.holder.clone(),
            Reader::Staff => portal.staff.clone(),
        },
        body: json!({ "query": query }).to_string(),
        number,
    };
    let text = send(client, &page).await?;
    let answer: Value = serde_json::from_str(&text).context(&page.url)?;
    // `orders/list` and `purchase-requests/list` answer the page beside the people to narrow it to.
    let items = answer
        .get("orders")
        .or_else(|| answer.get("requests"))
        .unwrap_or(&answer)["items"]
        .as_array()
        .map_or(0, Vec::len);
    if items != PAGE_LINES as usize {
        return Err(format!(
            "{} at {}, page {number}: {items} lines, not a full page of {PAGE_LINES}",
            list.name, portal.label
        ));
    }
    Ok(page)
}

/// Sends the page's request: its body, or why it failed (a non-2xx answer included).
async fn send(client: &reqwest::Client, page: &Page) -> Result<String> {
    let response = client
        .post(&page.url)
        .header("Cookie", &page.cookie)
        .header("Content-Type", "application/json")
        .body(page.body.clone())
        .send()
        .await
        .context(&page.url)?;
    let status = response.status();
    let text = response.text().await.context(&page.url)?;
    if !status.is_success() {
        let start: String = text.chars().take(200).collect();
        return Err(format!("{} answered {status}: {start}", page.url));
    }
    Ok(text)
}

/// The median of [`REQUESTS`] requests of `page`, one after the other, in µs.
async fn median_latency(client: &reqwest::Client, page: &Page, requests: usize) -> Result<f64> {
    let mut times = Vec::with_capacity(requests);
    for _ in 0..requests {
        let started = Instant::now();
        send(client, page).await?;
        times.push(started.elapsed().as_secs_f64() * 1e6);
    }
    Ok(crate::report::median(&times))
}

/// `pages` (100×, 1×) each round, against [`GOAL`].
async fn compare(
    settings: &Settings,
    client: &reqwest::Client,
    (hundredfold, onefold): &(Page, Page),
    id: &'static str,
    what: &str,
) -> Result<Comparison> {
    median_latency(client, hundredfold, WARM_UP).await?;
    median_latency(client, onefold, WARM_UP).await?;
    let (ours, theirs) = alternate(settings.rounds, || async {
        let ours = median_latency(client, hundredfold, REQUESTS).await?;
        let theirs = median_latency(client, onefold, REQUESTS).await?;
        Ok((ours, theirs))
    })
    .await?;
    Ok(Comparison::ratio(
        id,
        what,
        "µs",
        Side::new(format!("100×, page {}", hundredfold.number), ours),
        Side::new(format!("1×, page {}", onefold.number), theirs),
        Bound::AtMost(GOAL),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deep_page_is_page_200_or_the_deepest_full_page() {
        // 100× orders, 1× orders, collaborators at 1×, a list of one page and a half.
        assert_eq!(lines_above_deep_page(100_000), Some(4_975));
        assert_eq!(lines_above_deep_page(5_000), Some(4_975));
        assert_eq!(lines_above_deep_page(1_000), Some(975));
        assert_eq!(lines_above_deep_page(50), Some(25));
        assert_eq!(lines_above_deep_page(40), None);
    }

    #[test]
    fn today_is_a_hundredth_of_the_target_among_accounts_alike() {
        let hundredth = |target: i32| target / 100;
        assert_eq!(ONEFOLD.orders, hundredth(HUNDREDFOLD.orders));
        assert_eq!(ONEFOLD.projects, hundredth(HUNDREDFOLD.projects));
        assert_eq!(ONEFOLD.collaborators, hundredth(HUNDREDFOLD.collaborators));
        assert_eq!(ONEFOLD.history, hundredth(HUNDREDFOLD.history));
        assert_eq!(ONEFOLD.requests, hundredth(HUNDREDFOLD.requests));
        assert_eq!(ONEFOLD.all_orders, hundredth(HUNDREDFOLD.all_orders));
        assert_eq!(ONEFOLD.messages, hundredth(HUNDREDFOLD.messages));
        assert_eq!(ONEFOLD.orders_each, HUNDREDFOLD.orders_each);
    }
}
