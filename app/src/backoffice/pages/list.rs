//! `/backoffice`: the orders of every customer, filtered by step, and the customer accounts.
use super::{
    accounts::{AccountCommand, AccountsTable},
    Done, StaffGate,
};
use crate::{
    backoffice::{api, types::StaffOrder},
    components::{
        errors::form_error_text,
        form::{last_success, ActionOutcome, AppAction},
        format,
        labels::status_text,
        text::tr,
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use shared::{OrderStatus, PaymentMethod};

/// `/backoffice`: the orders of every customer, and the customer accounts.
#[component]
pub fn BackofficePage() -> impl IntoView {
    let i18n = use_i18n();
    let filter = RwSignal::new(None::<OrderStatus>);
    let act: AppAction<AccountCommand, Done> =
        Action::new_unsync(|command: &AccountCommand| command.clone().run());
    let changed = last_success(act);
    let orders = Resource::new(move || filter.get(), api::list_staff_orders);
    let accounts = Resource::new(move || changed.get(), |_| api::list_customer_accounts());
    let on_filter = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        filter.set(OrderStatus::parse(&value).ok());
    };
    view! {
        <Title text=tr!(i18n, backoffice.title) />
        <StaffGate />
        <section class="page backoffice">
            <h1>{tr!(i18n, backoffice.title)}</h1>
            <p><A href="/backoffice/messages">{tr!(i18n, contact_page.staff_link)}</A></p>
            <ActionOutcome outcome=act.value().into() done=Done::text />
            <crate::two_factor::CodePrompt action=act />
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
                            Ok(accounts) => view! { <AccountsTable accounts act /> }.into_any(),
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
                    } else if order.payment_method == Some(PaymentMethod::OnAccount) {
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
