//! `/backoffice/accounts`: a page of the customer accounts (searched and filtered from the
//! address), each with its "payment on account" switch and the check of its SIRET. Every button
//! dispatches an [`AccountCommand`] to the page's one action; until the page is hydrated (and
//! without JavaScript), each is a form of its own posting to its server function.
use super::{Done, StaffGate};
use crate::{
    backoffice::{api, types::CustomerAccount},
    components::{
        errors::form_error_text,
        form::{last_success, ActionOutcome, AppAction},
        list::{query_options, use_list_query, words, EmptyList, ListControls, Pager, QuerySelect},
        text::tr,
    },
    error::AppError,
    i18n::*,
    plain_forms::{PlainForm, PostedBefore},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::components::A;
use shared::list::{AccountFilter, SiretCheck as SiretState};
use uuid::Uuid;

#[component]
pub fn CustomerAccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    // What the button posted before the page was hydrated did.
    let on_account = PostedBefore::to(api::SetPaymentOnAccount::PATH);
    let siret_check = PlainForm::new(api::VerifySiret::PATH);
    let before = on_account
        .outcome::<()>()
        .map(|outcome| outcome.map(|()| Done::Saved))
        .or_else(|| {
            siret_check.outcome::<()>().map(|outcome| {
                outcome.map(|()| {
                    if siret_check.typed("verified").as_deref() == Some("true") {
                        Done::SiretVerified
                    } else {
                        Done::SiretUnverified
                    }
                })
            })
        });
    let query = use_list_query::<AccountFilter, _>();
    let act: AppAction<AccountCommand, Done> =
        Action::new_unsync(|command: &AccountCommand| command.clone().run());
    let changed = last_success(act);
    let accounts = Resource::new(
        move || (query.get(), changed.get()),
        |(query, _)| api::list_customer_accounts(query),
    );
    let siret = Signal::derive(move || {
        query.with(|query| {
            query
                .filter
                .siret
                .map(|check| check.as_str().to_owned())
                .unwrap_or_default()
        })
    });
    // A plain post refused for want of a recent code: the prompt asks for it.
    let refused_before = before.clone().and_then(Result::err);
    view! {
        <Title text=tr!(i18n, backoffice.accounts_title) />
        <StaffGate />
        <section class="page backoffice">
            <h1>{tr!(i18n, backoffice.accounts_title)}</h1>
            <p><A href="/backoffice">{tr!(i18n, backoffice.back)}</A></p>
            <p>{tr!(i18n, backoffice.on_account_intro)}</p>
            <ActionOutcome outcome=Signal::derive(move || act.value().get().or_else(|| before.clone())) done=Done::text />
            <crate::two_factor::CodePrompt action=act refused_before=refused_before.clone() />
            <ListControls query id="accounts" search_hint=words(tr!(i18n, backoffice.accounts_search_hint))>
                <QuerySelect id="accounts-siret" name="siret" label=words(tr!(i18n, backoffice.filter_siret))
                    current=siret all=Some(words(tr!(i18n, lists.all)))
                    options=query_options(&SiretState::ALL, |s| s.as_str().into(), siret_state_text) />
            </ListControls>
            // The page before stays until the next one is there; the form above stays as typed.
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match accounts.await {
                        Ok(page) => {
                            let lines = if page.items.is_empty() {
                                view! { <EmptyList query empty=words(tr!(i18n, backoffice.no_accounts)) /> }.into_any()
                            } else {
                                view! { <AccountsTable accounts=page.items.clone() act /> }.into_any()
                            };
                            view! { {lines} <Pager query page /> }.into_any()
                        }
                        Err(error) => view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn siret_state_text(locale: Locale, state: SiretState) -> String {
    match state {
        SiretState::Verified => td_string!(locale, backoffice.filter_siret_verified),
        SiretState::Unverified => td_string!(locale, backoffice.filter_siret_unverified),
    }
    .to_owned()
}

/// What staff do with a customer account: each is one server function.
#[derive(Clone, Debug)]
enum AccountCommand {
    /// Allows (or stops) payment on account.
    PaymentOnAccount { account_id: Uuid, enabled: bool },
    /// Marks the SIRET as checked, or not.
    VerifySiret { account_id: Uuid, verified: bool },
}

impl AccountCommand {
    async fn run(self) -> Result<Done, AppError> {
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
fn AccountsTable(
    accounts: Vec<CustomerAccount>,
    act: AppAction<AccountCommand, Done>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
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
                    let toggle = move |event: leptos::ev::SubmitEvent| {
                        event.prevent_default();
                        act.dispatch(AccountCommand::PaymentOnAccount { account_id: id, enabled: !enabled });
                    };
                    view! {
                        <tr>
                            <td>{account.company_name.clone()}</td>
                            <td><SiretCheck account=account.clone() act /></td>
                            <td>{account.holder_email.unwrap_or_default()}</td>
                            <td>{account.orders}</td>
                            <td>
                                <form class="command" method="post" action=api::SetPaymentOnAccount::PATH on:submit=toggle>
                                    <input type="hidden" name="account_id" value=id.to_string() />
                                    <input type="hidden" name="enabled" value=(!enabled).to_string() />
                                    <button type="submit" class="button" aria-pressed=if enabled { "true" } else { "false" }
                                        aria-label=move || t_string!(i18n, backoffice.on_account_toggle, account = name.as_str()).to_string()>
                                        {move || if enabled { t_string!(i18n, backoffice.on_account_on) } else { t_string!(i18n, backoffice.on_account_off) }}
                                    </button>
                                </form>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
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
    let toggle = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
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
        <form class="command" method="post" action=api::VerifySiret::PATH on:submit=toggle>
            <input type="hidden" name="account_id" value=id.to_string() />
            <input type="hidden" name="verified" value=(!verified).to_string() />
            <button type="submit" class="button"
                aria-label=move || if verified {
                    t_string!(i18n, backoffice.siret_unverify_for, account = name.as_str()).to_string()
                } else {
                    t_string!(i18n, backoffice.siret_verify_for, account = name.as_str()).to_string()
                }>
                {move || if verified { t_string!(i18n, backoffice.siret_unverify) } else { t_string!(i18n, backoffice.siret_verify) }}
            </button>
        </form>
    }
    .into_any()
}
