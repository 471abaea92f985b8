//! "Mes commandes": the purchase requests (to decide, one's own, the decided ones) and the
//! orders one may see.
use super::{
    api::{self, OrderSummary, OrdersOverview, PurchaseRequest},
    detail::{placed_by_text, status_text},
};
use crate::{
    components::{
        errors::{action_error_text, form_error_text},
        format,
        labels::*,
        text::tr,
    },
    error::AppError,
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use shared::{DeliveryAddress, OrderStatus, PaymentMethod, PurchaseRequestStatus};
use uuid::Uuid;

/// What an action that worked did, and the order it placed, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Done {
    what: &'static str,
    order_id: Option<Uuid>,
}

/// The page's data, and how an action reports: one live region for the whole page.
#[derive(Clone, Copy)]
struct Space {
    version: RwSignal<u32>,
    outcome: RwSignal<Option<Result<Done, AppError>>>,
}

impl Space {
    /// Runs an action; on success, says so and reloads the page's data.
    fn act<F>(self, what: &'static str, call: impl FnOnce() -> F + 'static)
    where
        F: std::future::Future<Output = Result<(), AppError>> + 'static,
    {
        self.outcome.set(None);
        leptos::task::spawn_local(async move {
            let result = call().await;
            if result.is_ok() {
                self.version.update(|v| *v += 1);
            }
            self.outcome.set(Some(result.map(|()| Done {
                what,
                order_id: None,
            })));
        });
    }
}

fn done_text(locale: Locale, what: &str) -> &'static str {
    match what {
        "approved" => td_string!(locale, orders.done_approved),
        "declined" => td_string!(locale, orders.done_declined),
        "cancelled" => td_string!(locale, orders.done_request_cancelled),
        _ => td_string!(locale, orders.done_saved),
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let space = Space {
        version: RwSignal::new(0),
        outcome: RwSignal::new(None),
    };
    let overview = Resource::new(move || space.version.get(), |_| api::list_orders());
    view! {
        <Title text=tr!(i18n, orders.title) />
        <h1 class="caps">{tr!(i18n, orders.title)}</h1>
        <div class="live" role="status" aria-live="polite">
            {move || space.outcome.get().map(|outcome| match outcome {
                Ok(done) => view! {
                    <p class="notice">
                        {move || done_text(i18n.get_locale(), done.what)}
                        {done.order_id.map(|id| view! {
                            " " <A href=format!("/account/orders/{id}")>{tr!(i18n, orders.see_order)}</A>
                        })}
                    </p>
                }
                .into_any(),
                Err(error) => view! {
                    <p class="form-alert" role="alert">{action_error_text(i18n.get_locale(), &error)}</p>
                }
                .into_any(),
            })}
        </div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Overview overview space /> }.into_any(),
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
fn Overview(overview: OrdersOverview, space: Space) -> impl IntoView {
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
        {view! { <WaitingRequests requests=waiting can_decide space /> }.into_any()}
        {view! { <MyRequests requests=mine space /> }.into_any()}
        {view! { <OrdersTable orders /> }.into_any()}
        {view! { <DecidedRequests requests=decided /> }.into_any()}
    }
}

// ---- Purchase requests -----------------------------------------------------------------------

/// Others' requests waiting for a buyer: with the buyer's decision, or to read for the others
/// who see the account's orders.
#[component]
fn WaitingRequests(
    requests: Vec<PurchaseRequest>,
    can_decide: bool,
    space: Space,
) -> impl IntoView {
    let i18n = use_i18n();
    if requests.is_empty() {
        return ().into_any();
    }
    let title = move || {
        if can_decide {
            t_string!(i18n, orders.requests_to_decide)
        } else {
            t_string!(i18n, orders.requests_waiting)
        }
    };
    view! {
        <section class="block" aria-labelledby="waiting-title">
            <h2 id="waiting-title" class="caps">{title}</h2>
            <ul class="rows">
                {requests.into_iter().map(|request| view! {
                    <li class="row row--card request">
                        {view! { <RequestFacts request=request.clone() /> }.into_any()}
                        {can_decide.then(|| view! { <Decision request space /> }.into_any())}
                    </li>
                }.into_any()).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// What was asked: the project, quantity, lead time, price, delivery, who and when.
#[component]
fn RequestFacts(request: PurchaseRequest) -> impl IntoView {
    let i18n = use_i18n();
    let PurchaseRequest {
        project_id,
        project_name,
        quantity,
        lead_time,
        net_cents,
        current_net_cents,
        delivery_address,
        po_reference,
        requested_by,
        created_at,
        ..
    } = request;
    let project = match project_id {
        Some(id) => {
            view! { <A href=format!("/account/projects/{id}")>{project_name}</A> }.into_any()
        }
        None => view! { <span>{project_name}</span> }.into_any(),
    };
    let asked = move || {
        let locale = i18n.get_locale();
        td_string!(
            locale,
            orders.request_line,
            quantity = quantity,
            lead_time = lead_time_text(locale, lead_time),
            price = format::money(locale, net_cents)
        )
        .to_string()
    };
    let by = move || {
        let locale = i18n.get_locale();
        td_string!(
            locale,
            orders.requested_by_on,
            name = person_or_former(locale, requested_by.as_deref()),
            date = format::date_time(locale, created_at)
        )
        .to_string()
    };
    // The project or the price list changed since: the buyer sees it before approving.
    let changed_price = current_net_cents.filter(|now| *now != net_cents).map(|now| {
        view! {
            <p class="price-warning">
                {move || t_string!(i18n, orders.price_now, price = format::money(i18n.get_locale(), now)).to_string()}
            </p>
        }
    });
    let deliver_to = address_line(&delivery_address);
    view! {
        <p><strong>{project}</strong> " · " {asked}</p>
        <p>{by}</p>
        {changed_price}
        <p>{move || t_string!(i18n, orders.deliver_to, address = deliver_to.as_str()).to_string()}</p>
        {po_reference.map(|reference| view! {
            <p>{move || t_string!(i18n, orders.po_reference_line, reference = reference.as_str()).to_string()}</p>
        })}
    }
    .into_any()
}

/// A delivery address on one line.
fn address_line(address: &DeliveryAddress) -> String {
    let mut parts = vec![
        address.recipient.as_str().to_string(),
        address.line1.as_str().to_string(),
    ];
    if let Some(line2) = &address.line2 {
        parts.push(line2.as_str().to_string());
    }
    parts.push(format!(
        "{} {}",
        address.postal_code.as_str(),
        address.city.as_str()
    ));
    parts.push(address.country.as_str().to_string());
    parts.join(", ")
}

/// "Approuver" (confirming a new price if it changed) or "Refuser" with a message.
#[component]
fn Decision(request: PurchaseRequest, space: Space) -> impl IntoView {
    let i18n = use_i18n();
    let id = request.id;
    let message = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    // The net price to confirm, once the server said it changed.
    let new_price = RwSignal::new(None::<i64>);
    let confirm_ref = NodeRef::<leptos::html::Button>::new();
    let message_id = format!("decline-{id}");
    let name = request.project_name.clone();

    let approve = move |confirmed: Option<i64>| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        space.outcome.set(None);
        leptos::task::spawn_local(async move {
            let result = api::approve_purchase(id, confirmed).await;
            pending.set(false);
            match result {
                Ok(order_id) => {
                    space.version.update(|v| *v += 1);
                    space.outcome.set(Some(Ok(Done {
                        what: "approved",
                        order_id: Some(order_id),
                    })));
                }
                Err(error) => {
                    if let AppError::PriceChanged { new_cents, .. } = &error {
                        new_price.set(Some(*new_cents));
                        // The message says both prices; the button to confirm is next.
                        request_animation_frame(move || {
                            if let Some(button) = confirm_ref.get_untracked() {
                                let _ = button.focus();
                            }
                        });
                    }
                    space.outcome.set(Some(Err(error)));
                }
            }
        });
    };
    let decline = move |_| {
        let said = message.get_untracked();
        space.act("declined", move || api::decline_purchase(id, said));
    };
    view! {
        <div class="request__actions">
            {move || new_price.get().map(|cents| view! {
                <button type="button" class="button button--primary" node_ref=confirm_ref
                    disabled=move || pending.get() on:click=move |_| approve(Some(cents))>
                    {move || t_string!(i18n, orders.confirm_new_price, price = format::money(i18n.get_locale(), cents)).to_string()}
                </button>
            })}
            <Show when=move || new_price.get().is_none()>
                <button type="button" class="button button--primary"
                    disabled=move || pending.get() aria-busy=move || pending.get().to_string()
                    on:click=move |_| approve(None)>
                    {tr!(i18n, orders.approve)}
                    <span class="visually-hidden">" " {name.clone()}</span>
                </button>
            </Show>
        </div>
        <div class="request__actions">
            <div class="field">
                <label for=message_id.clone()>{tr!(i18n, orders.decline_message)}</label>
                <textarea id=message_id name="message" rows="2" maxlength="500"
                    prop:value=move || message.get()
                    on:input=move |event| message.set(event_target_value(&event))></textarea>
            </div>
            <button type="button" class="button" on:click=decline>
                {tr!(i18n, orders.decline)}
                <span class="visually-hidden">" " {request.project_name.clone()}</span>
            </button>
        </div>
    }
    .into_any()
}

/// The person's own requests, with where they stand; a pending one can be withdrawn.
#[component]
fn MyRequests(requests: Vec<PurchaseRequest>, space: Space) -> impl IntoView {
    let i18n = use_i18n();
    if requests.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="block" aria-labelledby="my-requests-title">
            <h2 id="my-requests-title" class="caps">{tr!(i18n, orders.my_requests)}</h2>
            <ul class="rows">
                {requests.into_iter().map(|request| {
                    let id = request.id;
                    let pending = request.status == PurchaseRequestStatus::Pending;
                    let name = request.project_name.clone();
                    view! {
                        <li class="row row--card request">
                            {view! { <RequestFacts request=request.clone() /> }.into_any()}
                            {view! { <RequestState request /> }.into_any()}
                            {pending.then(|| view! {
                                <button type="button" class="button button--ghost"
                                    on:click=move |_| space.act("cancelled", move || api::cancel_purchase(id))>
                                    {tr!(i18n, orders.cancel_request)}
                                    <span class="visually-hidden">" " {name.clone()}</span>
                                </button>
                            })}
                        </li>
                    }
                    .into_any()
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// Others' requests already decided (for buyers and those who see every order).
#[component]
fn DecidedRequests(requests: Vec<PurchaseRequest>) -> impl IntoView {
    let i18n = use_i18n();
    if requests.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="block" aria-labelledby="decided-title">
            <h2 id="decided-title" class="caps">{tr!(i18n, orders.requests_decided)}</h2>
            <ul class="rows">
                {requests.into_iter().map(|request| view! {
                    <li class="row row--card request">
                        {view! { <RequestFacts request=request.clone() /> }.into_any()}
                        {view! { <RequestState request /> }.into_any()}
                    </li>
                }.into_any()).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// "En attente", "Approuvée" with the order's link, "Refusée" with the buyer's message,
/// "Annulée".
#[component]
fn RequestState(request: PurchaseRequest) -> impl IntoView {
    let i18n = use_i18n();
    let status = request.status;
    let class = match status {
        PurchaseRequestStatus::Pending => "request__state",
        PurchaseRequestStatus::Approved => "request__state request__state--approved",
        PurchaseRequestStatus::Declined => "request__state request__state--declined",
        PurchaseRequestStatus::Cancelled => "request__state request__state--cancelled",
    };
    let label = move || {
        let locale = i18n.get_locale();
        match status {
            PurchaseRequestStatus::Pending => td_string!(locale, orders.request_pending),
            PurchaseRequestStatus::Approved => td_string!(locale, orders.request_approved),
            PurchaseRequestStatus::Declined => td_string!(locale, orders.request_declined),
            PurchaseRequestStatus::Cancelled => td_string!(locale, orders.request_cancelled),
        }
    };
    let order_link = request
        .order_id
        .filter(|_| status == PurchaseRequestStatus::Approved)
        .map(|id| view! { " " <A href=format!("/account/orders/{id}")>{tr!(i18n, orders.see_order)}</A> });
    let message = request
        .message
        .filter(|m| status == PurchaseRequestStatus::Declined && !m.trim().is_empty())
        .map(|message| view! {
            <p>{move || t_string!(i18n, orders.decline_said, message = message.as_str()).to_string()}</p>
        });
    view! {
        <p>
            <span class="visually-hidden">{tr!(i18n, orders.request_status)} " "</span>
            <span class=class>{label}</span>
            {order_link}
        </p>
        {message}
    }
    .into_any()
}

// ---- Orders ----------------------------------------------------------------------------------

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
    let placed_by = order.placed_by.clone();
    let requested_by = order.requested_by.clone();
    let placed = move || {
        placed_by_text(
            i18n.get_locale(),
            placed_by.as_deref(),
            requested_by.as_deref(),
        )
    };
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
