use super::{api, forms::*, use_auth};
use crate::{
    components::{
        form::{Field, FormAlert, FormState, SubmitButton},
        text::tr,
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

/// "Force : …" under a new password: a hint only, the rules are the length and the list.
pub fn strength_hint(password: RwSignal<String>) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || {
        let locale = i18n.get_locale();
        let strength = password.with(|p| shared::password_strength(p));
        let level = match strength {
            shared::PasswordStrength::Weak => td_string!(locale, password.weak),
            shared::PasswordStrength::Fair => td_string!(locale, password.fair),
            shared::PasswordStrength::Good => td_string!(locale, password.good),
            shared::PasswordStrength::Strong => td_string!(locale, password.strong),
        };
        td_string!(locale, password.hint, level = level).to_string()
    })
}

/// Creating a customer account: the company, then its holder.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let form = FormState::new();
    let company_name = RwSignal::new(String::new());
    let siret = RwSignal::new(String::new());
    let first_name = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = SignUpForm {
            company_name: company_name.get_untracked(),
            siret: siret.get_untracked(),
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
            password: password.get_untracked(),
            confirmation: confirmation.get_untracked(),
            locale: i18n.get_locale_untracked().as_str().to_string(),
        };
        let navigate = navigate.clone();
        form.submit(
            input.parse().map(|_| ()),
            move || api::sign_up(input),
            move |()| {
                auth.refresh();
                navigate("/account", Default::default());
            },
        );
    };

    view! {
        <Title text=tr!(i18n, signup.title) />
        <section class="page page--narrow">
            <h1>{tr!(i18n, signup.title)}</h1>
            <p class="page__intro">{tr!(i18n, signup.intro)}</p>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert form />
                <fieldset>
                    <legend>{tr!(i18n, signup.company_legend)}</legend>
                    <Field id="company_name" value=company_name form required=true autocomplete="organization">
                        {tr!(i18n, fields.company_name)}
                    </Field>
                    <Field id="siret" value=siret form autocomplete="off" hint=Signal::derive(move || t_string!(i18n, signup.siret_hint).to_string())>
                        {tr!(i18n, fields.siret)}
                    </Field>
                </fieldset>
                <fieldset>
                    <legend>{tr!(i18n, signup.person_legend)}</legend>
                    <Field id="first_name" value=first_name form required=true autocomplete="given-name">
                        {tr!(i18n, fields.first_name)}
                    </Field>
                    <Field id="last_name" value=last_name form required=true autocomplete="family-name">
                        {tr!(i18n, fields.last_name)}
                    </Field>
                    <Field id="email" value=email form required=true kind="email" autocomplete="email">
                        {tr!(i18n, fields.email)}
                    </Field>
                    <Field id="phone" value=phone form required=true kind="tel" autocomplete="tel">
                        {tr!(i18n, fields.phone)}
                    </Field>
                    <Field id="password" value=password form required=true kind="password" autocomplete="new-password" hint=strength_hint(password)>
                        {tr!(i18n, fields.password)}
                    </Field>
                    <Field id="confirmation" value=confirmation form required=true kind="password" autocomplete="new-password">
                        {tr!(i18n, fields.confirmation)}
                    </Field>
                </fieldset>
                <p class="form__legend-note">{tr!(i18n, fields.required_note)}</p>
                <SubmitButton form>{tr!(i18n, signup.submit)}</SubmitButton>
            </form>
            <p>{tr!(i18n, signup.have_account)} " " <A href="/login">{tr!(i18n, signup.login_link)}</A></p>
        </section>
    }
}

/// CONNEXION: e-mail and password.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = LoginForm {
            email: email.get_untracked(),
            password: password.get_untracked(),
        };
        let navigate = navigate.clone();
        form.submit(
            input.parse(),
            move || api::log_in(input),
            move |()| {
                auth.refresh();
                navigate("/account", Default::default());
            },
        );
    };

    view! {
        <Title text=tr!(i18n, login.title) />
        <section class="page page--narrow">
            <h1>{tr!(i18n, login.title)}</h1>
            <p class="page__intro">{tr!(i18n, login.intro)}</p>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert form />
                <Field id="email" value=email form required=true kind="email" autocomplete="username">
                    {tr!(i18n, fields.email)}
                </Field>
                <Field id="password" value=password form required=true kind="password" autocomplete="current-password">
                    {tr!(i18n, fields.password)}
                </Field>
                <SubmitButton form>{tr!(i18n, login.submit)}</SubmitButton>
            </form>
            <p><A href="/forgot-password">{tr!(i18n, login.forgot_link)}</A></p>
            <p>{tr!(i18n, login.no_account)} " " <A href="/signup">{tr!(i18n, login.signup_link)}</A></p>
        </section>
    }
}

/// Forgotten password: the same confirmation whether the address is known or not.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let address = email.get_untracked();
        let check = shared::Email::parse(&address)
            .map(|_| ())
            .map_err(|code| crate::error::AppError::field("email", code));
        form.submit(check, move || api::request_password_reset(address), |()| {});
    };
    view! {
        <Title text=tr!(i18n, forgot.title) />
        <section class="page page--narrow">
            <h1>{tr!(i18n, forgot.title)}</h1>
            <p class="page__intro">{tr!(i18n, forgot.intro)}</p>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert form />
                <Field id="email" value=email form required=true kind="email" autocomplete="email">
                    {tr!(i18n, fields.email)}
                </Field>
                <SubmitButton form>{tr!(i18n, forgot.submit)}</SubmitButton>
            </form>
            <div role="status" aria-live="polite">
                {move || form.done.get().then(|| view! { <p class="notice">{tr!(i18n, forgot.sent)}</p> })}
            </div>
        </section>
    }
}

/// The page of the e-mailed link: a new password.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let form = FormState::new();
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = ResetPasswordForm {
            token: query.with_untracked(|q| q.get("token").unwrap_or_default()),
            password: password.get_untracked(),
            confirmation: confirmation.get_untracked(),
        };
        form.submit(
            input.parse().map(|_| ()),
            move || api::reset_password(input),
            |()| {},
        );
    };
    view! {
        <Title text=tr!(i18n, reset.title) />
        <section class="page page--narrow">
            <h1>{tr!(i18n, reset.title)}</h1>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert form />
                <Field id="password" value=password form required=true kind="password" autocomplete="new-password" hint=strength_hint(password)>
                    {tr!(i18n, fields.new_password)}
                </Field>
                <Field id="confirmation" value=confirmation form required=true kind="password" autocomplete="new-password">
                    {tr!(i18n, fields.confirmation)}
                </Field>
                <SubmitButton form>{tr!(i18n, reset.submit)}</SubmitButton>
            </form>
            <div role="status" aria-live="polite">
                {move || form.done.get().then(|| view! {
                    <p class="notice">{tr!(i18n, reset.done)} " " <A href="/login">{tr!(i18n, reset.login_link)}</A></p>
                })}
            </div>
        </section>
    }
}
