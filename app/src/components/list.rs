//! What every list page shares: its query read from the address, the search-and-filter form (a
//! GET form, so it works before the WASM and without JavaScript, and the back button and a
//! shared link show the same page), and the links to the pages beside.
use crate::{components::text::tr, i18n::*};
use leptos::prelude::*;
use leptos_router::{
    components::{Form, A},
    hooks::{use_location, use_query_map},
};
use shared::list::{LineId, ListFilter, ListQuery, Page, PageStart, SortOrder};

/// The list's query as the page's address says it, kept in step with the address.
pub fn use_list_query<F, I>() -> Memo<ListQuery<F, I>>
where
    F: ListFilter + Send + Sync + 'static,
    I: LineId,
{
    let params = use_query_map();
    Memo::new(move |_| params.with(|params| ListQuery::from_params(|name| params.get(name))))
}

/// The search box, the list's own filters (`children`), the sort and the button that applies
/// them; "Show all" when something narrows the list. Applying starts again at the first page.
#[component]
pub fn ListControls<F, I>(
    /// The list's query now.
    query: Memo<ListQuery<F, I>>,
    /// The form's id prefix (two lists may share a page).
    id: &'static str,
    /// What the search finds, under the box.
    search_hint: Signal<String>,
    /// The filters' selects ([`QuerySelect`]), if the list has filters.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView
where
    F: ListFilter + Send + Sync + 'static,
    I: LineId,
{
    let i18n = use_i18n();
    let path = use_location().pathname;
    let search_id = format!("{id}-q");
    let hint_id = format!("{id}-q-hint");
    let sort_id = format!("{id}-sort");
    let search = move || {
        query.with(|query| {
            query
                .search
                .as_ref()
                .map(|search| search.as_str().to_owned())
                .unwrap_or_default()
        })
    };
    let sort = Signal::derive(move || query.with(|query| query.sort.as_str().to_owned()));
    let size = move || query.with(|query| query.size.get());
    view! {
        <Form method="GET" action="" noscroll=true>
            <div class="list-controls" role="search">
                <div class="field list-controls__search">
                    <label for=search_id.clone()>{tr!(i18n, lists.search_label)}</label>
                    <input id=search_id type="search" name="q" maxlength=shared::list::MAX_SEARCH_CHARS
                        value=search prop:value=search aria-describedby=hint_id.clone() />
                    <p class="field__hint" id=hint_id>{search_hint}</p>
                </div>
                {children.map(|children| children())}
                <QuerySelect id=sort_id name="sort" label=words(tr!(i18n, lists.sort_label)) current=sort
                    options=query_options(&SortOrder::ALL, |sort| sort.as_str().into(), sort_text) all=None />
                {move || (size() != shared::list::PAGE_SIZE).then(|| view! {
                    <input type="hidden" name="size" value=size() />
                })}
                <div class="list-controls__buttons">
                    <button type="submit" class="button">{tr!(i18n, lists.apply)}</button>
                    {move || query.with(ListQuery::narrows).then(|| view! {
                        <A href=move || path.get()>{tr!(i18n, lists.show_all)}</A>
                    })}
                </div>
            </div>
        </Form>
    }
}

/// A translated text as the selects' labels take it.
pub fn words(text: impl Fn() -> &'static str + Send + Sync + 'static) -> Signal<String> {
    Signal::derive(move || text().to_owned())
}

fn sort_text(locale: Locale, sort: SortOrder) -> String {
    match sort {
        SortOrder::Newest => td_string!(locale, lists.sort_newest),
        SortOrder::Oldest => td_string!(locale, lists.sort_oldest),
    }
    .to_owned()
}

/// A select whose value lives in the page's address: the choices' values and labels, the one in
/// the address chosen; `all` names the first option, which leaves the filter off.
#[component]
pub fn QuerySelect(
    #[prop(into)] id: String,
    name: &'static str,
    label: Signal<String>,
    current: Signal<String>,
    options: Vec<(String, Signal<String>)>,
    all: Option<Signal<String>>,
) -> impl IntoView {
    let option = move |value: String, text: Signal<String>| {
        let selected = {
            let value = value.clone();
            move || current.get() == value
        };
        view! { <option value=value selected=selected>{text}</option> }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                {all.map(|all| option(String::new(), all))}
                {options.into_iter().map(|(value, text)| option(value, text)).collect_view()}
            </select>
        </div>
    }
}

/// The options of a choice: its stable text, and its label in the page's language.
pub fn query_options<T: Copy + Send + Sync + 'static>(
    all: &[T],
    value: fn(T) -> String,
    text: fn(Locale, T) -> String,
) -> Vec<(String, Signal<String>)> {
    let i18n = use_i18n();
    all.iter()
        .map(|item| {
            let item = *item;
            (
                value(item),
                Signal::derive(move || text(i18n.get_locale(), item)),
            )
        })
        .collect()
}

/// The links to the first, previous and next pages, as far as there are any.
#[component]
pub fn Pager<F, I, T>(query: Memo<ListQuery<F, I>>, page: Page<T, I>) -> impl IntoView
where
    F: ListFilter + Send + Sync + 'static,
    I: LineId,
    T: 'static,
{
    let i18n = use_i18n();
    let path = use_location().pathname;
    let href = move |start: PageStart<I>| {
        let query = query.with_untracked(|query| query.starting(start).to_query_string());
        let path = path.get_untracked();
        if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        }
    };
    let not_first = query.with_untracked(|query| query.start != PageStart::First);
    if !not_first && page.next.is_none() {
        return ().into_any();
    }
    let first = not_first.then(|| href(PageStart::First));
    let previous = page.previous.map(|cursor| href(PageStart::Before(cursor)));
    let next = page.next.map(|cursor| href(PageStart::After(cursor)));
    view! {
        <nav class="pager" aria-label=tr!(i18n, lists.pages_label)>
            {first.map(|href| view! { <A href=href>{tr!(i18n, lists.first_page)}</A> })}
            {previous.map(|href| view! { <A href=href attr:rel="prev">{tr!(i18n, lists.previous_page)}</A> })}
            {next.map(|href| view! { <A href=href attr:rel="next">{tr!(i18n, lists.next_page)}</A> })}
        </nav>
    }
    .into_any()
}

/// The empty list's words: "nothing found" when the search or a filter narrows it, else the
/// list's own empty state.
#[component]
pub fn EmptyList<F, I>(query: Memo<ListQuery<F, I>>, empty: Signal<String>) -> impl IntoView
where
    F: ListFilter + Send + Sync + 'static,
    I: LineId,
{
    let i18n = use_i18n();
    view! {
        <p class="empty">
            {move || if query.with(ListQuery::narrows) {
                td_string!(i18n.get_locale(), lists.nothing_found).to_owned()
            } else {
                empty.get()
            }}
        </p>
    }
}
