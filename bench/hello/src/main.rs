//! Serves the hello-world page; the site (WASM, JS) is what `cargo leptos build --project hello`
//! wrote to the site root. Configured by the `LEPTOS_*` environment variables.

#[tokio::main]
async fn main() {
    use axum::Router;
    use bench_hello::{shell, App};
    use leptos::prelude::*;
    use leptos_axum::{generate_route_list, LeptosRoutes};

    let conf = get_configuration(None).expect("LEPTOS_* configuration");
    let leptos_options = conf.leptos_options;
    let addr = leptos_options.site_addr;
    let routes = generate_route_list(App);

    let app = Router::new()
        .leptos_routes(&leptos_options, routes, {
            let leptos_options = leptos_options.clone();
            move || shell(leptos_options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(leptos_options);

    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .unwrap_or_else(|e| panic!("cannot listen on {addr}: {e}"));
    eprintln!("bench-hello listening on http://{addr}");
    axum::serve(listener, app.into_make_service())
        .await
        .unwrap();
}
