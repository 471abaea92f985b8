//! Typing a code: the login's second step, and the re-check an action may ask for.
use crate::{
    auth::use_auth,
    components::{
        controls::Input,
        form::{on_success, AppAction, FormAlert, FormStatus, SubmitButton},
        text::tr,
    },
    error::{AppError, TwoFactorIssue},
    i18n::*,
    plain_forms::{PlainForm, PostForm},
    two_factor::api,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_navigate;

/// The login's second step: a code of the authenticator, or a recovery code.
#[component]
pub fn LoginCodeForm() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let code = RwSignal::new(String::new());
    let form = PlainForm::new(api::LogInWithCode::PATH);
    let send: AppAction<String, ()> =
        Action::new_unsync(|code: &String| api::log_in_with_code(code.clone()));
    let status = form.status(send);
    on_success(send, move |()| {
        auth.refresh();
        navigate("/account", Default::default());
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        send.dispatch(code.get_untracked());
    };
    view! {
        <PostForm form on_submit>
            <p>{tr!(i18n, two_factor.login_intro)}</p>
            <FormAlert status />
            <Input id="code" value=code status required=true autocomplete="one-time-code">
                {tr!(i18n, two_factor.code_label)}
            </Input>
            <SubmitButton status>{tr!(i18n, two_factor.login_submit)}</SubmitButton>
        </PostForm>
    }
}

/// When `action`'s last answer asks for a recent code (`TwoFactor(CodeRequired)`): a field for
/// it; once the code is checked, the same input is sent again.
#[component]
pub fn CodePrompt<I, O>(action: AppAction<I, O>) -> impl IntoView
where
    I: Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let last_input = RwSignal::new(None::<I>);
    let input = action.input();
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            last_input.set(Some(input));
        }
    });
    let value = action.value();
    let asked = Signal::derive(move || {
        value.with(|answer| {
            matches!(
                answer,
                Some(Err(AppError::TwoFactor(TwoFactorIssue::CodeRequired)))
            )
        })
    });
    let code = RwSignal::new(String::new());
    let verify: AppAction<String, ()> =
        Action::new_unsync(|code: &String| api::verify_code(code.clone()));
    let status = FormStatus::of(verify);
    on_success(verify, move |()| {
        code.set(String::new());
        if let Some(input) = last_input.get_untracked() {
            action.dispatch(input);
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        verify.dispatch(code.get_untracked());
    };
    move || {
        asked.get().then(|| {
            view! {
                <form class="form panel" novalidate on:submit=on_submit>
                    <p>{tr!(i18n, two_factor.recheck_intro)}</p>
                    <FormAlert status />
                    <Input id="recheck_code" field="code" value=code status required=true autocomplete="one-time-code">
                        {tr!(i18n, two_factor.code_label)}
                    </Input>
                    <SubmitButton status>{tr!(i18n, two_factor.recheck_submit)}</SubmitButton>
                </form>
            }
        })
    }
}
