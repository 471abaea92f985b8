//! "MES COLLABORATEURS": the seed's page, plus what the holder and the collaborators need around
//! it (requests to decide, invitations, the accounts one belongs to, the history). Every button
//! dispatches a [`Command`] to one action; the page's data reloads after each success.
use super::{
    history::HistoryEntries,
    members::{CollaboratorList, MembershipsBlock},
    requests::{
        IncomingBlock, InvitationsBlock, RequestBlock, SentInvitationsBlock, TransfersBlock,
    },
};
use crate::{
    auth::use_auth,
    collaborators::{api, forms::parse_reference, types::*},
    components::{
        errors::form_error_text,
        form::{last_success, last_success_where, on_success, ActionOutcome, AppAction},
        list::{query_options, use_list_query, words, ListControls, QuerySelect},
        text::tr,
    },
    error::AppError,
    i18n::*,
    plain_forms::{ButtonForm, PlainForm, PostedBefore},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};
use shared::{
    list::{CollaboratorFilter, ListQuery, Page},
    MembershipStatus, Permissions, Role,
};
use uuid::Uuid;

/// What a person does on the page: each is one server function.
#[derive(Clone, Debug)]
pub(super) enum Command {
    CancelRequest(Uuid),
    Decide {
        request_id: Uuid,
        accept: bool,
        permissions: Permissions,
        message: String,
    },
    AnswerInvitation {
        invitation_id: Uuid,
        accept: bool,
    },
    WithdrawInvitation(Uuid),
    OfferHolderRole(Uuid),
    WithdrawHolderRole,
    AnswerHolderRole {
        account_id: Uuid,
        accept: bool,
    },
    SetPermissions(Uuid, Permissions),
    Reactivate(Uuid, Permissions),
    Deactivate(Uuid),
    Remove(Uuid),
    Leave(Uuid),
}

impl Command {
    async fn run(self) -> Result<Done, AppError> {
        match self {
            Command::CancelRequest(id) => api::cancel_request(id).await,
            Command::Decide {
                request_id,
                accept,
                permissions,
                message,
            } => api::decide_request(request_id, accept, permissions, message).await,
            Command::AnswerInvitation {
                invitation_id,
                accept,
            } => api::answer_invitation(invitation_id, accept).await,
            Command::WithdrawInvitation(invitation_id) => {
                api::withdraw_invitation(invitation_id).await
            }
            Command::OfferHolderRole(user_id) => api::offer_holder_role(Some(user_id)).await,
            Command::WithdrawHolderRole => api::offer_holder_role(None).await,
            Command::AnswerHolderRole { account_id, accept } => {
                api::answer_holder_role(account_id, accept).await
            }
            Command::SetPermissions(user_id, permissions) => {
                api::set_permissions(user_id, permissions).await
            }
            Command::Reactivate(user_id, permissions) => {
                api::reactivate(user_id, permissions).await
            }
            Command::Deactivate(user_id) => api::deactivate(user_id).await,
            Command::Remove(user_id) => api::remove(user_id).await,
            Command::Leave(account_id) => api::leave(account_id).await,
        }
    }

    /// The server functions of the page's buttons: without JavaScript, each button is a form
    /// posting to one of them.
    const ENDPOINTS: &'static [&'static str] = &[
        api::CancelRequest::PATH,
        api::DecideRequest::PATH,
        api::AnswerInvitation::PATH,
        api::WithdrawInvitation::PATH,
        api::OfferHolderRole::PATH,
        api::AnswerHolderRole::PATH,
        api::SetPermissions::PATH,
        api::Reactivate::PATH,
        api::Deactivate::PATH,
        api::Remove::PATH,
        api::Leave::PATH,
    ];
}

/// What the page's live region says an action did.
fn done_text(locale: Locale, done: Done) -> &'static str {
    match done {
        Done::Created => td_string!(locale, collaborators.done_created),
        Done::Invited => td_string!(locale, collaborators.done_invited),
        Done::RequestSent => td_string!(locale, collaborators.request_sent),
        Done::Accepted => td_string!(locale, collaborators.done_accepted),
        Done::Declined => td_string!(locale, collaborators.done_declined),
        Done::Cancelled => td_string!(locale, collaborators.done_cancelled),
        Done::InvitationWithdrawn => td_string!(locale, collaborators.done_invitation_withdrawn),
        Done::PermissionsChanged => td_string!(locale, collaborators.done_permissions),
        Done::Deactivated => td_string!(locale, collaborators.done_deactivated),
        Done::Reactivated => td_string!(locale, collaborators.done_reactivated),
        Done::Removed => td_string!(locale, collaborators.done_removed),
        Done::Left => td_string!(locale, collaborators.done_left),
        Done::TransferOffered => td_string!(locale, collaborators.done_transfer_offered),
        Done::TransferWithdrawn => td_string!(locale, collaborators.done_transfer_withdrawn),
        Done::TransferAccepted => td_string!(locale, collaborators.done_transfer_accepted),
    }
}

/// A button of the page (or a few fields and a button): a [`ButtonForm`] posting its arguments
/// (`hidden`, and any field among `children`) to the server function at `endpoint`; once
/// hydrated, `act` runs `command()` instead.
#[component]
pub(super) fn CommandForm(
    endpoint: &'static str,
    hidden: Vec<(&'static str, String)>,
    act: AppAction<Command, Done>,
    command: impl Fn() -> Command + 'static,
    #[prop(default = "command")] class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <ButtonForm endpoint hidden class on_submit=move || { act.dispatch(command()); }>
            {children()}
        </ButtonForm>
    }
}

/// The request to join an account ("Demande d'invitation"): the reference typed, and whether
/// the company a SIRET names was confirmed.
pub(super) type AttachmentRequest = (String, bool);

#[component]
pub fn CollaboratorsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let auth = use_auth();
    // What was done before this page was rendered, shown by the server-rendered page with or
    // without JavaScript: the creation page's outcome comes in the address (`?done=created`),
    // a button's or the request's as the answer to their plain form.
    let asked = PlainForm::new(api::RequestAttachment::PATH);
    let done_before = query
        .with_untracked(|q| q.get("done"))
        .as_deref()
        .and_then(Done::from_query)
        .map(Ok)
        .or_else(|| PostedBefore::to_any(Command::ENDPOINTS).outcome::<Done>())
        .or_else(|| {
            (asked.answer::<RequestOutcome>() == Some(RequestOutcome::Sent))
                .then_some(Ok(Done::RequestSent))
        });
    let act: AppAction<Command, Done> =
        Action::new_unsync(|command: &Command| command.clone().run());
    // The reference is checked here first, as the server checks it again.
    let ask: AppAction<AttachmentRequest, RequestOutcome> =
        Action::new_unsync(|(reference, confirmed): &AttachmentRequest| {
            let (reference, confirmed) = (reference.clone(), *confirmed);
            async move {
                parse_reference(&reference)?;
                api::request_attachment(reference, confirmed).await
            }
        });
    // The page's live region says what the last action did: a button's, the request's once
    // sent, or the creation page's that led here.
    let outcome = act.value();
    on_success(ask, move |answer| {
        if answer == RequestOutcome::Sent {
            outcome.set(Some(Ok(Done::RequestSent)));
        }
    });
    Effect::new(move |_| {
        if let Some(done) = query
            .with(|q| q.get("done"))
            .as_deref()
            .and_then(Done::from_query)
        {
            outcome.set(Some(Ok(done)));
        }
    });
    // The menu's count of requests to decide follows the page's changes.
    on_success(act, move |_| auth.refresh());
    let changed = last_success(act);
    let sent = last_success_where(ask, |answer| *answer == RequestOutcome::Sent);
    let data = Resource::new(
        move || (changed.get(), sent.get()),
        |_| api::load_collaborator_space(),
    );
    let query = use_list_query::<CollaboratorFilter, _>();
    let list = CollaboratorPage {
        query,
        lines: Resource::new(
            move || (query.get(), changed.get()),
            |(query, _)| api::list_collaborators(query),
        ),
    };

    view! {
        <Title text=tr!(i18n, account.collaborators) />
        <h1 class="caps">{tr!(i18n, account.collaborators)}</h1>
        <p class="page__intro">{tr!(i18n, collaborators.intro)}</p>
        <ActionOutcome outcome=Signal::derive(move || outcome.get().or_else(|| done_before.clone())) done=done_text />
        // What is shown stays until what follows an action is there.
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(content) => view! { <SpaceView content act ask asked list /> }.into_any(),
                    Err(error) => view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The page of collaborators the address asks for: read on its own, so that turning a page or
/// searching reloads the list alone.
#[derive(Clone, Copy)]
struct CollaboratorPage {
    query: Memo<ListQuery<CollaboratorFilter>>,
    lines: Resource<Result<Page<Collaborator>, AppError>>,
}

#[component]
fn SpaceView(
    content: CollaboratorSpace,
    act: AppAction<Command, Done>,
    ask: AppAction<AttachmentRequest, RequestOutcome>,
    asked: PlainForm,
    list: CollaboratorPage,
) -> impl IntoView {
    let i18n = use_i18n();
    let holder = content
        .account
        .as_ref()
        .is_some_and(|account| account.role == Role::Holder);
    let CollaboratorSpace {
        account,
        incoming_requests,
        sent_invitations,
        sent_requests,
        invitations,
        memberships,
        transfers,
        recent_history,
    } = content;
    let transfer_offered = transfers.iter().any(|t| !t.for_me);
    view! {
        {holder.then(|| view! {
            <section class="block" aria-labelledby="create-title">
                <h2 id="create-title" class="caps">{tr!(i18n, collaborators.create_title_block)}</h2>
                <A href="/account/collaborators/new" attr:class="button button--primary">{tr!(i18n, collaborators.create_button)}</A>
            </section>
        }.into_any())}
        {view! { <TransfersBlock transfers act /> }.into_any()}
        {view! { <InvitationsBlock invitations act /> }.into_any()}
        {view! { <RequestBlock sent_requests act ask asked /> }.into_any()}
        {holder.then(|| view! { <IncomingBlock requests=incoming_requests act /> }.into_any())}
        {holder.then(|| view! { <SentInvitationsBlock invitations=sent_invitations act /> }.into_any())}
        <section class="block" aria-labelledby="list-title">
            <h2 id="list-title" class="caps">{tr!(i18n, collaborators.list_title)}</h2>
            {account.as_ref().filter(|a| a.role == Role::Collaborator).map(|a| {
                let name = a.name.clone();
                view! { <p>{t!(i18n, collaborators.list_of_account, account = name)}</p> }
            })}
            {view! { <CollaboratorSearch query=list.query holder /> }.into_any()}
            // The page before stays until the next one is there; the form above stays as typed.
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.lines.await {
                        Ok(page) => view! {
                            <CollaboratorList page query=list.query holder transfer_offered act />
                        }.into_any(),
                        Err(error) => view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        {view! { <MembershipsBlock memberships act /> }.into_any()}
        {holder.then(|| view! {
            <section class="block" aria-labelledby="history-title">
                <h2 id="history-title" class="caps">{tr!(i18n, collaborators.history_title)}</h2>
                {if recent_history.is_empty() {
                    view! { <p class="empty">{tr!(i18n, collaborators.history_empty)}</p> }.into_any()
                } else {
                    view! {
                        <HistoryEntries entries=recent_history />
                        <p><A href="/account/collaborators/history">{tr!(i18n, collaborators.history_link)}</A></p>
                    }.into_any()
                }}
            </section>
        }.into_any())}
    }
}

/// The search by name or e-mail, and for the holder, who also sees them, the deactivated.
#[component]
fn CollaboratorSearch(query: Memo<ListQuery<CollaboratorFilter>>, holder: bool) -> impl IntoView {
    let i18n = use_i18n();
    let status = Signal::derive(move || {
        query.with(|query| {
            query
                .filter
                .status
                .map(|status| status.as_str().to_owned())
                .unwrap_or_default()
        })
    });
    view! {
        <ListControls query id="collaborators" search_hint=words(tr!(i18n, collaborators.search_hint))>
            {holder.then(|| view! {
                <QuerySelect id="collaborators-status" name="status" label=words(tr!(i18n, collaborators.col_status))
                    current=status all=Some(words(tr!(i18n, lists.all)))
                    options=query_options(&MembershipStatus::ALL, |s| s.as_str().into(), status_text) />
            })}
        </ListControls>
    }
}

fn status_text(locale: Locale, status: MembershipStatus) -> String {
    match status {
        MembershipStatus::Active => td_string!(locale, collaborators.status_active),
        MembershipStatus::Deactivated => td_string!(locale, collaborators.status_deactivated),
    }
    .to_owned()
}
