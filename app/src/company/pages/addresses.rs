//! The account's address book on `/account/company`: the holder and the buyers add delivery
//! addresses, change them, choose the default (which the order form opens with) and delete them.
use crate::{
    auth::use_me,
    company::{api, forms::SavedAddressForm, types::SavedAddress},
    components::{
        address::{empty_address, AddressFields, AddressInputs},
        controls::{Checkbox, Input},
        errors::form_error_text,
        form::{last_success, on_success, AppAction, FormAlert, FormStatus, SubmitButton},
        labels::country_text,
        text::tr,
    },
    i18n::*,
    issues::{AddressText, Form},
    plain_forms::{ButtonForm, PlainForm, PostForm, PostedBefore},
};
use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;
use shared::{DeliveryAddress, Role};
use uuid::Uuid;

/// What a line of the book does.
#[derive(Clone, Copy, Debug)]
enum Change {
    MakeDefault(Uuid),
    Delete(Uuid),
}

/// The address form's content: a new address, or the one being changed (`editing`).
#[derive(Clone, Copy)]
struct Draft {
    editing: RwSignal<Option<(Uuid, String)>>,
    label: RwSignal<String>,
    address: AddressFields,
    is_default: RwSignal<bool>,
}

impl Draft {
    /// An empty form, or the one the server refused, as typed.
    fn new(form: PlainForm) -> Self {
        let typed = |path: &str| form.typed(path).unwrap_or_default();
        let address = match form.error() {
            Some(_) => AddressText {
                recipient: typed("recipient"),
                line1: typed("line1"),
                line2: typed("line2"),
                postal_code: typed("postal_code"),
                city: typed("city"),
                country: typed("country"),
            },
            None => empty_address(),
        };
        Draft {
            editing: RwSignal::new(None),
            label: form.field("label"),
            address: AddressFields::new(address),
            is_default: RwSignal::new(form.typed("is_default").as_deref() == Some("true")),
        }
    }

    /// An empty form, for a new address.
    fn clear(self) {
        self.editing.set(None);
        self.label.set(String::new());
        self.address.set(empty_address());
        self.is_default.set(false);
    }

    /// The form filled with a saved address, to change it.
    fn edit(self, saved: &SavedAddress) {
        self.editing.set(Some((saved.id, saved.label.clone())));
        self.label.set(saved.label.clone());
        self.address.set(AddressText::from(&saved.address));
        self.is_default.set(saved.is_default);
    }

    fn form(self) -> SavedAddressForm {
        let address = self.address.get_untracked();
        SavedAddressForm {
            label: self.label.get_untracked(),
            recipient: address.recipient,
            line1: address.line1,
            line2: address.line2,
            postal_code: address.postal_code,
            city: address.city,
            country: address.country,
            is_default: self.is_default.get_untracked(),
        }
    }
}

/// What the form sends: a new address, or a change to a saved one.
type Saving = (Option<Uuid>, SavedAddressForm);

/// The form's title on the book's page: a line's "Modifier" asks for the page again with
/// `?edit=<id>` until the page is hydrated, and "Annuler la modification" without it.
const FORM_ANCHOR: &str = "/account/company#address-form-title";

/// The address form's two server functions: adding one, or changing the one named by the
/// page's `?edit=` (a line's "Modifier" posted without JavaScript).
#[derive(Clone, Copy)]
struct AddressForms {
    add: PlainForm,
    update: PlainForm,
}

impl AddressForms {
    /// The form whose post the page came back from, for what the form says (its refusal, or
    /// "Adresse enregistrée.").
    fn posted(self) -> PlainForm {
        if self.update.outcome::<()>().is_some() {
            self.update
        } else {
            self.add
        }
    }
}

#[component]
pub fn AddressBook() -> impl IntoView {
    let i18n = use_i18n();
    // Made with the page, outside the suspense (plain_forms): posted before the WASM runs. A
    // line's "Modifier" fills the form on the hydrated page; before, it asks for the page again
    // with `?edit=<id>`, whose form then changes that address.
    let forms = AddressForms {
        add: PlainForm::of_argument(api::SaveAddress::PATH, "form"),
        update: PlainForm::of_argument(api::UpdateAddress::PATH, "form"),
    };
    let changed_before =
        PostedBefore::to_any(&[api::SetDefaultAddress::PATH, api::DeleteAddress::PATH]);
    let update_refused = forms.update.error().is_some();
    // The address to change, unless something was done in the book since it was asked for
    // (a change saved, another address added, a line's button), or while it is refused.
    let nothing_done_since = forms.add.outcome::<()>().is_none()
        && forms.update.outcome::<()>().is_none()
        && changed_before.outcome::<()>().is_none();
    let asked_to_edit = use_query_map()
        .with_untracked(|query| query.get("edit"))
        .and_then(|id| Uuid::parse_str(&id).ok())
        .filter(|_| update_refused || nothing_done_since);
    let to_edit = StoredValue::new(asked_to_edit);
    let draft = Draft::new(if update_refused {
        forms.update
    } else {
        forms.add
    });
    // The form is checked here first, as the server checks it again.
    let add: AppAction<Saving, ()> = Action::new_unsync(|(id, form): &Saving| {
        let (id, form) = (*id, form.clone());
        async move {
            form.parse()?;
            match id {
                None => api::save_address(form).await.map(|_| ()),
                Some(id) => api::update_address(id, form).await,
            }
        }
    });
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
                    Ok(book) => {
                        // The address the page was asked to change (once: the book reloads).
                        let mut asked = None;
                        to_edit.update_value(|id| asked = id.take());
                        if let Some(saved) = asked.and_then(|id| book.iter().find(|saved| saved.id == id)) {
                            if update_refused {
                                // The fields stay as typed.
                                draft.editing.set(Some((saved.id, saved.label.clone())));
                            } else {
                                draft.edit(saved);
                            }
                        }
                        view! { <BookLines book change changed_before draft /> }.into_any()
                    }
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
                        {view! { <AddressForm add forms draft /> }.into_any()}
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
fn BookLines(
    book: Vec<SavedAddress>,
    change: AppAction<Change, ()>,
    changed_before: PostedBefore,
    draft: Draft,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = FormStatus::of(change);
    // A line's button posted without JavaScript and refused: said until the next change.
    let refused = changed_before.error();
    let version = change.version();
    let status = FormStatus {
        error: Signal::derive(move || {
            if version.get() == 0 {
                refused.clone()
            } else {
                status.error.get()
            }
        }),
        ..status
    };
    if book.is_empty() {
        return view! { <p class="empty">{tr!(i18n, company.addresses_empty)}</p> }.into_any();
    }
    view! {
        <FormAlert status />
        <ul class="rows">
            {book.into_iter().map(|saved| {
                let edit = {
                    let saved = saved.clone();
                    move |event: SubmitEvent| {
                        event.prevent_default();
                        draft.edit(&saved);
                        focus_form();
                    }
                };
                let SavedAddress { id, label, address, is_default } = saved;
                let hidden = label.clone();
                let default_part = if is_default {
                    view! { <strong>{tr!(i18n, company.address_default)}</strong> }.into_any()
                } else {
                    let hidden = hidden.clone();
                    view! {
                        <ChangeForm change command=Change::MakeDefault(id)>
                            {tr!(i18n, company.address_make_default)}
                            <span class="visually-hidden">" : " {hidden}</span>
                        </ChangeForm>
                    }
                    .into_any()
                };
                view! {
                    <li class="row">
                        <p><strong>{label}</strong><br />{move || one_line(i18n.get_locale(), &address)}</p>
                        <div class="actions__buttons">
                            {default_part}
                            // The page again with the form filled, until the page is hydrated.
                            <form class="command" method="get" action=FORM_ANCHOR on:submit=edit>
                                <input type="hidden" name="edit" value=id.to_string() />
                                <button type="submit" class="button">
                                    {tr!(i18n, company.address_edit)}
                                    <span class="visually-hidden">" : " {hidden.clone()}</span>
                                </button>
                            </form>
                            <ChangeForm change command=Change::Delete(id)>
                                {tr!(i18n, company.address_delete)}
                                <span class="visually-hidden">" : " {hidden}</span>
                            </ChangeForm>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A line's button: a form posting `command` to its server function until the page is
/// hydrated, then `change` runs it.
#[component]
fn ChangeForm(change: AppAction<Change, ()>, command: Change, children: Children) -> impl IntoView {
    let (endpoint, id) = match command {
        Change::MakeDefault(id) => (api::SetDefaultAddress::PATH, id),
        Change::Delete(id) => (api::DeleteAddress::PATH, id),
    };
    view! {
        <ButtonForm endpoint hidden=vec![("address_id", id.to_string())]
            on_submit=move || { change.dispatch(command); }>
            <button type="submit" class="button">{children()}</button>
        </ButtonForm>
    }
}

/// The keyboard goes to the form's first field, where the address to change now is.
fn focus_form() {
    request_animation_frame(|| {
        if let Some(field) = document().get_element_by_id("label") {
            use leptos::wasm_bindgen::JsCast;
            if let Ok(field) = field.dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = field.focus();
            }
        }
    });
}

/// "Nouvelle adresse" or "Modifier l'adresse": its name, the address, and whether it becomes
/// the default. The browser posts it to `update` when the page was asked to change an address
/// (`?edit=`), else to `add`; the hydrated page sends what `editing` says.
#[component]
fn AddressForm(add: AppAction<Saving, ()>, forms: AddressForms, draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    let status = forms.posted().status(add);
    let form = if draft.editing.get_untracked().is_some() {
        forms.update
    } else {
        forms.add
    };
    let Draft {
        editing,
        label,
        address,
        is_default,
    } = draft;
    // Saved: the form is ready for another one.
    on_success(add, move |_| draft.clear());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let id = editing.get_untracked().map(|(id, _)| id);
        add.dispatch((id, draft.form()));
    };
    let title = move || match editing.get() {
        Some((_, name)) => {
            td_string!(i18n.get_locale(), company.address_edit_title, label = name).to_string()
        }
        None => td_string!(i18n.get_locale(), company.address_add_title).to_owned(),
    };
    let label_hint = Signal::derive(move || {
        td_string!(i18n.get_locale(), company.address_label_hint).to_owned()
    });
    view! {
        <h3 id="address-form-title">{title}</h3>
        <PostForm form on_submit labelled_by="address-form-title">
            {move || editing.get().map(|(id, _)| view! {
                <input type="hidden" name="address_id" value=id.to_string() />
            })}
            <FormAlert status />
            <Input id="label" value=label status required=true maxlength=60 autocomplete="off" hint=label_hint>
                {tr!(i18n, company.address_label)}
            </Input>
            <AddressInputs fields=address status shipping=true />
            <Checkbox id="is_default" checked=is_default status>
                {tr!(i18n, company.address_make_default_check)}
            </Checkbox>
            <SubmitButton status>
                {move || if editing.get().is_some() {
                    t_string!(i18n, company.address_save)
                } else {
                    t_string!(i18n, company.address_add)
                }}
            </SubmitButton>
            // Until the page is hydrated, the page again without `?edit=` (the form below).
            {move || editing.get().is_some().then(|| view! {
                <button type="submit" form="address-edit-cancel" class="button button--ghost"
                    on:click=move |event| {
                        event.prevent_default();
                        draft.clear();
                    }>
                    {tr!(i18n, company.address_edit_cancel)}
                </button>
            })}
            <span class="saved" role="status" aria-live="polite">
                {move || status.done.get().then(|| tr!(i18n, company.address_saved))}
            </span>
        </PostForm>
        {move || editing.get().is_some().then(|| view! {
            <form id="address-edit-cancel" method="get" action=FORM_ANCHOR></form>
        })}
    }
}
