//! `/backoffice/orders/:id`: one order, and what staff do with it. Every button dispatches a
//! [`Command`] to one action; the order reloads after each success.
use super::{Done, StaffGate};
use crate::two_factor::CodePrompt;
use crate::{
    backoffice::api,
    components::{
        controls::{Input, Textarea},
        errors::form_error_text,
        form::{last_success, ActionOutcome, AppAction, FormStatus},
        format,
        labels::status_text,
        text::tr,
    },
    error::AppError,
    i18n::*,
    orders::{types::OrderDetail, OrderSummaryView},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};
use shared::OrderStatus;
use uuid::Uuid;

/// What staff do with an order: each is one server function.
#[derive(Clone, Debug)]
enum Command {
    RecordPayment(Uuid),
    RecordRefund(Uuid),
    /// To the next step; the tracking number is needed to ship.
    Advance {
        order_id: Uuid,
        tracking_number: String,
    },
    Cancel {
        order_id: Uuid,
        reason: String,
    },
}

impl Command {
    async fn run(self) -> Result<Done, AppError> {
        match self {
            Command::RecordPayment(order_id) => {
                api::record_payment(order_id).await.map(|()| Done::Paid)
            }
            Command::RecordRefund(order_id) => {
                api::record_refund(order_id).await.map(|()| Done::Refunded)
            }
            Command::Advance {
                order_id,
                tracking_number,
            } => api::advance_order(order_id, tracking_number)
                .await
                .map(|_| Done::Advanced),
            Command::Cancel { order_id, reason } => api::cancel_order(order_id, reason)
                .await
                .map(|()| Done::Cancelled),
        }
    }
}

/// `/backoffice/orders/:id`: one order, and what staff do with it.
#[component]
pub fn StaffOrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let order_id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok()));
    let act: AppAction<Command, Done> =
        Action::new_unsync(|command: &Command| command.clone().run());
    let changed = last_success(act);
    let order = Resource::new(
        move || (order_id(), changed.get()),
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
            <ActionOutcome outcome=act.value().into() done=Done::text />
            <CodePrompt action=act />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match order.await {
                        Ok(detail) => view! {
                            <h1>{t!(i18n, backoffice.order_heading, number = detail.number, customer = detail.account_name.clone())}</h1>
                            <StaffActions detail=detail.clone() act />
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
fn StaffActions(detail: OrderDetail, act: AppAction<Command, Done>) -> impl IntoView {
    let i18n = use_i18n();
    let order_id = detail.id;
    let status = FormStatus::of(act);
    let tracking = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let can_pay = detail.paid_at.is_none() && detail.status != OrderStatus::Cancelled;
    let next = detail.status.next();
    let ships = next == Some(OrderStatus::Shipped);
    let can_cancel = detail.status.can_cancel();
    let refund_due = detail.refund_due_at.is_some() && detail.refunded_at.is_none();
    let refunded_at = detail.refunded_at;
    let total = detail.total_cents;
    let advance = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        act.dispatch(Command::Advance {
            order_id,
            tracking_number: tracking.get_untracked(),
        });
    };
    let cancel = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        act.dispatch(Command::Cancel {
            order_id,
            reason: reason.get_untracked(),
        });
    };
    view! {
        <section class="block staff-actions" aria-labelledby="staff-actions-title">
            <h2 id="staff-actions-title" class="caps">{tr!(i18n, backoffice.actions_title)}</h2>
            {refund_due.then(|| view! {
                <p class="notice" role="status">
                    {move || t_string!(i18n, backoffice.refund_due, total = format::money(i18n.get_locale(), total)).to_string()}
                </p>
                <button type="button" class="button button--primary"
                    on:click=move |_| { act.dispatch(Command::RecordRefund(order_id)); }>
                    {tr!(i18n, backoffice.record_refund)}
                </button>
            })}
            {refunded_at.map(|at| view! {
                <p>{move || t_string!(i18n, backoffice.refunded_on, date = format::date(i18n.get_locale(), at)).to_string()}</p>
            })}
            {can_pay.then(|| view! {
                <button type="button" class="button button--primary"
                    on:click=move |_| { act.dispatch(Command::RecordPayment(order_id)); }>
                    {tr!(i18n, backoffice.record_payment)}
                </button>
            })}
            {next.map(|next| view! {
                <form class="form form--inline" novalidate on:submit=advance>
                    {ships.then(|| view! {
                        <Input id="tracking_number" value=tracking status required=true>
                            {tr!(i18n, backoffice.tracking_label)}
                        </Input>
                    })}
                    <button type="submit" class="button">
                        {move || t_string!(i18n, backoffice.advance_to, step = status_text(i18n.get_locale(), next)).to_string()}
                    </button>
                </form>
            })}
            {can_cancel.then(|| view! {
                <form class="form" novalidate on:submit=cancel>
                    <Textarea id="reason" value=reason status maxlength=500>
                        {tr!(i18n, backoffice.cancel_reason)}
                    </Textarea>
                    <button type="submit" class="button button--danger">{tr!(i18n, backoffice.cancel_submit)}</button>
                </form>
            })}
        </section>
    }
    .into_any()
}
