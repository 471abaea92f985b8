//! The purchase requests' cards: on "Mes commandes", others' requests waiting (with the buyer's
//! decision) and one's own still open; on the requests' page, a page of all of them.
use super::list::{Command, DecisionForms, Done};
use crate::{
    components::{form::AppAction, format, labels::*, text::tr},
    error::AppError,
    i18n::*,
    orders::{api, types::PurchaseRequest},
    plain_forms::ButtonForm,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::components::A;
use shared::{DeliveryAddress, PurchaseRequestStatus};
use uuid::Uuid;

/// Request cards under a heading, or nothing when there are none; `more` is what follows each
/// request's facts (its state, the decision, the withdrawal).
fn request_cards<V: IntoView + 'static>(
    heading_id: &'static str,
    title: impl IntoView + 'static,
    requests: Vec<PurchaseRequest>,
    more: impl Fn(PurchaseRequest) -> V,
) -> AnyView {
    if requests.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="block" aria-labelledby=heading_id>
            <h2 id=heading_id class="caps">{title}</h2>
            {request_rows(requests, more)}
        </section>
    }
    .into_any()
}

fn request_rows<V: IntoView + 'static>(
    requests: Vec<PurchaseRequest>,
    more: impl Fn(PurchaseRequest) -> V,
) -> impl IntoView {
    view! {
        <ul class="rows">
            {requests.into_iter().map(|request| view! {
                <li class="row row--card request">
                    {view! { <RequestFacts request=request.clone() /> }.into_any()}
                    {more(request)}
                </li>
            }.into_any()).collect_view()}
        </ul>
    }
}

/// A page of requests of every kind: the buyer decides others' pending ones, the requester
/// withdraws their own, the others show where they stand.
#[component]
pub(super) fn RequestRows(
    requests: Vec<PurchaseRequest>,
    can_decide: bool,
    act: AppAction<Command, Done>,
    forms: DecisionForms,
) -> impl IntoView {
    let approving = RwSignal::new(None::<Uuid>);
    request_rows(requests, move |request| {
        let pending = request.status == PurchaseRequestStatus::Pending;
        if pending && can_decide && !request.mine {
            view! { <Decision request act approving forms /> }.into_any()
        } else if request.mine {
            own_request_state(request, act)
        } else {
            view! { <RequestState request /> }.into_any()
        }
    })
}

/// Others' requests waiting for a buyer: with the buyer's decision, or to read for the others
/// who see the account's orders.
#[component]
pub(super) fn WaitingRequests(
    requests: Vec<PurchaseRequest>,
    can_decide: bool,
    act: AppAction<Command, Done>,
    forms: DecisionForms,
) -> impl IntoView {
    let i18n = use_i18n();
    // The request the last approval was about: a changed price is shown on that one only.
    let approving = RwSignal::new(None::<Uuid>);
    let title = move || {
        if can_decide {
            t_string!(i18n, orders.requests_to_decide)
        } else {
            t_string!(i18n, orders.requests_waiting)
        }
    };
    request_cards("waiting-title", title, requests, move |request| {
        can_decide.then(|| view! { <Decision request act approving forms /> }.into_any())
    })
}

/// What was asked: the project, quantity, lead time, price, delivery, who and when.
#[component]
fn RequestFacts(request: PurchaseRequest) -> impl IntoView {
    let i18n = use_i18n();
    let PurchaseRequest {
        project_id,
        project_name,
        quantity,
        lead_time,
        net_cents,
        current_net_cents,
        delivery_address,
        po_reference,
        requested_by,
        created_at,
        ..
    } = request;
    let project = match project_id {
        Some(id) => {
            view! { <A href=format!("/account/projects/{id}")>{project_name}</A> }.into_any()
        }
        None => view! { <span>{project_name}</span> }.into_any(),
    };
    let asked = move || {
        let locale = i18n.get_locale();
        td_string!(
            locale,
            orders.request_line,
            quantity = quantity,
            lead_time = lead_time_text(locale, lead_time),
            price = format::money(locale, net_cents)
        )
        .to_string()
    };
    let by = move || {
        let locale = i18n.get_locale();
        td_string!(
            locale,
            orders.requested_by_on,
            name = person_or_former(locale, requested_by.as_deref()),
            date = format::date_time(locale, created_at)
        )
        .to_string()
    };
    // The project or the price list changed since: the buyer sees it before approving.
    let changed_price = current_net_cents.filter(|now| *now != net_cents).map(|now| {
        view! {
            <p class="price-warning">
                {move || t_string!(i18n, orders.price_now, price = format::money(i18n.get_locale(), now)).to_string()}
            </p>
        }
    });
    let deliver_to = address_line(&delivery_address);
    view! {
        <p><strong>{project}</strong> " · " {asked}</p>
        <p>{by}</p>
        {changed_price}
        <p>{move || t_string!(i18n, orders.deliver_to, address = deliver_to.as_str()).to_string()}</p>
        {po_reference.map(|reference| view! {
            <p>{move || t_string!(i18n, orders.po_reference_line, reference = reference.as_str()).to_string()}</p>
        })}
    }
    .into_any()
}

/// A delivery address on one line.
fn address_line(address: &DeliveryAddress) -> String {
    let mut parts = vec![
        address.recipient.as_str().to_string(),
        address.line1.as_str().to_string(),
    ];
    if let Some(line2) = &address.line2 {
        parts.push(line2.as_str().to_string());
    }
    parts.push(format!(
        "{} {}",
        address.postal_code.as_str(),
        address.city.as_str()
    ));
    parts.push(address.country.as_str().to_string());
    parts.join(", ")
}

/// What the approver confirms before the order is placed, as the server last answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ToConfirm {
    /// The project changed since the request (now at this version): order the version
    /// requested anyway.
    Version(i32),
    /// The price list changed since the request: order at this net price.
    Price(i64),
}

/// What the approver confirmed so far: the project's version, then the price.
type Confirmed = (Option<i32>, Option<i64>);

/// What the approval posted before (without JavaScript) left to confirm, when it was about
/// `request_id`: what was confirmed with it, and what the server's refusal asks to confirm now.
fn confirmation_before(
    forms: DecisionForms,
    request_id: Uuid,
) -> Option<(Confirmed, Option<ToConfirm>)> {
    let approve = forms.approve;
    if approve.typed("request_id")? != request_id.to_string() {
        return None;
    }
    let confirmed = (
        approve
            .typed("confirmed_version")
            .and_then(|version| version.parse().ok()),
        approve
            .typed("confirmed_net_cents")
            .and_then(|cents| cents.parse().ok()),
    );
    let to_confirm = match approve.error()? {
        AppError::ProjectChanged {
            current_version, ..
        } => Some(ToConfirm::Version(current_version)),
        AppError::PriceChanged { new_cents, .. } => Some(ToConfirm::Price(new_cents)),
        _ => None,
    };
    Some((confirmed, to_confirm))
}

/// "Approuver" (confirming, when the server asks, the version requested of a project that
/// changed since, then a new price) or "Refuser" with a message. Each button is a form of its
/// own posting to its server function until the page is hydrated; the confirmation carries
/// what it confirms.
#[component]
fn Decision(
    request: PurchaseRequest,
    act: AppAction<Command, Done>,
    approving: RwSignal<Option<Uuid>>,
    forms: DecisionForms,
) -> impl IntoView {
    let i18n = use_i18n();
    let request_id = request.id;
    let message = RwSignal::new(String::new());
    let pending = act.pending();
    let answer = act.value();
    let version = act.version();
    let before = confirmation_before(forms, request_id);
    // What the buyer confirmed so far: the project's version, then the price.
    let confirmed = RwSignal::new(before.map(|(confirmed, _)| confirmed).unwrap_or_default());
    let to_confirm = Memo::new(move |_| {
        // Until the page's action runs, what the approval posted before asks.
        if version.get() == 0 {
            return before.and_then(|(_, to_confirm)| to_confirm);
        }
        if approving.get() != Some(request_id) {
            return None;
        }
        answer.with(|answer| match answer {
            Some(Err(AppError::ProjectChanged {
                current_version, ..
            })) => Some(ToConfirm::Version(*current_version)),
            Some(Err(AppError::PriceChanged { new_cents, .. })) => {
                Some(ToConfirm::Price(*new_cents))
            }
            _ => None,
        })
    });
    let confirm_ref = NodeRef::<leptos::html::Button>::new();
    // The message says what changed; the button to confirm is next.
    Effect::new(move |_| {
        if to_confirm.get().is_some() {
            request_animation_frame(move || {
                if let Some(button) = confirm_ref.get_untracked() {
                    let _ = button.focus();
                }
            });
        }
    });
    // What an approval confirms: what was confirmed so far, and `confirm`.
    let confirming = move |confirm: Option<ToConfirm>| {
        let (mut version, mut price) = confirmed.get_untracked();
        match confirm {
            Some(ToConfirm::Version(current)) => version = Some(current),
            Some(ToConfirm::Price(cents)) => price = Some(cents),
            None => {}
        }
        (version, price)
    };
    let approve = move |confirm: Option<ToConfirm>| {
        let (version, price) = confirming(confirm);
        confirmed.set((version, price));
        approving.set(Some(request_id));
        act.dispatch(Command::Approve {
            request_id,
            confirmed_version: version,
            confirmed_net_cents: price,
        });
    };
    let decline = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        act.dispatch(Command::Decline {
            request_id,
            message: message.get_untracked(),
        });
    };
    let message_id = format!("decline-{request_id}");
    let name = request.project_name.clone();
    let confirm_text = move |confirm: ToConfirm| {
        let locale = i18n.get_locale();
        match confirm {
            ToConfirm::Version(_) => {
                td_string!(locale, orders.confirm_requested_version).to_string()
            }
            ToConfirm::Price(cents) => td_string!(
                locale,
                orders.confirm_new_price,
                price = format::money(locale, cents)
            )
            .to_string(),
        }
    };
    let id = request_id.to_string();
    let (confirm_id, approve_id, decline_id) = (id.clone(), id.clone(), id);
    view! {
        <div class="request__actions">
            {move || to_confirm.get().map(|confirm| {
                let (version, price) = confirming(Some(confirm));
                view! {
                    <form class="command" method="post" action=api::ApprovePurchase::PATH
                        on:submit=move |event: leptos::ev::SubmitEvent| {
                            event.prevent_default();
                            approve(Some(confirm));
                        }>
                        <input type="hidden" name="request_id" value=confirm_id.clone() />
                        {version.map(|version| view! { <input type="hidden" name="confirmed_version" value=version.to_string() /> })}
                        {price.map(|cents| view! { <input type="hidden" name="confirmed_net_cents" value=cents.to_string() /> })}
                        <button type="submit" class="button button--primary" node_ref=confirm_ref
                            disabled=move || pending.get()>
                            {move || confirm_text(confirm)}
                        </button>
                    </form>
                }
            })}
            <Show when=move || to_confirm.get().is_none()>
                <form class="command" method="post" action=api::ApprovePurchase::PATH
                    on:submit=move |event: leptos::ev::SubmitEvent| {
                        event.prevent_default();
                        approve(None);
                    }>
                    <input type="hidden" name="request_id" value=approve_id.clone() />
                    <button type="submit" class="button button--primary"
                        disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                        {tr!(i18n, orders.approve)}
                        <span class="visually-hidden">" " {name.clone()}</span>
                    </button>
                </form>
            </Show>
        </div>
        <form class="request__actions" method="post" action=api::DeclinePurchase::PATH on:submit=decline>
            <input type="hidden" name="request_id" value=decline_id />
            <div class="field">
                <label for=message_id.clone()>{tr!(i18n, orders.decline_message)}</label>
                <textarea id=message_id name="message" rows="2" maxlength="500"
                    prop:value=move || message.get()
                    on:input=move |event| message.set(event_target_value(&event))></textarea>
            </div>
            <button type="submit" class="button">
                {tr!(i18n, orders.decline)}
                <span class="visually-hidden">" " {request.project_name.clone()}</span>
            </button>
        </form>
    }
    .into_any()
}

/// The person's own requests, with where they stand; a pending one can be withdrawn.
#[component]
pub(super) fn MyRequests(
    requests: Vec<PurchaseRequest>,
    act: AppAction<Command, Done>,
) -> impl IntoView {
    let i18n = use_i18n();
    request_cards(
        "my-requests-title",
        tr!(i18n, orders.my_requests),
        requests,
        move |request| own_request_state(request, act),
    )
}

/// Where one's own request stands; a pending one can be withdrawn.
fn own_request_state(request: PurchaseRequest, act: AppAction<Command, Done>) -> AnyView {
    let i18n = use_i18n();
    let id = request.id;
    let pending = request.status == PurchaseRequestStatus::Pending;
    let name = request.project_name.clone();
    view! {
        {view! { <RequestState request /> }.into_any()}
        {pending.then(|| view! {
            <ButtonForm endpoint=api::CancelPurchase::PATH hidden=vec![("request_id", id.to_string())]
                on_submit=move || { act.dispatch(Command::CancelRequest(id)); }>
                <button type="submit" class="button button--ghost">
                    {tr!(i18n, orders.cancel_request)}
                    <span class="visually-hidden">" " {name.clone()}</span>
                </button>
            </ButtonForm>
        })}
    }
    .into_any()
}

/// "En attente", "Approuvée" with the order's link, "Refusée" with the buyer's message,
/// "Annulée".
#[component]
fn RequestState(request: PurchaseRequest) -> impl IntoView {
    let i18n = use_i18n();
    let status = request.status;
    let class = match status {
        PurchaseRequestStatus::Pending => "request__state",
        PurchaseRequestStatus::Approved => "request__state request__state--approved",
        PurchaseRequestStatus::Declined => "request__state request__state--declined",
        PurchaseRequestStatus::Cancelled => "request__state request__state--cancelled",
    };
    let label = move || request_status_text(i18n.get_locale(), status);
    let order_link = request
        .order_id
        .filter(|_| status == PurchaseRequestStatus::Approved)
        .map(|id| view! { " " <A href=format!("/account/orders/{id}")>{tr!(i18n, orders.see_order)}</A> });
    let message = request
        .message
        .filter(|m| status == PurchaseRequestStatus::Declined && !m.trim().is_empty())
        .map(|message| view! {
            <p>{move || t_string!(i18n, orders.decline_said, message = message.as_str()).to_string()}</p>
        });
    view! {
        <p>
            <span class="visually-hidden">{tr!(i18n, orders.request_status)} " "</span>
            <span class=class>{label}</span>
            {order_link}
        </p>
        {message}
    }
    .into_any()
}
