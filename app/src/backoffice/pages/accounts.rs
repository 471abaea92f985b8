//! The customer accounts, each with its "payment on account" switch.
use super::list::OnAccountAction;
use crate::{backoffice::types::CustomerAccount, components::text::tr, i18n::*};
use leptos::prelude::*;

#[component]
pub(super) fn AccountsTable(
    accounts: Vec<CustomerAccount>,
    on_account: OnAccountAction,
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
                        on_account.dispatch((id, !enabled));
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
