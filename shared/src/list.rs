//! Lists that stay fast at any size: a page of lines after (or before) a line's place, searched,
//! filtered and sorted, all of it in the page's address so that the back button and a shared
//! link show the same page.
//!
//! A page starts at a [`Cursor`] (keyset pagination), never at an offset: the database reads
//! the page's lines from an index, however deep the page.
use crate::{MembershipStatus, OrderStatus, PaymentMethod, PurchaseRequestStatus, Service};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How many lines a page shows unless the address says otherwise.
pub const PAGE_SIZE: u16 = 25;
/// The most lines one page may ask for.
pub const MAX_PAGE_SIZE: u16 = 100;
/// Longer search texts are cut: nobody types more to find an order or a person.
pub const MAX_SEARCH_CHARS: usize = 100;

choice! {
    /// Which lines come first.
    #[derive(Default)]
    SortOrder {
        /// The most recent first (by the list's date).
        #[default]
        Newest = "newest",
        /// The oldest first.
        Oldest = "oldest",
    }
}

/// What identifies a line of a list: a UUID for most, a sequence number for the membership
/// history.
pub trait LineId:
    Copy
    + Eq
    + std::hash::Hash
    + std::fmt::Debug
    + std::fmt::Display
    + std::str::FromStr
    + Default
    + Serialize
    + for<'de> Deserialize<'de>
    + Send
    + Sync
    + 'static
{
}

impl LineId for Uuid {}
impl LineId for i64 {}

/// A line's place in a list: the time it is sorted by (microseconds since 1970, the database's
/// precision) and its id, which orders lines of the same time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(bound = "I: LineId")]
pub struct Cursor<I = Uuid> {
    /// The line's sort time, in microseconds since 1970-01-01 UTC.
    pub at_micros: i64,
    /// The line's id.
    pub id: I,
}

impl<I: LineId> Cursor<I> {
    /// Reads a cursor as [`Cursor::to_param`] writes it: `None` for anything else.
    pub fn parse(text: &str) -> Option<Cursor<I>> {
        let (at, id) = text.trim().split_once('_')?;
        Some(Cursor {
            at_micros: at.parse().ok()?,
            id: id.parse().ok()?,
        })
    }

    /// The cursor as an address parameter: `1764672000000000_<id>`.
    pub fn to_param(self) -> String {
        format!("{}_{}", self.at_micros, self.id)
    }
}

/// Where a page starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", bound = "I: LineId")]
pub enum PageStart<I = Uuid> {
    /// The list's first lines.
    #[default]
    First,
    /// The lines that follow this one.
    After(Cursor<I>),
    /// The lines that come just before this one (the previous page).
    Before(Cursor<I>),
}

impl<I: LineId> PageStart<I> {
    /// The line the page starts from, if any.
    pub fn cursor(self) -> Option<Cursor<I>> {
        match self {
            PageStart::First => None,
            PageStart::After(cursor) | PageStart::Before(cursor) => Some(cursor),
        }
    }

    /// Whether the database reads the lines newest first for this page of a list sorted by
    /// `sort`: a previous page is read backwards from its cursor.
    pub fn reads_descending(self, sort: SortOrder) -> bool {
        let backwards = matches!(self, PageStart::Before(_));
        (sort == SortOrder::Newest) != backwards
    }
}

/// How many lines a page shows: between 1 and [`MAX_PAGE_SIZE`], [`PAGE_SIZE`] by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "u16", into = "u16")]
pub struct PageSize(u16);

impl PageSize {
    /// The size asked for, brought within bounds.
    pub fn new(lines: u16) -> PageSize {
        PageSize(lines.clamp(1, MAX_PAGE_SIZE))
    }

    /// How many lines.
    pub fn get(self) -> u16 {
        self.0
    }
}

impl Default for PageSize {
    fn default() -> Self {
        PageSize(PAGE_SIZE)
    }
}

impl From<u16> for PageSize {
    fn from(lines: u16) -> Self {
        PageSize::new(lines)
    }
}

impl From<PageSize> for u16 {
    fn from(size: PageSize) -> Self {
        size.0
    }
}

/// What a person looks for in a list: trimmed, never empty, at most [`MAX_SEARCH_CHARS`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SearchText(String);

impl SearchText {
    /// The text typed, or `None` when there is nothing to look for.
    pub fn parse(input: &str) -> Option<SearchText> {
        let trimmed = input.trim();
        (!trimmed.is_empty()).then(|| SearchText(trimmed.chars().take(MAX_SEARCH_CHARS).collect()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A case-insensitive `LIKE` pattern finding the text anywhere, its own `%`, `_` and `\`
    /// taken literally.
    pub fn like_pattern(&self) -> String {
        let mut pattern = String::with_capacity(self.0.len() + 2);
        pattern.push('%');
        for c in self.0.chars() {
            if matches!(c, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
        pattern.push('%');
        pattern
    }

    /// The order number the text names, as people write it: `1042`, `#1042`, `n° 1042`,
    /// `No. 1042`.
    pub fn order_number(&self) -> Option<i64> {
        let digits = self
            .0
            .trim_start_matches(|c: char| !c.is_ascii_digit() && "#nN°oO. ".contains(c));
        digits.parse().ok().filter(|number: &i64| *number > 0)
    }
}

impl TryFrom<String> for SearchText {
    type Error = crate::FieldError;

    fn try_from(input: String) -> Result<Self, Self::Error> {
        SearchText::parse(&input).ok_or(crate::FieldError::Required)
    }
}

impl From<SearchText> for String {
    fn from(search: SearchText) -> String {
        search.0
    }
}

/// A list's own filters, read from and written to the page's address.
pub trait ListFilter: Clone + Default + PartialEq {
    /// Reads the filters from the address's parameters; a value that means nothing is ignored
    /// (an address is typed or pasted, not a form with errors to show).
    fn from_params(param: &dyn Fn(&str) -> Option<String>) -> Self;
    /// The filters' parameters, none for a filter left at "all".
    fn params(&self) -> Vec<(&'static str, String)>;
}

/// A list without filters of its own.
impl ListFilter for () {
    fn from_params(_: &dyn Fn(&str) -> Option<String>) -> Self {}

    fn params(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

/// Which page of a list, searched, filtered and sorted: what a list's server function takes,
/// and what the page's address says (`?q=…&sort=oldest&after=…&status=…`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    default,
    bound = "F: Serialize + for<'a> Deserialize<'a> + Default, I: LineId"
)]
pub struct ListQuery<F, I = Uuid> {
    /// What to look for.
    pub search: Option<SearchText>,
    /// Which lines first.
    pub sort: SortOrder,
    /// Where the page starts.
    pub start: PageStart<I>,
    /// How many lines.
    pub size: PageSize,
    /// The list's own filters.
    pub filter: F,
}

impl<F: ListFilter, I: LineId> ListQuery<F, I> {
    /// Reads the query from the address's parameters: `q`, `sort`, `after` or `before`, `size`
    /// and the list's filters; anything that means nothing is left at its default.
    pub fn from_params(param: impl Fn(&str) -> Option<String>) -> Self {
        let start = match (param("after"), param("before")) {
            (Some(after), _) => Cursor::parse(&after).map(PageStart::After),
            (None, Some(before)) => Cursor::parse(&before).map(PageStart::Before),
            (None, None) => None,
        };
        ListQuery {
            search: param("q").as_deref().and_then(SearchText::parse),
            sort: param("sort")
                .and_then(|sort| SortOrder::parse(&sort).ok())
                .unwrap_or_default(),
            start: start.unwrap_or_default(),
            size: param("size")
                .and_then(|size| size.trim().parse::<u16>().ok())
                .map(PageSize::new)
                .unwrap_or_default(),
            filter: F::from_params(&param),
        }
    }

    /// The same search, filters and sort from another page.
    pub fn starting(&self, start: PageStart<I>) -> Self {
        ListQuery {
            start,
            ..self.clone()
        }
    }

    /// The address's query string (without `?`), only what differs from the defaults; empty
    /// for the first page of the whole list.
    pub fn to_query_string(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(search) = &self.search {
            query.append_pair("q", search.as_str());
        }
        for (name, value) in self.filter.params() {
            query.append_pair(name, &value);
        }
        if self.sort != SortOrder::default() {
            query.append_pair("sort", self.sort.as_str());
        }
        if self.size != PageSize::default() {
            query.append_pair("size", &self.size.get().to_string());
        }
        match self.start {
            PageStart::First => {}
            PageStart::After(cursor) => {
                query.append_pair("after", &cursor.to_param());
            }
            PageStart::Before(cursor) => {
                query.append_pair("before", &cursor.to_param());
            }
        }
        query.finish()
    }

    /// Whether the search or a filter narrows the list (its empty state says "nothing found",
    /// not "nothing yet").
    pub fn narrows(&self) -> bool {
        self.search.is_some() || self.filter != F::default()
    }
}

/// One page of a list, and where the pages beside it start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound = "T: Serialize + for<'a> Deserialize<'a>, I: LineId")]
pub struct Page<T, I = Uuid> {
    /// The lines, in the list's order.
    pub items: Vec<T>,
    /// The last line, when more follow.
    pub next: Option<Cursor<I>>,
    /// The first line, when lines come before it.
    pub previous: Option<Cursor<I>>,
}

impl<T, I: LineId> Page<T, I> {
    /// The page from the lines as the database read them (backwards for a previous page), at
    /// most one more than the page's size, the extra line saying that more follow.
    pub fn from_read(
        mut lines: Vec<T>,
        start: PageStart<I>,
        size: PageSize,
        cursor: impl Fn(&T) -> Cursor<I>,
    ) -> Page<T, I> {
        let more = lines.len() > usize::from(size.get());
        lines.truncate(usize::from(size.get()));
        let (first, last) = (lines.first().map(&cursor), lines.last().map(&cursor));
        match start {
            PageStart::First => Page {
                next: if more { last } else { None },
                previous: None,
                items: lines,
            },
            PageStart::After(_) => Page {
                next: if more { last } else { None },
                previous: first,
                items: lines,
            },
            PageStart::Before(_) => {
                lines.reverse();
                Page {
                    // Read backwards: the line read first is the page's last.
                    next: first,
                    previous: if more { last } else { None },
                    items: lines,
                }
            }
        }
    }

    /// The same page with each line turned into another, or the first error.
    pub fn try_map<U, E>(self, convert: impl FnMut(T) -> Result<U, E>) -> Result<Page<U, I>, E> {
        Ok(Page {
            items: self
                .items
                .into_iter()
                .map(convert)
                .collect::<Result<_, E>>()?,
            next: self.next,
            previous: self.previous,
        })
    }
}

choice! {
    /// Where an order's payment stands, as lists show and filter it.
    PaymentState {
        /// Paid (by transfer, or on account once its invoice is settled).
        Paid = "paid",
        /// Neither paid nor on account, and not cancelled.
        Awaiting = "awaiting",
        /// To be paid on invoice at 30 days.
        OnAccount = "on_account",
        /// Cancelled before it was paid: nothing to pay.
        NotDue = "not_due",
    }
}

impl PaymentState {
    /// The rule, once: paid wins, a cancelled order is not due, an order on account waits for
    /// its invoice, any other awaits payment.
    pub fn of(paid: bool, status: OrderStatus, method: Option<PaymentMethod>) -> PaymentState {
        if paid {
            PaymentState::Paid
        } else if status == OrderStatus::Cancelled {
            PaymentState::NotDue
        } else if method == Some(PaymentMethod::OnAccount) {
            PaymentState::OnAccount
        } else {
            PaymentState::Awaiting
        }
    }
}

/// The filters of an orders list: its step, who placed or requested it, its payment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderFilter {
    /// Only orders at this step.
    pub status: Option<OrderStatus>,
    /// Only orders this person placed or requested (customers' lists).
    pub placed_by: Option<Uuid>,
    /// Only orders whose payment stands so.
    pub payment: Option<PaymentState>,
}

impl ListFilter for OrderFilter {
    fn from_params(param: &dyn Fn(&str) -> Option<String>) -> Self {
        OrderFilter {
            status: param("status").and_then(|status| OrderStatus::parse(&status).ok()),
            placed_by: param("placed_by").and_then(|id| Uuid::parse_str(id.trim()).ok()),
            payment: param("payment").and_then(|payment| PaymentState::parse(&payment).ok()),
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if let Some(status) = self.status {
            params.push(("status", status.as_str().to_owned()));
        }
        if let Some(person) = self.placed_by {
            params.push(("placed_by", person.to_string()));
        }
        if let Some(payment) = self.payment {
            params.push(("payment", payment.as_str().to_owned()));
        }
        params
    }
}

/// The filter of the projects list: its service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectFilter {
    /// Only projects of this service.
    pub service: Option<Service>,
}

impl ListFilter for ProjectFilter {
    fn from_params(param: &dyn Fn(&str) -> Option<String>) -> Self {
        ProjectFilter {
            service: param("service").and_then(|service| Service::parse(&service).ok()),
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        self.service
            .map(|service| ("service", service.as_str().to_owned()))
            .into_iter()
            .collect()
    }
}

/// The filter of the collaborators list: active or deactivated (the holder sees both).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CollaboratorFilter {
    /// Only collaborators in this state.
    pub status: Option<MembershipStatus>,
}

impl ListFilter for CollaboratorFilter {
    fn from_params(param: &dyn Fn(&str) -> Option<String>) -> Self {
        CollaboratorFilter {
            status: param("status").and_then(|status| MembershipStatus::parse(&status).ok()),
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        self.status
            .map(|status| ("status", status.as_str().to_owned()))
            .into_iter()
            .collect()
    }
}

/// The filters of the purchase requests list: their state, and who asked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestFilter {
    /// Only requests in this state.
    pub status: Option<PurchaseRequestStatus>,
    /// Only the requests of this person.
    pub requested_by: Option<Uuid>,
}

impl ListFilter for RequestFilter {
    fn from_params(param: &dyn Fn(&str) -> Option<String>) -> Self {
        RequestFilter {
            status: param("status").and_then(|status| PurchaseRequestStatus::parse(&status).ok()),
            requested_by: param("requested_by").and_then(|id| Uuid::parse_str(id.trim()).ok()),
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if let Some(status) = self.status {
            params.push(("status", status.as_str().to_owned()));
        }
        if let Some(person) = self.requested_by {
            params.push(("requested_by", person.to_string()));
        }
        params
    }
}

choice! {
    /// Whether staff checked a customer account's SIRET.
    SiretCheck {
        /// Checked by staff.
        Verified = "verified",
        /// Not checked yet (or no SIRET).
        Unverified = "unverified",
    }
}

/// The filter of the back-office's customer accounts: whether their SIRET is checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountFilter {
    /// Only accounts whose SIRET stands so.
    pub siret: Option<SiretCheck>,
}

impl ListFilter for AccountFilter {
    fn from_params(param: &dyn Fn(&str) -> Option<String>) -> Self {
        AccountFilter {
            siret: param("siret").and_then(|check| SiretCheck::parse(&check).ok()),
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        self.siret
            .map(|check| ("siret", check.as_str().to_owned()))
            .into_iter()
            .collect()
    }
}

/// The filter of a documents list: its kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DocumentFilter {
    /// Only documents of this kind.
    pub kind: Option<crate::DocumentKind>,
}

impl ListFilter for DocumentFilter {
    fn from_params(param: &dyn Fn(&str) -> Option<String>) -> Self {
        DocumentFilter {
            kind: param("kind").and_then(|kind| crate::DocumentKind::parse(&kind).ok()),
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        self.kind
            .map(|kind| ("kind", kind.as_str().to_owned()))
            .into_iter()
            .collect()
    }
}

#[cfg(test)]
mod tests;
