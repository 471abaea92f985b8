//! `/backoffice/orders/:id`: one order, and what staff do with it. Every button dispatches a
//! [`Command`] to one action; the order reloads after each success. Until the page is hydrated
//! (and without JavaScript), each button is a form posting to its server function, and the
//! browser comes back here with the answer.
use super::{Done, StaffGate};
use crate::two_factor::CodePrompt;
use crate::{
    backoffice::api,
    components::{
        controls::{Input, Textarea},
        errors::form_error_text,
        form::{last_success, ActionOutcome, AppAction},
        format,
        labels::status_text,
        text::tr,
    },
    error::AppError,
    i18n::*,
    orders::{types::OrderDetail, OrderSummaryView},
    plain_forms::{ButtonForm, Hidden, PlainForm, PostForm, PostedBefore},
};
use leptos::{prelude::*, server_fn::ServerFn};
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

/// The page's forms: what the server answered the one posted before. Made with the page,
/// outside any suspense.
#[derive(Clone, Copy)]
struct StaffForms {
    record_payment: PostedBefore,
    record_refund: PostedBefore,
    advance: PlainForm,
    cancel: PlainForm,
}

impl StaffForms {
    fn new() -> Self {
        Self {
            record_payment: PostedBefore::to(api::RecordPayment::PATH),
            record_refund: PostedBefore::to(api::RecordRefund::PATH),
            advance: PlainForm::new(api::AdvanceOrder::PATH),
            cancel: PlainForm::new(api::CancelOrder::PATH),
        }
    }

    /// What the form posted before did, as the action's value would say it.
    fn outcome(self) -> Option<Result<Done, AppError>> {
        let done = |before: PostedBefore, done: Done| {
            before
                .outcome::<serde_json::Value>()
                .map(|outcome| outcome.map(|_| done))
        };
        done(self.record_payment, Done::Paid)
            .or_else(|| done(self.record_refund, Done::Refunded))
            .or_else(|| {
                self.advance
                    .outcome::<OrderStatus>()
                    .map(|outcome| outcome.map(|_| Done::Advanced))
            })
            .or_else(|| {
                self.cancel
                    .outcome::<()>()
                    .map(|outcome| outcome.map(|()| Done::Cancelled))
            })
    }
}

/// `/backoffice/orders/:id`: one order, and what staff do with it.
#[component]
pub fn StaffOrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let forms = StaffForms::new();
    let before = forms.outcome();
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
    // A plain post refused for want of a recent code: the prompt asks for it.
    let refused_before = before.clone().and_then(Result::err);
    view! {
        <Title text=tr!(i18n, backoffice.order_title) />
        <StaffGate />
        <section class="page backoffice">
            <p><A href="/backoffice">{tr!(i18n, backoffice.back)}</A></p>
            <ActionOutcome outcome=Signal::derive(move || act.value().get().or_else(|| before.clone())) done=Done::text />
            <CodePrompt action=act refused_before=refused_before.clone() />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match order.await {
                        Ok(detail) => view! {
                            <h1>{t!(i18n, backoffice.order_heading, number = detail.number, customer = detail.account_name.clone())}</h1>
                            <StaffActions detail=detail.clone() act forms />
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
fn StaffActions(
    detail: OrderDetail,
    act: AppAction<Command, Done>,
    forms: StaffForms,
) -> impl IntoView {
    let i18n = use_i18n();
    let order_id = detail.id;
    // The page's live region says what went wrong; the fields show what is wrong with them.
    let advance_status = forms.advance.status(act);
    let cancel_status = forms.cancel.status(act);
    let tracking = forms.advance.field("tracking_number");
    let reason = forms.cancel.field("reason");
    let (advance_id, cancel_id) = (order_id.to_string(), order_id.to_string());
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
                <ButtonForm endpoint=api::RecordRefund::PATH hidden=vec![("order_id", order_id.to_string())]
                    on_submit=move || { act.dispatch(Command::RecordRefund(order_id)); }>
                    <button type="submit" class="button button--primary">
                        {tr!(i18n, backoffice.record_refund)}
                    </button>
                </ButtonForm>
            })}
            {refunded_at.map(|at| view! {
                <p>{move || t_string!(i18n, backoffice.refunded_on, date = format::date(i18n.get_locale(), at)).to_string()}</p>
            })}
            {can_pay.then(|| view! {
                <ButtonForm endpoint=api::RecordPayment::PATH hidden=vec![("order_id", order_id.to_string())]
                    on_submit=move || { act.dispatch(Command::RecordPayment(order_id)); }>
                    <button type="submit" class="button button--primary">
                        {tr!(i18n, backoffice.record_payment)}
                    </button>
                </ButtonForm>
            })}
            {next.map(|next| view! {
                <PostForm form=forms.advance on_submit=advance class="form form--inline">
                    <Hidden field="order_id" value=Signal::stored(advance_id) />
                    {if ships {
                        view! {
                            <Input id="tracking_number" value=tracking status=advance_status required=true>
                                {tr!(i18n, backoffice.tracking_label)}
                            </Input>
                        }.into_any()
                    } else {
                        view! { <Hidden field="tracking_number" value=Signal::stored(String::new()) /> }.into_any()
                    }}
                    <button type="submit" class="button">
                        {move || t_string!(i18n, backoffice.advance_to, step = status_text(i18n.get_locale(), next)).to_string()}
                    </button>
                </PostForm>
            })}
            {can_cancel.then(|| view! {
                <PostForm form=forms.cancel on_submit=cancel>
                    <Hidden field="order_id" value=Signal::stored(cancel_id) />
                    <Textarea id="reason" value=reason status=cancel_status maxlength=500>
                        {tr!(i18n, backoffice.cancel_reason)}
                    </Textarea>
                    <button type="submit" class="button button--danger">{tr!(i18n, backoffice.cancel_submit)}</button>
                </PostForm>
            })}
        </section>
    }
    .into_any()
}
