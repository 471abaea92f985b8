//! The customer accounts, each with its "payment on account" switch and the check of its SIRET.
//! Every button dispatches an [`AccountCommand`] to the page's one action.
use super::Done;
use crate::{
    backoffice::{api, types::CustomerAccount},
    components::{form::AppAction, text::tr},
    error::AppError,
    i18n::*,
};
use leptos::prelude::*;
use uuid::Uuid;

/// What staff do with a customer account: each is one server function.
#[derive(Clone, Debug)]
pub(super) enum AccountCommand {
    /// Allows (or stops) payment on account.
    PaymentOnAccount { account_id: Uuid, enabled: bool },
    /// Marks the SIRET as checked, or not.
    VerifySiret { account_id: Uuid, verified: bool },
}

impl AccountCommand {
    pub(super) async fn run(self) -> Result<Done, AppError> {
        match self {
            AccountCommand::PaymentOnAccount {
                account_id,
                enabled,
            } => api::set_payment_on_account(account_id, enabled)
                .await
                .map(|()| Done::Saved),
            AccountCommand::VerifySiret {
                account_id,
                verified,
            } => api::verify_siret(account_id, verified).await.map(|()| {
                if verified {
                    Done::SiretVerified
                } else {
                    Done::SiretUnverified
                }
            }),
        }
    }
}

#[component]
pub(super) fn AccountsTable(
    accounts: Vec<CustomerAccount>,
    act: AppAction<AccountCommand, Done>,
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
                        act.dispatch(AccountCommand::PaymentOnAccount { account_id: id, enabled: !enabled });
                    };
                    view! {
                        <tr>
                            <td>{account.company_name.clone()}</td>
                            <td><SiretCheck account=account.clone() act /></td>
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

/// The account's SIRET, whether staff checked it (and who), and the button that changes that.
#[component]
fn SiretCheck(account: CustomerAccount, act: AppAction<AccountCommand, Done>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(siret) = account.siret else {
        return view! { <span>{tr!(i18n, backoffice.siret_none)}</span> }.into_any();
    };
    let verified = account.siret_verified;
    let id = account.id;
    let name = account.company_name;
    let by = account.siret_verified_by.unwrap_or_default();
    let toggle = move |_| {
        act.dispatch(AccountCommand::VerifySiret {
            account_id: id,
            verified: !verified,
        });
    };
    view! {
        {siret} <br />
        <span class="siret-check">
            {move || if verified && !by.is_empty() {
                t_string!(i18n, backoffice.siret_verified_by, name = by.as_str()).to_string()
            } else if verified {
                t_string!(i18n, backoffice.siret_verified).to_string()
            } else {
                t_string!(i18n, backoffice.siret_unverified).to_string()
            }}
        </span> " "
        <button type="button" class="button" on:click=toggle
            aria-label=move || if verified {
                t_string!(i18n, backoffice.siret_unverify_for, account = name.as_str()).to_string()
            } else {
                t_string!(i18n, backoffice.siret_verify_for, account = name.as_str()).to_string()
            }>
            {move || if verified { t_string!(i18n, backoffice.siret_unverify) } else { t_string!(i18n, backoffice.siret_verify) }}
        </button>
    }
    .into_any()
}
