//! The back-office pages: every customer's orders (filtered by step), one order with the
//! staff's actions, and the customer accounts with "payment on account".
use super::api::{self, CustomerAccount, StaffOrder};
use crate::{
    auth::provide_me,
    components::{
        errors::{action_error_text, form_error_text, problem_text},
        format,
        legacy::FormState,
        text::tr,
    },
    error::AppError,
    i18n::*,
    orders::{api::OrderDetail, status_text, OrderSummaryView},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{Redirect, A},
    hooks::use_params_map,
};
use shared::OrderStatus;
use uuid::Uuid;

/// What an action reports, in the page's live region.
type Outcome = RwSignal<Option<Result<&'static str, AppError>>>;

/// Only staff see the back-office; anyone else is sent to the login page or their account.
#[component]
fn StaffGate() -> impl IntoView {
    let me = provide_me();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) if me.staff => None,
                    Ok(Some(_)) => Some(view! { <Redirect path="/account" /> }.into_any()),
                    _ => Some(view! { <Redirect path="/login" /> }.into_any()),
                }
            })}
        </Suspense>
    }
}

fn outcome_view(outcome: Outcome) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="live" role="status" aria-live="polite">
            {move || outcome.get().map(|outcome| match outcome {
                Ok(done) => view! { <p class="notice">{done_text(i18n.get_locale(), done)}</p> }.into_any(),
                Err(error) => view! { <p class="form-alert" role="alert">{action_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
            })}
        </div>
    }
}

fn done_text(locale: Locale, done: &str) -> &'static str {
    match done {
        "paid" => td_string!(locale, backoffice.done_paid),
        "advanced" => td_string!(locale, backoffice.done_advanced),
        "cancelled" => td_string!(locale, backoffice.done_cancelled),
        _ => td_string!(locale, backoffice.done_saved),
    }
}

/// `/backoffice`: the orders of every customer, and the customer accounts.
#[component]
pub fn BackofficePage() -> impl IntoView {
    let i18n = use_i18n();
    let filter = RwSignal::new(None::<OrderStatus>);
    let version = RwSignal::new(0_u32);
    let outcome: Outcome = RwSignal::new(None);
    let orders = Resource::new(move || filter.get(), api::list_staff_orders);
    let accounts = Resource::new(move || version.get(), |_| api::list_customer_accounts());
    let on_filter = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        filter.set(OrderStatus::parse(&value).ok());
    };
    view! {
        <Title text=tr!(i18n, backoffice.title) />
        <StaffGate />
        <section class="page backoffice">
            <h1>{tr!(i18n, backoffice.title)}</h1>
            {outcome_view(outcome)}
            <section class="block" aria-labelledby="orders-title">
                <h2 id="orders-title" class="caps">{tr!(i18n, backoffice.orders_title)}</h2>
                <div class="form form--inline">
                    <label for="status-filter">{tr!(i18n, backoffice.filter_label)}</label>
                    <select id="status-filter" on:change=on_filter>
                        <option value="">{tr!(i18n, backoffice.filter_all)}</option>
                        {OrderStatus::ALL.iter().copied().map(|status| view! {
                            <option value=status.as_str()>{move || status_text(i18n.get_locale(), status)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match orders.await {
                            Ok(orders) => view! { <OrdersTable orders /> }.into_any(),
                            Err(error) => view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <section class="block" aria-labelledby="accounts-title">
                <h2 id="accounts-title" class="caps">{tr!(i18n, backoffice.accounts_title)}</h2>
                <p>{tr!(i18n, backoffice.on_account_intro)}</p>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match accounts.await {
                            Ok(accounts) => view! { <AccountsTable accounts version outcome /> }.into_any(),
                            Err(error) => view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </section>
    }
}

#[component]
fn OrdersTable(orders: Vec<StaffOrder>) -> impl IntoView {
    let i18n = use_i18n();
    if orders.is_empty() {
        return view! { <p>{tr!(i18n, backoffice.no_orders)}</p> }.into_any();
    }
    view! {
        <table class="table">
            <caption class="visually-hidden">{tr!(i18n, backoffice.orders_title)}</caption>
            <thead>
                <tr>
                    <th scope="col">{tr!(i18n, backoffice.col_number)}</th>
                    <th scope="col">{tr!(i18n, backoffice.col_customer)}</th>
                    <th scope="col">{tr!(i18n, backoffice.col_project)}</th>
                    <th scope="col">{tr!(i18n, backoffice.col_quantity)}</th>
                    <th scope="col">{tr!(i18n, backoffice.col_total)}</th>
                    <th scope="col">{tr!(i18n, backoffice.col_status)}</th>
                    <th scope="col">{tr!(i18n, backoffice.col_payment)}</th>
                    <th scope="col">{tr!(i18n, backoffice.col_date)}</th>
                </tr>
            </thead>
            <tbody>
                {orders.into_iter().map(|order| {
                    let locale = i18n.get_locale_untracked();
                    let payment = if order.paid {
                        td_string!(locale, backoffice.payment_paid)
                    } else if order.payment_method == Some(shared::PaymentMethod::OnAccount) {
                        td_string!(locale, backoffice.payment_on_account)
                    } else {
                        td_string!(locale, backoffice.payment_awaiting)
                    };
                    view! {
                        <tr>
                            <td><A href=format!("/backoffice/orders/{}", order.id)>{format!("n° {}", order.number)}</A></td>
                            <td>{order.account_name}</td>
                            <td>{order.project_name}</td>
                            <td>{order.quantity}</td>
                            <td>{format::money(locale, order.total_cents)}</td>
                            <td>{status_text(locale, order.status)}</td>
                            <td>{payment}</td>
                            <td>{format::date(locale, order.created_at)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn AccountsTable(
    accounts: Vec<CustomerAccount>,
    version: RwSignal<u32>,
    outcome: Outcome,
) -> impl IntoView {
    let i18n = use_i18n();
    if accounts.is_empty() {
        return view! { <p>{tr!(i18n, backoffice.no_accounts)}</p> }.into_any();
    }
    view! {
        <table class="table">
            <caption class="visually-hidden">{tr!(i18n, backoffice.accounts_title)}</caption>
            <thead>
                <tr>
                    <th scope="col">{tr!(i18n, backoffice.col_customer)}</th>
                    <th scope="col">"SIRET"</th>
                    <th scope="col">{tr!(i18n, backoffice.col_holder)}</th>
                    <th scope="col">{tr!(i18n, backoffice.col_orders)}</th>
                    <th scope="col">{tr!(i18n, backoffice.col_on_account)}</th>
                </tr>
            </thead>
            <tbody>
                {accounts.into_iter().map(|account| {
                    let enabled = account.payment_on_account;
                    let id = account.id;
                    let name = account.company_name.clone();
                    let toggle = move |_| {
                        leptos::task::spawn_local(async move {
                            let result = api::set_payment_on_account(id, !enabled).await;
                            if result.is_ok() {
                                version.update(|v| *v += 1);
                            }
                            outcome.set(Some(result.map(|()| "saved")));
                        });
                    };
                    view! {
                        <tr>
                            <td>{account.company_name}</td>
                            <td>{account.siret.unwrap_or_default()}</td>
                            <td>{account.holder_email.unwrap_or_default()}</td>
                            <td>{account.orders}</td>
                            <td>
                                <button type="button" class="button" aria-pressed=if enabled { "true" } else { "false" } on:click=toggle
                                    aria-label=move || t_string!(i18n, backoffice.on_account_toggle, account = name.as_str()).to_string()>
                                    {move || if enabled { t_string!(i18n, backoffice.on_account_on) } else { t_string!(i18n, backoffice.on_account_off) }}
                                </button>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// `/backoffice/orders/:id`: one order, and what staff do with it.
#[component]
pub fn StaffOrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let order_id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok()));
    let version = RwSignal::new(0_u32);
    let outcome: Outcome = RwSignal::new(None);
    let order = Resource::new(
        move || (order_id(), version.get()),
        |(id, _)| async move {
            match id {
                Some(id) => api::load_staff_order(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=tr!(i18n, backoffice.order_title) />
        <StaffGate />
        <section class="page backoffice">
            <p><A href="/backoffice">{tr!(i18n, backoffice.back)}</A></p>
            {outcome_view(outcome)}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match order.await {
                        Ok(detail) => view! {
                            <h1>{t!(i18n, backoffice.order_heading, number = detail.number, customer = detail.account_name.clone())}</h1>
                            <StaffActions detail=detail.clone() version outcome />
                            <OrderSummaryView detail />
                        }.into_any(),
                        Err(error) => view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Record the payment, move to the next step (a tracking number to ship), or cancel.
#[component]
fn StaffActions(detail: OrderDetail, version: RwSignal<u32>, outcome: Outcome) -> impl IntoView {
    let i18n = use_i18n();
    let order_id = detail.id;
    let form = FormState::new();
    let tracking = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let act = move |done: &'static str,
                    call: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<(), AppError>>>,
    >| {
        leptos::task::spawn_local(async move {
            let result = call.await;
            if result.is_ok() {
                version.update(|v| *v += 1);
            }
            form.error.set(result.as_ref().err().cloned());
            outcome.set(Some(result.map(|()| done)));
        });
    };
    let can_pay = detail.paid_at.is_none() && detail.status != OrderStatus::Cancelled;
    let next = detail.status.next();
    let ships = next == Some(OrderStatus::Shipped);
    let can_cancel = detail.status.can_cancel();
    let tracking_error = form.status().problem_with("tracking_number");
    let reason_error = form.status().problem_with("reason");
    view! {
        <section class="block staff-actions" aria-labelledby="staff-actions-title">
            <h2 id="staff-actions-title" class="caps">{tr!(i18n, backoffice.actions_title)}</h2>
            {can_pay.then(|| view! {
                <button type="button" class="button button--primary"
                    on:click=move |_| act("paid", Box::pin(api::record_payment(order_id)))>
                    {tr!(i18n, backoffice.record_payment)}
                </button>
            })}
            {next.map(|next| view! {
                <form class="form form--inline" novalidate on:submit=move |event: leptos::ev::SubmitEvent| {
                    event.prevent_default();
                    let number = tracking.get_untracked();
                    act("advanced", Box::pin(async move { api::advance_order(order_id, number).await.map(|_| ()) }));
                }>
                    {ships.then(|| view! {
                        <div class="field">
                            <label for="tracking_number">{tr!(i18n, backoffice.tracking_label)}</label>
                            <input id="tracking_number" name="tracking_number" type="text" required
                                prop:value=move || tracking.get()
                                on:input=move |e| tracking.set(event_target_value(&e))
                                aria-invalid=move || if tracking_error.get().is_some() { "true" } else { "false" }
                                aria-describedby="tracking_number-error" />
                            <p id="tracking_number-error" class="field__error">
                                {move || tracking_error.get().map(|problem| problem_text(i18n.get_locale(), problem))}
                            </p>
                        </div>
                    })}
                    <button type="submit" class="button">
                        {move || t_string!(i18n, backoffice.advance_to, step = status_text(i18n.get_locale(), next)).to_string()}
                    </button>
                </form>
            })}
            {can_cancel.then(|| view! {
                <form class="form" novalidate on:submit=move |event: leptos::ev::SubmitEvent| {
                    event.prevent_default();
                    let text = reason.get_untracked();
                    act("cancelled", Box::pin(api::cancel_order(order_id, text)));
                }>
                    <div class="field">
                        <label for="reason">{tr!(i18n, backoffice.cancel_reason)}</label>
                        <textarea id="reason" name="reason" rows="2" maxlength="500"
                            prop:value=move || reason.get()
                            on:input=move |e| reason.set(event_target_value(&e))
                            aria-invalid=move || if reason_error.get().is_some() { "true" } else { "false" }
                            aria-describedby="reason-error"></textarea>
                        <p id="reason-error" class="field__error">
                            {move || reason_error.get().map(|problem| problem_text(i18n.get_locale(), problem))}
                        </p>
                    </div>
                    <button type="submit" class="button button--danger">{tr!(i18n, backoffice.cancel_submit)}</button>
                </form>
            })}
        </section>
    }
    .into_any()
}
