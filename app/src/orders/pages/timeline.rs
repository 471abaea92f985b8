//! "Avancement": an order's progress as the customer follows it, from its timeline's events
//! and its status.
use crate::{
    components::{format, text::tr},
    i18n::*,
    orders::types::OrderDetail,
};
use leptos::prelude::*;
use shared::{OrderEventStep, OrderStatus, PaymentMethod};

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

    /// The timeline's event of this step.
    fn event(self) -> OrderEventStep {
        match self {
            Step::Received => OrderEventStep::Received,
            Step::Paid => OrderEventStep::Paid,
            Step::FileCheck => OrderEventStep::FileCheck,
            Step::InProduction => OrderEventStep::InProduction,
            Step::Shipped => OrderEventStep::Shipped,
            Step::Delivered => OrderEventStep::Delivered,
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
pub(super) struct TimelineStep {
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
pub(super) fn timeline(detail: &OrderDetail) -> Vec<TimelineStep> {
    let event = |step: OrderEventStep| detail.timeline.iter().rev().find(|e| e.step == step);
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
                    .or_else(|| event(OrderEventStep::Shipped).and_then(|e| e.detail.clone()))
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
        let cancellation = event(OrderEventStep::Cancelled);
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
pub(super) fn Timeline(steps: Vec<TimelineStep>) -> impl IntoView {
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
    use crate::orders::types::{BankDetails, OrderEvent, ProjectSnapshot};
    use uuid::Uuid;

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
            project_version: Some(1),
            project: ProjectSnapshot {
                name: "Carte".into(),
                service: shared::Service::Fabrication,
                quantity: Some(10),
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
                terms_accepted: true,
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
            terms_version: None,
            refund_due_at: None,
            refunded_at: None,
            may_cancel: false,
            reorder_net_cents: None,
            placed_by: None,
            requested_by: None,
            created_at: 100,
            timeline: vec![OrderEvent {
                step: OrderEventStep::Received,
                at: 100,
                detail: None,
            }],
            files: Vec::new(),
            documents: Vec::new(),
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
