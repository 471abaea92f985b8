//! The account's address book on `/account/company`: the holder and the buyers add delivery
//! addresses, choose the default (which the order form opens with) and delete them.
use crate::{
    auth::use_me,
    company::{api, forms::SavedAddressForm, types::SavedAddress},
    components::{
        controls::{choices, Checkbox, Input, Select},
        errors::form_error_text,
        form::{
            form_action, last_success, on_success, AppAction, FormAlert, FormStatus, SubmitButton,
        },
        labels::country_text,
        text::tr,
    },
    i18n::*,
};
use leptos::prelude::*;
use shared::{CountryCode, DeliveryAddress, Role};
use uuid::Uuid;

/// What a line of the book does.
#[derive(Clone, Copy, Debug)]
enum Change {
    MakeDefault(Uuid),
    Delete(Uuid),
}

#[component]
pub fn AddressBook() -> impl IntoView {
    let i18n = use_i18n();
    let add = form_action(api::save_address);
    let change: AppAction<Change, ()> = Action::new_unsync(|change: &Change| {
        let change = *change;
        async move {
            match change {
                Change::MakeDefault(id) => api::set_default_address(id).await,
                Change::Delete(id) => api::delete_address(id).await,
            }
        }
    });
    let (added, changed) = (last_success(add), last_success(change));
    let book = Resource::new(
        move || (added.get(), changed.get()),
        |_| api::list_addresses(),
    );
    let me = use_me();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                // The holder and the buyers keep the book; the section is theirs.
                let account = me.await.ok().flatten()?.active?;
                if !(account.role == Role::Holder || account.permissions.can_buy) {
                    return None;
                }
                let lines = match book.await {
                    Ok(book) => view! { <BookLines book change /> }.into_any(),
                    Err(error) => view! {
                        <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p>
                    }
                    .into_any(),
                };
                Some(view! {
                    <section class="panel" aria-labelledby="addresses-title">
                        <h2 id="addresses-title">{tr!(i18n, company.addresses_title)}</h2>
                        <p>{tr!(i18n, company.addresses_intro)}</p>
                        {lines}
                        {view! { <NewAddress add /> }.into_any()}
                    </section>
                })
            })}
        </Transition>
    }
}

/// An address on one line: "Acme, 12 rue des Forges, 44000 Nantes, France".
fn one_line(locale: Locale, address: &DeliveryAddress) -> String {
    let mut parts = vec![address.recipient.as_str(), address.line1.as_str()];
    parts.extend(address.line2.as_ref().map(|line| line.as_str()));
    let city = format!("{} {}", address.postal_code.as_str(), address.city.as_str());
    format!(
        "{}, {city}, {}",
        parts.join(", "),
        country_text(locale, address.country)
    )
}

#[component]
fn BookLines(book: Vec<SavedAddress>, change: AppAction<Change, ()>) -> impl IntoView {
    let i18n = use_i18n();
    let status = FormStatus::of(change);
    if book.is_empty() {
        return view! { <p class="empty">{tr!(i18n, company.addresses_empty)}</p> }.into_any();
    }
    view! {
        <FormAlert status />
        <ul class="rows">
            {book.into_iter().map(|saved| {
                let SavedAddress { id, label, address, is_default } = saved;
                let hidden = label.clone();
                let default_part = if is_default {
                    view! { <strong>{tr!(i18n, company.address_default)}</strong> }.into_any()
                } else {
                    let hidden = hidden.clone();
                    view! {
                        <button type="button" class="button" on:click=move |_| { change.dispatch(Change::MakeDefault(id)); }>
                            {tr!(i18n, company.address_make_default)}
                            <span class="visually-hidden">" : " {hidden}</span>
                        </button>
                    }
                    .into_any()
                };
                view! {
                    <li class="row">
                        <p><strong>{label}</strong><br />{move || one_line(i18n.get_locale(), &address)}</p>
                        <div class="actions__buttons">
                            {default_part}
                            <button type="button" class="button" on:click=move |_| { change.dispatch(Change::Delete(id)); }>
                                {tr!(i18n, company.address_delete)}
                                <span class="visually-hidden">" : " {hidden}</span>
                            </button>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// "Nouvelle adresse": its name, the address, and whether it becomes the default.
#[component]
fn NewAddress(add: AppAction<SavedAddressForm, Uuid>) -> impl IntoView {
    let i18n = use_i18n();
    let status = FormStatus::of(add);
    let label = RwSignal::new(String::new());
    let recipient = RwSignal::new(String::new());
    let line1 = RwSignal::new(String::new());
    let line2 = RwSignal::new(String::new());
    let postal_code = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let country = RwSignal::new(CountryCode::Fr.as_str().to_owned());
    let is_default = RwSignal::new(false);
    // Added: the form is ready for another one.
    on_success(add, move |_| {
        for field in [label, recipient, line1, line2, postal_code, city] {
            field.set(String::new());
        }
        is_default.set(false);
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        add.dispatch(SavedAddressForm {
            label: label.get_untracked(),
            recipient: recipient.get_untracked(),
            line1: line1.get_untracked(),
            line2: line2.get_untracked(),
            postal_code: postal_code.get_untracked(),
            city: city.get_untracked(),
            country: country.get_untracked(),
            is_default: is_default.get_untracked(),
        });
    };
    let label_hint = Signal::derive(move || {
        td_string!(i18n.get_locale(), company.address_label_hint).to_owned()
    });
    view! {
        <h3>{tr!(i18n, company.address_add_title)}</h3>
        <form class="form" novalidate on:submit=on_submit>
            <FormAlert status />
            <Input id="label" value=label status required=true maxlength=60 autocomplete="off" hint=label_hint>
                {tr!(i18n, company.address_label)}
            </Input>
            <Input id="recipient" value=recipient status required=true maxlength=100 autocomplete="shipping organization">
                {tr!(i18n, projects.recipient_label)}
            </Input>
            <Input id="line1" value=line1 status required=true maxlength=200 autocomplete="shipping address-line1">
                {tr!(i18n, projects.line1_label)}
            </Input>
            <Input id="line2" value=line2 status maxlength=200 autocomplete="shipping address-line2">
                {tr!(i18n, projects.line2_label)}
            </Input>
            <div class="field-row">
                <Input id="postal_code" value=postal_code status required=true maxlength=10 autocomplete="shipping postal-code">
                    {tr!(i18n, projects.postal_code_label)}
                </Input>
                <Input id="city" value=city status required=true maxlength=200 autocomplete="shipping address-level2">
                    {tr!(i18n, projects.city_label)}
                </Input>
            </div>
            <Select id="country" value=country status autocomplete="shipping country"
                choices=choices(&CountryCode::ALL, CountryCode::as_str, country_text)>
                {tr!(i18n, projects.country_label)}
            </Select>
            <Checkbox id="is_default" checked=is_default status>
                {tr!(i18n, company.address_make_default_check)}
            </Checkbox>
            <SubmitButton status>{tr!(i18n, company.address_add)}</SubmitButton>
            <span class="saved" role="status" aria-live="polite">
                {move || status.done.get().then(|| tr!(i18n, company.address_added))}
            </span>
        </form>
    }
}
