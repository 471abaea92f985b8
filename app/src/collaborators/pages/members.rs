//! A page of the list of collaborators with the holder's actions, and the accounts the person
//! belongs to.
use super::{
    permissions::{permissions_summary, yes_no, PermissionChoice},
    space::{Command, CommandForm},
};
use crate::{
    collaborators::{api, types::*},
    components::{
        form::AppAction,
        format,
        list::{words, EmptyList, Pager},
        text::tr,
    },
    i18n::*,
};
use leptos::{prelude::*, server_fn::ServerFn};
use shared::{
    list::{CollaboratorFilter, ListQuery, Page},
    Permissions,
};
use uuid::Uuid;

#[component]
pub(super) fn CollaboratorList(
    page: Page<Collaborator>,
    query: Memo<ListQuery<CollaboratorFilter>>,
    holder: bool,
    transfer_offered: bool,
    act: AppAction<Command, Done>,
) -> impl IntoView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! {
            <EmptyList query empty=words(tr!(i18n, collaborators.empty)) />
            <Pager query page />
        }
        .into_any();
    }
    let collaborators = page.items.clone();
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
                    {collaborators.into_iter().map(|c| view! { <CollaboratorRow c holder transfer_offered act /> }.into_any()).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager query page />
    }
    .into_any()
}

#[component]
fn CollaboratorRow(
    c: Collaborator,
    holder: bool,
    transfer_offered: bool,
    act: AppAction<Command, Done>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = format!("{} {}", c.first_name, c.last_name);
    let p = c.permissions;
    let active = c.active;
    let user_id = c.user_id;
    let verified = c.email_verified;
    view! {
        <tr>
            <th scope="row">{name.clone()}</th>
            <td>{c.email.clone()}
                {(!verified).then(|| view! { " " <small>{tr!(i18n, collaborators.address_unverified_short)}</small> })}
            </td>
            <td>{c.phone.clone()}</td>
            <td>{move || yes_no(i18n.get_locale(), p.can_buy)}</td>
            <td>{move || yes_no(i18n.get_locale(), p.can_see_all_orders)}</td>
            <td>{move || if active { t_string!(i18n, collaborators.status_active) } else { t_string!(i18n, collaborators.status_deactivated) }}</td>
            <td>{format::date(i18n.get_locale_untracked(), c.since)}</td>
            {holder.then(|| view! {
                <td>{view! { <CollaboratorActions user_id name permissions=p active verified transfer_offered act /> }.into_any()}</td>
            })}
        </tr>
    }
}

/// The holder's actions on one collaborator. Changing or restoring permissions opens a small
/// form: reactivating asks for them again, so nothing comes back silently. The holder role is
/// offered only to an active collaborator whose address is proven. Removing asks first.
#[component]
fn CollaboratorActions(
    user_id: Uuid,
    name: String,
    permissions: Permissions,
    active: bool,
    verified: bool,
    transfer_offered: bool,
    act: AppAction<Command, Done>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(if active {
        permissions
    } else {
        Permissions::default()
    });
    let (endpoint, save) = if active {
        (
            api::SetPermissions::PATH,
            Command::SetPermissions as fn(Uuid, Permissions) -> Command,
        )
    } else {
        (api::Reactivate::PATH, Command::Reactivate as _)
    };
    let user = || vec![("user_id", user_id.to_string())];
    let [summary_name, deactivated_name, offered_name] = [(); 3].map(|()| name.clone());
    view! {
        <details class="actions">
            <summary>
                {move || if active { t_string!(i18n, collaborators.edit_permissions) } else { t_string!(i18n, collaborators.reactivate) }}
                <span class="visually-hidden">" " {summary_name.clone()}</span>
            </summary>
            <CommandForm endpoint hidden=user() act command=move || save(user_id, chosen.get_untracked())>
                <PermissionChoice id=format!("member-{user_id}") value=chosen />
                <button type="submit" class="button button--primary">
                    {move || if active { t_string!(i18n, collaborators.save_permissions) } else { t_string!(i18n, collaborators.reactivate) }}
                </button>
            </CommandForm>
        </details>
        <div class="actions__buttons">
            {active.then(|| view! {
                <CommandForm endpoint=api::Deactivate::PATH hidden=user() act command=move || Command::Deactivate(user_id)>
                    <button type="submit" class="button">
                        {tr!(i18n, collaborators.deactivate)}
                        <span class="visually-hidden">" " {deactivated_name}</span>
                    </button>
                </CommandForm>
            })}
            {(active && verified && !transfer_offered).then(|| view! {
                <CommandForm endpoint=api::OfferHolderRole::PATH hidden=user() act command=move || Command::OfferHolderRole(user_id)>
                    <button type="submit" class="button button--ghost">
                        {tr!(i18n, collaborators.transfer_offer)}
                        <span class="visually-hidden">" " {offered_name}</span>
                    </button>
                </CommandForm>
            })}
            <details class="actions actions--confirm">
                <summary>
                    {tr!(i18n, collaborators.remove)}
                    <span class="visually-hidden">" " {name.clone()}</span>
                </summary>
                <CommandForm endpoint=api::Remove::PATH hidden=user() act command=move || Command::Remove(user_id)>
                    <p>{tr!(i18n, collaborators.remove_confirm)}</p>
                    <button type="submit" class="button button--danger">
                        {tr!(i18n, collaborators.yes)}
                        <span class="visually-hidden">" " {tr!(i18n, collaborators.remove)} " " {name.clone()}</span>
                    </button>
                </CommandForm>
            </details>
        </div>
    }
}

#[component]
pub(super) fn MembershipsBlock(
    memberships: Vec<Membership>,
    act: AppAction<Command, Done>,
) -> impl IntoView {
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
                            <CommandForm endpoint=api::Leave::PATH hidden=vec![("account_id", account_id.to_string())]
                                act command=move || Command::Leave(account_id)>
                                <button type="submit" class="button button--ghost">
                                    {t!(i18n, collaborators.leave, account = account.clone())}
                                </button>
                            </CommandForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}
