//! `/two-factor`: enrolling an authenticator (QR code and the secret as text, confirmed by a
//! first code, then the recovery codes shown once), or turning it off; and its summary in
//! "Mon compte".
use crate::{
    auth::use_auth,
    components::{
        controls::Input,
        errors::form_error_text,
        form::{on_success, AppAction, FormAlert, SubmitButton},
        text::tr,
    },
    error::AppError,
    i18n::*,
    plain_forms::{Hidden, PlainForm, PostForm},
    two_factor::{
        api,
        types::{Enrolment, TwoFactorStatus},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};

/// `/two-factor`, for everyone logged in; staff and members whose holder requires it are sent
/// here until they enrol.
#[component]
pub fn TwoFactorPage() -> impl IntoView {
    let i18n = use_i18n();
    // Made with the page, outside the suspense (plain_forms): posted before the WASM runs.
    let forms = EnrolmentForms {
        start: PlainForm::new(api::StartEnrolment::PATH),
        confirm: PlainForm::new(api::ConfirmEnrolment::PATH),
        disable: PlainForm::new(api::DisableTwoFactor::PATH),
    };
    // Recovery codes, once enrolment is confirmed: shown this once, above everything else.
    let recovery_codes = RwSignal::new(forms.confirm.answer::<Vec<String>>());
    let disabled = RwSignal::new(0u32);
    let status = Resource::new(
        move || (recovery_codes.with(Option::is_some), disabled.get()),
        |_| api::load_two_factor_status(),
    );
    view! {
        <Title text=tr!(i18n, two_factor.title) />
        <section class="page page--narrow">
            <h1>{tr!(i18n, two_factor.title)}</h1>
            <p class="page__intro">{tr!(i18n, two_factor.intro)}</p>
            {move || recovery_codes.get().map(|codes| view! { <RecoveryCodes codes /> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match status.await {
                        Err(AppError::Unauthorized) => view! { <Redirect path="/login" /> }.into_any(),
                        Err(error) => view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                        Ok(status) if status.enabled => view! { <Enabled status disabled form=forms.disable /> }.into_any(),
                        Ok(status) => view! { <Enrol status recovery_codes forms /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The page's forms that the browser may post itself.
#[derive(Clone, Copy)]
struct EnrolmentForms {
    start: PlainForm,
    confirm: PlainForm,
    disable: PlainForm,
}

/// Not enrolled: why (when it is required), then the QR code once asked for. Without
/// JavaScript the enrolment started comes back with the page, and after a wrong first code,
/// with the confirmation form's own copy of it.
#[component]
fn Enrol(
    status: TwoFactorStatus,
    recovery_codes: RwSignal<Option<Vec<String>>>,
    forms: EnrolmentForms,
) -> impl IntoView {
    let i18n = use_i18n();
    let start: AppAction<(), Enrolment> = Action::new_unsync(|_: &()| api::start_enrolment());
    let start_status = forms.start.status(start);
    let started_before = forms.start.answer::<Enrolment>().or_else(|| {
        let confirm = forms.confirm;
        confirm.error()?;
        Some(Enrolment {
            qr_code: confirm.typed("qr_code")?,
            secret: confirm.typed("secret")?,
            otpauth_url: confirm.typed("otpauth_url")?,
        })
    });
    let enrolment = move || {
        if start.version().get() == 0 {
            started_before.clone()
        } else {
            start.value().with(|answer| answer.clone()?.ok())
        }
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        start.dispatch(());
    };
    view! {
        {status.mandatory.then(|| view! { <p class="notice">{tr!(i18n, two_factor.enrolment_required)}</p> })}
        {move || match enrolment() {
            Some(enrolment) => view! { <Confirm enrolment recovery_codes form=forms.confirm /> }.into_any(),
            None => view! {
                <PostForm form=forms.start on_submit class="command">
                    <FormAlert status=start_status />
                    <button type="submit" class="button button--primary">
                        {tr!(i18n, two_factor.start)}
                    </button>
                </PostForm>
            }.into_any(),
        }}
    }
}

/// The QR code and the secret as text, and the first code that confirms them.
#[component]
fn Confirm(
    enrolment: Enrolment,
    recovery_codes: RwSignal<Option<Vec<String>>>,
    form: PlainForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let code = RwSignal::new(String::new());
    let confirm: AppAction<String, Vec<String>> =
        Action::new_unsync(|code: &String| api::confirm_enrolment(code.clone()));
    let status = form.status(confirm);
    on_success(confirm, move |codes| {
        recovery_codes.set(Some(codes));
        auth.refresh();
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        confirm.dispatch(code.get_untracked());
    };
    view! {
        <section class="panel" aria-labelledby="enrol-title">
            <h2 id="enrol-title">{tr!(i18n, two_factor.scan_title)}</h2>
            <p>{tr!(i18n, two_factor.scan_intro)}</p>
            <img class="two-factor__qr" src=enrolment.qr_code.clone() width="200" height="200"
                alt=move || tr!(i18n, two_factor.qr_alt)() />
            <p>{tr!(i18n, two_factor.secret_label)} " " <code id="two-factor-secret">{enrolment.secret.clone()}</code></p>
            <PostForm form on_submit>
                // Ignored by the server: what the page shows again after a wrong first code.
                <Hidden field="qr_code" value=Signal::stored(enrolment.qr_code) />
                <Hidden field="secret" value=Signal::stored(enrolment.secret) />
                <Hidden field="otpauth_url" value=Signal::stored(enrolment.otpauth_url) />
                <FormAlert status />
                <Input id="code" value=code status required=true autocomplete="one-time-code">
                    {tr!(i18n, two_factor.code_label)}
                </Input>
                <SubmitButton status>{tr!(i18n, two_factor.confirm)}</SubmitButton>
            </PostForm>
        </section>
    }
}

/// The recovery codes, shown once right after enrolment.
#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel notice" role="status" aria-labelledby="recovery-title">
            <h2 id="recovery-title">{tr!(i18n, two_factor.recovery_title)}</h2>
            <p>{tr!(i18n, two_factor.recovery_intro)}</p>
            <ul class="two-factor__codes">
                {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ul>
            <p><A href="/account">{tr!(i18n, two_factor.continue_link)}</A></p>
        </section>
    }
}

/// Enrolled: the recovery codes left, and turning it off (with a code) when allowed.
#[component]
fn Enabled(status: TwoFactorStatus, disabled: RwSignal<u32>, form: PlainForm) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let disable: AppAction<String, ()> =
        Action::new_unsync(|code: &String| api::disable_two_factor(code.clone()));
    let plain = form;
    let form = plain.status(disable);
    on_success(disable, move |()| disabled.update(|n| *n += 1));
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        disable.dispatch(code.get_untracked());
    };
    let left = status.recovery_codes_left;
    view! {
        <p class="notice">{tr!(i18n, two_factor.enabled)}</p>
        <p>{t!(i18n, two_factor.codes_left, count = left)}</p>
        {(!status.mandatory).then(|| view! {
            <PostForm form=plain on_submit class="form panel">
                <h2>{tr!(i18n, two_factor.disable_title)}</h2>
                <FormAlert status=form />
                <Input id="disable_code" field="code" value=code status=form required=true autocomplete="one-time-code">
                    {tr!(i18n, two_factor.code_label)}
                </Input>
                <button type="submit" class="button button--danger">{tr!(i18n, two_factor.disable)}</button>
            </PostForm>
        })}
    }
}

/// "Mon compte"'s summary: on or off, and the way to the page that changes it.
#[component]
pub fn TwoFactorSection() -> impl IntoView {
    let i18n = use_i18n();
    let status = Resource::new(|| (), |_| api::load_two_factor_status());
    view! {
        <section class="panel" aria-labelledby="two-factor-title">
            <h2 id="two-factor-title">{tr!(i18n, two_factor.title)}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let enabled = matches!(status.await, Ok(TwoFactorStatus { enabled: true, .. }));
                    view! {
                        <p>{move || if enabled { tr!(i18n, two_factor.enabled)() } else { tr!(i18n, two_factor.disabled)() }}</p>
                        <p><A href="/two-factor">{tr!(i18n, two_factor.manage_link)}</A></p>
                    }
                })}
            </Transition>
        </section>
    }
}
