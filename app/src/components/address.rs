//! A delivery address in a form (the order form, the address book): its six fields as text
//! signals, filled from a saved address, and their inputs.
use crate::{
    components::{
        controls::{choices, Input, Select},
        form::FormStatus,
        labels::country_text,
        text::tr,
    },
    i18n::*,
    issues::AddressText,
};
use leptos::prelude::*;
use shared::CountryCode;

/// The address's fields as typed.
#[derive(Clone, Copy)]
pub struct AddressFields {
    pub recipient: RwSignal<String>,
    pub line1: RwSignal<String>,
    pub line2: RwSignal<String>,
    pub postal_code: RwSignal<String>,
    pub city: RwSignal<String>,
    pub country: RwSignal<String>,
}

impl AddressFields {
    pub fn new(text: AddressText) -> Self {
        AddressFields {
            recipient: RwSignal::new(text.recipient),
            line1: RwSignal::new(text.line1),
            line2: RwSignal::new(text.line2),
            postal_code: RwSignal::new(text.postal_code),
            city: RwSignal::new(text.city),
            country: RwSignal::new(text.country),
        }
    }

    /// Fills the fields (with a saved address, or empty ones).
    pub fn set(self, text: AddressText) {
        self.recipient.set(text.recipient);
        self.line1.set(text.line1);
        self.line2.set(text.line2);
        self.postal_code.set(text.postal_code);
        self.city.set(text.city);
        self.country.set(text.country);
    }

    pub fn get_untracked(self) -> AddressText {
        AddressText {
            recipient: self.recipient.get_untracked(),
            line1: self.line1.get_untracked(),
            line2: self.line2.get_untracked(),
            postal_code: self.postal_code.get_untracked(),
            city: self.city.get_untracked(),
            country: self.country.get_untracked(),
        }
    }
}

/// Empty fields, in France.
pub fn empty_address() -> AddressText {
    AddressText {
        country: CountryCode::Fr.as_str().to_owned(),
        ..AddressText::default()
    }
}

/// The address's inputs; `shipping` names them as a shipping address for the browser's
/// autofill (the address book), which otherwise reads them as the person's own.
#[component]
pub fn AddressInputs(
    fields: AddressFields,
    status: FormStatus,
    #[prop(optional)] shipping: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let auto = |own: &'static str, shipped: &'static str| if shipping { shipped } else { own };
    view! {
        <Input id="recipient" value=fields.recipient status required=true maxlength=100
            autocomplete=auto("organization", "shipping organization")>
            {tr!(i18n, projects.recipient_label)}
        </Input>
        <Input id="line1" value=fields.line1 status required=true maxlength=200
            autocomplete=auto("address-line1", "shipping address-line1")>
            {tr!(i18n, projects.line1_label)}
        </Input>
        <Input id="line2" value=fields.line2 status maxlength=200
            autocomplete=auto("address-line2", "shipping address-line2")>
            {tr!(i18n, projects.line2_label)}
        </Input>
        <div class="field-row">
            <Input id="postal_code" value=fields.postal_code status required=true maxlength=10
                autocomplete=auto("postal-code", "shipping postal-code")>
                {tr!(i18n, projects.postal_code_label)}
            </Input>
            <Input id="city" value=fields.city status required=true maxlength=200
                autocomplete=auto("address-level2", "shipping address-level2")>
                {tr!(i18n, projects.city_label)}
            </Input>
        </div>
        <Select id="country" value=fields.country status autocomplete=auto("country", "shipping country")
            choices=choices(&CountryCode::ALL, CountryCode::as_str, country_text)>
            {tr!(i18n, projects.country_label)}
        </Select>
    }
}
