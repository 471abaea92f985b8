use crate::components::text::tr;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Any unknown address: a real 404 status, and a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=tr!(i18n, not_found.title) />
        <section class="page">
            <h1>{tr!(i18n, not_found.title)}</h1>
            <p>{tr!(i18n, not_found.text)}</p>
            <p><A href="/">{tr!(i18n, not_found.back)}</A></p>
        </section>
    }
}
