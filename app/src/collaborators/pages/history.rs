//! The account's history ("who did what to whom"), for its holder: a page at a time, the most
//! recent first, searched by the names of who acted and who was concerned.
use super::permissions::permissions_summary;
use crate::{
    collaborators::{api, types::HistoryEntry},
    components::{
        errors::form_error_text,
        format,
        list::{use_list_query, words, EmptyList, ListControls, Pager},
        text::tr,
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use shared::{
    list::{ListQuery, Page},
    MembershipAction,
};

#[component]
pub fn MembershipHistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_list_query::<(), i64>();
    let history = Resource::new(move || query.get(), api::list_membership_history);
    view! {
        <Title text=tr!(i18n, collaborators.history_title) />
        <h1 class="caps">{tr!(i18n, collaborators.history_title)}</h1>
        <p><A href="/account/collaborators">{tr!(i18n, collaborators.back)}</A></p>
        <ListControls query id="history" search_hint=words(tr!(i18n, collaborators.history_search_hint)) />
        // The page before stays until the next one is there; the form above stays as typed.
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match history.await {
                    Ok(page) => view! { <HistoryLines page query /> }.into_any(),
                    Err(error) => view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn HistoryLines(page: Page<HistoryEntry, i64>, query: Memo<ListQuery<(), i64>>) -> impl IntoView {
    let i18n = use_i18n();
    let lines = if page.items.is_empty() {
        view! { <EmptyList query empty=words(tr!(i18n, collaborators.history_empty)) /> }.into_any()
    } else {
        view! { <HistoryEntries entries=page.items.clone() /> }.into_any()
    };
    view! { {lines} <Pager query page /> }
}

/// History lines, the most recent first: when, and who did what to whom.
#[component]
pub(super) fn HistoryEntries(entries: Vec<HistoryEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="history">
            {entries.into_iter().map(|entry| view! {
                <li>
                    <time>{move || format::date_time(i18n.get_locale(), entry.at)}</time>
                    " · "
                    {let entry = entry.clone(); move || history_text(i18n.get_locale(), &entry)}
                </li>
            }).collect_view()}
        </ul>
    }
}

fn history_text(locale: Locale, entry: &HistoryEntry) -> String {
    let actor = entry.actor.as_deref().unwrap_or("—");
    let subject = entry.subject.as_deref().unwrap_or("—");
    let what = match entry.action {
        MembershipAction::Created => {
            td_string!(locale, history.created, actor = actor, subject = subject).to_string()
        }
        MembershipAction::Invited => {
            td_string!(locale, history.invited, actor = actor, subject = subject).to_string()
        }
        MembershipAction::Requested => {
            td_string!(locale, history.requested, subject = subject).to_string()
        }
        MembershipAction::Attached => {
            td_string!(locale, history.attached, actor = actor, subject = subject).to_string()
        }
        MembershipAction::Declined => {
            td_string!(locale, history.declined, actor = actor, subject = subject).to_string()
        }
        MembershipAction::PermissionsChanged => td_string!(
            locale,
            history.permissions_changed,
            actor = actor,
            subject = subject
        )
        .to_string(),
        MembershipAction::Deactivated => td_string!(
            locale,
            history.deactivated,
            actor = actor,
            subject = subject
        )
        .to_string(),
        MembershipAction::Reactivated => td_string!(
            locale,
            history.reactivated,
            actor = actor,
            subject = subject
        )
        .to_string(),
        MembershipAction::Removed => {
            td_string!(locale, history.removed, actor = actor, subject = subject).to_string()
        }
        MembershipAction::Left => td_string!(locale, history.left, subject = subject).to_string(),
        MembershipAction::HolderTransferred => td_string!(
            locale,
            history.holder_transferred,
            actor = actor,
            subject = subject
        )
        .to_string(),
        MembershipAction::HolderOffered => td_string!(
            locale,
            history.holder_offered,
            actor = actor,
            subject = subject
        )
        .to_string(),
        MembershipAction::HolderOfferWithdrawn => td_string!(
            locale,
            history.holder_offer_withdrawn,
            actor = actor,
            subject = subject
        )
        .to_string(),
        MembershipAction::HolderDeclined => {
            td_string!(locale, history.holder_declined, subject = subject).to_string()
        }
        MembershipAction::InvitationWithdrawn => td_string!(
            locale,
            history.invitation_withdrawn,
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
