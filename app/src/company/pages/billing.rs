//! The holder's billing details on `/account/company`: the company's VAT number and billing
//! address, as its invoices show them.
use crate::{
    company::{api, forms::BillingForm},
    components::{
        controls::{choices, Input, Select},
        form::{form_action, FormAlert, SubmitButton},
        labels::country_text,
        text::tr,
    },
    i18n::*,
    plain_forms::{PlainForm, PostForm},
};
use leptos::{prelude::*, server_fn::ServerFn};
use shared::CountryCode;

/// The holder's section: nothing for anyone else (the server refuses them the details).
#[component]
pub fn BillingDetails() -> impl IntoView {
    let i18n = use_i18n();
    let form = PlainForm::of_argument(api::SaveBilling::PATH, "form");
    let saved = Resource::new(|| (), |()| api::load_billing());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                saved.await.ok().map(|current| view! {
                    <section class="panel" aria-labelledby="billing-title">
                        <h2 id="billing-title">{tr!(i18n, company.billing_title)}</h2>
                        <p>{tr!(i18n, company.billing_intro)}</p>
                        <BillingFields current form />
                    </section>
                })
            })}
        </Suspense>
    }
}

/// The form, starting from what is saved (or from what was typed, when the server refused it).
#[component]
fn BillingFields(current: BillingForm, form: PlainForm) -> impl IntoView {
    let i18n = use_i18n();
    let save = form_action(api::save_billing);
    let status = form.status(save);
    let vat_number = form.field_or("vat_number", current.vat_number);
    let recipient = form.field_or("billing_recipient", current.billing_recipient);
    let line1 = form.field_or("billing_line1", current.billing_line1);
    let line2 = form.field_or("billing_line2", current.billing_line2);
    let postal_code = form.field_or("billing_postal_code", current.billing_postal_code);
    let city = form.field_or("billing_city", current.billing_city);
    let country = form.field_or("billing_country", current.billing_country);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        save.dispatch(BillingForm {
            vat_number: vat_number.get_untracked(),
            billing_recipient: recipient.get_untracked(),
            billing_line1: line1.get_untracked(),
            billing_line2: line2.get_untracked(),
            billing_postal_code: postal_code.get_untracked(),
            billing_city: city.get_untracked(),
            billing_country: country.get_untracked(),
        });
    };
    let vat_hint =
        Signal::derive(move || td_string!(i18n.get_locale(), company.vat_hint).to_owned());
    view! {
        <PostForm form on_submit>
            <FormAlert status />
            <Input id="vat_number" value=vat_number status maxlength=20 autocomplete="off" hint=vat_hint>
                {tr!(i18n, company.vat_number)}
            </Input>
            <fieldset>
                <legend>{tr!(i18n, company.billing_address)}</legend>
                <p class="field__hint">{tr!(i18n, company.billing_optional)}</p>
                <Input id="billing_recipient" value=recipient status maxlength=100 autocomplete="billing organization">
                    {tr!(i18n, company.billing_recipient)}
                </Input>
                <Input id="billing_line1" value=line1 status maxlength=200 autocomplete="billing address-line1">
                    {tr!(i18n, projects.line1_label)}
                </Input>
                <Input id="billing_line2" value=line2 status maxlength=200 autocomplete="billing address-line2">
                    {tr!(i18n, projects.line2_label)}
                </Input>
                <div class="field-row">
                    <Input id="billing_postal_code" value=postal_code status maxlength=10 autocomplete="billing postal-code">
                        {tr!(i18n, projects.postal_code_label)}
                    </Input>
                    <Input id="billing_city" value=city status maxlength=200 autocomplete="billing address-level2">
                        {tr!(i18n, projects.city_label)}
                    </Input>
                </div>
                <Select id="billing_country" value=country status autocomplete="billing country"
                    choices=choices(&CountryCode::ALL, CountryCode::as_str, country_text)>
                    {tr!(i18n, projects.country_label)}
                </Select>
            </fieldset>
            <SubmitButton status>{tr!(i18n, company.billing_save)}</SubmitButton>
            <span class="saved" role="status" aria-live="polite">
                {move || status.done.get().then(|| tr!(i18n, company.billing_saved))}
            </span>
        </PostForm>
    }
}
