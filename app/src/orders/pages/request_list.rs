//! "Demandes d'achat": a page of every purchase request one made, decides or sees, searched
//! (project, purchase-order reference, requester) and filtered (state, requester) from the
//! address, with the same decisions and withdrawals as on "Mes commandes".
use super::{
    list::{Command, DecisionForms, DecisionOutcome, Done},
    requests::RequestRows,
};
use crate::{
    components::{
        errors::form_error_text,
        form::{last_success, AppAction},
        labels::request_status_text,
        list::{query_options, use_list_query, words, EmptyList, ListControls, Pager, QuerySelect},
        text::tr,
    },
    error::AppError,
    i18n::*,
    orders::{
        api,
        types::{PersonChoice, RequestsOverview},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use shared::list::{ListQuery, RequestFilter};
use shared::PurchaseRequestStatus;

#[component]
pub fn PurchaseRequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    let forms = DecisionForms::new();
    let act: AppAction<Command, Done> =
        Action::new_unsync(|command: &Command| command.clone().run());
    let changed = last_success(act);
    let query = use_list_query::<RequestFilter, _>();
    let requests = Resource::new(
        move || (query.get(), changed.get()),
        |(query, _)| api::list_purchase_requests(query),
    );
    // Read once for the page: a page turn or a filter reads the list alone.
    let people = Resource::new(|| (), |()| api::request_people());
    view! {
        <Title text=tr!(i18n, orders.requests_title) />
        <h1 class="caps">{tr!(i18n, orders.requests_title)}</h1>
        <p><A href="/account/orders">{tr!(i18n, orders.back)}</A></p>
        <DecisionOutcome act forms />
        {view! { <RequestFilters query people /> }.into_any()}
        // The page before stays until the next one is there; the form above stays as typed.
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match requests.await {
                    Ok(overview) => view! { <RequestsPageLines overview query act forms /> }.into_any(),
                    Err(error) => view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The search and the filters; the people to narrow to are read once for the page (none for
/// those who see only their own requests).
#[component]
fn RequestFilters(
    query: Memo<ListQuery<RequestFilter>>,
    people: Resource<Result<Vec<PersonChoice>, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let filter_value = move |read: fn(&RequestFilter) -> Option<String>| {
        Signal::derive(move || query.with(|query| read(&query.filter).unwrap_or_default()))
    };
    let all = Some(words(tr!(i18n, lists.all)));
    view! {
        <ListControls query id="requests" search_hint=words(tr!(i18n, orders.requests_search_hint))>
            <QuerySelect id="requests-status" name="status" label=words(tr!(i18n, orders.filter_request_status))
                current=filter_value(|f| f.status.map(|s| s.as_str().to_owned()))
                options=query_options(&PurchaseRequestStatus::ALL, |s| s.as_str().into(), |l, s| request_status_text(l, s).into()) all />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let people = people.await.ok()?;
                    (!people.is_empty()).then(|| {
                        let options = people
                            .into_iter()
                            .map(|person| (person.id.to_string(), Signal::stored(person.name)))
                            .collect();
                        view! {
                            <QuerySelect id="requests-requested-by" name="requested_by" label=words(tr!(i18n, orders.filter_requested_by))
                                current=filter_value(|f| f.requested_by.map(|id| id.to_string())) options all />
                        }
                    })
                })}
            </Transition>
        </ListControls>
    }
}

#[component]
fn RequestsPageLines(
    overview: RequestsOverview,
    query: Memo<ListQuery<RequestFilter>>,
    act: AppAction<Command, Done>,
    forms: DecisionForms,
) -> impl IntoView {
    let i18n = use_i18n();
    let RequestsOverview {
        requests,
        can_decide,
    } = overview;
    let lines = if requests.items.is_empty() {
        view! { <EmptyList query empty=words(tr!(i18n, orders.requests_empty)) /> }.into_any()
    } else {
        view! { <RequestRows requests=requests.items.clone() can_decide act forms /> }.into_any()
    };
    view! { {lines} <Pager query page=requests /> }
}
