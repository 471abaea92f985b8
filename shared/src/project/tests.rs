use super::*;

/// Each choice's options with their texts, in the order forms offer them.
#[test]
fn choices_have_stable_texts() {
    fn check<
        T: Copy + PartialEq + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
    >(
        all: &[T],
        expected: &[(T, &str)],
        as_str: fn(T) -> &'static str,
        parse: fn(&str) -> Result<T, FieldError>,
    ) {
        assert_eq!(
            all,
            expected
                .iter()
                .map(|(option, _)| *option)
                .collect::<Vec<_>>()
        );
        for (option, text) in expected {
            assert_eq!(as_str(*option), *text);
            assert_eq!(parse(text), Ok(*option), "{text}");
            assert_eq!(parse(&format!(" {text}\n")), Ok(*option), "{text}");
            let json = serde_json::to_string(option).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *option);
        }
        assert_eq!(parse(""), Err(FieldError::Required));
        assert_eq!(parse("  "), Err(FieldError::Required));
        assert_eq!(parse("nope"), Err(FieldError::InvalidChoice));
        assert!(serde_json::from_str::<T>("\"nope\"").is_err());
    }
    check(
        &Service::ALL,
        &[
            (Service::Fabrication, "fabrication"),
            (Service::Assembly, "assembly"),
            (Service::FabricationAndAssembly, "fabrication_assembly"),
        ],
        Service::as_str,
        Service::parse,
    );
    check(
        &BoardThickness::ALL,
        &[
            (BoardThickness::Mm0_8, "0.8"),
            (BoardThickness::Mm1_0, "1.0"),
            (BoardThickness::Mm1_2, "1.2"),
            (BoardThickness::Mm1_6, "1.6"),
            (BoardThickness::Mm2_0, "2.0"),
        ],
        BoardThickness::as_str,
        BoardThickness::parse,
    );
    check(
        &SurfaceFinish::ALL,
        &[
            (SurfaceFinish::Hasl, "hasl"),
            (SurfaceFinish::LeadFreeHasl, "lead_free_hasl"),
            (SurfaceFinish::Enig, "enig"),
            (SurfaceFinish::Osp, "osp"),
            (SurfaceFinish::ImmersionSilver, "immersion_silver"),
        ],
        SurfaceFinish::as_str,
        SurfaceFinish::parse,
    );
    check(
        &SolderMask::ALL,
        &[
            (SolderMask::Green, "green"),
            (SolderMask::Red, "red"),
            (SolderMask::Blue, "blue"),
            (SolderMask::Black, "black"),
            (SolderMask::White, "white"),
            (SolderMask::Yellow, "yellow"),
        ],
        SolderMask::as_str,
        SolderMask::parse,
    );
}

#[test]
fn choices_are_codes_not_words() {
    // Forms send the codes back as they were offered; anything else is not an option.
    let cases: &[(&str, Result<Service, FieldError>)] = &[
        ("Fabrication", Err(FieldError::InvalidChoice)),
        ("fabrication assembly", Err(FieldError::InvalidChoice)),
        ("fabrication_and_assembly", Err(FieldError::InvalidChoice)),
    ];
    for (input, expected) in cases {
        assert_eq!(Service::parse(input), *expected, "{input:?}");
    }
    assert_eq!(BoardThickness::parse("1,6"), Err(FieldError::InvalidChoice));
    assert_eq!(
        BoardThickness::parse("1.60"),
        Err(FieldError::InvalidChoice)
    );
    assert_eq!(SolderMask::parse("purple"), Err(FieldError::InvalidChoice));
    assert_eq!("enig".parse::<SurfaceFinish>(), Ok(SurfaceFinish::Enig));
}

#[test]
fn defaults_are_the_standard_board() {
    assert_eq!(BoardThickness::default(), BoardThickness::Mm1_6);
    assert_eq!(SurfaceFinish::default(), SurfaceFinish::LeadFreeHasl);
    assert_eq!(SolderMask::default(), SolderMask::Green);
    assert_eq!(ProjectNotes::default().as_str(), "");
}

#[test]
fn layer_counts() {
    let cases: &[(&str, Result<u8, FieldError>)] = &[
        ("1", Ok(1)),
        ("2", Ok(2)),
        ("4", Ok(4)),
        ("6", Ok(6)),
        ("8", Ok(8)),
        ("10", Ok(10)),
        (" 12 ", Ok(12)),
        ("02", Ok(2)),
        ("3", Err(FieldError::InvalidChoice)),
        ("0", Err(FieldError::InvalidChoice)),
        ("14", Err(FieldError::InvalidChoice)),
        ("258", Err(FieldError::InvalidChoice)),
        ("99999999999999999999", Err(FieldError::InvalidChoice)),
        ("", Err(FieldError::Required)),
        (" ", Err(FieldError::Required)),
        ("deux", Err(FieldError::NotANumber)),
        ("-2", Err(FieldError::NotANumber)),
        ("2.0", Err(FieldError::NotANumber)),
    ];
    for (input, expected) in cases {
        assert_eq!(
            LayerCount::parse(input).map(LayerCount::get),
            *expected,
            "{input:?}"
        );
    }
    for layers in LayerCount::ALL {
        assert_eq!(LayerCount::try_from(layers.get()), Ok(layers));
        assert_eq!(LayerCount::parse(&layers.get().to_string()), Ok(layers));
    }
}

#[test]
fn layer_counts_as_json_are_numbers() {
    assert_eq!(serde_json::to_string(&LayerCount::ALL[3]).unwrap(), "6");
    assert_eq!(serde_json::from_str::<LayerCount>("4").unwrap().get(), 4);
    for invalid in ["3", "0", "256", "\"4\"", "-1"] {
        assert!(
            serde_json::from_str::<LayerCount>(invalid).is_err(),
            "{invalid}"
        );
    }
}

#[test]
fn millimetres() {
    let cases: &[(&str, Result<u16, FieldError>)] = &[
        ("5", Ok(5)),
        (" 100 ", Ok(100)),
        ("500", Ok(500)),
        ("4", Err(FieldError::OutOfRange)),
        ("0", Err(FieldError::OutOfRange)),
        ("501", Err(FieldError::OutOfRange)),
        ("70000", Err(FieldError::OutOfRange)),
        ("99999999999999999999", Err(FieldError::OutOfRange)),
        ("", Err(FieldError::Required)),
        ("10,5", Err(FieldError::NotANumber)),
        ("10.5", Err(FieldError::NotANumber)),
        ("10 mm", Err(FieldError::NotANumber)),
    ];
    for (input, expected) in cases {
        assert_eq!(
            Millimetres::parse(input).map(Millimetres::get),
            *expected,
            "{input:?}"
        );
    }
    assert_eq!(
        Millimetres::try_from(Millimetres::MIN).map(u16::from),
        Ok(5)
    );
    assert_eq!(
        Millimetres::try_from(Millimetres::MAX + 1),
        Err(FieldError::OutOfRange)
    );
    assert_eq!(
        serde_json::to_string(&Millimetres::parse("80").unwrap()).unwrap(),
        "80"
    );
    assert!(serde_json::from_str::<Millimetres>("4").is_err());
    assert!(serde_json::from_str::<Millimetres>("501").is_err());
}

#[test]
fn quantities() {
    let cases: &[(&str, Result<u32, FieldError>)] = &[
        ("1", Ok(1)),
        (" 25 ", Ok(25)),
        ("10000", Ok(10_000)),
        ("0", Err(FieldError::OutOfRange)),
        ("10001", Err(FieldError::OutOfRange)),
        ("99999999999999999999", Err(FieldError::OutOfRange)),
        ("", Err(FieldError::Required)),
        ("10 000", Err(FieldError::NotANumber)),
        ("1e3", Err(FieldError::NotANumber)),
        ("+5", Err(FieldError::NotANumber)),
    ];
    for (input, expected) in cases {
        assert_eq!(
            Quantity::parse(input).map(Quantity::get),
            *expected,
            "{input:?}"
        );
    }
    let numbers: &[(u32, Result<u32, FieldError>)] = &[
        (0, Err(FieldError::OutOfRange)),
        (1, Ok(1)),
        (10_000, Ok(10_000)),
        (10_001, Err(FieldError::OutOfRange)),
    ];
    for (number, expected) in numbers {
        assert_eq!(Quantity::new(*number).map(u32::from), *expected, "{number}");
        assert_eq!(
            Quantity::try_from(*number).map(Quantity::get),
            *expected,
            "{number}"
        );
    }
    assert_eq!(
        serde_json::to_string(&Quantity::new(25).unwrap()).unwrap(),
        "25"
    );
    assert!(serde_json::from_str::<Quantity>("0").is_err());
    assert!(serde_json::from_str::<Quantity>("10001").is_err());
}

#[test]
fn project_names() {
    let cases: &[(&str, Result<&str, FieldError>)] = &[
        ("  Carte capteur v2 ", Ok("Carte capteur v2")),
        ("Alim 48 V — rév. B", Ok("Alim 48 V — rév. B")),
        ("", Err(FieldError::Required)),
        (" ", Err(FieldError::Required)),
        ("Carte\ncapteur", Err(FieldError::ControlCharacters)),
    ];
    for (input, expected) in cases {
        assert_eq!(
            ProjectName::parse(input)
                .as_ref()
                .map(ProjectName::as_str)
                .map_err(|e| *e),
            *expected,
            "{input:?}"
        );
    }
    assert_eq!(
        ProjectName::parse(&"é".repeat(100)).map(|n| n.as_str().chars().count()),
        Ok(100)
    );
    assert_eq!(
        ProjectName::parse(&"é".repeat(101)),
        Err(FieldError::TooLong)
    );
    let name = ProjectName::parse("Carte capteur v2").unwrap();
    assert_eq!(name.to_string(), "Carte capteur v2");
    assert_eq!(
        serde_json::to_string(&name).unwrap(),
        "\"Carte capteur v2\""
    );
    assert!(serde_json::from_str::<ProjectName>("\" \"").is_err());
}

#[test]
fn project_notes() {
    let max = "é".repeat(2_000);
    let over = "é".repeat(2_001);
    let cases: &[(&str, Result<&str, FieldError>)] = &[
        ("", Ok("")),
        ("  \n  ", Ok("")),
        (
            "Vernis\nsur le connecteur J3",
            Ok("Vernis\nsur le connecteur J3"),
        ),
        (
            "Impédance :\r\n\t90 Ω USB\r\n",
            Ok("Impédance :\n\t90 Ω USB"),
        ),
        ("bip\u{7}", Err(FieldError::ControlCharacters)),
        ("a\u{0}b", Err(FieldError::ControlCharacters)),
        (&max, Ok(&max)),
        (&over, Err(FieldError::TooLong)),
    ];
    for (input, expected) in cases {
        assert_eq!(
            ProjectNotes::parse(input)
                .as_ref()
                .map(ProjectNotes::as_str)
                .map_err(|e| *e),
            *expected,
            "{input:?}"
        );
    }
    assert!(ProjectNotes::parse(" ").unwrap().is_empty());
    let notes: ProjectNotes = serde_json::from_str("\" a\\r\\nb \"").unwrap();
    assert_eq!(notes.as_str(), "a\nb");
    assert!(serde_json::from_str::<ProjectNotes>(&format!("\"{over}\"")).is_err());
}

fn board() -> BoardSpec {
    BoardSpec {
        layers: LayerCount::parse("4").unwrap(),
        width: Millimetres::parse("100").unwrap(),
        height: Millimetres::parse("80").unwrap(),
        thickness: BoardThickness::Mm1_6,
        finish: SurfaceFinish::Enig,
        mask: SolderMask::Black,
    }
}

#[test]
fn board_area() {
    assert_eq!(board().area_mm2(), 8_000);
    let mut largest = board();
    largest.width = Millimetres::try_from(Millimetres::MAX).unwrap();
    largest.height = Millimetres::try_from(Millimetres::MAX).unwrap();
    assert_eq!(largest.area_mm2(), 250_000);
}

#[test]
fn board_spec_json_goes_through_each_parse() {
    let json = serde_json::to_string(&board()).unwrap();
    assert_eq!(
        json,
        r#"{"layers":4,"width":100,"height":80,"thickness":"1.6","finish":"enig","mask":"black"}"#
    );
    assert_eq!(serde_json::from_str::<BoardSpec>(&json).unwrap(), board());
    for (valid, invalid) in [
        (r#""layers":4"#, r#""layers":3"#),
        (r#""width":100"#, r#""width":501"#),
        (r#""height":80"#, r#""height":0"#),
        (r#""thickness":"1.6""#, r#""thickness":"1.7""#),
        (r#""finish":"enig""#, r#""finish":"gold""#),
        (r#""mask":"black""#, r#""mask":"purple""#),
    ] {
        let tampered = json.replace(valid, invalid);
        assert!(
            serde_json::from_str::<BoardSpec>(&tampered).is_err(),
            "{tampered}"
        );
    }
}
