//! "Mes projets": a page of the account's projects (most recently changed first, searched and
//! filtered from the address), and the way to a new one.
use crate::{
    components::{
        errors::form_error_text,
        format,
        labels::{person_or_former, service_text},
        list::{query_options, use_list_query, words, EmptyList, ListControls, Pager, QuerySelect},
        text::tr,
    },
    i18n::*,
    projects::{api, types::ProjectSummary},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use shared::{list::ProjectFilter, Service};

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_list_query::<ProjectFilter, _>();
    let projects = Resource::new(move || query.get(), api::list_projects);
    let service = Signal::derive(move || {
        query.with(|query| {
            query
                .filter
                .service
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default()
        })
    });
    view! {
        <Title text=tr!(i18n, projects.title) />
        <h1 class="caps">{tr!(i18n, projects.title)}</h1>
        <p class="page__intro">{tr!(i18n, projects.intro)}</p>
        <p class="page-actions">
            <A href="/account/projects/new" attr:class="button button--primary">{tr!(i18n, projects.new_button)}</A>
        </p>
        <ListControls query id="projects" search_hint=words(tr!(i18n, projects.search_hint))>
            <QuerySelect id="projects-service" name="service" label=words(tr!(i18n, projects.filter_service))
                current=service all=Some(words(tr!(i18n, lists.all)))
                options=query_options(&Service::ALL, |s| s.as_str().into(), |l, s| service_text(l, s).into()) />
        </ListControls>
        // The page before stays until the next one is there.
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match projects.await {
                    Ok(page) => {
                        let lines = if page.items.is_empty() {
                            view! { <EmptyList query empty=words(tr!(i18n, projects.empty)) /> }.into_any()
                        } else {
                            view! { <ProjectTable projects=page.items.clone() /> }.into_any()
                        };
                        view! { {lines} <Pager query page /> }.into_any()
                    }
                    Err(error) => view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ProjectTable(projects: Vec<ProjectSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">{tr!(i18n, projects.list_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr!(i18n, projects.col_name)}</th>
                        <th scope="col">{tr!(i18n, projects.col_service)}</th>
                        <th scope="col" class="num">{tr!(i18n, projects.col_layers)}</th>
                        <th scope="col" class="num">{tr!(i18n, projects.col_size)}</th>
                        <th scope="col" class="num">{tr!(i18n, projects.col_quantity)}</th>
                        <th scope="col" class="num">{tr!(i18n, projects.col_files)}</th>
                        <th scope="col">{tr!(i18n, projects.col_updated)}</th>
                    </tr>
                </thead>
                <tbody>
                    {projects.into_iter().map(|project| view! { <ProjectRow project /> }.into_any()).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ProjectRow(project: ProjectSummary) -> impl IntoView {
    let i18n = use_i18n();
    let ProjectSummary {
        id,
        name,
        service,
        quantity,
        layers,
        width_mm,
        height_mm,
        files,
        updated_by,
        updated_at,
    } = project;
    view! {
        <tr>
            <th scope="row"><A href=format!("/account/projects/{id}")>{name}</A></th>
            <td>{move || service_text(i18n.get_locale(), service)}</td>
            <td class="num">{layers}</td>
            <td class="num">{format!("{width_mm} × {height_mm}")}</td>
            <td class="num">{quantity}</td>
            <td class="num">{files}</td>
            <td>
                {move || {
                    let locale = i18n.get_locale();
                    td_string!(
                        locale,
                        projects.changed_by_on,
                        name = person_or_former(locale, updated_by.as_deref()),
                        date = format::date_time(locale, updated_at)
                    )
                    .to_string()
                }}
            </td>
        </tr>
    }
}
