//! An order's page (`/account/orders/:id`): how it is paid, then everything about the order and
//! its progress. Choosing how to pay and cancelling reload the order when they succeed;
//! ordering again opens the new order. Each is a form posting to its server function until the
//! page is hydrated (and without JavaScript): the browser then comes back here, where the
//! server's answer shows as the hydrated page would show it.
use super::{
    payment::{pay_action, Done, PaymentSection},
    reorder::ReorderSection,
    summary::OrderSummaryView,
};
use crate::plain_forms::{Hidden, PlainForm, PostForm};
use crate::{
    components::{
        controls::Textarea,
        errors::{action_error_text, form_error_text},
        form::{last_success, ActionOutcome, AppAction, FormAlert, SubmitButton},
        text::tr,
    },
    error::AppError,
    i18n::*,
    orders::api,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};
use uuid::Uuid;

#[component]
pub fn OrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let order_id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok())));
    // The page's forms, made here, outside the suspense, in the same order on the server and
    // in the browser.
    let forms = OrderForms {
        pay: PlainForm::new(api::ChoosePayment::PATH),
        cancel: PlainForm::new(api::CancelOrder::PATH),
        reorder: PlainForm::new(api::Reorder::PATH),
    };
    let paid_before = forms
        .pay
        .outcome::<()>()
        .map(|outcome| outcome.map(|()| Done::PaymentChosen));
    let cancelled_before = forms.cancel.answer::<()>().is_some();
    let pay = pay_action();
    let changed = last_success(pay);
    let cancel: AppAction<(Uuid, String), ()> =
        Action::new_unsync(|(id, reason): &(Uuid, String)| api::cancel_order(*id, reason.clone()));
    let cancelled = last_success(cancel);
    let order = Resource::new(
        move || (order_id.get(), changed.get(), cancelled.get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => api::load_order(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=tr!(i18n, orders.order_title) />
        <p class="back-link"><A href="/account/orders" exact=true>{tr!(i18n, orders.back)}</A></p>
        <ActionOutcome outcome=Signal::derive(move || pay.value().get().or_else(|| paid_before.clone())) done=Done::text />
        <p role="status" aria-live="polite">
            {move || {
                let done = match cancel.version().get() {
                    0 => cancelled_before,
                    _ => cancel.value().with(|done| matches!(done, Some(Ok(())))),
                };
                done.then(|| tr!(i18n, order_actions.cancelled))
            }}
        </p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(detail) => view! {
                        <h1 class="caps">{t!(i18n, orders.order_heading, number = detail.number)}</h1>
                        {view! { <PaymentSection detail=detail.clone() pay form=forms.pay /> }.into_any()}
                        {detail.may_cancel.then(|| view! { <CancelSection order_id=detail.id cancel form=forms.cancel /> }.into_any())}
                        // A cancellation refused because the order moved on meanwhile: said
                        // here, as the form is gone.
                        {(!detail.may_cancel).then(|| forms.cancel.error()).flatten().map(|error| view! {
                            <p class="form-alert" role="alert">{action_error_text(i18n.get_locale(), &error)}</p>
                        })}
                        {detail.reorder_net_cents.map(|today_cents| view! {
                            <ReorderSection order_id=detail.id then_cents=detail.net_cents today_cents form=forms.reorder />
                        }.into_any())}
                        {view! { <OrderSummaryView detail link_project=true /> }.into_any()}
                    }
                    .into_any(),
                    Err(AppError::NotFound) => view! {
                        <h1 class="caps">{tr!(i18n, orders.order_title)}</h1>
                        <p class="notice" role="alert">{tr!(i18n, orders.not_found)}</p>
                    }
                    .into_any(),
                    Err(error) => view! {
                        <h1 class="caps">{tr!(i18n, orders.order_title)}</h1>
                        <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// The forms of the order's page.
#[derive(Clone, Copy)]
struct OrderForms {
    pay: PlainForm,
    cancel: PlainForm,
    reorder: PlainForm,
}

/// "Annuler la commande", before production: the holder and the buyers, with an optional
/// reason; a paid order is refunded.
#[component]
fn CancelSection(
    order_id: Uuid,
    cancel: AppAction<(Uuid, String), ()>,
    form: PlainForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = form.field("reason");
    let status = form.status(cancel);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        cancel.dispatch((order_id, reason.get_untracked()));
    };
    view! {
        <section class="form-section" aria-labelledby="cancel-title">
            <h2 id="cancel-title" class="caps">{tr!(i18n, order_actions.cancel_title)}</h2>
            <p>{tr!(i18n, order_actions.cancel_intro)}</p>
            <PostForm form on_submit labelled_by="cancel-title">
                <FormAlert status />
                <Hidden field="order_id" value=Signal::stored(order_id.to_string()) />
                <Textarea id="reason" value=reason status maxlength=500>
                    {tr!(i18n, order_actions.cancel_reason)}
                </Textarea>
                <SubmitButton status>{tr!(i18n, order_actions.cancel_submit)}</SubmitButton>
            </PostForm>
        </section>
    }
}
