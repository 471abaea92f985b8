//! "Mes projets": the account's projects, most recently changed first, and the way to a new one.
use crate::{
    components::{
        errors::form_error_text,
        format,
        labels::{person_or_former, service_text},
        text::tr,
    },
    i18n::*,
    projects::{api, types::ProjectSummary},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let i18n = use_i18n();
    let projects = Resource::new(|| (), |()| api::list_projects());
    view! {
        <Title text=tr!(i18n, projects.title) />
        <h1 class="caps">{tr!(i18n, projects.title)}</h1>
        <p class="page__intro">{tr!(i18n, projects.intro)}</p>
        <p class="page-actions">
            <A href="/account/projects/new" attr:class="button button--primary">{tr!(i18n, projects.new_button)}</A>
        </p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match projects.await {
                    Ok(projects) => view! { <ProjectTable projects /> }.into_any(),
                    Err(error) => view! { <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProjectTable(projects: Vec<ProjectSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if projects.is_empty() {
        return view! { <p class="empty">{tr!(i18n, projects.empty)}</p> }.into_any();
    }
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
    .into_any()
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
