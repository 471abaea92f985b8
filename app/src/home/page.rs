//! The account home's page: the blocks "to do" first, then the recent orders and projects.
//! Every block has a heading, its own empty state and a link to the full list.
use super::{
    api,
    types::{
        HomeInvitation, HomeJoinRequest, HomeOrder, HomeOverview, HomeProject, HomeProjectFiles,
        HomePurchaseRequest,
    },
};
use crate::{
    components::{
        errors::form_error_text,
        format,
        labels::{file_kind_text, person_or_former, status_text},
        text::tr,
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn AccountHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let home = Resource::new(|| (), |()| api::account_home());
    view! {
        <Title text=tr!(i18n, account_home.title) />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(home) => view! { <Home home /> }.into_any(),
                    Err(error) => view! {
                        <h1 class="caps">{tr!(i18n, account_home.title)}</h1>
                        <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Home(home: HomeOverview) -> impl IntoView {
    let i18n = use_i18n();
    let HomeOverview {
        account,
        invitations,
        requests_to_decide,
        join_requests,
        awaiting_payment,
        missing_files,
        recent_orders,
        recent_projects,
    } = home;
    let Some(account) = account else {
        return view! {
            <h1 class="caps">{tr!(i18n, account_home.title)}</h1>
            <p>{tr!(i18n, account.no_account)}</p>
            <Invitations invitations />
            <p><A href="/account/company">{tr!(i18n, account.open_company)}</A></p>
        }
        .into_any();
    };
    let name = account.name.clone();
    view! {
        <h1 class="caps">{move || t_string!(i18n, account_home.heading, account = name.clone()).to_string()}</h1>
        <section class="home__todo" aria-labelledby="home-todo">
            <h2 id="home-todo">{tr!(i18n, account_home.todo_title)}</h2>
            {account.can_buy.then(|| view! { <RequestsToDecide requests=requests_to_decide /> })}
            {account.is_holder.then(|| view! { <JoinRequests requests=join_requests /> })}
            <Invitations invitations />
            <AwaitingPayment orders=awaiting_payment />
            <MissingFiles projects=missing_files />
        </section>
        <RecentOrders orders=recent_orders />
        <RecentProjects projects=recent_projects />
    }
    .into_any()
}

/// A block of the home: a heading, the lines or the empty state, and the link to the list.
#[component]
fn Block(
    id: &'static str,
    title: Signal<String>,
    empty: Signal<String>,
    link: &'static str,
    link_text: Signal<String>,
    lines: Vec<AnyView>,
    /// A heading one level down, for the blocks inside "To do".
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let heading = if nested {
        view! { <h3 id=id>{title}</h3> }.into_any()
    } else {
        view! { <h2 id=id class="caps">{title}</h2> }.into_any()
    };
    let content = if lines.is_empty() {
        view! { <p class="empty">{empty}</p> }.into_any()
    } else {
        view! { <ul class="home__lines">{lines}</ul> }.into_any()
    };
    view! {
        <section class="block home__block" aria-labelledby=id>
            {heading}
            {content}
            <p class="home__more"><A href=link>{link_text}</A></p>
        </section>
    }
}

/// A block's text as a signal that follows the language.
macro_rules! text {
    ($i18n:ident, $($key:tt)+) => {
        Signal::derive(move || td_string!($i18n.get_locale(), $($key)+).to_string())
    };
}

#[component]
fn RequestsToDecide(requests: Vec<HomePurchaseRequest>) -> impl IntoView {
    let i18n = use_i18n();
    let lines = requests
        .into_iter()
        .map(|request| {
            let who = request.requested_by.clone();
            let net = request.net_cents;
            view! {
                <li>
                    <strong>{request.project_name}</strong>
                    " · " {move || person_or_former(i18n.get_locale(), who.as_deref())}
                    " · " {move || format::money(i18n.get_locale(), net)}
                    " · " {move || format::date(i18n.get_locale(), request.created_at)}
                </li>
            }
            .into_any()
        })
        .collect();
    view! {
        <Block id="home-requests" nested=true lines link="/account/orders"
            title=text!(i18n, account_home.requests_title)
            empty=text!(i18n, account_home.requests_empty)
            link_text=text!(i18n, account_home.requests_link) />
    }
}

#[component]
fn JoinRequests(requests: Vec<HomeJoinRequest>) -> impl IntoView {
    let i18n = use_i18n();
    let lines = requests
        .into_iter()
        .map(|request| {
            view! {
                <li>
                    <strong>{request.name}</strong> " · " {request.email}
                    " · " {move || format::date(i18n.get_locale(), request.created_at)}
                </li>
            }
            .into_any()
        })
        .collect();
    view! {
        <Block id="home-join" nested=true lines link="/account/collaborators"
            title=text!(i18n, account_home.join_title)
            empty=text!(i18n, account_home.join_empty)
            link_text=text!(i18n, account_home.join_link) />
    }
}

#[component]
fn Invitations(invitations: Vec<HomeInvitation>) -> impl IntoView {
    let i18n = use_i18n();
    let lines = invitations
        .into_iter()
        .map(|invitation| {
            let until = invitation.expires_at;
            view! {
                <li>
                    <strong>{invitation.account_name}</strong> " · "
                    {move || t_string!(i18n, account_home.invitation_until, date = format::date(i18n.get_locale(), until)).to_string()}
                </li>
            }
            .into_any()
        })
        .collect();
    view! {
        <Block id="home-invitations" nested=true lines link="/account/collaborators"
            title=text!(i18n, account_home.invitations_title)
            empty=text!(i18n, account_home.invitations_empty)
            link_text=text!(i18n, account_home.invitations_link) />
    }
}

/// A line about an order: its number (a link to its page), project, step, total and date.
fn order_line(i18n: I18nContext<Locale>, order: HomeOrder) -> AnyView {
    let HomeOrder {
        id,
        number,
        project_name,
        status,
        total_cents,
        created_at,
        ..
    } = order;
    view! {
        <li>
            <A href=format!("/account/orders/{id}")>
                {move || t_string!(i18n, orders.number_value, number = number).to_string()}
            </A>
            " · " {project_name}
            " · " {move || status_text(i18n.get_locale(), status)}
            " · " {move || format::money(i18n.get_locale(), total_cents)}
            " · " {move || format::date(i18n.get_locale(), created_at)}
        </li>
    }
    .into_any()
}

#[component]
fn AwaitingPayment(orders: Vec<HomeOrder>) -> impl IntoView {
    let i18n = use_i18n();
    let lines = orders
        .into_iter()
        .map(|order| order_line(i18n, order))
        .collect();
    view! {
        <Block id="home-payment" nested=true lines link="/account/orders"
            title=text!(i18n, account_home.payment_title)
            empty=text!(i18n, account_home.payment_empty)
            link_text=text!(i18n, account_home.orders_link) />
    }
}

#[component]
fn MissingFiles(projects: Vec<HomeProjectFiles>) -> impl IntoView {
    let i18n = use_i18n();
    let lines = projects
        .into_iter()
        .map(|project| {
            let id = project.id;
            let missing = project.missing;
            let kinds = move || {
                let locale = i18n.get_locale();
                missing
                    .iter()
                    .map(|kind| file_kind_text(locale, *kind))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            view! {
                <li>
                    <A href=format!("/account/projects/{id}")>{project.name}</A>
                    " · " {move || t_string!(i18n, account_home.files_missing, kinds = kinds()).to_string()}
                </li>
            }
            .into_any()
        })
        .collect();
    view! {
        <Block id="home-files" nested=true lines link="/account/projects"
            title=text!(i18n, account_home.files_title)
            empty=text!(i18n, account_home.files_empty)
            link_text=text!(i18n, account_home.projects_link) />
    }
}

#[component]
fn RecentOrders(orders: Vec<HomeOrder>) -> impl IntoView {
    let i18n = use_i18n();
    let lines = orders
        .into_iter()
        .map(|order| order_line(i18n, order))
        .collect();
    view! {
        <Block id="home-orders" lines link="/account/orders"
            title=text!(i18n, account_home.orders_title)
            empty=text!(i18n, account_home.orders_empty)
            link_text=text!(i18n, account_home.orders_link) />
    }
}

#[component]
fn RecentProjects(projects: Vec<HomeProject>) -> impl IntoView {
    let i18n = use_i18n();
    let lines = projects
        .into_iter()
        .map(|project| {
            let id = project.id;
            let who = project.updated_by.clone();
            let at = project.updated_at;
            view! {
                <li>
                    <A href=format!("/account/projects/{id}")>{project.name}</A>
                    " · " {move || t_string!(i18n, account_home.changed_by,
                        who = person_or_former(i18n.get_locale(), who.as_deref()),
                        date = format::date(i18n.get_locale(), at)).to_string()}
                </li>
            }
            .into_any()
        })
        .collect();
    view! {
        <Block id="home-projects" lines link="/account/projects"
            title=text!(i18n, account_home.projects_title)
            empty=text!(i18n, account_home.projects_empty)
            link_text=text!(i18n, account_home.projects_link) />
    }
}
