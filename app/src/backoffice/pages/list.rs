//! `/backoffice`: a page of every customer's orders (searched, filtered and sorted from the
//! address), and the ways to the customer accounts and the contact messages.
use super::StaffGate;
use crate::{
    backoffice::{api, types::StaffOrder},
    components::{
        errors::form_error_text,
        format,
        labels::{payment_state_text, status_text},
        list::{query_options, use_list_query, words, EmptyList, ListControls, Pager, QuerySelect},
        text::tr,
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use shared::list::{OrderFilter, PaymentState};
use shared::OrderStatus;

/// `/backoffice`: the orders of every customer.
#[component]
pub fn BackofficePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_list_query::<OrderFilter, _>();
    let orders = Resource::new(move || query.get(), api::list_staff_orders);
    let filter_value = move |read: fn(&OrderFilter) -> Option<&'static str>| {
        Signal::derive(move || {
            query.with(|query| read(&query.filter).unwrap_or_default().to_owned())
        })
    };
    let all = Some(words(tr!(i18n, lists.all)));
    view! {
        <Title text=tr!(i18n, backoffice.title) />
        <StaffGate />
        <section class="page backoffice">
            <h1>{tr!(i18n, backoffice.title)}</h1>
            <p class="page-actions">
                <A href="/backoffice/accounts">{tr!(i18n, backoffice.accounts_title)}</A>
                <A href="/backoffice/messages">{tr!(i18n, contact_page.staff_link)}</A>
                <A href="/backoffice/documents">{tr!(i18n, documents.title)}</A>
            </p>
            <section class="block" aria-labelledby="orders-title">
                <h2 id="orders-title" class="caps">{tr!(i18n, backoffice.orders_title)}</h2>
                <ListControls query id="staff-orders" search_hint=words(tr!(i18n, backoffice.search_hint))>
                    <QuerySelect id="staff-orders-status" name="status" label=words(tr!(i18n, orders.filter_status))
                        current=filter_value(|f| f.status.map(OrderStatus::as_str))
                        options=query_options(&OrderStatus::ALL, |s| s.as_str().into(), |l, s| status_text(l, s).into()) all />
                    <QuerySelect id="staff-orders-payment" name="payment" label=words(tr!(i18n, orders.filter_payment))
                        current=filter_value(|f| f.payment.map(PaymentState::as_str))
                        options=query_options(&PaymentState::ALL, |p| p.as_str().into(), |l, p| payment_state_text(l, p).into()) all />
                </ListControls>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match orders.await {
                            Ok(page) => {
                                let lines = if page.items.is_empty() {
                                    view! { <EmptyList query empty=words(tr!(i18n, backoffice.no_orders)) /> }.into_any()
                                } else {
                                    view! { <OrdersTable orders=page.items.clone() /> }.into_any()
                                };
                                view! { {lines} <Pager query page /> }.into_any()
                            }
                            Err(error) => view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </section>
    }
}

#[component]
fn OrdersTable(orders: Vec<StaffOrder>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
        <table class="table">
            <caption class="visually-hidden">{tr!(i18n, backoffice.orders_title)}</caption>
            <thead>
                <tr>
                    <th scope="col">{tr!(i18n, backoffice.col_number)}</th>
                    <th scope="col">{tr!(i18n, backoffice.col_customer)}</th>
                    <th scope="col">{tr!(i18n, backoffice.col_project)}</th>
                    <th scope="col">{tr!(i18n, orders.col_reference)}</th>
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
                    let refund_due = order.refund_due.then(|| view! {
                        " " <strong class="marker">{td_string!(locale, backoffice.refund_due_marker)}</strong>
                    });
                    view! {
                        <tr>
                            <td><A href=format!("/backoffice/orders/{}", order.id)>{format!("n° {}", order.number)}</A></td>
                            <td>{order.account_name}</td>
                            <td>{order.project_name}</td>
                            <td>{order.po_reference}</td>
                            <td>{order.quantity}</td>
                            <td>{format::money(locale, order.total_cents)}</td>
                            <td>{status_text(locale, order.status)}</td>
                            <td>{payment_state_text(locale, order.payment)}{refund_due}</td>
                            <td>{format::date(locale, order.created_at)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
