//! "Mes commandes": the purchase requests (to decide, one's own, the decided ones) and the
//! orders one may see. Every button dispatches a [`Command`] to one action; the page's data
//! reloads after each success.
use super::{
    placed_by_words,
    requests::{DecidedRequests, MyRequests, WaitingRequests},
};
use crate::{
    components::{
        errors::form_error_text,
        form::{last_success, ActionOutcome, AppAction},
        format,
        labels::status_text,
        text::tr,
    },
    error::AppError,
    i18n::*,
    orders::{
        api,
        types::{OrderSummary, OrdersOverview},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use shared::{OrderStatus, PaymentMethod, PurchaseRequestStatus};
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
    async fn run(self) -> Result<Done, AppError> {
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
    fn text(locale: Locale, done: Done) -> &'static str {
        match done {
            Done::Approved(_) => td_string!(locale, orders.done_approved),
            Done::Declined => td_string!(locale, orders.done_declined),
            Done::RequestCancelled => td_string!(locale, orders.done_request_cancelled),
        }
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let act: AppAction<Command, Done> =
        Action::new_unsync(|command: &Command| command.clone().run());
    let changed = last_success(act);
    let overview = Resource::new(move || changed.get(), |_| api::list_orders());
    let outcome = act.value();
    // An approval placed an order: its page is one click away.
    let placed = move || {
        outcome.with(|outcome| match outcome {
            Some(Ok(Done::Approved(order_id))) => Some(*order_id),
            _ => None,
        })
    };
    view! {
        <Title text=tr!(i18n, orders.title) />
        <h1 class="caps">{tr!(i18n, orders.title)}</h1>
        <ActionOutcome outcome=outcome.into() done=Done::text />
        {move || placed().map(|id| view! {
            <p><A href=format!("/account/orders/{id}")>{tr!(i18n, orders.see_order)}</A></p>
        })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Overview overview act /> }.into_any(),
                    Err(error) => view! {
                        <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(overview: OrdersOverview, act: AppAction<Command, Done>) -> impl IntoView {
    let OrdersOverview {
        orders,
        requests,
        can_decide,
    } = overview;
    let (mine, others): (Vec<_>, Vec<_>) = requests.into_iter().partition(|r| r.mine);
    let (waiting, decided): (Vec<_>, Vec<_>) = others
        .into_iter()
        .partition(|r| r.status == PurchaseRequestStatus::Pending);
    view! {
        {view! { <WaitingRequests requests=waiting can_decide act /> }.into_any()}
        {view! { <MyRequests requests=mine act /> }.into_any()}
        {view! { <OrdersTable orders /> }.into_any()}
        {view! { <DecidedRequests requests=decided /> }.into_any()}
    }
}

#[component]
fn OrdersTable(orders: Vec<OrderSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let content = if orders.is_empty() {
        view! { <p class="empty">{tr!(i18n, orders.empty)}</p> }.into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">{tr!(i18n, orders.orders_title)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr!(i18n, orders.col_number)}</th>
                            <th scope="col">{tr!(i18n, orders.col_project)}</th>
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
        .into_any()
    };
    view! {
        <section class="block" aria-labelledby="orders-title">
            <h2 id="orders-title" class="caps">{tr!(i18n, orders.orders_title)}</h2>
            {content}
        </section>
    }
    .into_any()
}

/// Where an order's payment stands, in words.
fn payment_state_text(locale: Locale, order: &OrderSummary) -> &'static str {
    if order.paid {
        td_string!(locale, orders.payment_paid)
    } else if order.status == OrderStatus::Cancelled {
        td_string!(locale, orders.payment_none)
    } else if order.payment_method == Some(PaymentMethod::OnAccount) {
        td_string!(locale, orders.payment_on_account)
    } else {
        td_string!(locale, orders.payment_awaiting)
    }
}

#[component]
fn OrderRow(order: OrderSummary) -> impl IntoView {
    let i18n = use_i18n();
    let id = order.id;
    let status = order.status;
    let total = order.total_cents;
    let created_at = order.created_at;
    let number = order.number;
    let payment = {
        let order = order.clone();
        move || payment_state_text(i18n.get_locale(), &order)
    };
    let placed = placed_by_words(order.placed_by.clone(), order.requested_by.clone());
    view! {
        <tr>
            <th scope="row">
                <A href=format!("/account/orders/{id}")>
                    {move || t_string!(i18n, orders.number_value, number = number).to_string()}
                </A>
            </th>
            <td>{order.project_name.clone()}</td>
            <td class="num">{order.quantity}</td>
            <td class="num">{move || format::money(i18n.get_locale(), total)}</td>
            <td>{move || status_text(i18n.get_locale(), status)}</td>
            <td>{payment}</td>
            <td>{placed}</td>
            <td>{move || format::date(i18n.get_locale(), created_at)}</td>
        </tr>
    }
}
