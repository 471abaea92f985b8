//! "Nouveau projet" and a project's page (`/account/projects/new`, `/account/projects/:id`): the
//! project form beside its instant quote, then (once saved) the design files and ordering the
//! project, or asking the account's buyers to.
use super::{
    controls::{ProjectControls, ProjectFields},
    files::FilesSection,
    order::{OrderSection, Ordering},
    quote::QuotePanel,
};
use crate::documents::pages::ProjectQuotes;
use crate::{
    auth::{types::Me, use_me},
    components::{
        errors::form_error_text,
        form::{
            form_action, on_success, ActionOutcome, AppAction, FormAlert, FormStatus, SubmitButton,
        },
        format,
        labels::person_or_former,
        text::tr,
    },
    error::AppError,
    i18n::*,
    issues::Form,
    orders::api as orders_api,
    plain_forms::{Hidden, PlainForm, PostForm, PostedBefore},
    projects::{api, forms::ProjectForm, types::ProjectDetail},
};
use leptos::{prelude::*, server_fn::ServerFn, wasm_bindgen::JsValue};
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_location, use_navigate, use_params_map, use_query_map},
    location::State,
    NavigateOptions,
};
use uuid::Uuid;

#[component]
pub fn ProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let params = use_params_map();
    // No `id`: a new project. An `id` that is no UUID names no project.
    let route = Memo::new(move |_| params.with(|p| p.get("id").map(|id| id.parse::<Uuid>().ok())));
    // Created here, outside the suspense, in the same order on the server and in the browser.
    let plain = PlainForm::of_argument(
        match route.get_untracked() {
            None => api::CreateProject::PATH,
            Some(_) => api::SaveProject::PATH,
        },
        "form",
    );
    let ordering = Ordering {
        place: PlainForm::of_argument(orders_api::PlaceOrder::PATH, "form"),
        request: PlainForm::of_argument(orders_api::RequestPurchase::PATH, "form"),
    };
    let duplicate = PlainForm::new(api::DuplicateProject::PATH);
    let uploads = PostedBefore::to(api::UploadFile::PATH);
    let quote = PlainForm::new(crate::documents::api::RequestQuote::PATH);
    let project = Resource::new(
        move || route.get(),
        |route| async move {
            match route {
                None => Ok(None),
                Some(Some(id)) => api::load_project(id).await.map(Some),
                Some(None) => Err(AppError::NotFound),
            }
        },
    );
    let title = move || {
        if route.with(Option::is_none) {
            t_string!(i18n, projects.new_title)
        } else {
            t_string!(i18n, projects.project_title)
        }
    };
    view! {
        <Title text=move || title().to_string() />
        <p class="back-link"><A href="/account/projects" exact=true>{tr!(i18n, projects.back)}</A></p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let me = me.await.ok().flatten();
                match project.await {
                    Ok(detail) => view! { <ProjectEditor detail me plain ordering duplicate uploads /> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <h1 class="caps">{tr!(i18n, projects.project_title)}</h1>
                        <p class="notice" role="alert">{tr!(i18n, projects.not_found)}</p>
                    }
                    .into_any(),
                    Err(error) => view! {
                        <h1 class="caps">{tr!(i18n, projects.project_title)}</h1>
                        <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
        // Beside the editor, not in it: the quotes' list is a resource of the page.
        {move || route.get().flatten().map(|project_id| view! { <ProjectQuotes project_id form=quote /> })}
    }
}

/// What an action that worked did, as the page's live region says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Done {
    Created,
    Saved,
    Reloaded,
    RequestSent,
}

impl Done {
    fn text(locale: Locale, done: Done) -> &'static str {
        match done {
            Done::Created => td_string!(locale, projects.done_created),
            Done::Saved => td_string!(locale, projects.done_saved),
            Done::Reloaded => td_string!(locale, projects.done_reloaded),
            Done::RequestSent => td_string!(locale, projects.done_request_sent),
        }
    }
}

/// The history state of the page a new project opens on.
const CREATED: &str = "created";

/// What the form of a saved project sends: each is one server function.
#[derive(Clone)]
#[allow(
    clippy::large_enum_variant,
    reason = "one value at a time, the action's: its size costs nothing"
)]
enum Edit {
    /// Saves the form over the version it was loaded at.
    Save {
        project_id: Uuid,
        version: i32,
        form: ProjectForm,
    },
    /// After an edit conflict: the project as the other person saved it.
    Reload(Uuid),
}

/// What the server answered, for the form to take.
#[derive(Clone)]
#[allow(
    clippy::large_enum_variant,
    reason = "one value at a time, the action's: its size costs nothing"
)]
enum Edited {
    Saved { version: i32, form: ProjectForm },
    Reloaded(ProjectDetail),
}

impl Edit {
    async fn run(self) -> Result<Edited, AppError> {
        match self {
            Edit::Save {
                project_id,
                version,
                form,
            } => {
                // Checked here first, as the server checks it again.
                form.parse()?;
                let version = api::save_project(project_id, version, form.clone()).await?;
                Ok(Edited::Saved { version, form })
            }
            Edit::Reload(project_id) => api::load_project(project_id).await.map(Edited::Reloaded),
        }
    }
}

/// Reads the project again for what others may have changed beside the form (the history
/// line and the files): the form and its version stay as they are, so that a later save still
/// detects a change made by someone else meanwhile.
pub(super) type Refresh = AppAction<Uuid, ProjectDetail>;

/// Who created the project and who changed it last, and when.
#[derive(Clone, Debug, PartialEq)]
struct History {
    created_by: Option<String>,
    created_at: i64,
    updated_by: Option<String>,
    updated_at: i64,
}

impl History {
    fn of(detail: &ProjectDetail) -> Self {
        Self {
            created_by: detail.created_by.clone(),
            created_at: detail.created_at,
            updated_by: detail.updated_by.clone(),
            updated_at: detail.updated_at,
        }
    }

    fn text(&self, locale: Locale) -> String {
        td_string!(
            locale,
            projects.history_line,
            created_by = person_or_former(locale, self.created_by.as_deref()),
            created_at = format::date_time(locale, self.created_at),
            updated_by = person_or_former(locale, self.updated_by.as_deref()),
            updated_at = format::date_time(locale, self.updated_at)
        )
        .to_string()
    }
}

#[component]
fn ProjectEditor(
    detail: Option<ProjectDetail>,
    me: Option<Me>,
    plain: PlainForm,
    ordering: Ordering,
    duplicate: PlainForm,
    /// A design file posted by the browser itself before this page.
    uploads: PostedBefore,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let location = use_location();
    let outcome = RwSignal::new(None::<Done>);
    // A new project starts from the board in the address, if any (the services page's quote).
    let query = use_query_map();
    // The project as saved; a new one from the board in the address, if any (the services
    // page's quote); or what was typed, when the server refused the form posted before.
    let initial = detail
        .as_ref()
        .map(|detail| detail.form.clone())
        .unwrap_or_else(|| {
            query.with_untracked(|query| ProjectForm::from_query(|key| query.get(key)))
        });
    let typed = plain.error().map(|_| ProjectForm {
        notes: plain.typed("notes").unwrap_or_default(),
        ..ProjectForm::from_query(|key| plain.typed(key))
    });
    let saved_form = initial.clone();
    let initial = typed.unwrap_or(initial);
    let fields = ProjectFields::new(&initial);
    // The project as the server has it: what an order is placed on.
    let saved = RwSignal::new(saved_form);
    let version = RwSignal::new(detail.as_ref().map_or(0, |detail| detail.version));
    let history = RwSignal::new(detail.as_ref().map(History::of));
    let files = RwSignal::new(
        detail
            .as_ref()
            .map(|detail| detail.files.clone())
            .unwrap_or_default(),
    );
    let project_id = detail.as_ref().map(|detail| detail.id);
    let address_book = detail
        .as_ref()
        .map(|detail| detail.address_book.clone())
        .unwrap_or_default();
    let last_delivery = detail.and_then(|detail| detail.last_delivery);

    let create = form_action(api::create_project);
    let edit: AppAction<Edit, Edited> = Action::new_unsync(|edit: &Edit| edit.clone().run());
    let refresh: Refresh = Action::new_unsync(|id: &Uuid| api::load_project(*id));
    let status = match project_id {
        None => plain.status(create),
        Some(_) => plain.status(edit),
    };
    on_success(create, move |id: Uuid| {
        // The history entry's state tells the project's page to say so, and the address stays
        // the project's own.
        let options = NavigateOptions {
            state: State::new(Some(JsValue::from_str(CREATED))),
            ..Default::default()
        };
        navigate(&format!("/account/projects/{id}"), options)
    });
    // What others may have changed beside the form.
    let update_around_form = move |fresh: &ProjectDetail| {
        history.set(Some(History::of(fresh)));
        files.set(fresh.files.clone());
    };
    on_success(edit, move |edited| match edited {
        Edited::Saved {
            version: new_version,
            form,
        } => {
            version.set(new_version);
            saved.set(form);
            outcome.set(Some(Done::Saved));
            if let Some(id) = project_id {
                refresh.dispatch(id);
            }
        }
        Edited::Reloaded(fresh) => {
            fields.set(&fresh.form);
            saved.set(fresh.form.clone());
            version.set(fresh.version);
            update_around_form(&fresh);
            outcome.set(Some(Done::Reloaded));
        }
    });
    on_success(refresh, move |fresh| update_around_form(&fresh));
    // Coming from "Nouveau projet" (told by the history entry's state): say that it was created.
    Effect::new(move |_| {
        let state = location.state.with(|state| state.to_js_value().as_string());
        if state.as_deref() == Some(CREATED) {
            outcome.set(Some(Done::Created));
        }
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        outcome.set(None);
        let form = fields.get_untracked();
        match project_id {
            None => create.dispatch(form),
            Some(project_id) => edit.dispatch(Edit::Save {
                project_id,
                version: version.get_untracked(),
                form,
            }),
        };
    };
    let reload = Callback::new(move |()| {
        if let Some(id) = project_id {
            edit.dispatch(Edit::Reload(id));
        }
    });

    let heading = move || match project_id {
        None => t_string!(i18n, projects.new_title).to_string(),
        Some(_) => saved.with(|project| project.name.clone()),
    };
    let submit_label = match project_id {
        None => tr!(i18n, projects.create_submit),
        Some(_) => tr!(i18n, projects.save_submit),
    };

    view! {
        <h1 class="caps">{heading}</h1>
        {move || history.get().map(|history| view! {
            <p class="meta-line">{move || history.text(i18n.get_locale())}</p>
        })}
        <ActionOutcome outcome=Signal::derive(move || outcome.get().map(Ok)) done=Done::text />
        <div class="project-layout">
            <PostForm form=plain on_submit label=Signal::derive(move || t_string!(i18n, projects.form_label).to_string())>
                <FormAlert status />
                {project_id.map(|project_id| view! {
                    <Hidden field="project_id" argument=true value=Signal::derive(move || project_id.to_string()) />
                    <Hidden field="version" argument=true value=Signal::derive(move || version.get().to_string()) />
                })}
                <ReloadOnConflict status reload />
                {view! { <ProjectControls fields status /> }.into_any()}
                <p class="form__legend-note">{tr!(i18n, fields.required_note)}</p>
                <SubmitButton status>{submit_label}</SubmitButton>
            </PostForm>
            {view! { <QuotePanel fields /> }.into_any()}
        </div>
        {match project_id {
            None => view! { <p class="notice">{tr!(i18n, projects.save_first)}</p> }.into_any(),
            Some(project_id) => view! {
                {view! { <FilesSection project_id version files refresh reload uploads /> }.into_any()}
                {view! {
                    <OrderSection project_id me last_delivery address_book version saved fields reload outcome ordering />
                }.into_any()}
                {view! { <DuplicateSection project_id form=duplicate /> }.into_any()}
            }
            .into_any(),
        }}
    }
    .into_any()
}

/// "Dupliquer le projet": a copy with its files, opened at once (a form posting `project_id`
/// until the page is hydrated, answered with the copy's page).
#[component]
fn DuplicateSection(project_id: Uuid, form: PlainForm) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let duplicate: AppAction<Uuid, Uuid> =
        Action::new_unsync(|id: &Uuid| api::duplicate_project(*id));
    let status = form.status(duplicate);
    on_success(duplicate, move |copy| {
        navigate(&format!("/account/projects/{copy}"), Default::default());
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        duplicate.dispatch(project_id);
    };
    view! {
        <section class="form-section" aria-labelledby="duplicate-title">
            <h2 id="duplicate-title" class="caps">{tr!(i18n, projects.duplicate_title)}</h2>
            <p>{tr!(i18n, projects.duplicate_intro)}</p>
            <PostForm form on_submit labelled_by="duplicate-title">
                <FormAlert status />
                <Hidden field="project_id" value=Signal::stored(project_id.to_string()) />
                <SubmitButton status>{tr!(i18n, projects.duplicate_submit)}</SubmitButton>
            </PostForm>
        </section>
    }
}

/// "Recharger le projet", while the form's last answer is an edit conflict.
#[component]
pub(super) fn ReloadOnConflict(status: FormStatus, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let conflict = move || {
        status
            .error
            .with(|error| matches!(error, Some(AppError::EditConflict { .. })))
    };
    move || {
        conflict().then(|| {
            view! {
                <p class="edit-conflict">
                    <button type="button" class="button" on:click=move |_| reload.run(())>
                        {tr!(i18n, projects.reload)}
                    </button>
                </p>
            }
        })
    }
}
