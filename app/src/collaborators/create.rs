//! "CRÉATION COMPTE COLLABORATEUR" (option 1): the holder creates a collaborator's account.
//! If the e-mail already has an account, nothing is created: the page offers an invitation.
use super::{api, forms::NewCollaboratorForm, permissions::PermissionChoice};
use crate::{
    auth::{strength_hint, use_me},
    components::{
        form::{Field, FormAlert, FormState, SubmitButton},
        text::tr,
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_navigate};
use shared::Permissions;

#[component]
pub fn NewCollaboratorPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let navigate = use_navigate();
    let form = FormState::new();
    let invitation = FormState::new();
    let first_name = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let permissions = RwSignal::new(Permissions::default());
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let strength = strength_hint(password);
    let has_account = move || {
        form.error.with(|e| {
            e.as_ref().and_then(|e| e.code_for("email")).as_deref() == Some("email_has_account")
        })
    };

    let on_submit = {
        let navigate = navigate.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let input = NewCollaboratorForm {
                first_name: first_name.get_untracked(),
                last_name: last_name.get_untracked(),
                email: email.get_untracked(),
                phone: phone.get_untracked(),
                permissions: permissions.get_untracked(),
                password: password.get_untracked(),
                confirmation: confirmation.get_untracked(),
                locale: i18n.get_locale_untracked().as_str().to_string(),
            };
            let navigate = navigate.clone();
            form.submit(
                input.parse().map(|_| ()),
                move || api::create_collaborator(input),
                move |()| navigate("/account/collaborators?done=created", Default::default()),
            );
        }
    };
    let send_invitation = move |_| {
        let navigate = navigate.clone();
        let address = email.get_untracked();
        let offered = permissions.get_untracked();
        invitation.submit(
            Ok(()),
            move || api::invite(address, offered),
            move |()| navigate("/account/collaborators?done=invited", Default::default()),
        );
    };

    view! {
        <Title text=tr!(i18n, collaborators.create_title) />
        <h1 class="caps">{tr!(i18n, collaborators.create_title)}</h1>
        <p><A href="/account/collaborators">{tr!(i18n, collaborators.back)}</A></p>
        // The server refuses anyone else anyway; say it before they fill the form.
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let holder = me.await.ok().flatten().is_some_and(|me| me.is_holder());
                (!holder).then(|| view! { <p class="notice">{tr!(i18n, collaborators.holder_only)}</p> })
            })}
        </Suspense>
        <form class="form" novalidate on:submit=on_submit>
            <FormAlert form />
            <Field id="first_name" value=first_name form required=true autocomplete="off">
                {tr!(i18n, fields.first_name)}
            </Field>
            <Field id="last_name" value=last_name form required=true autocomplete="off">
                {tr!(i18n, fields.last_name)}
            </Field>
            <Field id="email" value=email form required=true kind="email" autocomplete="off">
                {tr!(i18n, fields.email)}
            </Field>
            <Show when=has_account>
                <div class="notice notice--offer">
                    <p>{tr!(i18n, collaborators.offer_invitation)}</p>
                    <FormAlert form=invitation />
                    <button type="button" class="button" on:click=send_invitation.clone()
                        disabled=move || invitation.pending.get()>
                        {tr!(i18n, collaborators.send_invitation)}
                    </button>
                </div>
            </Show>
            <Field id="phone" value=phone form required=true kind="tel" autocomplete="off">
                {tr!(i18n, fields.phone)}
            </Field>
            <PermissionChoice id="new".to_string() value=permissions />
            <Field id="password" value=password form required=true kind="password" autocomplete="new-password"
                hint=Signal::derive(move || format!("{} {}", strength.get(), t_string!(i18n, collaborators.password_once)))>
                {tr!(i18n, fields.password)}
            </Field>
            <Field id="confirmation" value=confirmation form required=true kind="password" autocomplete="new-password">
                {tr!(i18n, fields.confirmation)}
            </Field>
            <p class="form__legend-note">{tr!(i18n, fields.required_note)}</p>
            <SubmitButton form>{tr!(i18n, collaborators.create_submit)}</SubmitButton>
        </form>
    }
}
