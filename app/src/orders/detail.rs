//! An order's page (`/account/orders/:id`): how it is paid, then everything about the order and
//! its progress. The back-office shows the same summary ([`OrderSummaryView`]) beside the staff's
//! actions.
use super::api::{self, OrderDetail};
use crate::{
    components::{
        errors::{action_error_text, form_error_text},
        format,
        labels::*,
        text::tr,
    },
    error::AppError,
    i18n::*,
    projects::types::file_url,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};
use shared::{DeliveryAddress, OrderStatus, PaymentMethod};
use uuid::Uuid;

/// What an action on the page reports, in its live region.
type Outcome = RwSignal<Option<Result<&'static str, AppError>>>;

/// An order's progress step, as the customer reads it.
pub fn status_text(locale: Locale, status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Received => td_string!(locale, orders.status_received),
        OrderStatus::FileCheck => td_string!(locale, orders.status_file_check),
        OrderStatus::InProduction => td_string!(locale, orders.status_in_production),
        OrderStatus::Shipped => td_string!(locale, orders.status_shipped),
        OrderStatus::Delivered => td_string!(locale, orders.status_delivered),
        OrderStatus::Cancelled => td_string!(locale, orders.status_cancelled),
    }
}

/// Who placed an order, and for whom when it answers a purchase request.
pub(crate) fn placed_by_text(
    locale: Locale,
    placed_by: Option<&str>,
    requested_by: Option<&str>,
) -> String {
    let by = person_or_former(locale, placed_by);
    match requested_by {
        Some(requester) => td_string!(
            locale,
            orders.placed_by_for,
            name = by,
            requester = requester
        )
        .to_string(),
        None => by,
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let order_id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok())));
    let version = RwSignal::new(0_u32);
    let outcome: Outcome = RwSignal::new(None);
    let order = Resource::new(
        move || (order_id.get(), version.get()),
        |(id, _)| async move {
            match id {
                Some(id) => api::load_order(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=tr!(i18n, orders.order_title) />
        <p class="back-link"><A href="/account/orders" exact=true>{tr!(i18n, orders.back)}</A></p>
        <div class="live" role="status" aria-live="polite">
            {move || outcome.get().map(|outcome| match outcome {
                Ok(done) => view! { <p class="notice">{move || done_text(i18n.get_locale(), done)}</p> }.into_any(),
                Err(error) => view! { <p class="form-alert" role="alert">{action_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
            })}
        </div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(detail) => view! {
                        <h1 class="caps">{t!(i18n, orders.order_heading, number = detail.number)}</h1>
                        {view! { <PaymentSection detail=detail.clone() version outcome /> }.into_any()}
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

fn done_text(locale: Locale, done: &str) -> &'static str {
    match done {
        "payment_chosen" => td_string!(locale, orders.done_payment_chosen),
        _ => td_string!(locale, orders.done_saved),
    }
}

// ---- Payment ---------------------------------------------------------------------------------

/// Where the payment stands, the choice of how to pay (once, by a buyer), and what to quote on
/// a bank transfer.
#[component]
fn PaymentSection(detail: OrderDetail, version: RwSignal<u32>, outcome: Outcome) -> impl IntoView {
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
            <PaymentChoice order_id on_account_allowed=detail.payment_on_account_allowed version outcome />
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

/// "Virement bancaire" or, when the manufacturer allows it, "Paiement en compte".
#[component]
fn PaymentChoice(
    order_id: Uuid,
    on_account_allowed: bool,
    version: RwSignal<u32>,
    outcome: Outcome,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(PaymentMethod::BankTransfer);
    let pending = RwSignal::new(false);
    let mut methods = vec![PaymentMethod::BankTransfer];
    if on_account_allowed {
        methods.push(PaymentMethod::OnAccount);
    }
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let method = chosen.get_untracked();
        pending.set(true);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let result = api::choose_payment(order_id, method).await;
            pending.set(false);
            if result.is_ok() {
                version.update(|v| *v += 1);
            }
            outcome.set(Some(result.map(|()| "payment_chosen")));
        });
    };
    view! {
        <form class="form form--inline" novalidate on:submit=on_submit>
            <fieldset class="choices">
                <legend>{tr!(i18n, orders.payment_legend)}</legend>
                {methods.into_iter().map(|method| {
                    let id = format!("payment-{}", method.as_str());
                    let label_for = id.clone();
                    view! {
                        <label for=label_for>
                            <input type="radio" id=id name="payment_method" value=method.as_str()
                                checked=chosen.get_untracked() == method
                                prop:checked=move || chosen.get() == method
                                on:change=move |_| chosen.set(method) />
                            <span>{move || payment_method_text(i18n.get_locale(), method)}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button button--primary" disabled=move || pending.get()
                aria-busy=move || pending.get().to_string()>
                {tr!(i18n, orders.payment_submit)}
            </button>
        </form>
    }
    .into_any()
}

pub(crate) fn payment_method_text(locale: Locale, method: PaymentMethod) -> &'static str {
    match method {
        PaymentMethod::BankTransfer => td_string!(locale, orders.method_bank_transfer),
        PaymentMethod::OnAccount => td_string!(locale, orders.method_on_account),
    }
}

// ---- The order -------------------------------------------------------------------------------

/// Everything about an order but the payment choice: facts, progress, project, prices,
/// delivery and files. `link_project` links the project's page (customers only).
#[component]
pub fn OrderSummaryView(
    detail: OrderDetail,
    #[prop(optional)] link_project: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let steps = timeline(&detail);
    let OrderDetail {
        number,
        project_id,
        project,
        quantity,
        lead_time,
        net_cents,
        vat_cents,
        total_cents,
        delivery_address,
        po_reference,
        status,
        placed_by,
        requested_by,
        created_at,
        files,
        ..
    } = detail;
    let board = project.board.clone();
    let service = project.service;
    let project_name = project.name.clone();
    let project_title = match project_id.filter(|_| link_project) {
        Some(id) => {
            view! { <A href=format!("/account/projects/{id}")>{project_name}</A> }.into_any()
        }
        None => view! { <span>{project_name}</span> }.into_any(),
    };
    let placed = move || {
        placed_by_text(
            i18n.get_locale(),
            placed_by.as_deref(),
            requested_by.as_deref(),
        )
    };
    view! {
        <section class="block" aria-labelledby="summary-title">
            <h2 id="summary-title" class="caps">{tr!(i18n, orders.summary_title)}</h2>
            <dl class="facts">
                <dt>{tr!(i18n, orders.number_label)}</dt>
                <dd>{number}</dd>
                <dt>{tr!(i18n, orders.placed_on_label)}</dt>
                <dd>{move || format::date_time(i18n.get_locale(), created_at)}</dd>
                <dt>{tr!(i18n, orders.placed_by_label)}</dt>
                <dd>{placed}</dd>
                <dt>{tr!(i18n, orders.status_label)}</dt>
                <dd>{move || status_text(i18n.get_locale(), status)}</dd>
                <dt>{tr!(i18n, orders.quantity_label)}</dt>
                <dd>{quantity}</dd>
                <dt>{tr!(i18n, orders.lead_time_label)}</dt>
                <dd>{move || lead_time_text(i18n.get_locale(), lead_time)}</dd>
                {po_reference.map(|reference| view! {
                    <dt>{tr!(i18n, orders.po_reference_label)}</dt>
                    <dd>{reference}</dd>
                })}
            </dl>
        </section>
        {view! { <Timeline steps /> }.into_any()}
        <div class="order-grid">
            <section class="block" aria-labelledby="project-title">
                <h2 id="project-title" class="caps">{tr!(i18n, orders.project_title)}</h2>
                <dl class="facts">
                    <dt>{tr!(i18n, orders.project_name_label)}</dt>
                    <dd>{project_title}</dd>
                    <dt>{tr!(i18n, projects.col_service)}</dt>
                    <dd>{move || service_text(i18n.get_locale(), service)}</dd>
                    <dt>{tr!(i18n, projects.layers_label)}</dt>
                    <dd>{board.layers.get()}</dd>
                    <dt>{tr!(i18n, projects.col_size)}</dt>
                    <dd>{format!("{} × {}", board.width.get(), board.height.get())}</dd>
                    <dt>{tr!(i18n, projects.thickness_label)}</dt>
                    <dd>{move || thickness_text(i18n.get_locale(), board.thickness)}</dd>
                    <dt>{tr!(i18n, projects.finish_label)}</dt>
                    <dd>{move || finish_text(i18n.get_locale(), board.finish)}</dd>
                    <dt>{tr!(i18n, projects.mask_label)}</dt>
                    <dd>{move || mask_text(i18n.get_locale(), board.mask)}</dd>
                    {(!project.notes.trim().is_empty()).then(|| view! {
                        <dt>{tr!(i18n, projects.notes_label)}</dt>
                        <dd>{project.notes.clone()}</dd>
                    })}
                </dl>
            </section>
            <section class="block" aria-labelledby="prices-title">
                <h2 id="prices-title" class="caps">{tr!(i18n, orders.prices_title)}</h2>
                <table class="table prices">
                    <caption class="visually-hidden">{tr!(i18n, orders.prices_title)}</caption>
                    <tbody>
                        <tr>
                            <th scope="row">{tr!(i18n, projects.quote_net)}</th>
                            <td class="num">{move || format::money(i18n.get_locale(), net_cents)}</td>
                        </tr>
                        <tr>
                            <th scope="row">{tr!(i18n, projects.quote_vat)}</th>
                            <td class="num">{move || format::money(i18n.get_locale(), vat_cents)}</td>
                        </tr>
                        <tr class="prices__total">
                            <th scope="row">{tr!(i18n, projects.quote_total)}</th>
                            <td class="num">{move || format::money(i18n.get_locale(), total_cents)}</td>
                        </tr>
                    </tbody>
                </table>
            </section>
            <section class="block" aria-labelledby="delivery-title">
                <h2 id="delivery-title" class="caps">{tr!(i18n, orders.delivery_title)}</h2>
                {address_view(delivery_address)}
            </section>
        </div>
        <section class="block" aria-labelledby="order-files-title">
            <h2 id="order-files-title" class="caps">{tr!(i18n, orders.files_title)}</h2>
            {if files.is_empty() {
                view! { <p class="empty">{tr!(i18n, orders.no_files)}</p> }.into_any()
            } else {
                view! {
                    <ul class="rows">
                        {files.into_iter().map(|file| {
                            let kind = file.kind;
                            let size = file.size_bytes;
                            view! {
                                <li class="row">
                                    <span>
                                        <strong>{move || file_kind_text(i18n.get_locale(), kind)}</strong>
                                        " · "
                                        <a href=file_url(file.id) download="" rel="external">
                                            <span class="visually-hidden">{tr!(i18n, projects.download)} " "</span>
                                            {file.file_name}
                                        </a>
                                    </span>
                                    <span>{move || file_size_text(i18n.get_locale(), size)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
    .into_any()
}

/// A delivery address as written on a parcel.
pub(crate) fn address_view(address: DeliveryAddress) -> impl IntoView {
    let i18n = use_i18n();
    let country = address.country;
    view! {
        <address class="address">
            {address.recipient.as_str().to_string()}<br />
            {address.line1.as_str().to_string()}<br />
            {address.line2.map(|line| view! { {line.as_str().to_string()}<br /> })}
            {format!("{} {}", address.postal_code.as_str(), address.city.as_str())}<br />
            {move || country_text(i18n.get_locale(), country)}
        </address>
    }
}

// ---- Progress --------------------------------------------------------------------------------

/// The steps of an order's progress, in order. Payment stands between reception and the file
/// check, though an order paid on account goes on without it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Received,
    Paid,
    FileCheck,
    InProduction,
    Shipped,
    Delivered,
}

impl Step {
    const ALL: [Step; 6] = [
        Step::Received,
        Step::Paid,
        Step::FileCheck,
        Step::InProduction,
        Step::Shipped,
        Step::Delivered,
    ];

    /// The `step` of the timeline's events.
    fn event(self) -> &'static str {
        match self {
            Step::Received => "received",
            Step::Paid => "paid",
            Step::FileCheck => "file_check",
            Step::InProduction => "in_production",
            Step::Shipped => "shipped",
            Step::Delivered => "delivered",
        }
    }

    /// The order status that reaches this step (payment has none).
    fn status(self) -> Option<OrderStatus> {
        match self {
            Step::Received => Some(OrderStatus::Received),
            Step::Paid => None,
            Step::FileCheck => Some(OrderStatus::FileCheck),
            Step::InProduction => Some(OrderStatus::InProduction),
            Step::Shipped => Some(OrderStatus::Shipped),
            Step::Delivered => Some(OrderStatus::Delivered),
        }
    }

    fn text(self, locale: Locale) -> &'static str {
        match self {
            Step::Received => td_string!(locale, orders.step_received),
            Step::Paid => td_string!(locale, orders.step_paid),
            Step::FileCheck => td_string!(locale, orders.step_file_check),
            Step::InProduction => td_string!(locale, orders.step_in_production),
            Step::Shipped => td_string!(locale, orders.step_shipped),
            Step::Delivered => td_string!(locale, orders.step_delivered),
        }
    }
}

/// How far the production went: received 0 … delivered 4; a cancelled order has no place.
fn progress(status: OrderStatus) -> Option<u8> {
    match status {
        OrderStatus::Received => Some(0),
        OrderStatus::FileCheck => Some(1),
        OrderStatus::InProduction => Some(2),
        OrderStatus::Shipped => Some(3),
        OrderStatus::Delivered => Some(4),
        OrderStatus::Cancelled => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StepState {
    Done,
    Current,
    ToCome,
    Cancelled,
}

/// A line of the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
struct TimelineStep {
    /// `None` for the cancellation.
    step: Option<Step>,
    state: StepState,
    at: Option<i64>,
    /// What goes with the step: the tracking number, the reason, the payment on account.
    detail: Option<StepDetail>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum StepDetail {
    Tracking(String),
    Reason(String),
    OnAccount,
}

/// The order's progress as the customer follows it: each step reached with its time, the step
/// in progress, the steps to come; a cancelled order shows where it stopped, and why.
fn timeline(detail: &OrderDetail) -> Vec<TimelineStep> {
    let event = |name: &str| detail.timeline.iter().rev().find(|e| e.step == name);
    let cancelled = detail.status == OrderStatus::Cancelled;
    let on_account = detail.payment_method == Some(PaymentMethod::OnAccount);
    let paid = detail.paid_at.is_some();
    let rank = progress(detail.status);
    let reached = |step: Step| match step {
        Step::Received => true,
        Step::Paid => paid,
        other => {
            event(other.event()).is_some()
                || matches!((rank, other.status().and_then(progress)), (Some(now), Some(at)) if now >= at)
        }
    };
    // The step the order is at: waiting for the transfer, or the production step in progress.
    let current = match detail.status {
        OrderStatus::Cancelled | OrderStatus::Delivered => None,
        OrderStatus::Received if !paid && !on_account => Some(Step::Paid),
        OrderStatus::Received => Some(Step::FileCheck),
        OrderStatus::FileCheck => Some(Step::FileCheck),
        OrderStatus::InProduction => Some(Step::InProduction),
        OrderStatus::Shipped => Some(Step::Shipped),
    };
    let mut steps: Vec<TimelineStep> = Step::ALL
        .into_iter()
        .filter_map(|step| {
            let state = if current == Some(step) {
                StepState::Current
            } else if reached(step) {
                StepState::Done
            } else if cancelled {
                // A cancelled order lists only what happened.
                return None;
            } else {
                StepState::ToCome
            };
            let at = event(step.event()).map(|e| e.at).or(match step {
                Step::Received => Some(detail.created_at),
                Step::Paid => detail.paid_at,
                _ => None,
            });
            let at = if state == StepState::ToCome { None } else { at };
            let detail = match step {
                Step::Shipped => detail
                    .tracking_number
                    .clone()
                    .or_else(|| event("shipped").and_then(|e| e.detail.clone()))
                    .filter(|_| state != StepState::ToCome)
                    .map(StepDetail::Tracking),
                Step::Paid if on_account && !paid => Some(StepDetail::OnAccount),
                _ => None,
            };
            Some(TimelineStep {
                step: Some(step),
                state,
                at,
                detail,
            })
        })
        .collect();
    if cancelled {
        let cancellation = event("cancelled");
        steps.push(TimelineStep {
            step: None,
            state: StepState::Cancelled,
            at: cancellation.map(|e| e.at),
            detail: detail
                .cancel_reason
                .clone()
                .or_else(|| cancellation.and_then(|e| e.detail.clone()))
                .filter(|reason| !reason.trim().is_empty())
                .map(StepDetail::Reason),
        });
    }
    steps
}

/// "Avancement": an ordered list, each step saying in words whether it is done, in progress or
/// to come (the colours only repeat it).
#[component]
fn Timeline(steps: Vec<TimelineStep>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="block" aria-labelledby="progress-title">
            <h2 id="progress-title" class="caps">{tr!(i18n, orders.progress_title)}</h2>
            <ol class="timeline">
                {steps.into_iter().enumerate().map(|(index, line)| {
                    let TimelineStep { step, state, at, detail } = line;
                    let class = match state {
                        StepState::Done => "timeline__step timeline__step--done",
                        StepState::Current => "timeline__step timeline__step--current",
                        StepState::ToCome => "timeline__step timeline__step--todo",
                        StepState::Cancelled => "timeline__step timeline__step--cancelled",
                    };
                    let mark = match state {
                        StepState::Done => "✓".to_string(),
                        StepState::Cancelled => "✕".to_string(),
                        _ => (index + 1).to_string(),
                    };
                    let title = move || {
                        let locale = i18n.get_locale();
                        step.map_or(td_string!(locale, orders.step_cancelled), |step| step.text(locale))
                    };
                    // The state in words (the cancellation's title says it already).
                    let state_text = (state != StepState::Cancelled).then_some(move || {
                        let locale = i18n.get_locale();
                        match state {
                            StepState::Done => td_string!(locale, orders.state_done),
                            // Not started yet: the transfer, or the file check once paid.
                            StepState::Current if at.is_none() => td_string!(locale, orders.state_awaiting),
                            StepState::Current => td_string!(locale, orders.state_current),
                            StepState::ToCome | StepState::Cancelled => td_string!(locale, orders.state_to_come),
                        }
                    });
                    let detail_text = detail.map(|detail| move || {
                        let locale = i18n.get_locale();
                        match &detail {
                            StepDetail::Tracking(number) => td_string!(locale, orders.tracking_number, number = number.as_str()).to_string(),
                            StepDetail::Reason(reason) => td_string!(locale, orders.cancel_reason, reason = reason.as_str()).to_string(),
                            StepDetail::OnAccount => td_string!(locale, orders.step_paid_on_account).to_string(),
                        }
                    });
                    view! {
                        <li class=class aria-current=(state == StepState::Current).then_some("step")>
                            <span class="timeline__mark" aria-hidden="true">{mark}</span>
                            <p class="timeline__title">
                                {title}
                                {state_text.map(|text| view! {
                                    <span class="visually-hidden">", "</span>
                                    <span class="timeline__state">{text}</span>
                                })}
                            </p>
                            {at.map(|at| view! {
                                <p class="timeline__detail"><time>{move || format::date_time(i18n.get_locale(), at)}</time></p>
                            })}
                            {detail_text.map(|text| view! { <p class="timeline__detail">{text}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issues::Form;
    use crate::orders::api::{BankDetails, OrderEvent, ProjectSnapshot};

    fn order(
        status: OrderStatus,
        method: Option<PaymentMethod>,
        paid_at: Option<i64>,
    ) -> OrderDetail {
        let board = crate::projects::forms::ProjectForm::default()
            .board()
            .map(|(_, board)| board)
            .expect("the default board parses");
        OrderDetail {
            id: Uuid::nil(),
            number: 1001,
            account_name: "Circuits de l'Ouest".into(),
            project_id: None,
            project: ProjectSnapshot {
                name: "Carte".into(),
                service: shared::Service::Fabrication,
                board,
                notes: String::new(),
            },
            quantity: 10,
            lead_time: shared::LeadTime::Standard,
            net_cents: 10_000,
            vat_cents: 2_000,
            total_cents: 12_000,
            delivery_address: crate::projects::forms::OrderForm {
                quantity: "10".into(),
                lead_time: "standard".into(),
                recipient: "Circuits de l'Ouest".into(),
                line1: "12 rue des Forges".into(),
                line2: String::new(),
                postal_code: "44000".into(),
                city: "Nantes".into(),
                country: "FR".into(),
                po_reference: String::new(),
            }
            .parse()
            .expect("the address parses")
            .address,
            po_reference: None,
            status,
            payment_method: method,
            payment_reference: "EMS-1001".into(),
            paid_at,
            tracking_number: None,
            cancel_reason: None,
            placed_by: None,
            requested_by: None,
            created_at: 100,
            timeline: vec![OrderEvent {
                step: "received".into(),
                at: 100,
                detail: None,
            }],
            files: Vec::new(),
            bank: BankDetails {
                holder: "EMS PROTO".into(),
                iban: "FR76".into(),
                bic: "BIC".into(),
            },
            payment_on_account_allowed: false,
            may_choose_payment: false,
        }
    }

    fn states(detail: &OrderDetail) -> Vec<StepState> {
        timeline(detail)
            .into_iter()
            .map(|line| line.state)
            .collect()
    }

    #[test]
    fn a_new_order_waits_for_its_payment() {
        use StepState::*;
        let detail = order(
            OrderStatus::Received,
            Some(PaymentMethod::BankTransfer),
            None,
        );
        assert_eq!(
            states(&detail),
            [Done, Current, ToCome, ToCome, ToCome, ToCome]
        );
    }

    #[test]
    fn an_order_on_account_goes_on_unpaid() {
        use StepState::*;
        let detail = order(
            OrderStatus::InProduction,
            Some(PaymentMethod::OnAccount),
            None,
        );
        assert_eq!(
            states(&detail),
            [Done, ToCome, Done, Current, ToCome, ToCome]
        );
        assert_eq!(timeline(&detail)[1].detail, Some(StepDetail::OnAccount));
    }

    #[test]
    fn a_delivered_order_is_all_done() {
        let detail = order(
            OrderStatus::Delivered,
            Some(PaymentMethod::BankTransfer),
            Some(150),
        );
        assert!(states(&detail)
            .iter()
            .all(|state| *state == StepState::Done));
        assert_eq!(timeline(&detail)[1].at, Some(150));
    }

    #[test]
    fn a_cancelled_order_stops_with_its_reason() {
        use StepState::*;
        let mut detail = order(OrderStatus::Cancelled, None, None);
        detail.cancel_reason = Some("Fichiers incomplets".into());
        let steps = timeline(&detail);
        assert_eq!(
            steps.iter().map(|s| s.state).collect::<Vec<_>>(),
            [Done, Cancelled]
        );
        assert_eq!(
            steps[1].detail,
            Some(StepDetail::Reason("Fichiers incomplets".into()))
        );
    }
}
