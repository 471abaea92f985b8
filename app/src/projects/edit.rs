//! "Nouveau projet" and a project's page (`/account/projects/new`, `/account/projects/:id`): the
//! project form beside its instant quote, then (once saved) the design files and ordering the
//! project, or asking the account's buyers to.
use super::{
    api,
    forms::{OrderForm, ProjectForm},
    types::{file_url, ProjectDetail, ProjectFile},
};
use crate::{
    auth::{api::Me, use_me},
    components::{
        controls::{Choice, Input, RadioGroup, Select, Textarea},
        errors::{form_error_text, problem_text},
        form::{FormAlert, SubmitButton},
        format,
        labels::*,
        legacy::FormState,
        text::tr,
    },
    error::AppError,
    i18n::*,
    issues::Form,
    orders::api as orders_api,
};
use leptos::{prelude::*, server_fn::ServerFn, wasm_bindgen::JsValue};
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_location, use_navigate, use_params_map},
    location::State,
    NavigateOptions,
};
use shared::{
    quote, BoardThickness, CountryCode, FieldError, FileKind, LayerCount, LeadTime, Millimetres,
    Quantity, Quote, Service, SolderMask, SurfaceFinish, MAX_FILE_BYTES,
};
use uuid::Uuid;

/// The bounds the parsers accept, shown as hints and as `min`/`max` of the number inputs.
const QUANTITY_RANGE: (u32, u32) = (Quantity::MIN, Quantity::MAX);
const SIZE_RANGE_MM: (u32, u32) = (Millimetres::MIN as u32, Millimetres::MAX as u32);

#[component]
pub fn ProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let params = use_params_map();
    // No `id`: a new project. An `id` that is no UUID names no project.
    let route = Memo::new(move |_| params.with(|p| p.get("id").map(|id| id.parse::<Uuid>().ok())));
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
                    Ok(detail) => view! { <ProjectEditor detail me /> }.into_any(),
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
    }
}

/// The project form's values as typed, one signal per control.
#[derive(Clone, Copy)]
struct ProjectFields {
    name: RwSignal<String>,
    service: RwSignal<String>,
    quantity: RwSignal<String>,
    layers: RwSignal<String>,
    width_mm: RwSignal<String>,
    height_mm: RwSignal<String>,
    thickness: RwSignal<String>,
    finish: RwSignal<String>,
    mask: RwSignal<String>,
    notes: RwSignal<String>,
}

impl ProjectFields {
    fn new(form: &ProjectForm) -> Self {
        Self {
            name: RwSignal::new(form.name.clone()),
            service: RwSignal::new(form.service.clone()),
            quantity: RwSignal::new(form.quantity.clone()),
            layers: RwSignal::new(form.layers.clone()),
            width_mm: RwSignal::new(form.width_mm.clone()),
            height_mm: RwSignal::new(form.height_mm.clone()),
            thickness: RwSignal::new(form.thickness.clone()),
            finish: RwSignal::new(form.finish.clone()),
            mask: RwSignal::new(form.mask.clone()),
            notes: RwSignal::new(form.notes.clone()),
        }
    }

    fn set(self, form: &ProjectForm) {
        self.name.set(form.name.clone());
        self.service.set(form.service.clone());
        self.quantity.set(form.quantity.clone());
        self.layers.set(form.layers.clone());
        self.width_mm.set(form.width_mm.clone());
        self.height_mm.set(form.height_mm.clone());
        self.thickness.set(form.thickness.clone());
        self.finish.set(form.finish.clone());
        self.mask.set(form.mask.clone());
        self.notes.set(form.notes.clone());
    }

    /// The form as typed now (tracked: a closure calling it follows every control).
    fn get(self) -> ProjectForm {
        ProjectForm {
            name: self.name.get(),
            service: self.service.get(),
            quantity: self.quantity.get(),
            layers: self.layers.get(),
            width_mm: self.width_mm.get(),
            height_mm: self.height_mm.get(),
            thickness: self.thickness.get(),
            finish: self.finish.get(),
            mask: self.mask.get(),
            notes: self.notes.get(),
        }
    }

    fn get_untracked(self) -> ProjectForm {
        untrack(move || self.get())
    }
}

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

/// The history state of the page a new project opens on.
const CREATED: &str = "created";

/// What the editor says in its live region once an action worked.
fn done_text(locale: Locale, done: &str) -> &'static str {
    match done {
        "created" => td_string!(locale, projects.done_created),
        "reloaded" => td_string!(locale, projects.done_reloaded),
        "request_sent" => td_string!(locale, projects.done_request_sent),
        _ => td_string!(locale, projects.done_saved),
    }
}

/// Reads the project again for what others may have changed beside the form: the history line
/// and the files. The form and its version stay as they are (a later save still detects a
/// change made by someone else meanwhile).
fn refresh_around_form(
    project_id: Uuid,
    history: RwSignal<Option<History>>,
    files: RwSignal<Vec<ProjectFile>>,
) {
    leptos::task::spawn_local(async move {
        if let Ok(fresh) = api::load_project(project_id).await {
            history.set(Some(History::of(&fresh)));
            files.set(fresh.files);
        }
    });
}

#[component]
fn ProjectEditor(detail: Option<ProjectDetail>, me: Option<Me>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let location = use_location();
    let form = FormState::new();
    let outcome = RwSignal::new(None::<&'static str>);
    let initial = detail
        .as_ref()
        .map(|detail| detail.form.clone())
        .unwrap_or_default();
    let fields = ProjectFields::new(&initial);
    // The project as the server has it: what an order is placed on.
    let saved = RwSignal::new(initial);
    let version = RwSignal::new(detail.as_ref().map_or(0, |detail| detail.version));
    let history = RwSignal::new(detail.as_ref().map(History::of));
    let files = RwSignal::new(
        detail
            .as_ref()
            .map(|detail| detail.files.clone())
            .unwrap_or_default(),
    );
    let project_id = detail.as_ref().map(|detail| detail.id);
    let last_delivery = detail.and_then(|detail| detail.last_delivery);

    // Coming from "Nouveau projet" (told by the history entry's state, so that the address
    // stays the project's own): say that it was created.
    Effect::new(move |_| {
        let state = location.state.with(|state| state.to_js_value().as_string());
        if state.as_deref() == Some(CREATED) {
            outcome.set(Some("created"));
        }
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        outcome.set(None);
        let input = fields.get_untracked();
        let check = input.parse().map(|_| ());
        match project_id {
            None => {
                let navigate = navigate.clone();
                form.submit(
                    check,
                    move || api::create_project(input),
                    move |id: Uuid| {
                        let options = NavigateOptions {
                            state: State::new(Some(JsValue::from_str(CREATED))),
                            ..Default::default()
                        };
                        navigate(&format!("/account/projects/{id}"), options)
                    },
                );
            }
            Some(id) => {
                let sent = input.clone();
                let loaded_at = version.get_untracked();
                form.submit(
                    check,
                    move || api::save_project(id, loaded_at, sent),
                    move |new_version: i32| {
                        version.set(new_version);
                        saved.set(input);
                        outcome.set(Some("saved"));
                        refresh_around_form(id, history, files);
                    },
                );
            }
        }
    };

    // After an edit conflict: the form takes the project as saved by the other person.
    let reload = Callback::new(move |()| {
        let Some(id) = project_id else {
            return;
        };
        leptos::task::spawn_local(async move {
            match api::load_project(id).await {
                Ok(fresh) => {
                    fields.set(&fresh.form);
                    saved.set(fresh.form.clone());
                    version.set(fresh.version);
                    history.set(Some(History::of(&fresh)));
                    files.set(fresh.files);
                    form.error.set(None);
                    outcome.set(Some("reloaded"));
                }
                Err(error) => form.error.set(Some(error)),
            }
        });
    });

    let heading = move || match project_id {
        None => t_string!(i18n, projects.new_title).to_string(),
        Some(_) => saved.with(|project| project.name.clone()),
    };
    let submit_label = move || match project_id {
        None => t_string!(i18n, projects.create_submit),
        Some(_) => t_string!(i18n, projects.save_submit),
    };

    view! {
        <h1 class="caps">{heading}</h1>
        {move || history.get().map(|history| view! {
            <p class="meta-line">{move || history.text(i18n.get_locale())}</p>
        })}
        <div class="live" role="status" aria-live="polite">
            {move || outcome.get().map(|done| view! { <p class="notice">{move || done_text(i18n.get_locale(), done)}</p> })}
        </div>
        <div class="project-layout">
            <form class="form" novalidate on:submit=on_submit aria-label=tr!(i18n, projects.form_label)>
                <FormAlert status=form.status() />
                <ReloadOnConflict form reload />
                {view! { <ProjectControls fields form /> }.into_any()}
                <p class="form__legend-note">{tr!(i18n, fields.required_note)}</p>
                <SubmitButton status=form.status()>{submit_label}</SubmitButton>
            </form>
            {view! { <QuotePanel fields /> }.into_any()}
        </div>
        {match project_id {
            None => view! { <p class="notice">{tr!(i18n, projects.save_first)}</p> }.into_any(),
            Some(project_id) => view! {
                {view! { <FilesSection project_id files /> }.into_any()}
                {view! {
                    <OrderSection project_id me last_delivery version saved fields reload outcome />
                }.into_any()}
            }
            .into_any(),
        }}
    }
    .into_any()
}

/// "Recharger le projet", while `form` shows an edit conflict.
#[component]
fn ReloadOnConflict(form: FormState, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let conflict = move || {
        form.error
            .with(|error| matches!(error, Some(AppError::EditConflict { .. })))
    };
    move || {
        conflict().then(|| {
            view! {
                <p class="edit-conflict">
                    <button type="button" class="button" on:click=move |_| {
                        form.error.set(None);
                        reload.run(());
                    }>
                        {tr!(i18n, projects.reload)}
                    </button>
                </p>
            }
        })
    }
}

/// The project's controls (the form around them adds the alert and the button).
#[component]
fn ProjectControls(fields: ProjectFields, form: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let service_options = Service::ALL
        .iter()
        .copied()
        .map(|service| Choice {
            value: service.as_str().to_string(),
            label: Signal::derive(move || service_text(i18n.get_locale(), service).to_string()),
            detail: None,
        })
        .collect::<Vec<_>>();
    let layer_options = LayerCount::ALL
        .into_iter()
        .map(|layers| {
            let count = layers.get();
            Choice {
                value: count.to_string(),
                label: Signal::derive(move || count.to_string()),
                detail: None,
            }
        })
        .collect::<Vec<_>>();
    let thickness_options = BoardThickness::ALL
        .iter()
        .copied()
        .map(|thickness| Choice {
            value: thickness.as_str().to_string(),
            label: Signal::derive(move || thickness_text(i18n.get_locale(), thickness)),
            detail: None,
        })
        .collect::<Vec<_>>();
    let finish_options = SurfaceFinish::ALL
        .iter()
        .copied()
        .map(|finish| Choice {
            value: finish.as_str().to_string(),
            label: Signal::derive(move || finish_text(i18n.get_locale(), finish).to_string()),
            detail: None,
        })
        .collect::<Vec<_>>();
    let mask_options = SolderMask::ALL
        .iter()
        .copied()
        .map(|mask| Choice {
            value: mask.as_str().to_string(),
            label: Signal::derive(move || mask_text(i18n.get_locale(), mask).to_string()),
            detail: None,
        })
        .collect::<Vec<_>>();
    let quantity_hint = Signal::derive(move || {
        t_string!(
            i18n,
            projects.quantity_hint,
            min = whole_number(i18n.get_locale(), QUANTITY_RANGE.0),
            max = whole_number(i18n.get_locale(), QUANTITY_RANGE.1)
        )
        .to_string()
    });
    let size_hint = Signal::derive(move || {
        t_string!(
            i18n,
            projects.size_hint,
            min = SIZE_RANGE_MM.0,
            max = SIZE_RANGE_MM.1
        )
        .to_string()
    });
    let notes_hint = Signal::derive(move || t_string!(i18n, projects.notes_hint).to_string());
    view! {
        <Input id="name" value=fields.name status=form.status() required=true maxlength=100 autocomplete="off">
            {tr!(i18n, projects.name_label)}
        </Input>
        <RadioGroup name="service" value=fields.service status=form.status() choices=service_options required=true>
            {tr!(i18n, projects.service_legend)}
        </RadioGroup>
        <div class="field-row">
            <Input id="quantity" value=fields.quantity status=form.status() kind="number" required=true
                min=QUANTITY_RANGE.0 max=QUANTITY_RANGE.1 hint=quantity_hint>
                {tr!(i18n, projects.quantity_label)}
            </Input>
            <Select id="layers" value=fields.layers status=form.status() choices=layer_options>
                {tr!(i18n, projects.layers_label)}
            </Select>
        </div>
        <div class="field-row">
            <Input id="width_mm" value=fields.width_mm status=form.status() kind="number" required=true
                min=SIZE_RANGE_MM.0 max=SIZE_RANGE_MM.1 hint=size_hint>
                {tr!(i18n, projects.width_label)}
            </Input>
            <Input id="height_mm" value=fields.height_mm status=form.status() kind="number" required=true
                min=SIZE_RANGE_MM.0 max=SIZE_RANGE_MM.1 hint=size_hint>
                {tr!(i18n, projects.height_label)}
            </Input>
        </div>
        <div class="field-row">
            <Select id="thickness" value=fields.thickness status=form.status() choices=thickness_options>
                {tr!(i18n, projects.thickness_label)}
            </Select>
            <Select id="finish" value=fields.finish status=form.status() choices=finish_options>
                {tr!(i18n, projects.finish_label)}
            </Select>
            <Select id="mask" value=fields.mask status=form.status() choices=mask_options>
                {tr!(i18n, projects.mask_label)}
            </Select>
        </div>
        <Textarea id="notes" value=fields.notes status=form.status() maxlength=2000 hint=notes_hint>
            {tr!(i18n, projects.notes_label)}
        </Textarea>
    }
    .into_any()
}

// ---- Instant quote ---------------------------------------------------------------------------

/// The prices of a board for both lead times.
#[derive(Clone, Debug, PartialEq)]
struct Quotes {
    quantity: u32,
    standard: Quote,
    express: Quote,
}

impl Quotes {
    /// `None` while the board or the quantity does not parse.
    fn of(project: &ProjectForm) -> Option<Self> {
        let (service, board) = project.board()?;
        let quantity = Quantity::parse(&project.quantity).ok()?;
        Some(Self {
            quantity: quantity.get(),
            standard: quote(service, &board, quantity, LeadTime::Standard),
            express: quote(service, &board, quantity, LeadTime::Express),
        })
    }
}

/// The quote of the form as typed, beside the form; recomputed at every change, as the server
/// will compute it (the same function), though only the server's price counts.
#[component]
fn QuotePanel(fields: ProjectFields) -> impl IntoView {
    let i18n = use_i18n();
    let quotes = Memo::new(move |_| Quotes::of(&fields.get()));
    // One cell: a part of the quote of one lead time, in the page's language.
    let cell = move |express: bool, part: fn(&Quote, Locale) -> String| {
        move || {
            let locale = i18n.get_locale();
            quotes.with(|quotes| {
                quotes
                    .as_ref()
                    .map(|q| part(if express { &q.express } else { &q.standard }, locale))
                    .unwrap_or_default()
            })
        }
    };
    view! {
        <aside class="quote" aria-labelledby="quote-title">
            <h2 id="quote-title">{tr!(i18n, projects.quote_title)}</h2>
            <div aria-live="polite">
                <Show
                    when=move || quotes.with(Option::is_some)
                    fallback=move || view! { <p>{tr!(i18n, projects.quote_invalid)}</p> }
                >
                    <table class="table">
                        <caption class="quote__for">
                            {move || {
                                let quantity = quotes.with(|q| q.as_ref().map_or(0, |q| q.quantity));
                                t_string!(i18n, projects.quote_for, quantity = quantity).to_string()
                            }}
                        </caption>
                        <thead>
                            <tr>
                                <td></td>
                                <th scope="col" class="num">{move || lead_time_text(i18n.get_locale(), LeadTime::Standard)}</th>
                                <th scope="col" class="num">{move || lead_time_text(i18n.get_locale(), LeadTime::Express)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <tr>
                                <th scope="row">{tr!(i18n, projects.quote_unit)}</th>
                                <td class="num">{cell(false, |q, l| q.unit_net.format(l.as_str()))}</td>
                                <td class="num">{cell(true, |q, l| q.unit_net.format(l.as_str()))}</td>
                            </tr>
                            <tr>
                                <th scope="row">{tr!(i18n, projects.quote_net)}</th>
                                <td class="num">{cell(false, |q, l| q.net.format(l.as_str()))}</td>
                                <td class="num">{cell(true, |q, l| q.net.format(l.as_str()))}</td>
                            </tr>
                            <tr>
                                <th scope="row">{tr!(i18n, projects.quote_vat)}</th>
                                <td class="num">{cell(false, |q, l| q.vat.format(l.as_str()))}</td>
                                <td class="num">{cell(true, |q, l| q.vat.format(l.as_str()))}</td>
                            </tr>
                            <tr class="quote__total">
                                <th scope="row">{tr!(i18n, projects.quote_total)}</th>
                                <td class="num">{cell(false, |q, l| q.total.format(l.as_str()))}</td>
                                <td class="num">{cell(true, |q, l| q.total.format(l.as_str()))}</td>
                            </tr>
                            <tr>
                                <th scope="row">{tr!(i18n, projects.quote_days)}</th>
                                <td class="num">{cell(false, |q, l| working_days_text(l, q.working_days))}</td>
                                <td class="num">{cell(true, |q, l| working_days_text(l, q.working_days))}</td>
                            </tr>
                        </tbody>
                    </table>
                </Show>
            </div>
            <p class="quote__note">{tr!(i18n, projects.quote_note)}</p>
        </aside>
    }
    .into_any()
}

// ---- Design files ----------------------------------------------------------------------------

#[component]
fn FilesSection(project_id: Uuid, files: RwSignal<Vec<ProjectFile>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="form-section" aria-labelledby="files-title">
            <h2 id="files-title" class="caps">{tr!(i18n, projects.files_title)}</h2>
            <p>{tr!(i18n, projects.files_intro)}</p>
            <div class="uploads">
                {FileKind::ALL
                    .iter()
                    .copied()
                    .map(|kind| view! { <UploadForm project_id kind files /> }.into_any())
                    .collect_view()}
            </div>
            {view! { <FileTable files /> }.into_any()}
        </section>
    }
    .into_any()
}

/// One kind's upload: a real multipart form, which the client sends through the server function
/// (and which, before the client runs, posts to that function's endpoint by itself).
#[component]
fn UploadForm(
    project_id: Uuid,
    kind: FileKind,
    files: RwSignal<Vec<ProjectFile>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let pending = RwSignal::new(false);
    // The file just stored (its name), or why it was not.
    let result = RwSignal::new(None::<Result<String, AppError>>);
    let input_id = format!("file-{}", kind.as_str());
    let title_id = format!("{input_id}-title");
    let hint_id = format!("{input_id}-hint");
    let message_id = format!("{input_id}-message");
    let failed = move || result.with(|r| matches!(r, Some(Err(_))));
    let endpoint = <api::UploadFile as ServerFn>::url();

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (Some(form), Some(input)) = (form_ref.get_untracked(), input_ref.get_untracked())
        else {
            return;
        };
        let chosen = input.files().and_then(|list| list.get(0));
        // Refused here what the server would refuse after the whole upload.
        let refused = match &chosen {
            None => Some(FieldError::Required),
            Some(file) if file.size() > MAX_FILE_BYTES as f64 => Some(FieldError::FileTooLarge),
            Some(file) if file.size() <= 0.0 => Some(FieldError::FileEmpty),
            Some(_) => None,
        };
        if let Some(code) = refused {
            result.set(Some(Err(AppError::field("file", code))));
            let _ = input.focus();
            return;
        }
        let Ok(data) = leptos::web_sys::FormData::new_with_form(&form) else {
            return;
        };
        pending.set(true);
        result.set(None);
        leptos::task::spawn_local(async move {
            let answer = api::upload_file(data.into()).await;
            pending.set(false);
            match answer {
                Ok(stored) => {
                    form.reset();
                    result.set(Some(Ok(stored.file_name.clone())));
                    // The new file replaces the project's file of its kind; then the list as
                    // the server has it (someone else may have uploaded meanwhile).
                    files.update(|files| {
                        files.retain(|file| file.kind != stored.kind);
                        files.push(stored);
                    });
                    if let Ok(fresh) = api::load_project(project_id).await {
                        files.set(fresh.files);
                    }
                }
                Err(error) => {
                    result.set(Some(Err(error)));
                    let _ = input.focus();
                }
            }
        });
    };

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
                {move || result.get().map(|result| match result {
                    Ok(name) => view! {
                        <p class="status-ok">
                            {move || t_string!(i18n, projects.file_stored, name = name.as_str()).to_string()}
                        </p>
                    }
                    .into_any(),
                    Err(error) => view! {
                        <p class="field__error" role="alert">{move || upload_error_text(i18n.get_locale(), &error)}</p>
                    }
                    .into_any(),
                })}
            </div>
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

/// A table of design files (a project's, or the ones an order was placed with).
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

// ---- Ordering --------------------------------------------------------------------------------

/// The order form's values as typed.
#[derive(Clone, Copy)]
struct OrderFields {
    quantity: RwSignal<String>,
    lead_time: RwSignal<String>,
    recipient: RwSignal<String>,
    line1: RwSignal<String>,
    line2: RwSignal<String>,
    postal_code: RwSignal<String>,
    city: RwSignal<String>,
    country: RwSignal<String>,
    po_reference: RwSignal<String>,
}

impl OrderFields {
    fn new(form: &OrderForm) -> Self {
        Self {
            quantity: RwSignal::new(form.quantity.clone()),
            lead_time: RwSignal::new(form.lead_time.clone()),
            recipient: RwSignal::new(form.recipient.clone()),
            line1: RwSignal::new(form.line1.clone()),
            line2: RwSignal::new(form.line2.clone()),
            postal_code: RwSignal::new(form.postal_code.clone()),
            city: RwSignal::new(form.city.clone()),
            country: RwSignal::new(form.country.clone()),
            po_reference: RwSignal::new(form.po_reference.clone()),
        }
    }

    fn get_untracked(self) -> OrderForm {
        OrderForm {
            quantity: self.quantity.get_untracked(),
            lead_time: self.lead_time.get_untracked(),
            recipient: self.recipient.get_untracked(),
            line1: self.line1.get_untracked(),
            line2: self.line2.get_untracked(),
            postal_code: self.postal_code.get_untracked(),
            city: self.city.get_untracked(),
            country: self.country.get_untracked(),
            po_reference: self.po_reference.get_untracked(),
        }
    }
}

/// The order form as it opens: the project's quantity, standard lead time, and the delivery
/// address of the account's last order (else the company's name and France).
fn initial_order(quantity: String, company: &str, last_delivery: Option<OrderForm>) -> OrderForm {
    let address = last_delivery.unwrap_or_default();
    let or = |value: String, default: &str| {
        if value.trim().is_empty() {
            default.to_string()
        } else {
            value
        }
    };
    OrderForm {
        quantity,
        lead_time: LeadTime::Standard.as_str().to_string(),
        recipient: or(address.recipient, company),
        line1: address.line1,
        line2: address.line2,
        postal_code: address.postal_code,
        city: address.city,
        country: or(address.country, CountryCode::Fr.as_str()),
        po_reference: String::new(),
    }
}

/// "Commander" for a buyer; "Demander l'achat" for anyone else of the account.
#[component]
fn OrderSection(
    project_id: Uuid,
    me: Option<Me>,
    last_delivery: Option<OrderForm>,
    version: RwSignal<i32>,
    saved: RwSignal<ProjectForm>,
    fields: ProjectFields,
    reload: Callback<()>,
    outcome: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let Some(account) = me.and_then(|me| me.active) else {
        return ().into_any();
    };
    let buyer = account.permissions.can_buy;
    let initial = initial_order(
        saved.with_untracked(|project| project.quantity.clone()),
        &account.name,
        last_delivery,
    );
    let form = FormState::new();
    let order = OrderFields::new(&initial);
    // Chosen once for this form: a retry or a second click sends the same key, and the server
    // answers with the order (or request) already made instead of a second one.
    let idempotency_key = RwSignal::new(Uuid::new_v4());
    let request_sent = RwSignal::new(false);
    let unsaved = move || fields.get() != saved.get();

    // The price of the project as saved, at the order's quantity, for one lead time.
    let price_of = move |lead_time: LeadTime| {
        let project = saved.get();
        let (service, board) = project.board()?;
        let quantity = Quantity::parse(&order.quantity.get()).ok()?;
        Some(quote(service, &board, quantity, lead_time))
    };
    let lead_choices = LeadTime::ALL
        .iter()
        .copied()
        .map(|lead_time| Choice {
            value: lead_time.as_str().to_string(),
            label: Signal::derive(move || lead_time_text(i18n.get_locale(), lead_time).to_string()),
            detail: Some(Signal::derive(move || {
                let locale = i18n.get_locale();
                match price_of(lead_time) {
                    Some(price) => td_string!(
                        locale,
                        projects.lead_time_price,
                        total = price.total.format(locale.as_str()),
                        net = price.net.format(locale.as_str()),
                        days = working_days_text(locale, price.working_days)
                    )
                    .to_string(),
                    None => td_string!(locale, projects.lead_time_no_price).to_string(),
                }
            })),
        })
        .collect::<Vec<_>>();
    let country_choices = CountryCode::ALL
        .iter()
        .copied()
        .map(|country| Choice {
            value: country.as_str().to_string(),
            label: Signal::derive(move || country_text(i18n.get_locale(), country).to_string()),
            detail: None,
        })
        .collect::<Vec<_>>();

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = order.get_untracked();
        let check = input.parse().map(|_| ());
        let key = idempotency_key.get_untracked();
        let project_version = version.get_untracked();
        if buyer {
            let navigate = navigate.clone();
            form.submit(
                check,
                move || orders_api::place_order(project_id, project_version, input, key),
                move |order_id: Uuid| {
                    navigate(&format!("/account/orders/{order_id}"), Default::default())
                },
            );
        } else {
            form.submit(
                check,
                move || orders_api::request_purchase(project_id, project_version, input, key),
                move |_request_id: Uuid| {
                    request_sent.set(true);
                    outcome.set(Some("request_sent"));
                },
            );
        }
    };

    let title = move || {
        if buyer {
            t_string!(i18n, projects.order_title)
        } else {
            t_string!(i18n, projects.request_title)
        }
    };
    let intro = move || {
        if buyer {
            t_string!(i18n, projects.order_intro)
        } else {
            t_string!(i18n, projects.request_intro)
        }
    };
    let submit = move || {
        if buyer {
            t_string!(i18n, projects.order_submit)
        } else {
            t_string!(i18n, projects.request_submit)
        }
    };
    let po_hint = Signal::derive(move || t_string!(i18n, projects.po_reference_hint).to_string());
    let form_view = view! {
        <form class="form" novalidate on:submit=on_submit aria-labelledby="order-title">
            <FormAlert status=form.status() />
            <ReloadOnConflict form reload />
            {move || unsaved().then(|| view! { <p class="notice">{tr!(i18n, projects.order_unsaved)}</p> })}
            <Input id="order-quantity" field="quantity" value=order.quantity status=form.status() kind="number"
                required=true min=QUANTITY_RANGE.0 max=QUANTITY_RANGE.1>
                {tr!(i18n, projects.quantity_label)}
            </Input>
            <RadioGroup name="lead_time" value=order.lead_time status=form.status() choices=lead_choices required=true>
                {tr!(i18n, projects.lead_time_legend)}
            </RadioGroup>
            <fieldset>
                <legend>{tr!(i18n, projects.delivery_legend)}</legend>
                <Input id="recipient" value=order.recipient status=form.status() required=true maxlength=100 autocomplete="organization">
                    {tr!(i18n, projects.recipient_label)}
                </Input>
                <Input id="line1" value=order.line1 status=form.status() required=true maxlength=200 autocomplete="address-line1">
                    {tr!(i18n, projects.line1_label)}
                </Input>
                <Input id="line2" value=order.line2 status=form.status() maxlength=200 autocomplete="address-line2">
                    {tr!(i18n, projects.line2_label)}
                </Input>
                <div class="field-row">
                    <Input id="postal_code" value=order.postal_code status=form.status() required=true maxlength=10 autocomplete="postal-code">
                        {tr!(i18n, projects.postal_code_label)}
                    </Input>
                    <Input id="city" value=order.city status=form.status() required=true maxlength=200 autocomplete="address-level2">
                        {tr!(i18n, projects.city_label)}
                    </Input>
                </div>
                <Select id="country" value=order.country status=form.status() choices=country_choices autocomplete="country">
                    {tr!(i18n, projects.country_label)}
                </Select>
            </fieldset>
            <Input id="po_reference" value=order.po_reference status=form.status() maxlength=50 autocomplete="off" hint=po_hint>
                {tr!(i18n, projects.po_reference_label)}
            </Input>
            <p class="form__legend-note">{tr!(i18n, fields.required_note)}</p>
            <SubmitButton status=form.status()>{submit}</SubmitButton>
        </form>
    }
    .into_any();
    view! {
        <section class="form-section" aria-labelledby="order-title">
            <h2 id="order-title" class="caps">{title}</h2>
            <p>{intro}</p>
            <div hidden=move || request_sent.get()>{form_view}</div>
            {move || request_sent.get().then(|| view! {
                <div class="notice">
                    <p>{tr!(i18n, projects.request_sent)}</p>
                    <p><A href="/account/orders">{tr!(i18n, projects.request_follow)}</A></p>
                </div>
            })}
        </section>
    }
    .into_any()
}
