//! The payment block of an order's page: where the payment stands, the choice of how to pay
//! (once, by a buyer), and what to quote on a bank transfer.
use crate::{
    components::{
        controls::{Choice, RadioGroup},
        form::{AppAction, FormStatus, SubmitButton},
        format,
        labels::payment_method_text,
        text::tr,
    },
    i18n::*,
    orders::{api, types::OrderDetail},
    plain_forms::{Hidden, PlainForm, PostForm},
};
use leptos::prelude::*;
use shared::{OrderStatus, PaymentMethod};
use uuid::Uuid;

/// What the page's action did, as its live region says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Done {
    PaymentChosen,
}

impl Done {
    pub(super) fn text(locale: Locale, done: Done) -> &'static str {
        match done {
            Done::PaymentChosen => td_string!(locale, orders.done_payment_chosen),
        }
    }
}

/// Choosing how the order is paid: the page's one action.
pub(super) type PayAction = AppAction<(Uuid, PaymentMethod), Done>;

pub(super) fn pay_action() -> PayAction {
    Action::new_unsync(|&(order_id, method): &(Uuid, PaymentMethod)| async move {
        api::choose_payment(order_id, method)
            .await
            .map(|()| Done::PaymentChosen)
    })
}

/// Where the payment stands, the choice of how to pay, and the bank details for a transfer.
#[component]
pub(super) fn PaymentSection(
    detail: OrderDetail,
    pay: PayAction,
    form: PlainForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let order_id = detail.id;
    let cancelled = detail.status == OrderStatus::Cancelled;
    let method = detail.payment_method;
    let paid_at = detail.paid_at;
    let awaiting_transfer =
        method == Some(PaymentMethod::BankTransfer) && paid_at.is_none() && !cancelled;
    let state = move || {
        let locale = i18n.get_locale();
        match (paid_at, method) {
            (Some(at), _) => {
                td_string!(locale, orders.paid_on, date = format::date(locale, at)).to_string()
            }
            _ if cancelled => td_string!(locale, orders.payment_none_cancelled).to_string(),
            (None, Some(PaymentMethod::OnAccount)) => {
                td_string!(locale, orders.payment_on_account_state).to_string()
            }
            (None, Some(PaymentMethod::BankTransfer)) => {
                td_string!(locale, orders.payment_awaiting_transfer).to_string()
            }
            (None, None) if detail.may_choose_payment => {
                td_string!(locale, orders.payment_to_choose).to_string()
            }
            (None, None) => td_string!(locale, orders.payment_chosen_by_buyer).to_string(),
        }
    };
    let choice = detail.may_choose_payment.then(|| {
        view! {
            <PaymentChoice order_id on_account_allowed=detail.payment_on_account_allowed pay form />
        }
        .into_any()
    });
    let bank = awaiting_transfer.then(|| {
        let bank = detail.bank.clone();
        let reference = detail.payment_reference.clone();
        let total_cents = detail.total_cents;
        view! {
            <div class="bank">
                <h3>{tr!(i18n, orders.bank_title)}</h3>
                <p>{tr!(i18n, orders.bank_intro)}</p>
                <dl class="facts">
                    <dt>{tr!(i18n, orders.bank_holder)}</dt>
                    <dd>{bank.holder}</dd>
                    <dt>{tr!(i18n, orders.bank_iban)}</dt>
                    <dd class="mono">{bank.iban}</dd>
                    <dt>{tr!(i18n, orders.bank_bic)}</dt>
                    <dd class="mono">{bank.bic}</dd>
                    <dt>{tr!(i18n, orders.bank_reference)}</dt>
                    <dd class="mono"><strong>{reference}</strong></dd>
                    <dt>{tr!(i18n, orders.bank_amount)}</dt>
                    <dd><strong>{move || format::money(i18n.get_locale(), total_cents)}</strong></dd>
                </dl>
            </div>
        }
        .into_any()
    });
    view! {
        <section class="block" aria-labelledby="payment-title">
            <h2 id="payment-title" class="caps">{tr!(i18n, orders.payment_title)}</h2>
            <p class="payment-state">{state}</p>
            {choice}
            {bank}
        </section>
    }
    .into_any()
}

/// "Virement bancaire" or, when the manufacturer allows it, "Paiement en compte": a form posting
/// `order_id` and `method` to `orders/payment` until the page is hydrated.
#[component]
fn PaymentChoice(
    order_id: Uuid,
    on_account_allowed: bool,
    pay: PayAction,
    form: PlainForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = FormStatus::of(pay);
    // The page's live region says what went wrong (as it says what was done), not the radios.
    let radios = FormStatus {
        error: Signal::derive(|| None),
        ..status
    };
    let chosen = form.field_or("method", PaymentMethod::BankTransfer.as_str());
    let choices = PaymentMethod::ALL
        .into_iter()
        .filter(|method| *method != PaymentMethod::OnAccount || on_account_allowed)
        .map(|method| Choice {
            value: method.as_str().to_string(),
            label: Signal::derive(move || {
                payment_method_text(i18n.get_locale(), method).to_string()
            }),
            detail: None,
        })
        .collect::<Vec<_>>();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        // The radios only offer the methods' own texts.
        if let Ok(method) = chosen.with_untracked(|chosen| PaymentMethod::parse(chosen)) {
            pay.dispatch((order_id, method));
        }
    };
    view! {
        <PostForm form on_submit class="form form--inline" labelled_by="payment-title">
            <Hidden field="order_id" value=Signal::stored(order_id.to_string()) />
            <RadioGroup name="method" value=chosen status=radios choices>
                {tr!(i18n, orders.payment_legend)}
            </RadioGroup>
            <SubmitButton status>{tr!(i18n, orders.payment_submit)}</SubmitButton>
        </PostForm>
    }
    .into_any()
}
