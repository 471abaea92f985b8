//! "Mes commandes": the purchase requests still open (to decide, one's own), the way to all of
//! them, and a page of the orders one may see, searched and filtered from the address
//! (`shared::list`). Every button dispatches a [`Command`] to one action; the page's data reloads
//! after each success.
use super::{
    placed_by_words,
    requests::{MyRequests, WaitingRequests},
};
use crate::{
    components::{
        errors::form_error_text,
        form::{last_success, ActionOutcome, AppAction},
        format,
        labels::{payment_state_text, status_text},
        list::{query_options, use_list_query, words, EmptyList, ListControls, Pager, QuerySelect},
        text::tr,
    },
    error::AppError,
    i18n::*,
    orders::{
        api,
        types::{open_requests, OrderSummary, OrdersPageOverview, PersonChoice, RequestsOverview},
    },
    plain_forms::{PlainForm, PostedBefore},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::components::A;
use shared::list::{ListQuery, OrderFilter, Page, PaymentState};
use shared::OrderStatus;
use uuid::Uuid;

/// What a person does on the page: each is one server function.
#[derive(Clone, Debug)]
pub(super) enum Command {
    /// Approves a request; `confirmed_version` accepts that the project changed since (the
    /// version requested is ordered), `confirmed_net_cents` the price as it is now.
    Approve {
        request_id: Uuid,
        confirmed_version: Option<i32>,
        confirmed_net_cents: Option<i64>,
    },
    Decline {
        request_id: Uuid,
        message: String,
    },
    CancelRequest(Uuid),
}

impl Command {
    pub(super) async fn run(self) -> Result<Done, AppError> {
        match self {
            Command::Approve {
                request_id,
                confirmed_version,
                confirmed_net_cents,
            } => api::approve_purchase(request_id, confirmed_version, confirmed_net_cents)
                .await
                .map(Done::Approved),
            Command::Decline {
                request_id,
                message,
            } => api::decline_purchase(request_id, message)
                .await
                .map(|()| Done::Declined),
            Command::CancelRequest(request_id) => api::cancel_purchase(request_id)
                .await
                .map(|()| Done::RequestCancelled),
        }
    }
}

/// What an action that worked did, as the page's live region says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Done {
    /// The request is approved: the order (this id) is placed.
    Approved(Uuid),
    Declined,
    RequestCancelled,
}

impl Done {
    pub(super) fn text(locale: Locale, done: Done) -> &'static str {
        match done {
            Done::Approved(_) => td_string!(locale, orders.done_approved),
            Done::Declined => td_string!(locale, orders.done_declined),
            Done::RequestCancelled => td_string!(locale, orders.done_request_cancelled),
        }
    }
}

/// The decisions on purchase requests as forms of their own (without JavaScript, each button
/// posts one to its server function, and the browser comes back to the page): what the server
/// answered the one posted before. Made with the page, outside any suspense.
#[derive(Clone, Copy)]
pub(super) struct DecisionForms {
    /// The approval: which request it was about and what was confirmed, for the next step.
    pub(super) approve: PlainForm,
    decline: PostedBefore,
    cancel: PostedBefore,
}

impl DecisionForms {
    pub(super) fn new() -> Self {
        Self {
            approve: PlainForm::new(api::ApprovePurchase::PATH),
            decline: PostedBefore::to(api::DeclinePurchase::PATH),
            cancel: PostedBefore::to(api::CancelPurchase::PATH),
        }
    }

    /// What the decision posted before did, as the action's value would say it.
    fn outcome(self) -> Option<Result<Done, AppError>> {
        self.approve
            .outcome::<Uuid>()
            .map(|outcome| outcome.map(Done::Approved))
            .or_else(|| {
                self.decline
                    .outcome::<()>()
                    .map(|outcome| outcome.map(|()| Done::Declined))
            })
            .or_else(|| {
                self.cancel
                    .outcome::<()>()
                    .map(|outcome| outcome.map(|()| Done::RequestCancelled))
            })
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let forms = DecisionForms::new();
    let act: AppAction<Command, Done> =
        Action::new_unsync(|command: &Command| command.clone().run());
    let changed = last_success(act);
    let query = use_list_query::<OrderFilter, _>();
    // The requests still pending and the people to narrow to, read once for the page and
    // after a decision: a page turn or a filter reads the list alone.
    let overview = Resource::new(move || changed.get(), |_| api::orders_overview());
    let orders = Resource::new(
        move || (query.get(), changed.get()),
        |(query, _)| api::list_orders(query),
    );
    let failed = move |error: AppError| {
        view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }
            .into_any()
    };
    view! {
        <Title text=tr!(i18n, orders.title) />
        <h1 class="caps">{tr!(i18n, orders.title)}</h1>
        <p class="page-actions">
            <A href=REQUESTS_PAGE>{tr!(i18n, orders.all_requests)}</A>
        </p>
        <DecisionOutcome act forms />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => {
                        let requests = overview.open_requests;
                        view! { <OpenRequests requests act forms /> }.into_any()
                    }
                    Err(error) => failed(error),
                }
            })}
        </Suspense>
        <section class="block" aria-labelledby="orders-title">
            <h2 id="orders-title" class="caps">{tr!(i18n, orders.orders_title)}</h2>
            {view! { <OrderFilters query overview /> }.into_any()}
            // The page before stays until the next one is there; the form above stays as typed.
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match orders.await {
                        Ok(list) => view! { <OrdersPageLines page=list.orders query /> }.into_any(),
                        Err(error) => failed(error),
                    }
                })}
            </Transition>
        </section>
    }
}

/// What the last decision did (here, or posted before the page was hydrated); an approval
/// placed an order, one click away.
#[component]
pub(super) fn DecisionOutcome(
    act: AppAction<Command, Done>,
    forms: DecisionForms,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = act.value();
    let before = forms.outcome();
    let outcome = Signal::derive(move || value.get().or_else(|| before.clone()));
    let placed = move || {
        outcome.with(|outcome| match outcome {
            Some(Ok(Done::Approved(order_id))) => Some(*order_id),
            _ => None,
        })
    };
    view! {
        <ActionOutcome outcome done=Done::text />
        {move || placed().map(|id| view! {
            <p><A href=format!("/account/orders/{id}")>{tr!(i18n, orders.see_order)}</A></p>
        })}
    }
}

/// The requests' own page.
pub(super) const REQUESTS_PAGE: &str = "/account/purchase-requests";

/// The requests still open: others' waiting for a buyer, and one's own; beyond a page, the way
/// to the others.
#[component]
fn OpenRequests(
    requests: RequestsOverview,
    act: AppAction<Command, Done>,
    forms: DecisionForms,
) -> impl IntoView {
    let i18n = use_i18n();
    let RequestsOverview {
        requests,
        can_decide,
    } = requests;
    let more = requests.next.is_some().then(|| {
        let href = format!("{REQUESTS_PAGE}?{}", open_requests().to_query_string());
        view! { <p><A href=href>{tr!(i18n, orders.more_open_requests)}</A></p> }
    });
    let (mine, waiting): (Vec<_>, Vec<_>) = requests.items.into_iter().partition(|r| r.mine);
    view! {
        {view! { <WaitingRequests requests=waiting can_decide act forms /> }.into_any()}
        {view! { <MyRequests requests=mine act /> }.into_any()}
        {more}
    }
}

/// The search and the filters: outside the page's suspense, so that applying them keeps the
/// form (and the keyboard's focus) while the next page loads. The people to narrow to come
/// with the page's overview.
#[component]
fn OrderFilters(
    query: Memo<ListQuery<OrderFilter>>,
    overview: Resource<Result<OrdersPageOverview, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let filter_value = move |read: fn(&OrderFilter) -> Option<String>| {
        Signal::derive(move || query.with(|query| read(&query.filter).unwrap_or_default()))
    };
    let all = Some(words(tr!(i18n, lists.all)));
    let people_filter = move |people: Vec<PersonChoice>| {
        let options = people
            .into_iter()
            .map(|person| (person.id.to_string(), Signal::stored(person.name)))
            .collect();
        view! {
            <QuerySelect id="orders-placed-by" name="placed_by" label=words(tr!(i18n, orders.filter_placed_by))
                current=filter_value(|f| f.placed_by.map(|id| id.to_string())) options all />
        }
    };
    view! {
        <ListControls query id="orders" search_hint=words(tr!(i18n, orders.search_hint))>
            <QuerySelect id="orders-status" name="status" label=words(tr!(i18n, orders.filter_status))
                current=filter_value(|f| f.status.map(|s| s.as_str().to_owned()))
                options=query_options(&OrderStatus::ALL, |s| s.as_str().into(), |l, s| status_text(l, s).into()) all />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let people = overview.await.ok()?.people;
                    (!people.is_empty()).then(|| people_filter(people))
                })}
            </Transition>
            <QuerySelect id="orders-payment" name="payment" label=words(tr!(i18n, orders.filter_payment))
                current=filter_value(|f| f.payment.map(|p| p.as_str().to_owned()))
                options=query_options(&PaymentState::ALL, |p| p.as_str().into(), |l, p| payment_state_text(l, p).into()) all />
        </ListControls>
    }
}

/// A page of orders (or why there is none), and the links to the pages beside.
#[component]
fn OrdersPageLines(page: Page<OrderSummary>, query: Memo<ListQuery<OrderFilter>>) -> impl IntoView {
    let i18n = use_i18n();
    let table = if page.items.is_empty() {
        view! { <EmptyList query empty=words(tr!(i18n, orders.empty)) /> }.into_any()
    } else {
        view! { <OrdersTable orders=page.items.clone() /> }.into_any()
    };
    view! {
        {table}
        <Pager query page />
    }
}

#[component]
fn OrdersTable(orders: Vec<OrderSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">{tr!(i18n, orders.orders_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr!(i18n, orders.col_number)}</th>
                        <th scope="col">{tr!(i18n, orders.col_project)}</th>
                        <th scope="col">{tr!(i18n, orders.col_reference)}</th>
                        <th scope="col" class="num">{tr!(i18n, orders.col_quantity)}</th>
                        <th scope="col" class="num">{tr!(i18n, orders.col_total)}</th>
                        <th scope="col">{tr!(i18n, orders.col_status)}</th>
                        <th scope="col">{tr!(i18n, orders.col_payment)}</th>
                        <th scope="col">{tr!(i18n, orders.col_placed_by)}</th>
                        <th scope="col">{tr!(i18n, orders.col_date)}</th>
                    </tr>
                </thead>
                <tbody>
                    {orders.into_iter().map(|order| view! { <OrderRow order /> }.into_any()).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn OrderRow(order: OrderSummary) -> impl IntoView {
    let i18n = use_i18n();
    let OrderSummary {
        id,
        number,
        project_name,
        quantity,
        total_cents,
        status,
        payment,
        po_reference,
        placed_by,
        requested_by,
        created_at,
    } = order;
    let placed = placed_by_words(placed_by, requested_by);
    view! {
        <tr>
            <th scope="row">
                <A href=format!("/account/orders/{id}")>
                    {move || t_string!(i18n, orders.number_value, number = number).to_string()}
                </A>
            </th>
            <td>{project_name}</td>
            <td>{po_reference}</td>
            <td class="num">{quantity}</td>
            <td class="num">{move || format::money(i18n.get_locale(), total_cents)}</td>
            <td>{move || status_text(i18n.get_locale(), status)}</td>
            <td>{move || payment_state_text(i18n.get_locale(), payment)}</td>
            <td>{placed}</td>
            <td>{move || format::date(i18n.get_locale(), created_at)}</td>
        </tr>
    }
}
