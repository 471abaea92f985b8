//! "Supprimer mon compte", on the profile page: what goes and what stays, the password typed
//! again, then the person is logged out everywhere and back on the home page.
use crate::{
    components::{
        controls::Input,
        errors::conflict_text,
        form::{on_success, AppAction, FormAlert, SubmitButton},
        text::tr,
    },
    error::AppError,
    i18n::*,
    personal_data::api,
    plain_forms::{PlainForm, PostForm},
};
use leptos::prelude::*;

/// `form` is made by the profile page, outside its suspense (plain_forms).
#[component]
pub fn DeleteAccountSection(form: PlainForm) -> impl IntoView {
    let i18n = use_i18n();
    let password = RwSignal::new(String::new());
    let delete: AppAction<String, ()> =
        Action::new_unsync(|password: &String| api::delete_account(password.clone()));
    // Nothing of the account area is left to show: a full load of the home page, logged out.
    on_success(delete, |()| {
        let _ = window().location().set_href("/");
    });
    let status = form.status(delete);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        delete.dispatch(password.get_untracked());
    };
    view! {
        <section class="panel" aria-labelledby="delete-account-title">
            <h2 id="delete-account-title">{tr!(i18n, personal_data.delete_title)}</h2>
            <p>{tr!(i18n, personal_data.delete_intro)}</p>
            <p>{tr!(i18n, personal_data.delete_holder)}</p>
            <PostForm form on_submit>
                <FormAlert status />
                // The account's own refusal (a holder with members) has no field to sit by.
                {move || status.error.with(|error| match error {
                    Some(AppError::Conflict { field, code }) if field == "account" => Some(view! {
                        <p class="notice" role="alert">{conflict_text(i18n.get_locale(), *code)}</p>
                    }),
                    _ => None,
                })}
                <Input id="delete_password" field="password" value=password status required=true
                    kind="password" autocomplete="current-password">
                    {tr!(i18n, personal_data.delete_password)}
                </Input>
                <SubmitButton status>{tr!(i18n, personal_data.delete_submit)}</SubmitButton>
            </PostForm>
        </section>
    }
}
