//! `/account/company`: the holder corrects the company's name and SIRET and its billing details;
//! anyone else reads why they cannot, and a person who holds no account may open one of their
//! own.
use crate::{
    auth::{types::ActiveAccount, use_auth, use_me},
    company::{api, forms::CompanyForm},
    components::{
        controls::Input,
        form::{form_action, on_success, AppAction, FormAlert, FormStatus, SubmitButton},
        text::{tr, translated},
    },
    i18n::*,
    plain_forms::{PlainForm, PostForm},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use shared::Role;

/// `/account/company`. The actions belong to the page: after a success the person's `Me`
/// reloads and the forms are rebuilt around what was saved, while what happened stays said.
#[component]
pub fn CompanyPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let me = use_me();
    // Made with the page, outside the suspense (plain_forms): posted before the WASM runs.
    let save_form = PlainForm::of_argument(api::SaveCompany::PATH, "form");
    let open_form = PlainForm::of_argument(api::OpenCompanyAccount::PATH, "form");
    let save = form_action(api::save_company);
    // The new account's id is of no use here: the session acts for it already.
    let open =
        form_action(
            |form: CompanyForm| async move { api::open_company_account(form).await.map(drop) },
        );
    // The switcher, the menu and this page follow the new name, or the new account.
    on_success(save, move |()| auth.refresh());
    on_success(open, move |()| auth.refresh());
    let opened = open_form.status(open);
    view! {
        <Title text=tr!(i18n, company.title) />
        <h1>{tr!(i18n, company.title)}</h1>
        <div class="live" role="status" aria-live="polite">
            {move || opened.done.get().then(|| view! { <p class="notice">{tr!(i18n, company.opened)}</p> })}
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                me.await.ok().flatten().map(|me| {
                    let holds_one = me.accounts.iter().any(|account| account.role == Role::Holder);
                    match me.active {
                        Some(account) if account.role == Role::Holder => {
                            view! {
                                <CompanyDetails account save form=save_form />
                            }
                            .into_any()
                        }
                        active => view! {
                            {active.map(|account| view! {
                                <p class="notice">{t!(i18n, company.holder_only, account = account.name)}</p>
                            })}
                            {if holds_one {
                                view! { <p>{tr!(i18n, company.switch_to_yours)}</p> }.into_any()
                            } else {
                                view! { <OpenAccount open form=open_form verified=me.email_verified /> }.into_any()
                            }}
                        }
                        .into_any(),
                    }
                })
            })}
        </Transition>
        // Outside the suspended part: they load resources of their own (a resource made inside
        // a suspended view is not awaited by the server's render), and show to whom they concern.
        <super::billing::BillingDetails />
        <super::addresses::AddressBook />
        <crate::two_factor::RequireTwoFactorSetting />
    }
}

/// The holder's form: the company's name and SIRET, and whether staff checked the SIRET.
#[component]
fn CompanyDetails(
    account: ActiveAccount,
    save: AppAction<CompanyForm, ()>,
    form: PlainForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let check = match (&account.siret, account.siret_verified) {
        (None, _) => tr!(i18n, company.siret_none),
        (Some(_), true) => tr!(i18n, company.siret_verified),
        (Some(_), false) => tr!(i18n, company.siret_unverified),
    };
    let status = form.status(save);
    let current = CompanyForm {
        company_name: account.name,
        siret: account.siret.unwrap_or_default(),
    };
    view! {
        <section class="panel" aria-labelledby="company-title">
            <h2 id="company-title">{tr!(i18n, company.details_title)}</h2>
            <p class="siret-check">{check}</p>
            <CompanyFields action=save form current
                siret_hint=|locale| td_string!(locale, company.siret_hint)
                submit=|locale| td_string!(locale, company.save)>
                <span class="saved" role="status" aria-live="polite">
                    {move || status.done.get().then(|| tr!(i18n, company.saved))}
                </span>
            </CompanyFields>
        </section>
    }
}

/// "Créer le compte de mon entreprise": for a person who holds no account (a collaborator the
/// holder created, or one who left); their address must be proven first.
#[component]
fn OpenAccount(open: AppAction<CompanyForm, ()>, form: PlainForm, verified: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="open-title">
            <h2 id="open-title">{tr!(i18n, company.open_title)}</h2>
            <p>{tr!(i18n, company.open_intro)}</p>
            {(!verified).then(|| view! { <p class="notice">{tr!(i18n, company.verify_first)}</p> })}
            <CompanyFields action=open form current=CompanyForm::default()
                siret_hint=|locale| td_string!(locale, signup.siret_hint)
                submit=|locale| td_string!(locale, company.open_submit) />
        </section>
    }
}

/// A form of the company's name and SIRET, starting from `current`, sent by `action`; the
/// `children`, if any, follow the submit button.
#[component]
fn CompanyFields(
    action: AppAction<CompanyForm, ()>,
    form: PlainForm,
    current: CompanyForm,
    siret_hint: fn(Locale) -> &'static str,
    submit: fn(Locale) -> &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    // What was typed when the server refused the plain form, else what is saved.
    let company_name = form.field_or("company_name", current.company_name);
    let siret = form.field_or("siret", current.siret);
    let status = form.status(action);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        action.dispatch(CompanyForm {
            company_name: company_name.get_untracked(),
            siret: siret.get_untracked(),
        });
    };
    let hint = Signal::derive(move || siret_hint(i18n.get_locale()).to_string());
    view! {
        <PostForm form on_submit>
            <FormAlert status />
            <CompanyInputs company_name siret status siret_hint=hint />
            <SubmitButton status>{translated(i18n, submit)}</SubmitButton>
            {children.map(|children| children())}
        </PostForm>
    }
}

/// The company's two controls (`company_name`, and `siret`, which may be left empty): sign-up
/// asks for them too.
#[component]
pub fn CompanyInputs(
    company_name: RwSignal<String>,
    siret: RwSignal<String>,
    status: FormStatus,
    siret_hint: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Input id="company_name" value=company_name status required=true autocomplete="organization">
            {tr!(i18n, fields.company_name)}
        </Input>
        <Input id="siret" value=siret status autocomplete="off" hint=siret_hint>
            {tr!(i18n, fields.siret)}
        </Input>
    }
}
