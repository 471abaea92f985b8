//! `/backoffice/documents`: every customer's documents, searched (number, project, order,
//! customer) and filtered by kind from the address.
use super::StaffGate;
use crate::{
    components::{errors::form_error_text, list::use_list_query, text::tr},
    documents::{
        api,
        pages::{DocumentFilters, DocumentsTable},
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use shared::list::DocumentFilter;

#[component]
pub fn StaffDocumentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_list_query::<DocumentFilter, _>();
    let documents = Resource::new(move || query.get(), api::list_all_documents);
    view! {
        <Title text=tr!(i18n, documents.title) />
        <StaffGate />
        <section class="page backoffice">
            <h1>{tr!(i18n, documents.title)}</h1>
            <p><A href="/backoffice">{tr!(i18n, backoffice.back)}</A></p>
            <DocumentFilters query />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match documents.await {
                        Ok(page) => view! { <DocumentsTable page query staff=true /> }.into_any(),
                        Err(error) => view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
