use super::*;
use crate::{LayerCount, Millimetres};
use proptest::prelude::*;

/// A standard board: 1.6 mm, lead-free HASL, green.
fn board(layers: u8, width: u16, height: u16) -> BoardSpec {
    BoardSpec {
        layers: LayerCount::try_from(layers).unwrap(),
        width: Millimetres::try_from(width).unwrap(),
        height: Millimetres::try_from(height).unwrap(),
        thickness: BoardThickness::Mm1_6,
        finish: SurfaceFinish::LeadFreeHasl,
        mask: SolderMask::Green,
    }
}

fn with(
    mut board: BoardSpec,
    thickness: BoardThickness,
    finish: SurfaceFinish,
    mask: SolderMask,
) -> BoardSpec {
    board.thickness = thickness;
    board.finish = finish;
    board.mask = mask;
    board
}

fn quantity(count: u32) -> Quantity {
    Quantity::new(count).unwrap()
}

/// Quotes computed by hand from the price list: a change of the price list shows here.
#[test]
fn known_quotes() {
    use BoardThickness::*;
    use LeadTime::*;
    use Service::*;
    use SolderMask::*;
    use SurfaceFinish::*;
    /// (unit_net, net, vat, total) in cents, working days.
    type Expected = (i64, i64, i64, i64, u8);
    // (service, board, quantity, lead time, expected)
    #[rustfmt::skip]
    let cases: &[(Service, BoardSpec, u32, LeadTime, Expected)] = &[
        // 2 layers, 100 × 80 mm = 80 cm² → 80 × 0.05 € = 4.00 € a board.
        // 30 € + 10 × 4.00 € = 70.00 €; VAT 14.00 €.
        (Fabrication, board(2, 100, 80), 10, Standard, (700, 7_000, 1_400, 8_400, 5)),
        // 30 € + 10 × 4.00 € + 10 × 3.40 € (85 %) = 104.00 €; 5.20 € a board.
        (Fabrication, board(2, 100, 80), 20, Standard, (520, 10_400, 2_080, 12_480, 5)),
        // Express: 70.00 € × 1.5 = 105.00 €, 2 days.
        (Fabrication, board(2, 100, 80), 10, Express, (1_050, 10_500, 2_100, 12_600, 2)),
        // 5 × 5 mm counts 10 cm²: 25 € + 10 × 0.04 € = 25.40 €; VAT 5.08 €.
        (Fabrication, board(1, 5, 5), 1, Standard, (2_540, 2_540, 508, 3_048, 5)),
        // 33 × 33 mm = 10.89 cm² → 11 cm²: 60 € + 11 × 0.10 € = 61.10 €; VAT 12.22 €.
        (Fabrication, board(4, 33, 33), 1, Standard, (6_110, 6_110, 1_222, 7_332, 5)),
        // 101 × 100 mm = 101 cm²: 30 € + 5.05 € = 35.05 €; VAT 7.01 €.
        (Fabrication, board(2, 101, 100), 1, Standard, (3_505, 3_505, 701, 4_206, 5)),
        // Express: 35.05 € × 1.5 = 52.575 € → 52.58 €; VAT 10.516 € → 10.52 €.
        (Fabrication, board(2, 101, 100), 1, Express, (5_258, 5_258, 1_052, 6_310, 2)),
        // ENIG +20 %, black +10 %, 1.0 mm +10 %: 4.00 € × 1.4 = 5.60 € a board;
        // 30 € + 10 × 5.60 € = 86.00 €; VAT 17.20 €.
        (
            Fabrication, with(board(2, 100, 80), Mm1_0, Enig, Black), 10, Standard,
            (860, 8_600, 1_720, 10_320, 5),
        ),
        // 6 layers, 50 × 50 mm = 25 cm² × 0.16 € = 4.00 €, immersion silver +15 % = 4.60 €;
        // 110 € + 3 × 4.60 € = 123.80 €; 41.2666… → 41.27 € a board; VAT 24.76 €.
        (
            Fabrication, with(board(6, 50, 50), Mm1_6, ImmersionSilver, Green), 3, Standard,
            (4_127, 12_380, 2_476, 14_856, 5),
        ),
        // OSP, HASL and 1.6 mm cost nothing more.
        (
            Fabrication, with(board(2, 100, 80), Mm1_6, Osp, Green), 10, Standard,
            (700, 7_000, 1_400, 8_400, 5),
        ),
        (
            Fabrication, with(board(2, 100, 80), Mm1_6, Hasl, Green), 10, Standard,
            (700, 7_000, 1_400, 8_400, 5),
        ),
        // Every tier: 100 cm² × 0.05 € = 5.00 € a board; 250 boards:
        // 10 × 5.00 + 40 × 4.25 + 150 × 3.50 + 50 × 2.75 = 50 + 170 + 525 + 137.50
        // = 882.50 €, + 30 € = 912.50 €; 3.65 € a board; VAT 182.50 €.
        (Fabrication, board(2, 100, 100), 250, Standard, (365, 91_250, 18_250, 109_500, 5)),
        // 12 layers, 500 × 500 mm = 2,500 cm² × 0.36 € = 900 € a board; 290 € + 900 € =
        // 1,190 €; VAT 238 €.
        (Fabrication, board(12, 500, 500), 1, Standard, (119_000, 119_000, 23_800, 142_800, 5)),
        // Assembly: 150 € + 10 × (8 € + 80 × 0.10 €) = 310.00 €, 5 days.
        (Assembly, board(2, 100, 80), 10, Standard, (3_100, 31_000, 6_200, 37_200, 5)),
        // Assembly of a 10 cm² board: 150 € + 8 € + 1 € = 159 €; express 238.50 €, 3 days.
        (Assembly, board(1, 5, 5), 1, Express, (23_850, 23_850, 4_770, 28_620, 3)),
        // Both: 70 € + 310 € = 380 €, 5 + 5 days.
        (FabricationAndAssembly, board(2, 100, 80), 10, Standard, (3_800, 38_000, 7_600, 45_600, 10)),
        // Both, express: 380 € × 1.5 = 570 €, 2 + 3 days.
        (FabricationAndAssembly, board(2, 100, 80), 10, Express, (5_700, 57_000, 11_400, 68_400, 5)),
    ];
    for (service, board, count, lead_time, expected) in cases {
        let q = quote(*service, board, quantity(*count), *lead_time);
        let actual = (
            q.unit_net.cents(),
            q.net.cents(),
            q.vat.cents(),
            q.total.cents(),
            q.working_days,
        );
        assert_eq!(
            actual, *expected,
            "{service:?} {board:?} × {count} {lead_time:?}"
        );
    }
}

#[test]
fn vat_is_rounded_half_up_to_the_cent() {
    // 20 % of a number of cents ends in .0, .2, .4, .6 or .8 of a cent: never exactly half.
    let cases = [
        (1, 0),
        (2, 0),
        (3, 1),
        (5, 1),
        (101, 20),
        (102, 20),
        (103, 21),
        (104, 21),
        (105, 21),
        (7_000, 1_400),
    ];
    for (net, vat) in cases {
        assert_eq!(vat_on(net), vat, "{net}");
    }
}

#[test]
fn discount_tiers_are_marginal() {
    // A board of 1.00 € (10,000 hundredths of a cent) by quantity, in cents: 10 boards at
    // 1.00 €, 40 at 0.85 €, 150 at 0.70 €, then 0.55 € (10,000: 149 € + 9,800 × 0.55 €).
    let cases = [
        (1, 100),
        (10, 1_000),
        (11, 1_085),
        (50, 4_400),
        (51, 4_470),
        (200, 14_900),
        (201, 14_955),
        (10_000, 553_900),
    ];
    for (count, cents) in cases {
        assert_eq!(
            tiered(100 * UNITS_PER_CENT, count),
            cents * UNITS_PER_CENT,
            "{count}"
        );
    }
}

#[test]
fn money_is_written_as_each_language_does() {
    let cases = [
        (123_456, "fr", "1\u{202f}234,56\u{a0}€"),
        (123_456, "en", "€1,234.56"),
        (123_456, "fr-BE", "1\u{202f}234,56\u{a0}€"),
        (123_456, "FR", "1\u{202f}234,56\u{a0}€"),
        (123_456, "", "€1,234.56"),
        (123_456, "fry", "€1,234.56"),
        (0, "fr", "0,00\u{a0}€"),
        (5, "fr", "0,05\u{a0}€"),
        (5, "en", "€0.05"),
        (99_999, "fr", "999,99\u{a0}€"),
        (100_000, "fr", "1\u{202f}000,00\u{a0}€"),
        (100_000_000, "en", "€1,000,000.00"),
        (100_000_000, "fr", "1\u{202f}000\u{202f}000,00\u{a0}€"),
        (-250, "en", "-€2.50"),
        (-250, "fr", "-2,50\u{a0}€"),
        (i64::MIN, "en", "-€92,233,720,368,547,758.08"),
    ];
    for (cents, locale, expected) in cases {
        assert_eq!(
            Money::from_cents(cents).format(locale),
            expected,
            "{cents} {locale}"
        );
    }
}

#[test]
fn money_and_quotes_as_json() {
    assert_eq!(
        serde_json::to_string(&Money::from_cents(1_234)).unwrap(),
        "1234"
    );
    assert_eq!(
        serde_json::from_str::<Money>("1234").unwrap(),
        Money::from_cents(1_234)
    );
    let q = quote(
        Service::Fabrication,
        &board(2, 100, 80),
        quantity(10),
        LeadTime::Standard,
    );
    assert_eq!(
        serde_json::to_string(&q).unwrap(),
        r#"{"unit_net":700,"net":7000,"vat":1400,"total":8400,"working_days":5}"#
    );
    assert_eq!(LeadTime::parse("express"), Ok(LeadTime::Express));
    assert_eq!(LeadTime::parse(""), Err(crate::FieldError::Required));
    assert_eq!(
        LeadTime::parse("Express"),
        Err(crate::FieldError::InvalidChoice)
    );
    assert_eq!(LeadTime::default(), LeadTime::Standard);
    assert_eq!(
        serde_json::to_string(&LeadTime::ALL).unwrap(),
        r#"["standard","express"]"#
    );
}

fn any_board() -> impl Strategy<Value = BoardSpec> {
    (
        proptest::sample::select(LayerCount::ALL.to_vec()),
        Millimetres::MIN..=Millimetres::MAX,
        Millimetres::MIN..=Millimetres::MAX,
        proptest::sample::select(BoardThickness::ALL.to_vec()),
        proptest::sample::select(SurfaceFinish::ALL.to_vec()),
        proptest::sample::select(SolderMask::ALL.to_vec()),
    )
        .prop_map(
            |(layers, width, height, thickness, finish, mask)| BoardSpec {
                layers,
                width: Millimetres::try_from(width).unwrap(),
                height: Millimetres::try_from(height).unwrap(),
                thickness,
                finish,
                mask,
            },
        )
}

fn any_service() -> impl Strategy<Value = Service> {
    proptest::sample::select(Service::ALL.to_vec())
}

fn any_lead_time() -> impl Strategy<Value = LeadTime> {
    proptest::sample::select(LeadTime::ALL.to_vec())
}

fn any_quantity() -> impl Strategy<Value = u32> {
    // The tier boundaries and the ends, as often as anything else.
    prop_oneof![
        Quantity::MIN..=Quantity::MAX,
        proptest::sample::select(vec![1, 10, 11, 50, 51, 200, 201, 9_999, 10_000]),
    ]
}

proptest! {
    #[test]
    fn prices_are_positive_and_add_up(
        service in any_service(),
        board in any_board(),
        count in any_quantity(),
        lead_time in any_lead_time(),
    ) {
        let q = quote(service, &board, quantity(count), lead_time);
        prop_assert!(q.net.cents() > 0);
        prop_assert!(q.vat.cents() > 0);
        prop_assert!(q.unit_net.cents() > 0);
        prop_assert!(q.working_days > 0);
        prop_assert_eq!(q.total.cents(), q.net.cents() + q.vat.cents());
        // VAT: 20 % rounded half up, i.e. within half a cent of the exact amount.
        let exact_times_100 = q.net.cents() * VAT_PERCENT;
        prop_assert!((q.vat.cents() * 100 - exact_times_100).abs() <= 50);
        prop_assert_eq!(q.vat.cents(), (q.net.cents() * VAT_PERCENT + 50) / 100);
        // Per board: the net divided by the quantity, rounded up.
        let count = i64::from(count);
        prop_assert!(q.unit_net.cents() * count >= q.net.cents());
        prop_assert!((q.unit_net.cents() - 1) * count < q.net.cents());
    }

    #[test]
    fn more_boards_never_cost_less(
        service in any_service(),
        board in any_board(),
        count in any_quantity(),
        more in 1..=1_000_u32,
        lead_time in any_lead_time(),
    ) {
        let larger = (count + more).min(Quantity::MAX);
        let fewer = quote(service, &board, quantity(count), lead_time);
        let more = quote(service, &board, quantity(larger), lead_time);
        prop_assert!(more.net >= fewer.net);
        prop_assert!(more.total >= fewer.total);
        prop_assert!(more.unit_net <= fewer.unit_net);
    }

    #[test]
    fn one_more_board_never_costs_less(
        service in any_service(),
        board in any_board(),
        count in 1..Quantity::MAX,
        lead_time in any_lead_time(),
    ) {
        let fewer = quote(service, &board, quantity(count), lead_time);
        let more = quote(service, &board, quantity(count + 1), lead_time);
        prop_assert!(more.total > fewer.total);
    }

    #[test]
    fn express_is_dearer_and_faster(
        service in any_service(),
        board in any_board(),
        count in any_quantity(),
    ) {
        let standard = quote(service, &board, quantity(count), LeadTime::Standard);
        let express = quote(service, &board, quantity(count), LeadTime::Express);
        prop_assert!(express.total > standard.total);
        prop_assert_eq!(express.net.cents(), div_ceil(standard.net.cents() * 150, 100));
        prop_assert!(express.working_days < standard.working_days);
    }

    #[test]
    fn a_bigger_board_never_costs_less(
        service in any_service(),
        board in any_board(),
        wider in 0..=100_u16,
        taller in 0..=100_u16,
        count in any_quantity(),
        lead_time in any_lead_time(),
    ) {
        let mut bigger = board.clone();
        bigger.width = Millimetres::try_from((board.width.get() + wider).min(Millimetres::MAX)).unwrap();
        bigger.height = Millimetres::try_from((board.height.get() + taller).min(Millimetres::MAX)).unwrap();
        let small = quote(service, &board, quantity(count), lead_time);
        let large = quote(service, &bigger, quantity(count), lead_time);
        prop_assert!(large.net >= small.net);
        prop_assert!(large.total >= small.total);
    }

    #[test]
    fn fabrication_and_assembly_is_the_sum_of_both(
        board in any_board(),
        count in any_quantity(),
    ) {
        let q = |service| quote(service, &board, quantity(count), LeadTime::Standard);
        let both = q(Service::FabricationAndAssembly);
        prop_assert_eq!(
            both.net.cents(),
            q(Service::Fabrication).net.cents() + q(Service::Assembly).net.cents()
        );
        prop_assert_eq!(
            both.working_days,
            q(Service::Fabrication).working_days + q(Service::Assembly).working_days
        );
    }

    #[test]
    fn options_never_make_a_board_cheaper(
        service in any_service(),
        board in any_board(),
        count in any_quantity(),
        lead_time in any_lead_time(),
    ) {
        // The standard board (1.6 mm, lead-free HASL, green) is the cheapest of its size.
        let standard = with(
            board.clone(),
            BoardThickness::Mm1_6,
            SurfaceFinish::LeadFreeHasl,
            SolderMask::Green,
        );
        let plain = quote(service, &standard, quantity(count), lead_time);
        let chosen = quote(service, &board, quantity(count), lead_time);
        prop_assert!(chosen.total >= plain.total);
    }
}
