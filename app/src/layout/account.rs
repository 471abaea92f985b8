use crate::{
    auth::{api, provide_me, types::Me, use_auth},
    components::{
        controls::Input,
        errors::action_error_text,
        form::{on_success, AppAction, FormAlert, SubmitButton},
        text::tr,
    },
    i18n::*,
    plain_forms::{PlainForm, PostForm},
};
use leptos::either::EitherOf3;
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::{
    components::{Outlet, Redirect, A},
    hooks::use_navigate,
};

/// The account area: the left-hand menu of the seed ("Mes collaborateurs" among the last
/// entries) beside the selected page. Only for logged-in people; others go to the login page.
/// Someone whose password was chosen by another person must replace it first.
///
/// The menu and the page are rendered outside any `Suspense`: a page creates its own resources,
/// and creating them inside a suspended view that Leptos re-runs on the server (`dry_resolve`)
/// left server-side renders waiting forever for resources of discarded copies. Only the gate and
/// the parts of the menu that depend on the person wait for `me`, which the pages share.
#[component]
pub fn AccountLayout() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let me = provide_me();
    let navigate = use_navigate();
    // Forms of the menu and the gate, posted by the browser until the page is hydrated.
    let logout_form = PlainForm::new(api::LogOut::PATH);
    let switch_form = PlainForm::new(api::SwitchAccount::PATH);
    let first_password_form = PlainForm::new(api::ChooseFirstPassword::PATH);
    let resend_form = PlainForm::new(api::ResendVerification::PATH);
    let log_out = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            // Whatever the answer, the session is gone or unusable: leave the area.
            let _ = api::log_out().await;
            auth.logged_out();
            navigate("/login", Default::default());
        });
    };
    view! {
        // Awaiting `me` (rather than reading it) waits for a refetch in flight: after a login,
        // the stale "nobody" must not redirect to the login page.
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    // The CSS hides the area that follows the gate (`.gate ~ .account`).
                    Ok(Some(me)) if me.must_change_password => EitherOf3::A(view! { <FirstPassword form=first_password_form /> }.into_any()),
                    // Staff, or the holder requires it: a second factor before anything else.
                    Ok(Some(me)) if me.must_enrol_two_factor => EitherOf3::A(view! { <Redirect path="/two-factor" /> }.into_any()),
                    // Staff have no customer account: their place is the back-office.
                    Ok(Some(me)) if me.staff => EitherOf3::A(view! { <Redirect path="/backoffice" /> }.into_any()),
                    Ok(Some(_)) => EitherOf3::B(()),
                    _ => EitherOf3::C(view! { <Redirect path="/login" /> }),
                }
            })}
        </Suspense>
        <div class="account">
            <nav class="account__menu" aria-label=tr!(i18n, account.menu_label)>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        me.await.ok().flatten().map(|me| view! { <AccountSwitch me form=switch_form /> })
                    })}
                </Transition>
                <ul>
                    <li><A href="/account/projects">{tr!(i18n, account.projects)}</A></li>
                    <li><A href="/account/orders">{tr!(i18n, account.orders)}</A></li>
                    <li><A href="/account/documents">{tr!(i18n, account.documents)}</A></li>
                    <li>
                        <A href="/account/collaborators">
                            {tr!(i18n, account.collaborators)}
                            <Suspense fallback=|| ()>
                                {move || Suspend::new(async move { pending_badge(me.await.ok().flatten()) })}
                            </Suspense>
                        </A>
                    </li>
                    <li><A href="/account/company">{tr!(i18n, account.company)}</A></li>
                    <li><A href="/account/profile">{tr!(i18n, account.profile)}</A></li>
                    <li>
                        <PostForm form=logout_form on_submit=log_out class="account__logout-form">
                            <button type="submit" class="account__logout">
                                {tr!(i18n, account.logout)}
                            </button>
                        </PostForm>
                    </li>
                </ul>
            </nav>
            <div class="account__content">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let me = me.await.ok().flatten()?;
                        Some(view! {
                            {(!me.email_verified).then(|| view! { <UnverifiedBanner email=me.email.clone() form=resend_form /> })}
                            {me.active.is_none().then(|| view! {
                                <p class="notice">
                                    {tr!(i18n, account.no_account)} " "
                                    <A href="/account/company">{tr!(i18n, account.open_company)}</A>
                                </p>
                            })}
                        })
                    })}
                </Suspense>
                <Outlet />
            </div>
        </div>
    }
}

/// Until the person follows the link sent to their address: what is pending, and a button
/// that sends the link again. Its live region has no `status` role: the page's own announcement
/// stays the page's first status.
#[component]
fn UnverifiedBanner(email: String, form: PlainForm) -> impl IntoView {
    let i18n = use_i18n();
    let resend: AppAction<(), ()> = Action::new_unsync(|_: &()| api::resend_verification());
    // Sent by the plain form before this page, or by the action since.
    let before = form.outcome::<()>();
    let value = Signal::derive(move || resend.value().get().or_else(|| before.clone()));
    let pending = resend.pending();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        resend.dispatch(());
    };
    view! {
        <section class="notice notice--offer" aria-labelledby="verify-banner-title">
            <p id="verify-banner-title"><strong>{tr!(i18n, account.verify_title)}</strong></p>
            <p>{t!(i18n, account.verify_pending, email = email)}</p>
            <PostForm form on_submit class="command">
                <button type="submit" class="button" aria-busy=move || pending.get().to_string()
                    disabled=move || pending.get()>
                    {tr!(i18n, account.verify_resend)}
                </button>
            </PostForm>
            <div class="live" aria-live="polite">
                {move || value.get().map(|answer| match answer {
                    Ok(()) => view! { <p>{tr!(i18n, account.verify_resent)}</p> }.into_any(),
                    Err(error) => view! { <p class="form-alert">{move || action_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                })}
            </div>
        </section>
    }
}

/// The number of requests to join waiting for the holder, beside "Mes collaborateurs".
fn pending_badge(me: Option<Me>) -> impl IntoView {
    let i18n = use_i18n();
    let pending = me
        .and_then(|me| me.active)
        .map(|a| a.pending_requests)
        .unwrap_or(0);
    (pending > 0).then(|| view! {
        " " <span class="badge" title=move || t_string!(i18n, account.pending_requests, count = pending).to_string()>
            <span aria-hidden="true">{pending}</span>
            <span class="visually-hidden">{move || format!("({})", t_string!(i18n, account.pending_requests, count = pending))}</span>
        </span>
    })
}

/// The accounts a person acts for, when there are several; the whole page follows the choice.
#[component]
fn AccountSwitch(me: Me, form: PlainForm) -> impl IntoView {
    let i18n = use_i18n();
    if me.accounts.len() < 2 {
        return None;
    }
    let active = me.active.as_ref().map(|a| a.id);
    let chosen = RwSignal::new(active.map(|id| id.to_string()).unwrap_or_default());
    // A choice changes nothing until it is sent (WCAG 3.2.2): the button sends it.
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Ok(id) = chosen.get_untracked().parse::<uuid::Uuid>() else {
            return;
        };
        leptos::task::spawn_local(async move {
            if api::switch_account(id).await.is_ok() {
                // Every piece of the page belongs to the account: load it afresh.
                let _ = window().location().reload();
            }
        });
    };
    Some(view! {
        <PostForm form on_submit class="account__switch">
            <label for="account-switch">{tr!(i18n, account.switch_label)}</label>
            <select id="account-switch" name="account_id"
                on:change=move |event| chosen.set(event_target_value(&event))>
                {me.accounts.into_iter().map(|account| {
                    let selected = Some(account.id) == active;
                    view! { <option value=account.id.to_string() selected=selected>{account.name}</option> }
                }).collect_view()}
            </select>
            <button type="submit" class="button">{tr!(i18n, account.switch_submit)}</button>
        </PostForm>
    })
}

/// The first thing a collaborator created by their holder does: choose their own password.
#[component]
fn FirstPassword(form: PlainForm) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let strength = crate::auth::strength_hint(password);
    // Checked here first, as the server checks it again.
    let choose: AppAction<(String, String), ()> =
        Action::new_unsync(|(typed, confirmed): &(String, String)| {
            let (typed, confirmed) = (typed.clone(), confirmed.clone());
            async move {
                crate::auth::forms::new_password(&typed, &confirmed)?;
                api::choose_first_password(typed, confirmed).await
            }
        });
    let status = form.status(choose);
    on_success(choose, move |()| auth.refresh());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        choose.dispatch((password.get_untracked(), confirmation.get_untracked()));
    };
    view! {
        <section class="page page--narrow gate">
            <h1>{tr!(i18n, account.first_password_title)}</h1>
            <p class="page__intro">{tr!(i18n, account.first_password_intro)}</p>
            <PostForm form on_submit>
                <FormAlert status />
                <Input id="password" value=password status required=true kind="password" autocomplete="new-password" hint=strength>
                    {tr!(i18n, fields.new_password)}
                </Input>
                <Input id="confirmation" value=confirmation status required=true kind="password" autocomplete="new-password">
                    {tr!(i18n, fields.confirmation)}
                </Input>
                <SubmitButton status>{tr!(i18n, account.first_password_submit)}</SubmitButton>
            </PostForm>
        </section>
    }
}
