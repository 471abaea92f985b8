//! The pages of the links sent by e-mail to prove an address: `/verify-email` proves the
//! person's address, `/confirm-email` makes a new one theirs. Each follows its link once, in
//! the browser, when it shows (not on the server: a mail scanner fetching the page uses
//! nothing), and says what happened; without JavaScript, a button posts the link's token. They
//! work for anyone holding the link, logged in or not.
use crate::{
    auth::{api, use_auth},
    components::{
        errors::action_error_text,
        form::{on_success, AppAction},
        text::tr,
    },
    error::AppError,
    i18n::*,
    plain_forms::{Hidden, PlainForm, PostForm},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

/// What a link does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Link {
    VerifyEmail,
    ConfirmEmail,
}

impl Link {
    fn title(self, locale: Locale) -> &'static str {
        match self {
            Link::VerifyEmail => td_string!(locale, verify.title),
            Link::ConfirmEmail => td_string!(locale, verify.confirm_title),
        }
    }

    /// The server function that follows the link.
    fn endpoint(self) -> &'static str {
        match self {
            Link::VerifyEmail => api::VerifyEmail::PATH,
            Link::ConfirmEmail => api::ConfirmEmail::PATH,
        }
    }

    fn done(self, locale: Locale) -> &'static str {
        match self {
            Link::VerifyEmail => td_string!(locale, verify.done),
            Link::ConfirmEmail => td_string!(locale, verify.confirm_done),
        }
    }

    async fn follow(self, token: String) -> Result<(), AppError> {
        match self {
            Link::VerifyEmail => api::verify_email(token).await,
            Link::ConfirmEmail => api::confirm_email(token).await,
        }
    }
}

/// `/verify-email?token=…`: the link of sign-up, of a welcome e-mail, or sent again.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    view! { <FollowedLink link=Link::VerifyEmail /> }
}

/// `/confirm-email?token=…`: the link sent to a new address.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    view! { <FollowedLink link=Link::ConfirmEmail /> }
}

#[component]
fn FollowedLink(link: Link) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let query = use_query_map();
    let plain = PlainForm::new(link.endpoint());
    let token = StoredValue::new(query.with_untracked(|q| q.get("token").unwrap_or_default()));
    let follow: AppAction<String, ()> =
        Action::new_unsync(move |token: &String| link.follow(token.clone()));
    // Followed already by the page's plain form (the answer came back with the page), or now:
    // effects run in the browser only, once here.
    let before = plain.outcome::<()>();
    if before.is_none() {
        Effect::new(move |_| {
            follow.dispatch(token.get_value());
        });
    }
    // A session open in this browser shows the change at once.
    on_success(follow, move |()| auth.refresh());
    let answer = Signal::derive(move || follow.value().get().or_else(|| before.clone()));
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if !follow.pending().get_untracked() {
            follow.dispatch(token.get_value());
        }
    };
    let title = move || link.title(i18n.get_locale());
    view! {
        <Title text=title />
        <section class="page page--narrow">
            <h1>{title}</h1>
            <div role="status" aria-live="polite">
                {move || match answer.get() {
                    None => view! {
                        <p>{tr!(i18n, verify.checking)}</p>
                        <PostForm form=plain on_submit class="command">
                            <Hidden field="token" value=Signal::stored(token.get_value()) />
                            <button type="submit" class="button button--primary">{tr!(i18n, verify.follow)}</button>
                        </PostForm>
                    }.into_any(),
                    Some(Ok(())) => view! {
                        <p class="notice">{move || link.done(i18n.get_locale())}</p>
                        <p><A href="/account">{tr!(i18n, verify.to_account)}</A></p>
                    }
                    .into_any(),
                    Some(Err(error)) => view! {
                        <p class="form-alert">{move || action_error_text(i18n.get_locale(), &error)}</p>
                        <p><A href="/account">{tr!(i18n, verify.to_account)}</A></p>
                    }
                    .into_any(),
                }}
            </div>
        </section>
    }
}
