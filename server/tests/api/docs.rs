//! `docs/api.md` lists exactly the portal's endpoints: every server function registered in this
//! binary, and the design-file download, which is a plain axum route. Each endpoint is written in
//! the first cell of a table row, as `` `POST /api/auth/login` ``. No database is needed.
use crate::authorization::{rows, Call};
use std::collections::BTreeSet;

const API_DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/api.md");

/// The endpoints that are not server functions (`app/src/projects/server/download.rs`,
/// `app/src/personal_data/export.rs`).
const PLAIN_ROUTES: [&str; 3] = [
    "GET /api/files/{id}",
    "GET /api/account/personal-data",
    "GET /api/documents/{id}",
];

/// The endpoints the document names, in its order, and the first cells that mention `/api/`
/// without being exactly one endpoint in backticks.
fn documented() -> (Vec<String>, Vec<String>) {
    let text =
        std::fs::read_to_string(API_DOC).unwrap_or_else(|error| panic!("{API_DOC}: {error}"));
    let mut endpoints = Vec::new();
    let mut malformed = Vec::new();
    for line in text.lines() {
        let Some(cells) = line.trim().strip_prefix('|') else {
            continue;
        };
        let first = cells.split('|').next().unwrap_or_default().trim();
        let endpoint = first
            .strip_prefix('`')
            .and_then(|rest| rest.strip_suffix('`'))
            .filter(|endpoint| {
                let (method, path) = endpoint.split_once(' ').unwrap_or_default();
                matches!(method, "POST" | "GET")
                    && path.starts_with("/api/")
                    && !path.contains(&[' ', ',', '…', '`'][..])
            });
        match endpoint {
            Some(endpoint) => endpoints.push(endpoint.to_string()),
            None if first.contains("/api/") => malformed.push(first.to_string()),
            None => {}
        }
    }
    (endpoints, malformed)
}

/// Every endpoint of this binary: the registered server functions and the plain routes.
fn registered() -> BTreeSet<String> {
    let functions: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| format!("{method} {path}"))
        .collect();
    // The functions are registered when the `app` crate is linked in, as for the other tests
    // of this binary (`authorization::every_function_has_a_row` checks the same).
    assert!(
        functions.len() >= 20,
        "the server functions are not registered in this binary: {functions:?}"
    );
    functions
        .into_iter()
        .chain(PLAIN_ROUTES.map(String::from))
        .collect()
}

#[test]
fn the_api_document_lists_exactly_the_endpoints() {
    let (listed, malformed) = documented();
    let mut seen = BTreeSet::new();
    let twice: Vec<&String> = listed.iter().filter(|e| !seen.insert(*e)).collect();
    let documented: BTreeSet<String> = listed.iter().cloned().collect();
    let registered = registered();
    let undocumented: Vec<&String> = registered.difference(&documented).collect();
    let unknown: Vec<&String> = documented.difference(&registered).collect();
    assert!(
        undocumented.is_empty() && unknown.is_empty() && twice.is_empty() && malformed.is_empty(),
        "docs/api.md does not list exactly the endpoints.\n\
         Endpoints missing from the document: {undocumented:#?}\n\
         Endpoints the document names that do not exist: {unknown:#?}\n\
         Endpoints listed twice: {twice:#?}\n\
         First cells naming an endpoint in another form than `POST /api/…` or `GET /api/…` \
         alone in backticks, one per row: {malformed:#?}"
    );
}

#[test]
fn the_api_document_names_every_endpoint_of_the_authorization_matrix() {
    let (listed, _) = documented();
    let documented: BTreeSet<String> = listed.into_iter().collect();
    let in_matrix: BTreeSet<String> = rows()
        .iter()
        .map(|row| match row.call {
            Call::Json(endpoint, _) => format!("POST /api/{endpoint}"),
            Call::Upload => "POST /api/projects/upload".to_string(),
            Call::DownloadCurrent | Call::DownloadOrdered => "GET /api/files/{id}".to_string(),
            Call::DownloadDocument => "GET /api/documents/{id}".to_string(),
        })
        .collect();
    let missing: Vec<&String> = in_matrix.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "endpoints of the authorization matrix (server/tests/api/authorization.rs) missing \
         from docs/api.md: {missing:#?}"
    );
}
