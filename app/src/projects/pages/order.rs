//! Ordering the project as saved: "Commander" for a buyer, "Demander l'achat" for anyone else
//! of the account, and for a buyer whose permission was withdrawn while the page was open.
use super::{
    controls::{ProjectFields, QUANTITY_RANGE},
    edit::{Done, ReloadOnConflict},
};
use crate::{
    auth::types::Me,
    components::{
        address::{AddressFields, AddressInputs},
        controls::{Checkbox, Choice, Input, RadioGroup},
        form::{form_action, on_success, FormAlert, SubmitButton},
        labels::{lead_time_text, working_days_text},
        text::tr,
    },
    error::AppError,
    i18n::*,
    issues::Form,
    orders::api as orders_api,
    plain_forms::{Hidden, PlainForm, PostForm},
    projects::forms::{OrderForm, ProjectForm, ValidOrder},
};
use crate::{company::types::SavedAddress, issues::AddressText};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};
use shared::{quote, terms::TERMS_OF_SALE_VERSION, CountryCode, LeadTime, Quantity};
use uuid::Uuid;

/// The order form's values as typed.
#[derive(Clone, Copy)]
struct OrderFields {
    quantity: RwSignal<String>,
    lead_time: RwSignal<String>,
    address: AddressFields,
    po_reference: RwSignal<String>,
    terms_accepted: RwSignal<bool>,
}

impl OrderFields {
    fn new(form: &OrderForm) -> Self {
        Self {
            quantity: RwSignal::new(form.quantity.clone()),
            lead_time: RwSignal::new(form.lead_time.clone()),
            address: AddressFields::new(AddressText {
                recipient: form.recipient.clone(),
                line1: form.line1.clone(),
                line2: form.line2.clone(),
                postal_code: form.postal_code.clone(),
                city: form.city.clone(),
                country: form.country.clone(),
            }),
            po_reference: RwSignal::new(form.po_reference.clone()),
            terms_accepted: RwSignal::new(form.terms_accepted),
        }
    }

    fn get_untracked(self) -> OrderForm {
        let address = self.address.get_untracked();
        OrderForm {
            quantity: self.quantity.get_untracked(),
            lead_time: self.lead_time.get_untracked(),
            recipient: address.recipient,
            line1: address.line1,
            line2: address.line2,
            postal_code: address.postal_code,
            city: address.city,
            country: address.country,
            po_reference: self.po_reference.get_untracked(),
            terms_accepted: self.terms_accepted.get_untracked(),
        }
    }
}

/// The order form as it opens: the project's quantity, standard lead time, and the delivery
/// address of the account's last order (else the company's name and France).
fn initial_order(quantity: String, company: &str, last_delivery: Option<OrderForm>) -> OrderForm {
    let address = last_delivery.unwrap_or_default();
    let or = |value: String, default: &str| {
        if value.trim().is_empty() {
            default.to_string()
        } else {
            value
        }
    };
    OrderForm {
        quantity,
        lead_time: LeadTime::Standard.as_str().to_string(),
        recipient: or(address.recipient, company),
        line1: address.line1,
        line2: address.line2,
        postal_code: address.postal_code,
        city: address.city,
        country: or(address.country, CountryCode::Fr.as_str()),
        po_reference: String::new(),
        // Accepted at each order, never for the person.
        terms_accepted: false,
    }
}

/// The address book's addresses, when the account has some: choosing one fills the delivery
/// fields (which stay editable).
#[component]
fn SavedAddressChoice(address_book: Vec<SavedAddress>, order: OrderFields) -> impl IntoView {
    let i18n = use_i18n();
    if address_book.is_empty() {
        return ().into_any();
    }
    let options = address_book
        .iter()
        .map(|saved| view! { <option value=saved.id.to_string()>{saved.label.clone()}</option> })
        .collect_view();
    let on_change = move |event: leptos::ev::Event| {
        let chosen = event_target_value(&event);
        let Some(saved) = address_book
            .iter()
            .find(|saved| saved.id.to_string() == chosen)
        else {
            return;
        };
        order.address.set(AddressText::from(&saved.address));
    };
    view! {
        <div class="field">
            <label for="saved-address">{tr!(i18n, projects.saved_address_label)}</label>
            <select id="saved-address" on:change=on_change>
                <option value="">{tr!(i18n, projects.saved_address_choose)}</option>
                {options}
            </select>
        </div>
    }
    .into_any()
}

/// The order form as sent: its fields, for the version of the project the person sees.
#[derive(Clone)]
struct Placement {
    project_version: i32,
    form: OrderForm,
}

impl Form for Placement {
    type Valid = ValidOrder;

    fn parse(&self) -> Result<ValidOrder, AppError> {
        self.form.parse()
    }
}

/// The lead times, each with the price of the project as saved at the order's quantity.
fn lead_time_choices(saved: RwSignal<ProjectForm>, quantity: RwSignal<String>) -> Vec<Choice> {
    let i18n = use_i18n();
    let price_of = move |lead_time: LeadTime| {
        let (service, board) = saved.with(ProjectForm::board)?;
        let quantity = Quantity::parse(&quantity.get()).ok()?;
        Some(quote(service, &board, quantity, lead_time))
    };
    LeadTime::ALL
        .iter()
        .copied()
        .map(|lead_time| Choice {
            value: lead_time.as_str().to_string(),
            label: Signal::derive(move || lead_time_text(i18n.get_locale(), lead_time).to_string()),
            detail: Some(Signal::derive(move || {
                let locale = i18n.get_locale();
                match price_of(lead_time) {
                    Some(price) => td_string!(
                        locale,
                        projects.lead_time_price,
                        total = price.total.format(locale.as_str()),
                        net = price.net.format(locale.as_str()),
                        days = working_days_text(locale, price.working_days)
                    )
                    .to_string(),
                    None => td_string!(locale, projects.lead_time_no_price).to_string(),
                }
            })),
        })
        .collect()
}

/// The order form's two plain forms, made with the page (before its suspense): ordering, or
/// asking a buyer to.
#[derive(Clone, Copy)]
pub(super) struct Ordering {
    pub place: PlainForm,
    pub request: PlainForm,
}

/// What the order form sent, as the server answered it.
#[derive(Clone, Copy)]
enum Sent {
    Order(Uuid),
    Request,
}

/// "Commander" for a buyer; "Demander l'achat" for anyone else of the account.
#[component]
pub(super) fn OrderSection(
    project_id: Uuid,
    me: Option<Me>,
    last_delivery: Option<OrderForm>,
    /// The account's saved addresses, which fill the delivery fields when chosen.
    address_book: Vec<SavedAddress>,
    /// The project as saved, at this version: what is ordered.
    version: RwSignal<i32>,
    saved: RwSignal<ProjectForm>,
    /// The project form as typed (the person is told when it differs from the saved project).
    fields: ProjectFields,
    /// Reloads the project after an edit conflict.
    reload: Callback<()>,
    outcome: RwSignal<Option<Done>>,
    ordering: Ordering,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let Some(account) = me.and_then(|me| me.active) else {
        return ().into_any();
    };
    let plain = if account.permissions.can_buy {
        ordering.place
    } else {
        ordering.request
    };
    // The server has the last word: told that the person may not buy (the holder changed it
    // since the page loaded), the form becomes a purchase request.
    let buyer = RwSignal::new(account.permissions.can_buy);
    let initial = match plain.error() {
        // What was typed, when the server refused the form posted before.
        Some(_) => OrderForm {
            quantity: plain.typed("quantity").unwrap_or_default(),
            lead_time: plain.typed("lead_time").unwrap_or_default(),
            recipient: plain.typed("recipient").unwrap_or_default(),
            line1: plain.typed("line1").unwrap_or_default(),
            line2: plain.typed("line2").unwrap_or_default(),
            postal_code: plain.typed("postal_code").unwrap_or_default(),
            city: plain.typed("city").unwrap_or_default(),
            country: plain.typed("country").unwrap_or_default(),
            po_reference: plain.typed("po_reference").unwrap_or_default(),
            terms_accepted: plain.typed("terms_accepted").as_deref() == Some("true"),
        },
        None => initial_order(
            saved.with_untracked(|project| project.quantity.clone()),
            &account.name,
            last_delivery,
        ),
    };
    let order = OrderFields::new(&initial);
    // Chosen once for this form: a retry or a second click sends the same key, and the server
    // answers with the order (or request) already made instead of a second one.
    let idempotency_key = Uuid::new_v4();
    let send = form_action(move |placement: Placement| async move {
        let Placement {
            project_version,
            form,
        } = placement;
        if buyer.get_untracked() {
            orders_api::place_order(project_id, project_version, form, idempotency_key)
                .await
                .map(Sent::Order)
        } else {
            orders_api::request_purchase(project_id, project_version, form, idempotency_key)
                .await
                .map(|_| Sent::Request)
        }
    });
    let status = plain.status(send);
    on_success(send, move |sent| match sent {
        Sent::Order(id) => navigate(&format!("/account/orders/{id}"), Default::default()),
        Sent::Request => outcome.set(Some(Done::RequestSent)),
    });
    // The alert says why (`NotAllowedToBuy`'s text) and the form asks a buyer instead.
    Effect::new(move |_| {
        if status
            .error
            .with(|error| matches!(error, Some(AppError::NotAllowedToBuy)))
        {
            buyer.set(false);
        }
    });
    // A request sent, the form gives way to what happens next.
    let request_sent = move || !buyer.get() && status.done.get();
    let unsaved = move || fields.get() != saved.get();
    // The conflict is the project's: the project form reloads it.
    let reload = Callback::new(move |()| {
        send.value().set(None);
        reload.run(());
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        send.dispatch(Placement {
            project_version: version.get_untracked(),
            form: order.get_untracked(),
        });
    };

    let lead_choices = lead_time_choices(saved, order.quantity);
    let title = move || {
        if buyer.get() {
            t_string!(i18n, projects.order_title)
        } else {
            t_string!(i18n, projects.request_title)
        }
    };
    let intro = move || {
        if buyer.get() {
            t_string!(i18n, projects.order_intro)
        } else {
            t_string!(i18n, projects.request_intro)
        }
    };
    let submit = move || {
        if buyer.get() {
            t_string!(i18n, projects.order_submit)
        } else {
            t_string!(i18n, projects.request_submit)
        }
    };
    let po_hint = Signal::derive(move || t_string!(i18n, projects.po_reference_hint).to_string());
    let form_view = view! {
        <PostForm form=plain on_submit labelled_by="order-title">
            <FormAlert status />
            <Hidden field="project_id" argument=true value=Signal::derive(move || project_id.to_string()) />
            <Hidden field="project_version" argument=true value=Signal::derive(move || version.get().to_string()) />
            <Hidden field="idempotency_key" argument=true value=Signal::derive(move || idempotency_key.to_string()) />
            <ReloadOnConflict status reload />
            {move || unsaved().then(|| view! { <p class="notice">{tr!(i18n, projects.order_unsaved)}</p> })}
            <Input id="order-quantity" field="quantity" value=order.quantity status kind="number"
                required=true min=QUANTITY_RANGE.0 max=QUANTITY_RANGE.1>
                {tr!(i18n, projects.quantity_label)}
            </Input>
            <RadioGroup name="lead_time" value=order.lead_time status choices=lead_choices required=true>
                {tr!(i18n, projects.lead_time_legend)}
            </RadioGroup>
            <fieldset>
                <legend>{tr!(i18n, projects.delivery_legend)}</legend>
                {view! { <SavedAddressChoice address_book order /> }.into_any()}
                <AddressInputs fields=order.address status />
            </fieldset>
            <Input id="po_reference" value=order.po_reference status maxlength=50 autocomplete="off" hint=po_hint>
                {tr!(i18n, projects.po_reference_label)}
            </Input>
            <Checkbox id="terms_accepted" checked=order.terms_accepted status required=true>
                {move || t_string!(i18n, projects.terms_accept, version = TERMS_OF_SALE_VERSION).to_string()}
                " " <a href="/terms" target="_blank" rel="noopener">{tr!(i18n, projects.terms_read)}</a>
            </Checkbox>
            <p class="form__legend-note">{tr!(i18n, fields.required_note)}</p>
            <SubmitButton status>{submit}</SubmitButton>
        </PostForm>
    }
    .into_any();
    view! {
        <section class="form-section" aria-labelledby="order-title">
            <h2 id="order-title" class="caps">{title}</h2>
            <p>{intro}</p>
            <div hidden=request_sent>{form_view}</div>
            {move || request_sent().then(|| view! {
                <div class="notice">
                    <p>{tr!(i18n, projects.request_sent)}</p>
                    <p><A href="/account/orders">{tr!(i18n, projects.request_follow)}</A></p>
                </div>
            })}
        </section>
    }
    .into_any()
}
