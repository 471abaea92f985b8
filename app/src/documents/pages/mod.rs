//! The documents in pages: the rows of an order's or a project's documents, the account's
//! "Documents" list (`/account/documents`), and a project's quotes with the form that asks for one.
mod list;
mod quotes;

pub use list::{DocumentFilters, DocumentsPage, DocumentsTable};
pub use quotes::ProjectQuotes;

use crate::{
    components::{format, labels::document_kind_text, text::tr},
    documents::types::DocumentLine,
    i18n::*,
};
use leptos::prelude::*;

/// Documents as rows: kind and number (the PDF's link), date, amount.
#[component]
pub fn DocumentRows(documents: Vec<DocumentLine>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="rows">
            {documents.into_iter().map(|document| {
                let href = document.href();
                let (kind, issued_at, gross) = (document.kind, document.issued_at, document.gross_cents);
                view! {
                    <li class="row">
                        <span>
                            <a href=href download="" rel="external">
                                <span class="visually-hidden">{tr!(i18n, documents.download)} " "</span>
                                {move || document_kind_text(i18n.get_locale(), kind)}
                                " " {document.number}
                                <span class="visually-hidden">" (PDF)"</span>
                            </a>
                        </span>
                        <span>{move || format::date(i18n.get_locale(), issued_at)}</span>
                        <span class="num">{move || format::money(i18n.get_locale(), gross)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// An order's documents, under its summary.
#[component]
pub fn OrderDocuments(documents: Vec<DocumentLine>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="block" aria-labelledby="order-documents-title">
            <h2 id="order-documents-title" class="caps">{tr!(i18n, documents.order_title)}</h2>
            {if documents.is_empty() {
                view! { <p class="empty">{tr!(i18n, documents.order_empty)}</p> }.into_any()
            } else {
                view! { <DocumentRows documents /> }.into_any()
            }}
        </section>
    }
}
