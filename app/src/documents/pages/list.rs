//! "Documents" (`/account/documents`): a page of the documents the member may download,
//! searched (number, project, order number) and filtered by kind from the address. Staff's
//! list of every customer's (`/backoffice/documents`) shows the same table with the customer.
use crate::{
    components::{
        errors::form_error_text,
        format,
        labels::document_kind_text,
        list::{query_options, use_list_query, words, EmptyList, ListControls, Pager, QuerySelect},
        text::tr,
    },
    documents::{api, types::DocumentLine},
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use shared::list::{DocumentFilter, ListQuery, Page};
use shared::DocumentKind;

#[component]
pub fn DocumentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_list_query::<DocumentFilter, _>();
    let documents = Resource::new(move || query.get(), api::list_documents);
    view! {
        <Title text=tr!(i18n, documents.title) />
        <h1 class="caps">{tr!(i18n, documents.title)}</h1>
        <p>{tr!(i18n, documents.intro)}</p>
        <DocumentFilters query />
        // The page before stays until the next one is there; the form above stays as typed.
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match documents.await {
                    Ok(page) => view! { <DocumentsTable page query staff=false /> }.into_any(),
                    Err(error) => view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The search and the kind.
#[component]
pub fn DocumentFilters(query: Memo<ListQuery<DocumentFilter>>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = Signal::derive(move || {
        query.with(|query| {
            query
                .filter
                .kind
                .map(|kind| kind.as_str().to_owned())
                .unwrap_or_default()
        })
    });
    view! {
        <ListControls query id="documents" search_hint=words(tr!(i18n, documents.search_hint))>
            <QuerySelect id="documents-kind" name="kind" label=words(tr!(i18n, documents.filter_kind))
                current=kind all=Some(words(tr!(i18n, lists.all)))
                options=query_options(&DocumentKind::ALL, |k| k.as_str().into(), |l, k| document_kind_text(l, k).into()) />
        </ListControls>
    }
}

/// A page of documents as a table (`staff`: with the customer, orders linked to the
/// back-office), then the pager.
#[component]
pub fn DocumentsTable(
    page: Page<DocumentLine>,
    query: Memo<ListQuery<DocumentFilter>>,
    staff: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! { <EmptyList query empty=words(tr!(i18n, documents.empty)) /> }.into_any();
    }
    let order_base = if staff {
        "/backoffice/orders"
    } else {
        "/account/orders"
    };
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">{tr!(i18n, documents.title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr!(i18n, documents.col_document)}</th>
                        {staff.then(|| view! { <th scope="col">{tr!(i18n, documents.col_customer)}</th> })}
                        <th scope="col">{tr!(i18n, documents.col_project)}</th>
                        <th scope="col">{tr!(i18n, documents.col_order)}</th>
                        <th scope="col" class="num">{tr!(i18n, documents.col_amount)}</th>
                        <th scope="col">{tr!(i18n, documents.col_date)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.items.clone().into_iter().map(|document| {
                        let href = document.href();
                        let (kind, issued_at, gross) = (document.kind, document.issued_at, document.gross_cents);
                        let order = document.order_id.zip(document.order_number).map(|(id, number)| view! {
                            <A href=format!("{order_base}/{id}")>
                                {move || t_string!(i18n, orders.number_value, number = number).to_string()}
                            </A>
                        });
                        view! {
                            <tr>
                                <th scope="row">
                                    <a href=href download="" rel="external">
                                        {move || document_kind_text(i18n.get_locale(), kind)} " " {document.number}
                                        <span class="visually-hidden">" (PDF)"</span>
                                    </a>
                                </th>
                                {staff.then(|| view! { <td>{document.account_name.clone()}</td> })}
                                <td>{document.title}</td>
                                <td>{order}</td>
                                <td class="num">{move || format::money(i18n.get_locale(), gross)}</td>
                                <td>{move || format::date(i18n.get_locale(), issued_at)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager query page />
    }
    .into_any()
}
