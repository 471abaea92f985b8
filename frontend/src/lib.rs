//! The WASM client: hydrates the page the server rendered.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy routes (app/src/lazy_routes.rs) hydrate asynchronously: the page's chunk may still
    // be on its way. What `hydrate_lazy` does, with the end of hydration known.
    wasm_bindgen_futures::spawn_local(async {
        leptos::mount::hydrate_from_async(leptos::tachys::dom::body(), app::App)
            .await
            .forget();
        let Some(window) = web_sys::window() else {
            return;
        };
        // `make bench` measures the time to hydration up to this mark; the tests wait for
        // `<html data-hydrated>`, after which every handler of the page is in place.
        if let Some(performance) = window.performance() {
            let _ = performance.mark("hydrated");
        }
        if let Some(root) = window.document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
