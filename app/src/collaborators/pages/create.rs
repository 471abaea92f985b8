//! "CRÉATION COMPTE COLLABORATEUR" (option 1): the holder creates a collaborator's account.
//! If the e-mail already has an account, nothing is created: the page offers an invitation.
use super::permissions::PermissionChoice;
use crate::{
    auth::{strength_hint, use_me},
    collaborators::{api, forms::NewCollaboratorForm, types::Done},
    components::{
        controls::Input,
        form::{form_action, on_success, AppAction, FormAlert, SubmitButton},
        text::tr,
    },
    error::{ConflictCode, FieldProblem},
    i18n::*,
    plain_forms::{Hidden, PlainForm, PostForm},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_navigate};
use shared::Permissions;

#[component]
pub fn NewCollaboratorPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let form = PlainForm::of_argument(api::CreateCollaborator::PATH, "form");
    // The invitation offered when the e-mail has an account: a form of its own, posting the
    // address and permissions typed (it may not sit inside the creation form).
    let invitation_form = PlainForm::new(api::Invite::PATH);
    let typed = |path: &str| form.typed(path).or_else(|| invitation_form.typed(path));
    let first_name = form.field("first_name");
    let last_name = form.field("last_name");
    let email = RwSignal::new(typed("email").unwrap_or_default());
    let phone = form.field("phone");
    let typed_yes = |path: &str| typed(path).as_deref() == Some("true");
    let permissions = RwSignal::new(Permissions {
        can_buy: typed_yes("permissions.can_buy"),
        can_see_all_orders: typed_yes("permissions.can_see_all_orders"),
    });
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let strength = strength_hint(password);

    let create = form_action(api::create_collaborator);
    let invite: AppAction<(String, Permissions), ()> =
        Action::new_unsync(|(email, permissions): &(String, Permissions)| {
            api::invite(email.clone(), *permissions)
        });
    let status = form.status(create);
    let invitation = invitation_form.status(invite);
    let back_with = |done: &'static str| {
        let navigate = use_navigate();
        move |()| {
            navigate(
                &format!("/account/collaborators?done={done}"),
                Default::default(),
            )
        }
    };
    on_success(create, back_with(Done::CREATED));
    on_success(invite, back_with(Done::INVITED));
    let refused_invitation = invitation_form.error().is_some();
    let has_account = move || {
        status.problem_with("email").get()
            == Some(FieldProblem::Conflict(ConflictCode::EmailHasAccount))
            || (refused_invitation && invite.version().get() == 0)
    };

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        create.dispatch(NewCollaboratorForm {
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
            permissions: permissions.get_untracked(),
            password: password.get_untracked(),
            confirmation: confirmation.get_untracked(),
            locale: i18n.get_locale_untracked().as_str().to_string(),
        });
    };
    let send_invitation = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        invite.dispatch((email.get_untracked(), permissions.get_untracked()));
    };
    let permission = move |yes: fn(&Permissions) -> bool| {
        Signal::derive(move || permissions.with(yes).to_string())
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
        <PostForm form on_submit>
            <FormAlert status />
            <Hidden field="locale" value=Signal::derive(move || i18n.get_locale().as_str().to_string()) />
            <Input id="first_name" value=first_name status required=true autocomplete="off">
                {tr!(i18n, fields.first_name)}
            </Input>
            <Input id="last_name" value=last_name status required=true autocomplete="off">
                {tr!(i18n, fields.last_name)}
            </Input>
            <Input id="email" value=email status required=true kind="email" autocomplete="off">
                {tr!(i18n, fields.email)}
            </Input>
            <Show when=has_account>
                <div class="notice notice--offer">
                    <p>{tr!(i18n, collaborators.offer_invitation)}</p>
                    <FormAlert status=invitation />
                    <button type="submit" form="invitation" class="button"
                        disabled=move || invitation.pending.get()>
                        {tr!(i18n, collaborators.send_invitation)}
                    </button>
                </div>
            </Show>
            <Input id="phone" value=phone status required=true kind="tel" autocomplete="off">
                {tr!(i18n, fields.phone)}
            </Input>
            <PermissionChoice id="new".to_string() value=permissions />
            <Input id="password" value=password status required=true kind="password" autocomplete="new-password"
                hint=Signal::derive(move || format!("{} {}", strength.get(), t_string!(i18n, collaborators.password_once)))>
                {tr!(i18n, fields.password)}
            </Input>
            <Input id="confirmation" value=confirmation status required=true kind="password" autocomplete="new-password">
                {tr!(i18n, fields.confirmation)}
            </Input>
            <p class="form__legend-note">{tr!(i18n, fields.required_note)}</p>
            <SubmitButton status>{tr!(i18n, collaborators.create_submit)}</SubmitButton>
        </PostForm>
        <PostForm form=invitation_form on_submit=send_invitation class="invitation-form" id="invitation">
            <Hidden field="email" value=email />
            <Hidden field="permissions.can_buy" value=permission(|p| p.can_buy) />
            <Hidden field="permissions.can_see_all_orders" value=permission(|p| p.can_see_all_orders) />
        </PostForm>
    }
}
