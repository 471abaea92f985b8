//! Joining an account: the request form (option 2) and the person's waiting requests, the
//! requests the holder decides, the invitations sent and received, and the holder role offered.
//! Whatever waits for an answer shows when it lapses.
use super::{
    permissions::{permissions_summary, PermissionChoice},
    space::{AttachmentRequest, Command, CommandForm},
};
use crate::{
    collaborators::{api, types::*},
    components::{
        controls::Input,
        form::{AppAction, FormAlert, SubmitButton},
        format,
        text::tr,
    },
    i18n::*,
    plain_forms::{Hidden, PlainForm, PostForm},
};
use leptos::{prelude::*, server_fn::ServerFn};
use shared::Permissions;
use uuid::Uuid;

/// "FAIRE UNE DEMANDE DE COLLABORATION": a SIRET names a company, which the person confirms
/// before the request leaves; an e-mail sends it at once. Without JavaScript, the company found
/// comes back with the page (`asked`), and its confirmation is a form of its own.
#[component]
pub(super) fn RequestBlock(
    sent_requests: Vec<SentRequest>,
    act: AppAction<Command, Done>,
    ask: AppAction<AttachmentRequest, RequestOutcome>,
    asked: PlainForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = asked.status(ask);
    let found_before = asked.answer::<RequestOutcome>();
    // What was typed comes back with the company it names or the refusal, not once sent.
    let reference = match found_before {
        Some(RequestOutcome::Sent) => RwSignal::new(String::new()),
        _ => asked.field("reference"),
    };
    let dismissed = RwSignal::new(false);
    let found = move || {
        let answer = if ask.version().get() == 0 {
            found_before.clone().filter(|_| !dismissed.get())
        } else {
            ask.value().with(|answer| answer.clone()?.ok())
        };
        match answer {
            Some(RequestOutcome::Confirm {
                company_name,
                siret_verified,
            }) => Some((company_name, siret_verified)),
            _ => None,
        }
    };
    let send = move |event: leptos::ev::SubmitEvent, confirmed: bool| {
        event.prevent_default();
        ask.dispatch((reference.get_untracked(), confirmed));
    };
    let forget = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        ask.value().set(None);
        dismissed.set(true);
    };
    view! {
        <section class="block" aria-labelledby="request-title">
            <h2 id="request-title" class="caps">{tr!(i18n, collaborators.request_title)}</h2>
            <PostForm form=asked class="form form--inline" on_submit=move |event| send(event, false)>
                <FormAlert status />
                <Hidden field="confirmed" value="false" />
                <Input id="reference" value=reference status required=true autocomplete="off">
                    {tr!(i18n, collaborators.reference_label)}
                </Input>
                <SubmitButton status>{tr!(i18n, collaborators.request_submit)}</SubmitButton>
            </PostForm>
            <div role="status" aria-live="polite">
                {move || found().map(|(company, verified)| view! {
                    <form class="notice notice--offer" method="post" action=asked.endpoint
                        on:submit=move |event| send(event, true)>
                        <input type="hidden" name="reference" value=move || reference.get() />
                        <input type="hidden" name="confirmed" value="true" />
                        <p>{t!(i18n, collaborators.found_company, company = company)}</p>
                        <p>{move || if verified { t_string!(i18n, collaborators.siret_verified) } else { t_string!(i18n, collaborators.siret_unverified) }}</p>
                        <button type="submit" class="button button--primary"
                            disabled=move || status.pending.get()>
                            {tr!(i18n, collaborators.confirm_request)}
                        </button>
                        " "
                        <a class="button button--ghost" href="/account/collaborators" on:click=forget>
                            {tr!(i18n, collaborators.cancel)}
                        </a>
                    </form>
                })}
            </div>
            {(!sent_requests.is_empty()).then(|| view! {
                <h3>{tr!(i18n, collaborators.sent_title)}</h3>
                <ul class="rows">
                    {sent_requests.into_iter().map(|request| {
                        let id = request.id;
                        let locale = i18n.get_locale_untracked();
                        let date = format::date(locale, request.created_at);
                        let expiry = format::date(locale, request.expires_at);
                        view! {
                            <li class="row">
                                <span>{t!(i18n, collaborators.sent_to, account = request.to.clone(), date = date, expiry = expiry)}</span>
                                <CommandForm endpoint=api::CancelRequest::PATH hidden=vec![("request_id", id.to_string())]
                                    act command=move || Command::CancelRequest(id)>
                                    <button type="submit" class="button button--ghost">
                                        {tr!(i18n, collaborators.cancel_request)}
                                    </button>
                                </CommandForm>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

#[component]
pub(super) fn IncomingBlock(
    requests: Vec<IncomingRequest>,
    act: AppAction<Command, Done>,
) -> impl IntoView {
    let i18n = use_i18n();
    (!requests.is_empty()).then(|| view! {
        <section class="block" aria-labelledby="incoming-title">
            <h2 id="incoming-title" class="caps">{tr!(i18n, collaborators.incoming_title)}</h2>
            <ul class="rows">
                {requests.into_iter().map(|request| view! { <IncomingRow request act /> }.into_any()).collect_view()}
            </ul>
        </section>
    })
}

#[component]
fn IncomingRow(request: IncomingRequest, act: AppAction<Command, Done>) -> impl IntoView {
    let i18n = use_i18n();
    let permissions = RwSignal::new(Permissions::default());
    let message = RwSignal::new(String::new());
    let request_id = request.id;
    let name = format!("{} {}", request.first_name, request.last_name);
    let message_id = format!("message-{request_id}");
    let locale = i18n.get_locale_untracked();
    let expiry = format::date(locale, request.expires_at);
    let verified = request.email_verified;
    let decision = move |accept: bool| {
        vec![
            ("request_id", request_id.to_string()),
            ("accept", accept.to_string()),
        ]
    };
    view! {
        <li class="row row--card">
            <p><strong>{name.clone()}</strong> " · " {request.email.clone()} " · "
                {format::date(locale, request.created_at)}</p>
            <p>{move || if verified { t_string!(i18n, collaborators.address_verified) } else { t_string!(i18n, collaborators.address_unverified) }}</p>
            {request.deactivated_member.then(|| view! { <p>{tr!(i18n, collaborators.requester_deactivated)}</p> })}
            <p>{t!(i18n, collaborators.request_expires, date = expiry)}</p>
            <CommandForm endpoint=api::DecideRequest::PATH hidden=decision(true) act class="command command--block"
                command=move || Command::Decide { request_id, accept: true, permissions: permissions.get_untracked(), message: String::new() }>
                <PermissionChoice id=format!("request-{request_id}") value=permissions />
                <button type="submit" class="button button--primary">
                    {t!(i18n, collaborators.accept_named, name = name.clone())}
                </button>
            </CommandForm>
            <CommandForm endpoint=api::DecideRequest::PATH hidden=decision(false) act class="command command--block"
                command=move || Command::Decide { request_id, accept: false, permissions: Permissions::default(), message: message.get_untracked() }>
                <div class="field">
                    <label for=message_id.clone()>{tr!(i18n, collaborators.decline_message)}</label>
                    <input id=message_id name="message" type="text" maxlength="500"
                        prop:value=move || message.get()
                        on:input=move |event| message.set(event_target_value(&event)) />
                </div>
                <button type="submit" class="button">
                    {tr!(i18n, collaborators.decline)}
                </button>
            </CommandForm>
        </li>
    }
}

#[component]
pub(super) fn InvitationsBlock(
    invitations: Vec<Invitation>,
    act: AppAction<Command, Done>,
) -> impl IntoView {
    let i18n = use_i18n();
    (!invitations.is_empty()).then(|| view! {
        <section class="block" aria-labelledby="invitations-title">
            <h2 id="invitations-title" class="caps">{tr!(i18n, collaborators.invitations_title)}</h2>
            <ul class="rows">
                {invitations.into_iter().map(|invitation| {
                    let invitation_id = invitation.id;
                    let account = invitation.account_name.clone();
                    let by = invitation.invited_by.clone();
                    let p = invitation.permissions;
                    let expiry = format::date(i18n.get_locale_untracked(), invitation.expires_at);
                    view! {
                        <li class="row row--card">
                            <p>{t!(i18n, collaborators.invitation_from, account = account, holder = by)}</p>
                            <p>{move || permissions_summary(i18n.get_locale(), p)}</p>
                            <p>{t!(i18n, collaborators.invitation_expires, date = expiry)}</p>
                            {accept_or_decline(act, api::AnswerInvitation::PATH, ("invitation_id", invitation_id),
                                move |accept| Command::AnswerInvitation { invitation_id, accept })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

/// The invitations the holder's account sent, still waiting: each can be withdrawn.
#[component]
pub(super) fn SentInvitationsBlock(
    invitations: Vec<SentInvitation>,
    act: AppAction<Command, Done>,
) -> impl IntoView {
    let i18n = use_i18n();
    (!invitations.is_empty()).then(|| view! {
        <section class="block" aria-labelledby="sent-invitations-title">
            <h2 id="sent-invitations-title" class="caps">{tr!(i18n, collaborators.sent_invitations_title)}</h2>
            <ul class="rows">
                {invitations.into_iter().map(|invitation| {
                    let id = invitation.id;
                    let name = format!("{} {}", invitation.first_name, invitation.last_name);
                    let p = invitation.permissions;
                    let locale = i18n.get_locale_untracked();
                    let date = format::date(locale, invitation.created_at);
                    let expiry = format::date(locale, invitation.expires_at);
                    view! {
                        <li class="row row--card">
                            <p><strong>{name.clone()}</strong> " · " {invitation.email.clone()}</p>
                            <p>{move || permissions_summary(i18n.get_locale(), p)}</p>
                            <p>{t!(i18n, collaborators.invitation_sent_on, date = date, expiry = expiry)}</p>
                            <CommandForm endpoint=api::WithdrawInvitation::PATH hidden=vec![("invitation_id", id.to_string())]
                                act command=move || Command::WithdrawInvitation(id)>
                                <button type="submit" class="button button--ghost">
                                    {t!(i18n, collaborators.withdraw_invitation, name = name.clone())}
                                </button>
                            </CommandForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

/// "Accepter" and "Refuser" for something offered to the person (`id` names it to the server
/// function at `endpoint`); `answer(yes)` is the command.
fn accept_or_decline(
    act: AppAction<Command, Done>,
    endpoint: &'static str,
    (id_name, id): (&'static str, Uuid),
    answer: impl Fn(bool) -> Command + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let fields =
        move |accept: bool| vec![(id_name, id.to_string()), ("accept", accept.to_string())];
    view! {
        <CommandForm endpoint hidden=fields(true) act command=move || answer(true)>
            <button type="submit" class="button button--primary">{tr!(i18n, collaborators.accept)}</button>
        </CommandForm>
        " "
        <CommandForm endpoint hidden=fields(false) act command=move || answer(false)>
            <button type="submit" class="button">{tr!(i18n, collaborators.decline)}</button>
        </CommandForm>
    }
}

#[component]
pub(super) fn TransfersBlock(
    transfers: Vec<HolderTransfer>,
    act: AppAction<Command, Done>,
) -> impl IntoView {
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
                                {accept_or_decline(act, api::AnswerHolderRole::PATH, ("account_id", account_id),
                                    move |accept| Command::AnswerHolderRole { account_id, accept })}
                            </li>
                        }.into_any()
                    } else {
                        view! {
                            <li class="row">
                                <span>{t!(i18n, collaborators.transfer_waiting, name = to)}</span>
                                <CommandForm endpoint=api::OfferHolderRole::PATH hidden=Vec::new()
                                    act command=|| Command::WithdrawHolderRole>
                                    <button type="submit" class="button button--ghost">
                                        {tr!(i18n, collaborators.transfer_withdraw)}
                                    </button>
                                </CommandForm>
                            </li>
                        }.into_any()
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}
