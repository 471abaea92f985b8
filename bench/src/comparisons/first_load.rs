//! The home page's first load against the Leptos hello-world's: the bytes it downloads and the
//! time to hydration.
use super::{alternate, or_failed};
use crate::{
    browser::{brotli_size, client_files_kib, first_load_kib, Browser},
    processes::Process,
    report::{Bound, Comparison, Side},
    run::Settings,
    servers::Servers,
    Result,
};

const FIRST_LOAD: (&str, &str) = ("first_load", "first load of the home page, brotli");
const FIRST_ROUTE: (&str, &str) = (
    "first_route",
    "first route (the home page) with the account area split off, brotli",
);

/// What a first visit to the home page downloads, brotli-compressed, vs the hello-world
/// (`hello`, started or why not): as a whole, and as the first route with the account area
/// split off; lines saying why when they could not be measured.
pub async fn bytes(
    settings: &Settings,
    servers: &Servers<'_>,
    browser: &Browser,
    home: &str,
    hello: &Result<Process>,
) -> Vec<Comparison> {
    let lines = match hello {
        Ok(_) => measure_bytes(settings, servers, browser, home).await,
        Err(error) => Err(format!("the hello-world did not start: {error}")),
    };
    match lines {
        Ok(lines) => lines,
        Err(error) => vec![
            or_failed(
                Err(error.clone()),
                FIRST_LOAD.0,
                FIRST_LOAD.1,
                Bound::AtMost(3.0),
            ),
            or_failed(Err(error), FIRST_ROUTE.0, FIRST_ROUTE.1, Bound::AtMost(1.5)),
        ],
    }
}

async fn measure_bytes(
    settings: &Settings,
    servers: &Servers<'_>,
    browser: &Browser,
    home: &str,
) -> Result<Vec<Comparison>> {
    let whole_client_kib = client_files_kib(&settings.root.join("target/site/pkg"))?
        + brotli_size(home.as_bytes()) as f64 / 1024.0;
    let ours_first = Side::new(
        "portal",
        vec![first_load_kib(&servers.ours_url(), browser).await?],
    );
    let hello_first = Side::new(
        "Leptos hello-world",
        vec![first_load_kib(&servers.hello_url(), browser).await?],
    );
    let bytes_note = format!(
        "the HTML of / and every JS, WASM and CSS file Chromium fetched until the page was \
         hydrated (the main WASM and JS, the lazy parts' loader the main JS imports, the CSS), \
         each brotli-compressed at quality 11; counted once (they are the same in every \
         round). Every other page is in one of four parts fetched when one of their pages is \
         first shown (the public pages, the login forms, the account area with its frame, the \
         back-office): with them, every client file together would weigh \
         {whole_client_kib:.0} KiB"
    );
    Ok(vec![
        Comparison::ratio(
            FIRST_LOAD.0,
            FIRST_LOAD.1,
            "KiB",
            ours_first.clone(),
            hello_first.clone(),
            Bound::AtMost(3.0),
        )
        .with_note(bytes_note),
        Comparison::ratio(
            FIRST_ROUTE.0,
            FIRST_ROUTE.1,
            "KiB",
            ours_first,
            hello_first,
            Bound::AtMost(1.5),
        )
        .with_note(
            "the main WASM file holds only the home page, the 404 page, the header and the \
             footer; the header learns who is logged in from the page itself (no server \
             function, no JSON), and the language from <html lang> (no detection in the \
             browser); the pages are four lazy parts rather than 21 lazy routes, so the \
             loader the main JS imports names 13 files instead of 248. What each of these \
             bought is in bench/CHANGES.md (\"Fourth round\", \"Fifth round\")",
        ),
    ])
}

/// Time to the `hydrated` performance mark in Chromium, CPU throttled 4×, vs the hello-world
/// (`hello`, started or why not).
pub async fn hydration(
    rounds: u32,
    servers: &Servers<'_>,
    browser: &Browser,
    hello: &Result<Process>,
) -> Comparison {
    if let Err(error) = hello {
        return or_failed(
            Err(format!("the hello-world did not start: {error}")),
            "hydration",
            "home page hydrated, CPU 4× slower",
            Bound::AtMost(2.0),
        );
    }
    let hydration = alternate(rounds, || async {
        let ours = browser
            .hydration(&format!("{}/", servers.ours_url()))
            .await?;
        let hello = browser
            .hydration(&format!("{}/", servers.hello_url()))
            .await?;
        Ok((ours, hello))
    })
    .await
    .map(|(ours, hello)| {
        Comparison::ratio(
            "hydration",
            "home page hydrated (performance mark), CPU 4× slower",
            "ms",
            Side::new("portal", ours),
            Side::new("Leptos hello-world", hello),
            Bound::AtMost(2.0),
        )
    });
    or_failed(
        hydration,
        "hydration",
        "home page hydrated, CPU 4× slower",
        Bound::AtMost(2.0),
    )
}
