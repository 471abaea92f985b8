//! Joining an account: the request form (option 2) and the person's waiting requests, the
//! requests the holder decides, the invitations sent and received, and the holder role offered.
//! Whatever waits for an answer shows when it lapses.
use super::{
    permissions::{permissions_summary, PermissionChoice},
    space::{AttachmentRequest, Command, Done},
};
use crate::{
    collaborators::types::*,
    components::{
        controls::Input,
        form::{AppAction, FormAlert, FormStatus, SubmitButton},
        format,
        text::tr,
    },
    i18n::*,
};
use leptos::prelude::*;
use shared::Permissions;

/// "FAIRE UNE DEMANDE DE COLLABORATION": a SIRET names a company, which the person confirms
/// before the request leaves; an e-mail sends it at once.
#[component]
pub(super) fn RequestBlock(
    sent_requests: Vec<SentRequest>,
    act: AppAction<Command, Done>,
    ask: AppAction<AttachmentRequest, RequestOutcome>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = FormStatus::of(ask);
    let reference = RwSignal::new(String::new());
    let found = move || {
        ask.value().with(|answer| match answer {
            Some(Ok(RequestOutcome::Confirm {
                company_name,
                siret_verified,
            })) => Some((company_name.clone(), *siret_verified)),
            _ => None,
        })
    };
    let send = move |confirmed: bool| {
        ask.dispatch((reference.get_untracked(), confirmed));
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        send(false);
    };
    view! {
        <section class="block" aria-labelledby="request-title">
            <h2 id="request-title" class="caps">{tr!(i18n, collaborators.request_title)}</h2>
            <form class="form form--inline" novalidate on:submit=on_submit>
                <FormAlert status />
                <Input id="reference" value=reference status required=true autocomplete="off">
                    {tr!(i18n, collaborators.reference_label)}
                </Input>
                <SubmitButton status>{tr!(i18n, collaborators.request_submit)}</SubmitButton>
            </form>
            <div role="status" aria-live="polite">
                {move || found().map(|(company, verified)| view! {
                    <div class="notice notice--offer">
                        <p>{t!(i18n, collaborators.found_company, company = company)}</p>
                        <p>{move || if verified { t_string!(i18n, collaborators.siret_verified) } else { t_string!(i18n, collaborators.siret_unverified) }}</p>
                        <button type="button" class="button button--primary" on:click=move |_| send(true)
                            disabled=move || status.pending.get()>
                            {tr!(i18n, collaborators.confirm_request)}
                        </button>
                        " "
                        <button type="button" class="button button--ghost" on:click=move |_| ask.value().set(None)>
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
                        let locale = i18n.get_locale_untracked();
                        let date = format::date(locale, request.created_at);
                        let expiry = format::date(locale, request.expires_at);
                        view! {
                            <li class="row">
                                <span>{t!(i18n, collaborators.sent_to, account = request.to.clone(), date = date, expiry = expiry)}</span>
                                <button type="button" class="button button--ghost"
                                    on:click=move |_| { act.dispatch(Command::CancelRequest(id)); }>
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
    let decide = move |accept: bool| {
        act.dispatch(Command::Decide {
            request_id,
            accept,
            permissions: if accept {
                permissions.get_untracked()
            } else {
                Permissions::default()
            },
            message: if accept {
                String::new()
            } else {
                message.get_untracked()
            },
        });
    };
    view! {
        <li class="row row--card">
            <p><strong>{name.clone()}</strong> " · " {request.email.clone()} " · "
                {format::date(locale, request.created_at)}</p>
            <p>{move || if verified { t_string!(i18n, collaborators.address_verified) } else { t_string!(i18n, collaborators.address_unverified) }}</p>
            {request.deactivated_member.then(|| view! { <p>{tr!(i18n, collaborators.requester_deactivated)}</p> })}
            <p>{t!(i18n, collaborators.request_expires, date = expiry)}</p>
            <PermissionChoice id=format!("request-{request_id}") value=permissions />
            <button type="button" class="button button--primary" on:click=move |_| decide(true)>
                {t!(i18n, collaborators.accept_named, name = name.clone())}
            </button>
            <div class="field">
                <label for=message_id.clone()>{tr!(i18n, collaborators.decline_message)}</label>
                <input id=message_id type="text" maxlength="500"
                    prop:value=move || message.get()
                    on:input=move |event| message.set(event_target_value(&event)) />
            </div>
            <button type="button" class="button" on:click=move |_| decide(false)>
                {tr!(i18n, collaborators.decline)}
            </button>
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
                            {accept_or_decline(act, move |accept| Command::AnswerInvitation { invitation_id, accept })}
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
                            <button type="button" class="button button--ghost"
                                on:click=move |_| { act.dispatch(Command::WithdrawInvitation(id)); }>
                                {t!(i18n, collaborators.withdraw_invitation, name = name.clone())}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

/// "Accepter" and "Refuser" for something offered to the person; `answer(yes)` is the command.
fn accept_or_decline(
    act: AppAction<Command, Done>,
    answer: impl Fn(bool) -> Command + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="button button--primary" on:click=move |_| { act.dispatch(answer(true)); }>
            {tr!(i18n, collaborators.accept)}
        </button>
        " "
        <button type="button" class="button" on:click=move |_| { act.dispatch(answer(false)); }>
            {tr!(i18n, collaborators.decline)}
        </button>
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
                                {accept_or_decline(act, move |accept| Command::AnswerHolderRole { account_id, accept })}
                            </li>
                        }.into_any()
                    } else {
                        view! {
                            <li class="row">
                                <span>{t!(i18n, collaborators.transfer_waiting, name = to)}</span>
                                <button type="button" class="button button--ghost"
                                    on:click=move |_| { act.dispatch(Command::WithdrawHolderRole); }>
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
