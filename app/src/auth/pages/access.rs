//! Getting in: sign-up, login, the forgotten password and its link.
use crate::{
    auth::{api, forms::*, types::LoginStep, use_auth},
    company::CompanyInputs,
    components::{
        controls::Input,
        form::{form_action, on_success, AppAction, FormAlert, SubmitButton},
        text::tr,
    },
    i18n::*,
    plain_forms::{Hidden, PlainForm, PostForm},
};
use leptos::{prelude::*, server_fn::ServerFn};
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
    let form = PlainForm::of_argument(api::SignUp::PATH, "form");
    let company_name = form.field("company_name");
    let siret = form.field("siret");
    let first_name = form.field("first_name");
    let last_name = form.field("last_name");
    let email = form.field("email");
    let phone = form.field("phone");
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let sign_up = form_action(api::sign_up);
    let status = form.status(sign_up);
    on_success(sign_up, move |()| {
        auth.refresh();
        navigate("/account", Default::default());
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        sign_up.dispatch(SignUpForm {
            company_name: company_name.get_untracked(),
            siret: siret.get_untracked(),
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
            password: password.get_untracked(),
            confirmation: confirmation.get_untracked(),
            locale: i18n.get_locale_untracked().as_str().to_string(),
        });
    };

    view! {
        <Title text=tr!(i18n, signup.title) />
        <section class="page page--narrow">
            <h1>{tr!(i18n, signup.title)}</h1>
            <p class="page__intro">{tr!(i18n, signup.intro)}</p>
            <PostForm form on_submit>
                <FormAlert status />
                <Hidden field="locale" value=Signal::derive(move || i18n.get_locale().as_str().to_string()) />
                <fieldset>
                    <legend>{tr!(i18n, signup.company_legend)}</legend>
                    <CompanyInputs company_name siret status siret_hint=Signal::derive(move || t_string!(i18n, signup.siret_hint).to_string()) />
                </fieldset>
                <fieldset>
                    <legend>{tr!(i18n, signup.person_legend)}</legend>
                    <Input id="first_name" value=first_name status required=true autocomplete="given-name">
                        {tr!(i18n, fields.first_name)}
                    </Input>
                    <Input id="last_name" value=last_name status required=true autocomplete="family-name">
                        {tr!(i18n, fields.last_name)}
                    </Input>
                    <Input id="email" value=email status required=true kind="email" autocomplete="email">
                        {tr!(i18n, fields.email)}
                    </Input>
                    <Input id="phone" value=phone status required=true kind="tel" autocomplete="tel">
                        {tr!(i18n, fields.phone)}
                    </Input>
                    <Input id="password" value=password status required=true kind="password" autocomplete="new-password" hint=strength_hint(password)>
                        {tr!(i18n, fields.password)}
                    </Input>
                    <Input id="confirmation" value=confirmation status required=true kind="password" autocomplete="new-password">
                        {tr!(i18n, fields.confirmation)}
                    </Input>
                </fieldset>
                <p class="form__legend-note">{tr!(i18n, fields.required_note)}</p>
                <SubmitButton status>{tr!(i18n, signup.submit)}</SubmitButton>
            </PostForm>
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
    let form = PlainForm::of_argument(api::LogIn::PATH, "form");
    let email = form.field("email");
    let password = RwSignal::new(String::new());
    let log_in = form_action(api::log_in);
    let status = form.status(log_in);
    let query = use_query_map();
    // A right password of someone with two-factor authentication: the code is asked next (the
    // server sends a plain form's browser to `?step=code`).
    let code_needed =
        RwSignal::new(query.with_untracked(|query| query.get("step").as_deref() == Some("code")));
    on_success(log_in, move |step| match step {
        LoginStep::CodeNeeded => code_needed.set(true),
        LoginStep::Done | LoginStep::EnrolmentNeeded => {
            auth.refresh();
            // Where the person was going (the services page's quote): a path of this site only.
            let next = query.with_untracked(|query| query.get("next"));
            navigate(&step.next_page(next), Default::default());
        }
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        log_in.dispatch(LoginForm {
            email: email.get_untracked(),
            password: password.get_untracked(),
        });
    };

    view! {
        <Title text=tr!(i18n, login.title) />
        <section class="page page--narrow">
            <h1>{tr!(i18n, login.title)}</h1>
            <p class="page__intro">{tr!(i18n, login.intro)}</p>
            <Show when=move || code_needed.get() fallback=move || view! {
                <PostForm form on_submit>
                    <FormAlert status />
                    <Input id="email" value=email status required=true kind="email" autocomplete="username">
                        {tr!(i18n, fields.email)}
                    </Input>
                    <Input id="password" value=password status required=true kind="password" autocomplete="current-password">
                        {tr!(i18n, fields.password)}
                    </Input>
                    <SubmitButton status>{tr!(i18n, login.submit)}</SubmitButton>
                </PostForm>
            }>
                <crate::two_factor::LoginCodeForm />
            </Show>
            <p><A href="/forgot-password">{tr!(i18n, login.forgot_link)}</A></p>
            <p>{tr!(i18n, login.no_account)} " " <A href="/signup">{tr!(i18n, login.signup_link)}</A></p>
        </section>
    }
}

/// Forgotten password: the same confirmation whether the address is known or not.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let form = PlainForm::new(api::RequestPasswordReset::PATH);
    let email = form.field("email");
    let query = use_query_map();
    let sent_before = query.with_untracked(|query| query.get("sent").is_some());
    let send_link: AppAction<String, ()> = Action::new_unsync(|address: &String| {
        let address = address.clone();
        async move {
            shared::Email::parse(&address)
                .map_err(|code| crate::error::AppError::field("email", code))?;
            api::request_password_reset(address).await
        }
    });
    let status = form.status(send_link);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        send_link.dispatch(email.get_untracked());
    };
    view! {
        <Title text=tr!(i18n, forgot.title) />
        <section class="page page--narrow">
            <h1>{tr!(i18n, forgot.title)}</h1>
            <p class="page__intro">{tr!(i18n, forgot.intro)}</p>
            <PostForm form on_submit>
                <FormAlert status />
                <Input id="email" value=email status required=true kind="email" autocomplete="email">
                    {tr!(i18n, fields.email)}
                </Input>
                <SubmitButton status>{tr!(i18n, forgot.submit)}</SubmitButton>
            </PostForm>
            <div role="status" aria-live="polite">
                {move || (sent_before || status.done.get()).then(|| view! { <p class="notice">{tr!(i18n, forgot.sent)}</p> })}
            </div>
        </section>
    }
}

/// The page of the e-mailed link: a new password.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let form = PlainForm::of_argument(api::ResetPassword::PATH, "form");
    let done_before = query.with_untracked(|query| query.get("done").is_some());
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let reset = form_action(api::reset_password);
    let status = form.status(reset);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        reset.dispatch(ResetPasswordForm {
            token: query.with_untracked(|q| q.get("token").unwrap_or_default()),
            password: password.get_untracked(),
            confirmation: confirmation.get_untracked(),
        });
    };
    view! {
        <Title text=tr!(i18n, reset.title) />
        <section class="page page--narrow">
            <h1>{tr!(i18n, reset.title)}</h1>
            <PostForm form on_submit>
                <FormAlert status />
                <Hidden field="token" value=Signal::derive(move || query.with(|q| q.get("token").unwrap_or_default())) />
                <Input id="password" value=password status required=true kind="password" autocomplete="new-password" hint=strength_hint(password)>
                    {tr!(i18n, fields.new_password)}
                </Input>
                <Input id="confirmation" value=confirmation status required=true kind="password" autocomplete="new-password">
                    {tr!(i18n, fields.confirmation)}
                </Input>
                <SubmitButton status>{tr!(i18n, reset.submit)}</SubmitButton>
            </PostForm>
            <div role="status" aria-live="polite">
                {move || (done_before || status.done.get()).then(|| view! {
                    <p class="notice">{tr!(i18n, reset.done)} " " <A href="/login">{tr!(i18n, reset.login_link)}</A></p>
                })}
            </div>
        </section>
    }
}
