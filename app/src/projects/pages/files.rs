//! The project's design files: one upload form per kind, and the current files with their
//! download links. An upload is an edit: it names the version the page holds and takes the
//! new one.
use super::edit::Refresh;
use crate::{
    components::{
        errors::{form_error_text, problem_text},
        form::{on_success, AppAction},
        format,
        labels::{file_hint_text, file_kind_text, file_size_text, person_or_former},
        text::tr,
    },
    error::AppError,
    i18n::*,
    plain_forms::PostedBefore,
    projects::{
        api,
        types::{file_url, ProjectFile, UploadedFile},
    },
};
use leptos::{html, prelude::*, server_fn::ServerFn, web_sys::FormData};
use shared::{FieldError, FileKind, MAX_FILE_BYTES};
use uuid::Uuid;

#[component]
pub(super) fn FilesSection(
    project_id: Uuid,
    /// The project's version as the page holds it: an upload names it and moves it on.
    version: RwSignal<i32>,
    files: RwSignal<Vec<ProjectFile>>,
    refresh: Refresh,
    /// Reloads the project after an edit conflict.
    reload: Callback<()>,
    /// A design file posted by the browser itself before this page.
    uploads: PostedBefore,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="form-section" aria-labelledby="files-title">
            <h2 id="files-title" class="caps">{tr!(i18n, projects.files_title)}</h2>
            <p>{tr!(i18n, projects.files_intro)}</p>
            <div class="uploads">
                {FileKind::ALL
                    .iter()
                    .copied()
                    .map(|kind| {
                        let before = uploads.from_form("kind", kind.as_str());
                        view! { <UploadForm project_id kind version files refresh reload before /> }
                            .into_any()
                    })
                    .collect_view()}
            </div>
            {view! { <FileTable files /> }.into_any()}
        </section>
    }
    .into_any()
}

/// The upload form's data, once the chosen file passed the checks that the server would only
/// make after the whole upload.
fn checked_upload(
    form: NodeRef<html::Form>,
    input: NodeRef<html::Input>,
) -> Result<FormData, AppError> {
    let refused = |code| Err(AppError::field("file", code));
    let chosen = input
        .get_untracked()
        .and_then(|input| input.files())
        .and_then(|list| list.get(0));
    match chosen {
        None => refused(FieldError::Required),
        Some(file) if file.size() > MAX_FILE_BYTES as f64 => refused(FieldError::FileTooLarge),
        Some(file) if file.size() <= 0.0 => refused(FieldError::FileEmpty),
        Some(_) => form
            .get_untracked()
            .and_then(|form| FormData::new_with_form(&form).ok())
            .ok_or(AppError::Network),
    }
}

/// One kind's upload: a real multipart form, which the client sends through the server function
/// (and which, before the client runs, the browser posts to that function's endpoint by itself:
/// its action names the kind, for the page it comes back to to say which form was answered).
#[component]
fn UploadForm(
    project_id: Uuid,
    kind: FileKind,
    version: RwSignal<i32>,
    files: RwSignal<Vec<ProjectFile>>,
    refresh: Refresh,
    reload: Callback<()>,
    /// This form's post by the browser itself, before this page.
    before: PostedBefore,
) -> impl IntoView {
    let i18n = use_i18n();
    let form_ref = NodeRef::<html::Form>::new();
    let input_ref = NodeRef::<html::Input>::new();
    // The form is read when the action is dispatched, before anything else can change it.
    let upload: AppAction<(), UploadedFile> = Action::new_unsync(move |()| {
        let checked = checked_upload(form_ref, input_ref);
        async move { api::upload_file(checked?.into()).await }
    });
    let pending = upload.pending();
    let value = upload.value();
    let sent = upload.version();
    let posted_before = before.outcome::<UploadedFile>();
    // The file just stored, or why it was not; nothing while the next one is sent. Until the
    // action runs, the answer to the form the browser posted itself.
    let answer = Memo::new(move |_| match (pending.get(), sent.get()) {
        (true, _) => None,
        (false, 0) => posted_before.clone(),
        (false, _) => value.get(),
    });
    let failed = move || answer.with(|answer| matches!(answer, Some(Err(_))));
    // A posted form's conflict needs no reload: the page it came back to is the new version.
    let stale = move || {
        sent.get() > 0
            && answer.with(|answer| matches!(answer, Some(Err(AppError::EditConflict { .. }))))
    };
    on_success(upload, move |uploaded: UploadedFile| {
        if let Some(form) = form_ref.get_untracked() {
            form.reset();
        }
        version.set(uploaded.version);
        let stored = uploaded.file;
        // The new file replaces the project's file of its kind; then the list as the server
        // has it (someone else may have uploaded meanwhile).
        files.update(|files| {
            files.retain(|file| file.kind != stored.kind);
            files.push(stored);
        });
        refresh.dispatch(project_id);
    });
    Effect::new(move |_| {
        if failed() {
            if let Some(input) = input_ref.get_untracked() {
                let _ = input.focus();
            }
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if !pending.get_untracked() {
            upload.dispatch(());
        }
    };

    let input_id = format!("file-{}", kind.as_str());
    let title_id = format!("{input_id}-title");
    let hint_id = format!("{input_id}-hint");
    let message_id = format!("{input_id}-message");
    let endpoint = format!("{}?kind={}", api::UploadFile::PATH, kind.as_str());
    let described_by = {
        let hint_id = hint_id.clone();
        let message_id = message_id.clone();
        move || {
            if failed() {
                format!("{message_id} {hint_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    view! {
        <form class="upload" node_ref=form_ref novalidate on:submit=on_submit
            method="post" enctype="multipart/form-data" action=endpoint
            aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone()>{move || file_kind_text(i18n.get_locale(), kind)}</h3>
            <input type="hidden" name="project_id" value=project_id.to_string() />
            <input type="hidden" name="version" value=move || version.get().to_string() />
            <input type="hidden" name="kind" value=kind.as_str() />
            <div class="field" class:field--invalid=failed>
                <label for=input_id.clone()>
                    {tr!(i18n, projects.file_label)}
                    <span class="visually-hidden">" (" {move || file_kind_text(i18n.get_locale(), kind)} ")"</span>
                </label>
                <input id=input_id.clone() node_ref=input_ref type="file" name="file"
                    accept=kind.accept_attribute()
                    aria-invalid=move || failed().to_string()
                    aria-describedby=described_by />
                <p class="field__hint" id=hint_id.clone()>{move || file_hint_text(i18n.get_locale(), kind)}</p>
            </div>
            // Present from the start, so that what appears in it is read out.
            <div id=message_id.clone() aria-live="polite">
                {move || answer.get().map(|answer| match answer {
                    Ok(stored) => view! {
                        <p class="status-ok">
                            {move || t_string!(i18n, projects.file_stored, name = stored.file.file_name.as_str()).to_string()}
                        </p>
                    }
                    .into_any(),
                    Err(error) => view! {
                        <p class="field__error" role="alert">{move || upload_error_text(i18n.get_locale(), &error)}</p>
                    }
                    .into_any(),
                })}
            </div>
            // Someone changed the project since the page loaded it: reload, then send again.
            {move || stale().then(|| view! {
                <p class="edit-conflict">
                    <button type="button" class="button" on:click=move |_| {
                        upload.value().set(None);
                        reload.run(());
                    }>
                        {tr!(i18n, projects.reload)}
                    </button>
                </p>
            })}
            <button type="submit" class="button" disabled=move || pending.get()
                aria-busy=move || pending.get().to_string()>
                {tr!(i18n, projects.upload_submit)}
                <span class="visually-hidden">" " {move || file_kind_text(i18n.get_locale(), kind)}</span>
            </button>
        </form>
    }
    .into_any()
}

/// An upload's failure: the file's problem when there is one, else the general message.
fn upload_error_text(locale: Locale, error: &AppError) -> String {
    match error
        .problem_with("file")
        .or_else(|| error.problem_with("kind"))
    {
        Some(problem) => problem_text(locale, problem).to_string(),
        None => form_error_text(locale, error),
    }
}

/// The project's current files, with their download links.
#[component]
fn FileTable(files: RwSignal<Vec<ProjectFile>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let files = files.get();
        if files.is_empty() {
            return view! { <p class="empty">{tr!(i18n, projects.no_files)}</p> }.into_any();
        }
        view! { <FilesTable files /> }.into_any()
    }
}

/// A table of design files.
#[component]
fn FilesTable(files: Vec<ProjectFile>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">{tr!(i18n, projects.files_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr!(i18n, projects.col_kind)}</th>
                        <th scope="col">{tr!(i18n, projects.col_file)}</th>
                        <th scope="col" class="num">{tr!(i18n, projects.col_file_size)}</th>
                        <th scope="col">{tr!(i18n, projects.col_uploaded)}</th>
                    </tr>
                </thead>
                <tbody>
                    {files.into_iter().map(|file| {
                        let ProjectFile { id, kind, file_name, size_bytes, uploaded_by, uploaded_at } = file;
                        view! {
                            <tr>
                                <th scope="row">{move || file_kind_text(i18n.get_locale(), kind)}</th>
                                // A plain download: `download` keeps the router from handling it.
                                <td><a href=file_url(id) download="" rel="external">
                                    <span class="visually-hidden">{tr!(i18n, projects.download)} " "</span>
                                    {file_name}
                                </a></td>
                                <td class="num">{move || file_size_text(i18n.get_locale(), size_bytes)}</td>
                                <td>{move || {
                                    let locale = i18n.get_locale();
                                    td_string!(
                                        locale,
                                        projects.changed_by_on,
                                        name = person_or_former(locale, uploaded_by.as_deref()),
                                        date = format::date_time(locale, uploaded_at)
                                    )
                                    .to_string()
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
