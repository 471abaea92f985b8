//! "MES COLLABORATEURS": the seed's page, plus what the holder and the collaborators need around
//! it (requests to decide, invitations, the accounts one belongs to, the history).
use super::{
    api::{self, *},
    permissions::{permissions_summary, yes_no, PermissionChoice},
};
use crate::{
    auth::{use_auth, Auth},
    components::{
        form::{action_error_text, form_error_text, Field, FormAlert, FormState, SubmitButton},
        format,
        text::tr,
    },
    error::AppError,
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};
use shared::{Permissions, Role};
use uuid::Uuid;

/// The page's data, and how an action reports: one live region for the whole page.
#[derive(Clone, Copy)]
struct Space {
    auth: Auth,
    version: RwSignal<u32>,
    outcome: RwSignal<Option<Result<&'static str, AppError>>>,
}

impl Space {
    /// Runs an action; on success, says so, then reloads the page's data (and the menu's count).
    fn act<F>(self, done: &'static str, call: impl FnOnce() -> F + 'static)
    where
        F: std::future::Future<Output = Result<(), AppError>> + 'static,
    {
        leptos::task::spawn_local(async move {
            let result = call().await;
            if result.is_ok() {
                self.version.update(|v| *v += 1);
                self.auth.refresh();
            }
            self.outcome.set(Some(result.map(|()| done)));
        });
    }
}

#[component]
pub fn CollaboratorsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let space = Space {
        auth: use_auth(),
        version: RwSignal::new(0),
        outcome: RwSignal::new(None),
    };
    // Coming back from the creation page: say what happened.
    Effect::new(move |_| {
        let done = query.with(|q| q.get("done"));
        match done.as_deref() {
            Some("created") => space.outcome.set(Some(Ok("created"))),
            Some("invited") => space.outcome.set(Some(Ok("invited"))),
            _ => {}
        }
    });
    let data = Resource::new(
        move || space.version.get(),
        |_| api::load_collaborator_space(),
    );

    view! {
        <Title text=tr!(i18n, account.collaborators) />
        <h1 class="caps">{tr!(i18n, account.collaborators)}</h1>
        <p class="page__intro">{tr!(i18n, collaborators.intro)}</p>
        <div class="live" role="status" aria-live="polite">
            {move || space.outcome.get().map(|outcome| match outcome {
                Ok(done) => view! { <p class="notice">{done_text(i18n.get_locale(), done)}</p> }.into_any(),
                Err(error) => view! { <p class="form-alert" role="alert">{action_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
            })}
        </div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(content) => view! { <SpaceView content space /> }.into_any(),
                    Err(error) => view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What an action that worked did, in words.
fn done_text(locale: Locale, done: &str) -> &'static str {
    match done {
        "created" => td_string!(locale, collaborators.done_created),
        "invited" => td_string!(locale, collaborators.done_invited),
        "request_sent" => td_string!(locale, collaborators.request_sent),
        "accepted" => td_string!(locale, collaborators.done_accepted),
        "declined" => td_string!(locale, collaborators.done_declined),
        "cancelled" => td_string!(locale, collaborators.done_cancelled),
        "permissions" => td_string!(locale, collaborators.done_permissions),
        "deactivated" => td_string!(locale, collaborators.done_deactivated),
        "reactivated" => td_string!(locale, collaborators.done_reactivated),
        "removed" => td_string!(locale, collaborators.done_removed),
        "left" => td_string!(locale, collaborators.done_left),
        "transfer_offered" => td_string!(locale, collaborators.done_transfer_offered),
        "transfer_withdrawn" => td_string!(locale, collaborators.done_transfer_withdrawn),
        "transfer_accepted" => td_string!(locale, collaborators.done_transfer_accepted),
        _ => td_string!(locale, collaborators.done_saved),
    }
}

#[component]
fn SpaceView(content: CollaboratorSpace, space: Space) -> impl IntoView {
    let i18n = use_i18n();
    let holder = content
        .account
        .as_ref()
        .is_some_and(|account| account.role == Role::Holder);
    let CollaboratorSpace {
        account,
        collaborators,
        incoming_requests,
        sent_requests,
        invitations,
        memberships,
        transfers,
        history,
    } = content;
    let transfer_offered = transfers.iter().any(|t| !t.for_me);
    view! {
        {holder.then(|| view! {
            <section class="block" aria-labelledby="create-title">
                <h2 id="create-title" class="caps">{tr!(i18n, collaborators.create_title_block)}</h2>
                <A href="/account/collaborators/new" attr:class="button button--primary">{tr!(i18n, collaborators.create_button)}</A>
            </section>
        }.into_any())}
        {view! { <TransfersBlock transfers space /> }.into_any()}
        {view! { <InvitationsBlock invitations space /> }.into_any()}
        {view! { <RequestBlock sent_requests space /> }.into_any()}
        {holder.then(|| view! { <IncomingBlock requests=incoming_requests space /> }.into_any())}
        <section class="block" aria-labelledby="list-title">
            <h2 id="list-title" class="caps">{tr!(i18n, collaborators.list_title)}</h2>
            {account.as_ref().filter(|a| a.role == Role::Collaborator).map(|a| {
                let name = a.name.clone();
                view! { <p>{t!(i18n, collaborators.list_of_account, account = name)}</p> }
            })}
            {view! { <CollaboratorList collaborators holder transfer_offered space /> }.into_any()}
        </section>
        {view! { <MembershipsBlock memberships space /> }.into_any()}
        {holder.then(|| view! { <HistoryBlock history /> }.into_any())}
    }
}

#[component]
fn RequestBlock(sent_requests: Vec<SentRequest>, space: Space) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let reference = RwSignal::new(String::new());
    // A SIRET names a company: the person confirms it before the request leaves.
    let found = RwSignal::new(None::<String>);
    let send = move |confirmed: bool| {
        let typed = reference.get_untracked();
        let check = super::forms::parse_reference(&typed).map(|_| ());
        form.submit(
            check,
            move || api::request_attachment(typed, confirmed),
            move |outcome| match outcome {
                RequestOutcome::Confirm { company_name } => found.set(Some(company_name)),
                // Said by the page: reloading its data rebuilds this block.
                RequestOutcome::Sent => {
                    space.outcome.set(Some(Ok("request_sent")));
                    space.version.update(|v| *v += 1);
                }
            },
        );
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        found.set(None);
        send(false);
    };
    view! {
        <section class="block" aria-labelledby="request-title">
            <h2 id="request-title" class="caps">{tr!(i18n, collaborators.request_title)}</h2>
            <form class="form form--inline" novalidate on:submit=on_submit>
                <FormAlert form />
                <Field id="reference" value=reference form required=true autocomplete="off">
                    {tr!(i18n, collaborators.reference_label)}
                </Field>
                <SubmitButton form>{tr!(i18n, collaborators.request_submit)}</SubmitButton>
            </form>
            <div role="status" aria-live="polite">
                {move || found.get().map(|company| view! {
                    <div class="notice notice--offer">
                        <p>{t!(i18n, collaborators.found_company, company = company)}</p>
                        <button type="button" class="button button--primary" on:click=move |_| send(true)
                            disabled=move || form.pending.get()>
                            {tr!(i18n, collaborators.confirm_request)}
                        </button>
                        " "
                        <button type="button" class="button button--ghost" on:click=move |_| found.set(None)>
                            {tr!(i18n, collaborators.cancel)}
                        </button>
                    </div>
                })}
            </div>
            {(!sent_requests.is_empty()).then(|| view! {
                <h3>{tr!(i18n, collaborators.sent_title)}</h3>
                <ul class="rows">
                    {sent_requests.into_iter().map(|request| {
                        let id = request.id;
                        let account = request.account_name.clone();
                        view! {
                            <li class="row">
                                <span>{t!(i18n, collaborators.sent_to, account = account, date = format::date(i18n.get_locale_untracked(), request.created_at))}</span>
                                <button type="button" class="button button--ghost"
                                    on:click=move |_| space.act("cancelled", move || api::cancel_request(id))>
                                    {tr!(i18n, collaborators.cancel_request)}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

#[component]
fn IncomingBlock(requests: Vec<IncomingRequest>, space: Space) -> impl IntoView {
    let i18n = use_i18n();
    (!requests.is_empty()).then(|| view! {
        <section class="block" aria-labelledby="incoming-title">
            <h2 id="incoming-title" class="caps">{tr!(i18n, collaborators.incoming_title)}</h2>
            <ul class="rows">
                {requests.into_iter().map(|request| view! { <IncomingRow request space /> }.into_any()).collect_view()}
            </ul>
        </section>
    })
}

#[component]
fn IncomingRow(request: IncomingRequest, space: Space) -> impl IntoView {
    let i18n = use_i18n();
    let permissions = RwSignal::new(Permissions::default());
    let message = RwSignal::new(String::new());
    let id = request.id;
    let name = format!("{} {}", request.first_name, request.last_name);
    let message_id = format!("message-{id}");
    view! {
        <li class="row row--card">
            <p><strong>{name.clone()}</strong> " · " {request.email.clone()} " · "
                {format::date(i18n.get_locale_untracked(), request.created_at)}</p>
            <PermissionChoice id=format!("request-{id}") value=permissions />
            <button type="button" class="button button--primary"
                on:click=move |_| {
                    let chosen = permissions.get_untracked();
                    space.act("accepted", move || api::decide_request(id, true, chosen, String::new()))
                }>
                {t!(i18n, collaborators.accept_named, name = name.clone())}
            </button>
            <div class="field">
                <label for=message_id.clone()>{tr!(i18n, collaborators.decline_message)}</label>
                <input id=message_id type="text" maxlength="500"
                    prop:value=move || message.get()
                    on:input=move |event| message.set(event_target_value(&event)) />
            </div>
            <button type="button" class="button"
                on:click=move |_| {
                    let said = message.get_untracked();
                    space.act("declined", move || api::decide_request(id, false, Permissions::default(), said))
                }>
                {tr!(i18n, collaborators.decline)}
            </button>
        </li>
    }
}

#[component]
fn InvitationsBlock(invitations: Vec<Invitation>, space: Space) -> impl IntoView {
    let i18n = use_i18n();
    (!invitations.is_empty()).then(|| view! {
        <section class="block" aria-labelledby="invitations-title">
            <h2 id="invitations-title" class="caps">{tr!(i18n, collaborators.invitations_title)}</h2>
            <ul class="rows">
                {invitations.into_iter().map(|invitation| {
                    let id = invitation.id;
                    let account = invitation.account_name.clone();
                    let by = invitation.invited_by.clone();
                    let p = invitation.permissions;
                    view! {
                        <li class="row row--card">
                            <p>{t!(i18n, collaborators.invitation_from, account = account, holder = by)}</p>
                            <p>{move || permissions_summary(i18n.get_locale(), p)}</p>
                            {accept_or_decline(space, "accepted", move |yes| api::answer_invitation(id, yes))}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

/// "Accepter" and "Refuser" for something offered to the person; `answer(yes)` sends it.
fn accept_or_decline<F>(
    space: Space,
    accepted: &'static str,
    answer: impl Fn(bool) -> F + Copy + 'static,
) -> impl IntoView
where
    F: std::future::Future<Output = Result<(), AppError>> + 'static,
{
    let i18n = use_i18n();
    view! {
        <button type="button" class="button button--primary" on:click=move |_| space.act(accepted, move || answer(true))>
            {tr!(i18n, collaborators.accept)}
        </button>
        " "
        <button type="button" class="button" on:click=move |_| space.act("declined", move || answer(false))>
            {tr!(i18n, collaborators.decline)}
        </button>
    }
}

#[component]
fn TransfersBlock(transfers: Vec<HolderTransfer>, space: Space) -> impl IntoView {
    let i18n = use_i18n();
    (!transfers.is_empty()).then(|| view! {
        <section class="block" aria-labelledby="transfer-title">
            <h2 id="transfer-title" class="caps">{tr!(i18n, collaborators.transfer_title)}</h2>
            <ul class="rows">
                {transfers.into_iter().map(|transfer| {
                    let account_id = transfer.account_id;
                    let account = transfer.account_name.clone();
                    let to = transfer.to_name.clone();
                    if transfer.for_me {
                        view! {
                            <li class="row row--card">
                                <p>{t!(i18n, collaborators.transfer_for_me, account = account)}</p>
                                {accept_or_decline(space, "transfer_accepted", move |yes| api::answer_holder_role(account_id, yes))}
                            </li>
                        }.into_any()
                    } else {
                        view! {
                            <li class="row">
                                <span>{t!(i18n, collaborators.transfer_waiting, name = to)}</span>
                                <button type="button" class="button button--ghost"
                                    on:click=move |_| space.act("transfer_withdrawn", move || api::offer_holder_role(None))>
                                    {tr!(i18n, collaborators.transfer_withdraw)}
                                </button>
                            </li>
                        }.into_any()
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

#[component]
fn CollaboratorList(
    collaborators: Vec<Collaborator>,
    holder: bool,
    transfer_offered: bool,
    space: Space,
) -> impl IntoView {
    let i18n = use_i18n();
    if collaborators.is_empty() {
        return view! { <p class="empty">{tr!(i18n, collaborators.empty)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">{tr!(i18n, collaborators.list_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr!(i18n, collaborators.col_name)}</th>
                        <th scope="col">{tr!(i18n, fields.email)}</th>
                        <th scope="col">{tr!(i18n, fields.phone)}</th>
                        <th scope="col">{tr!(i18n, collaborators.col_can_buy)}</th>
                        <th scope="col">{tr!(i18n, collaborators.col_all_orders)}</th>
                        <th scope="col">{tr!(i18n, collaborators.col_status)}</th>
                        <th scope="col">{tr!(i18n, collaborators.col_since)}</th>
                        {holder.then(|| view! { <th scope="col">{tr!(i18n, collaborators.col_actions)}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {collaborators.into_iter().map(|c| view! { <CollaboratorRow c holder transfer_offered space /> }.into_any()).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn CollaboratorRow(
    c: Collaborator,
    holder: bool,
    transfer_offered: bool,
    space: Space,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = format!("{} {}", c.first_name, c.last_name);
    let p = c.permissions;
    let active = c.active;
    let user_id = c.user_id;
    view! {
        <tr>
            <th scope="row">{name.clone()}</th>
            <td>{c.email.clone()}</td>
            <td>{c.phone.clone()}</td>
            <td>{move || yes_no(i18n.get_locale(), p.can_buy)}</td>
            <td>{move || yes_no(i18n.get_locale(), p.can_see_all_orders)}</td>
            <td>{move || if active { t_string!(i18n, collaborators.status_active) } else { t_string!(i18n, collaborators.status_deactivated) }}</td>
            <td>{format::date(i18n.get_locale_untracked(), c.since)}</td>
            {holder.then(|| view! {
                <td>{view! { <CollaboratorActions user_id name permissions=p active transfer_offered space /> }.into_any()}</td>
            })}
        </tr>
    }
}

/// The holder's actions on one collaborator. Changing or restoring permissions opens a small
/// form: reactivating asks for them again, so nothing comes back silently.
#[component]
fn CollaboratorActions(
    user_id: Uuid,
    name: String,
    permissions: Permissions,
    active: bool,
    transfer_offered: bool,
    space: Space,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(if active {
        permissions
    } else {
        Permissions::default()
    });
    let confirm_removal = RwSignal::new(false);
    let save = move |_| {
        let value = chosen.get_untracked();
        if active {
            space.act("permissions", move || api::set_permissions(user_id, value));
        } else {
            space.act("reactivated", move || api::reactivate(user_id, value));
        }
    };
    let summary_name = name.clone();
    view! {
        <details class="actions">
            <summary>
                {move || if active { t_string!(i18n, collaborators.edit_permissions) } else { t_string!(i18n, collaborators.reactivate) }}
                <span class="visually-hidden">" " {summary_name.clone()}</span>
            </summary>
            <PermissionChoice id=format!("member-{user_id}") value=chosen />
            <button type="button" class="button button--primary" on:click=save>
                {move || if active { t_string!(i18n, collaborators.save_permissions) } else { t_string!(i18n, collaborators.reactivate) }}
            </button>
        </details>
        <div class="actions__buttons">
            {active.then(|| view! {
                <button type="button" class="button"
                    on:click=move |_| space.act("deactivated", move || api::deactivate(user_id))>
                    {tr!(i18n, collaborators.deactivate)}
                    <span class="visually-hidden">" " {name.clone()}</span>
                </button>
            })}
            {(active && !transfer_offered).then(|| view! {
                <button type="button" class="button button--ghost"
                    on:click=move |_| space.act("transfer_offered", move || api::offer_holder_role(Some(user_id)))>
                    {tr!(i18n, collaborators.transfer_offer)}
                </button>
            })}
            <Show when=move || !confirm_removal.get()
                fallback=move || view! {
                    <span role="group" aria-label=tr!(i18n, collaborators.remove)>
                        {tr!(i18n, collaborators.remove_confirm)} " "
                        <button type="button" class="button button--danger"
                            on:click=move |_| space.act("removed", move || api::remove(user_id))>
                            {tr!(i18n, collaborators.yes)}
                        </button>
                        <button type="button" class="button" on:click=move |_| confirm_removal.set(false)>
                            {tr!(i18n, collaborators.no)}
                        </button>
                    </span>
                }>
                <button type="button" class="button button--ghost" on:click=move |_| confirm_removal.set(true)>
                    {tr!(i18n, collaborators.remove)}
                </button>
            </Show>
        </div>
    }
}

#[component]
fn MembershipsBlock(memberships: Vec<Membership>, space: Space) -> impl IntoView {
    let i18n = use_i18n();
    (!memberships.is_empty()).then(|| view! {
        <section class="block" aria-labelledby="memberships-title">
            <h2 id="memberships-title" class="caps">{tr!(i18n, collaborators.memberships_title)}</h2>
            <ul class="rows">
                {memberships.into_iter().map(|m| {
                    let account_id = m.account_id;
                    let account = m.account_name.clone();
                    let p = m.permissions;
                    view! {
                        <li class="row">
                            <span><strong>{account.clone()}</strong> " · "
                                {move || permissions_summary(i18n.get_locale(), p)}
                            </span>
                            <button type="button" class="button button--ghost"
                                on:click=move |_| space.act("left", move || api::leave(account_id))>
                                {t!(i18n, collaborators.leave, account = account.clone())}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

#[component]
fn HistoryBlock(history: Vec<HistoryEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="block" aria-labelledby="history-title">
            <h2 id="history-title" class="caps">{tr!(i18n, collaborators.history_title)}</h2>
            {if history.is_empty() {
                view! { <p class="empty">{tr!(i18n, collaborators.history_empty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="history">
                        {history.into_iter().map(|entry| view! {
                            <li>
                                <time>{move || format::date(i18n.get_locale(), entry.at)}</time>
                                " · "
                                {let entry = entry.clone(); move || history_text(i18n.get_locale(), &entry)}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

fn history_text(locale: Locale, entry: &HistoryEntry) -> String {
    let actor = entry.actor.clone().unwrap_or_else(|| "—".into());
    let subject = entry.subject.clone().unwrap_or_else(|| "—".into());
    let (actor, subject) = (actor.as_str(), subject.as_str());
    let what = match entry.action.as_str() {
        "created" => {
            td_string!(locale, history.created, actor = actor, subject = subject).to_string()
        }
        "invited" => {
            td_string!(locale, history.invited, actor = actor, subject = subject).to_string()
        }
        "requested" => td_string!(locale, history.requested, subject = subject).to_string(),
        "attached" => {
            td_string!(locale, history.attached, actor = actor, subject = subject).to_string()
        }
        "declined" => {
            td_string!(locale, history.declined, actor = actor, subject = subject).to_string()
        }
        "permissions_changed" => td_string!(
            locale,
            history.permissions_changed,
            actor = actor,
            subject = subject
        )
        .to_string(),
        "deactivated" => td_string!(
            locale,
            history.deactivated,
            actor = actor,
            subject = subject
        )
        .to_string(),
        "reactivated" => td_string!(
            locale,
            history.reactivated,
            actor = actor,
            subject = subject
        )
        .to_string(),
        "removed" => {
            td_string!(locale, history.removed, actor = actor, subject = subject).to_string()
        }
        "left" => td_string!(locale, history.left, subject = subject).to_string(),
        _ => td_string!(
            locale,
            history.holder_transferred,
            actor = actor,
            subject = subject
        )
        .to_string(),
    };
    match entry.permissions {
        Some(p) => format!("{what} ({})", permissions_summary(locale, p)),
        None => what,
    }
}
