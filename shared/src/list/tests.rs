use super::*;
use std::collections::HashMap;

fn cursor(n: u8) -> Cursor {
    Cursor {
        at_micros: 1_764_672_000_000_000 + i64::from(n),
        id: Uuid::from_bytes([n; 16]),
    }
}

/// The query an address gives, read back from the query string it writes.
fn round_trip(query: &ListQuery<OrderFilter>) -> ListQuery<OrderFilter> {
    let text = query.to_query_string();
    let params: HashMap<String, String> = form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect();
    ListQuery::from_params(|name| params.get(name).cloned())
}

#[test]
fn a_cursor_reads_back_what_it_writes_and_nothing_else() {
    let place = cursor(7);
    assert_eq!(Cursor::parse(&place.to_param()), Some(place));
    for wrong in [
        "",
        "_",
        "12",
        "abc_",
        "12_not-a-uuid",
        "x_00000000-0000-0000-0000-000000000000",
    ] {
        assert_eq!(Cursor::<Uuid>::parse(wrong), None, "{wrong:?}");
    }
}

#[test]
fn a_cursor_may_carry_a_sequence_number() {
    let place = Cursor {
        at_micros: 1_764_672_000_000_000,
        id: 42_i64,
    };
    assert_eq!(place.to_param(), "1764672000000000_42");
    assert_eq!(Cursor::parse("1764672000000000_42"), Some(place));
    assert_eq!(Cursor::<i64>::parse("1764672000000000_forty-two"), None);
}

#[test]
fn the_address_keeps_search_filters_sort_and_page() {
    let query = ListQuery {
        search: SearchText::parse("  carte mère & co = 100 %  "),
        sort: SortOrder::Oldest,
        start: PageStart::Before(cursor(3)),
        size: PageSize::new(50),
        filter: OrderFilter {
            status: Some(OrderStatus::Shipped),
            placed_by: Some(Uuid::from_bytes([9; 16])),
            payment: Some(PaymentState::OnAccount),
        },
    };
    assert_eq!(round_trip(&query), query);
    assert_eq!(query.starting(PageStart::First).start, PageStart::First);
    assert!(query.narrows());
}

#[test]
fn the_whole_lists_first_page_has_an_empty_query_string() {
    let query = ListQuery::<OrderFilter>::default();
    assert_eq!(query.to_query_string(), "");
    assert_eq!(round_trip(&query), query);
    assert!(!query.narrows());
}

#[test]
fn what_an_address_gets_wrong_is_left_at_its_default() {
    let params: HashMap<&str, &str> = [
        ("q", "   "),
        ("sort", "random"),
        ("after", "yesterday"),
        ("size", "100000"),
        ("status", "lost"),
        ("placed_by", "me"),
        ("payment", "maybe"),
    ]
    .into();
    let query: ListQuery<OrderFilter> =
        ListQuery::from_params(|name| params.get(name).map(|value| value.to_string()));
    assert_eq!(query.search, None);
    assert_eq!(query.sort, SortOrder::Newest);
    assert_eq!(query.start, PageStart::First);
    assert_eq!(query.filter, OrderFilter::default());
    // Too big a page is brought down to the most one may ask.
    let big: ListQuery<()> = ListQuery::from_params(|name| (name == "size").then(|| "500".into()));
    assert_eq!(big.size.get(), MAX_PAGE_SIZE);
    let none: ListQuery<()> = ListQuery::from_params(|name| (name == "size").then(|| "0".into()));
    assert_eq!(none.size.get(), 1);
}

#[test]
fn a_previous_page_is_read_backwards_from_its_cursor() {
    assert!(PageStart::<Uuid>::First.reads_descending(SortOrder::Newest));
    assert!(PageStart::After(cursor(1)).reads_descending(SortOrder::Newest));
    assert!(!PageStart::Before(cursor(1)).reads_descending(SortOrder::Newest));
    assert!(!PageStart::<Uuid>::First.reads_descending(SortOrder::Oldest));
    assert!(PageStart::Before(cursor(1)).reads_descending(SortOrder::Oldest));
}

#[test]
fn a_page_knows_where_its_neighbours_start() {
    let size = PageSize::new(2);
    let id = |line: &u8| cursor(*line);
    // First page, more to come: three lines read for a page of two.
    let first = Page::from_read(vec![9, 8, 7], PageStart::First, size, id);
    assert_eq!(first.items, vec![9, 8]);
    assert_eq!((first.previous, first.next), (None, Some(cursor(8))));
    // The last page after a cursor: no line beyond.
    let last = Page::from_read(vec![7], PageStart::After(cursor(8)), size, id);
    assert_eq!(last.items, vec![7]);
    assert_eq!((last.previous, last.next), (Some(cursor(7)), None));
    // Back from 7: read upwards (8, 9, 10), shown in the list's order.
    let back = Page::from_read(vec![8, 9, 10], PageStart::Before(cursor(7)), size, id);
    assert_eq!(back.items, vec![9, 8]);
    assert_eq!(
        (back.previous, back.next),
        (Some(cursor(9)), Some(cursor(8)))
    );
    // Back to the very first lines: nothing before them.
    let top = Page::from_read(vec![8, 9], PageStart::Before(cursor(7)), size, id);
    assert_eq!(top.items, vec![9, 8]);
    assert_eq!(top.previous, None);
    let empty = Page::<u8>::from_read(vec![], PageStart::First, size, id);
    assert_eq!(
        (empty.items.len(), empty.previous, empty.next),
        (0, None, None)
    );
}

#[test]
fn a_search_is_literal_in_like_patterns() {
    let search = SearchText::parse(" 100%_off\\ ").unwrap();
    assert_eq!(search.as_str(), "100%_off\\");
    assert_eq!(search.like_pattern(), "%100\\%\\_off\\\\%");
    let long = "x".repeat(MAX_SEARCH_CHARS + 20);
    assert_eq!(
        SearchText::parse(&long).unwrap().as_str().chars().count(),
        MAX_SEARCH_CHARS
    );
}

#[test]
fn an_order_number_is_read_as_people_write_it() {
    for (text, number) in [
        ("1042", Some(1042)),
        ("#1042", Some(1042)),
        ("n° 1042", Some(1042)),
        ("No. 1042", Some(1042)),
        ("carte 1042", None),
        ("nova", None),
        ("0", None),
    ] {
        assert_eq!(
            SearchText::parse(text).unwrap().order_number(),
            number,
            "{text}"
        );
    }
}

#[test]
fn payment_state_follows_one_rule() {
    use OrderStatus::*;
    let transfer = Some(PaymentMethod::BankTransfer);
    let account = Some(PaymentMethod::OnAccount);
    assert_eq!(
        PaymentState::of(true, Cancelled, transfer),
        PaymentState::Paid
    );
    assert_eq!(
        PaymentState::of(false, Cancelled, account),
        PaymentState::NotDue
    );
    assert_eq!(
        PaymentState::of(false, Shipped, account),
        PaymentState::OnAccount
    );
    assert_eq!(
        PaymentState::of(false, Received, None),
        PaymentState::Awaiting
    );
    assert_eq!(
        PaymentState::of(false, Received, transfer),
        PaymentState::Awaiting
    );
}
