//! A PCB project's parameters: what to make, how many, and the board's specification.
//!
//! What the workshop can make is written here once: the form offers these options, the
//! browser's instant quote and the server's price read them, and nothing else gets stored.

use std::fmt;

use crate::label::{parse_label, parse_text, parse_whole_number};
use crate::FieldError;

choice! {
    /// What the customer orders.
    Service {
        /// Bare boards.
        Fabrication = "fabrication",
        /// Components placed on boards the customer supplies (the board's specification still
        /// matters: the assembly price grows with its area).
        Assembly = "assembly",
        /// Boards made, then assembled.
        FabricationAndAssembly = "fabrication_assembly",
    }
}

choice! {
    /// The board's thickness, in millimetres.
    #[derive(Default)]
    BoardThickness {
        /// 0.8 mm.
        Mm0_8 = "0.8",
        /// 1.0 mm.
        Mm1_0 = "1.0",
        /// 1.2 mm.
        Mm1_2 = "1.2",
        /// 1.6 mm, the standard.
        #[default]
        Mm1_6 = "1.6",
        /// 2.0 mm.
        Mm2_0 = "2.0",
    }
}

choice! {
    /// The finish of the copper pads.
    #[derive(Default)]
    SurfaceFinish {
        /// Tin-lead hot-air levelling.
        Hasl = "hasl",
        /// Lead-free hot-air levelling (RoHS), the standard.
        #[default]
        LeadFreeHasl = "lead_free_hasl",
        /// Electroless nickel, immersion gold: flat pads for fine pitch.
        Enig = "enig",
        /// Organic solderability preservative.
        Osp = "osp",
        /// Immersion silver.
        ImmersionSilver = "immersion_silver",
    }
}

choice! {
    /// The colour of the solder mask.
    #[derive(Default)]
    SolderMask {
        /// Green, the standard.
        #[default]
        Green = "green",
        /// Red.
        Red = "red",
        /// Blue.
        Blue = "blue",
        /// Black.
        Black = "black",
        /// White.
        White = "white",
        /// Yellow.
        Yellow = "yellow",
    }
}

/// A number of copper layers we make: 1, 2, 4, 6, 8, 10 or 12 (odd counts above one are not
/// made: a multilayer board is pressed from double-sided cores).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "u8", into = "u8")]
pub struct LayerCount(u8);

impl LayerCount {
    /// Every layer count offered, fewest first.
    pub const ALL: [LayerCount; 7] = [
        LayerCount(1),
        LayerCount(2),
        LayerCount(4),
        LayerCount(6),
        LayerCount(8),
        LayerCount(10),
        LayerCount(12),
    ];

    /// Reads a layer count chosen in a form: `Required` for nothing, `NotANumber` for anything
    /// but digits, `InvalidChoice` for a number we do not make.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let value = parse_whole_number(input, 0, u32::MAX).map_err(|error| match error {
            // Too many digits for a u32: still a number, just not one we offer.
            FieldError::OutOfRange => FieldError::InvalidChoice,
            other => other,
        })?;
        u8::try_from(value)
            .map_err(|_| FieldError::InvalidChoice)
            .and_then(Self::try_from)
    }

    /// The number of layers.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for LayerCount {
    type Error = FieldError;

    /// A layer count from a number (stored values, JSON): `InvalidChoice` if we do not make it.
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::ALL
            .into_iter()
            .find(|layers| layers.0 == value)
            .ok_or(FieldError::InvalidChoice)
    }
}

impl From<LayerCount> for u8 {
    fn from(value: LayerCount) -> u8 {
        value.0
    }
}

/// A side of a board in whole millimetres, 5 to 500 (the smallest board we route out of a
/// panel, and our panel's useful width).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "u16", into = "u16")]
pub struct Millimetres(u16);

impl Millimetres {
    /// The smallest side we make.
    pub const MIN: u16 = 5;
    /// The largest side we make.
    pub const MAX: u16 = 500;

    /// Reads a length typed in a form: `Required`, `NotANumber` (decimals included: we work in
    /// whole millimetres) or `OutOfRange`.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let value = parse_whole_number(input, Self::MIN.into(), Self::MAX.into())?;
        // In range, so it fits a u16.
        u16::try_from(value)
            .map_err(|_| FieldError::OutOfRange)
            .and_then(Self::try_from)
    }

    /// The length in millimetres.
    pub fn get(self) -> u16 {
        self.0
    }
}

impl TryFrom<u16> for Millimetres {
    type Error = FieldError;

    /// A length from a number (stored values, JSON): `OutOfRange` outside 5 to 500.
    fn try_from(value: u16) -> Result<Self, Self::Error> {
        if (Self::MIN..=Self::MAX).contains(&value) {
            Ok(Self(value))
        } else {
            Err(FieldError::OutOfRange)
        }
    }
}

impl From<Millimetres> for u16 {
    fn from(value: Millimetres) -> u16 {
        value.0
    }
}

/// A number of boards, 1 to 10,000 (beyond, a quote is made by hand).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "u32", into = "u32")]
pub struct Quantity(u32);

impl Quantity {
    /// The fewest boards.
    pub const MIN: u32 = 1;
    /// The most boards ordered online.
    pub const MAX: u32 = 10_000;

    /// Reads a quantity typed in a form: `Required`, `NotANumber` or `OutOfRange`.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        parse_whole_number(input, Self::MIN, Self::MAX).and_then(Self::new)
    }

    /// A quantity from a number (stored values, JSON, tests): `OutOfRange` outside 1 to 10,000.
    pub fn new(value: u32) -> Result<Self, FieldError> {
        if (Self::MIN..=Self::MAX).contains(&value) {
            Ok(Self(value))
        } else {
            Err(FieldError::OutOfRange)
        }
    }

    /// The number of boards.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for Quantity {
    type Error = FieldError;

    fn try_from(value: u32) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Quantity> for u32 {
    fn from(value: Quantity) -> u32 {
        value.0
    }
}

/// A project's name, as the customer finds it in their list: one line, 1 to 100 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProjectName(String);

impl ProjectName {
    /// Reads a name typed in a form; surrounding whitespace is dropped.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        parse_label(input).map(Self)
    }

    /// The name, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_newtype_conversions!(ProjectName);

impl fmt::Display for ProjectName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Notes for the workshop (varnish, impedance, panelisation...): several lines, up to 2,000
/// characters, possibly none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProjectNotes(String);

impl ProjectNotes {
    /// The longest notes accepted, in characters.
    pub const MAX_CHARS: usize = 2_000;

    /// Reads notes typed in a form: trimmed, line breaks stored as `\n`; `TooLong` above
    /// 2,000 characters, `ControlCharacters` for control characters other than line breaks
    /// and tabs.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        parse_text(input, Self::MAX_CHARS).map(Self)
    }

    /// The notes, trimmed (empty when there are none).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether there are no notes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

text_newtype_conversions!(ProjectNotes);

impl fmt::Display for ProjectNotes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A board's specification: what the price and the workshop depend on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct BoardSpec {
    /// Copper layers.
    pub layers: LayerCount,
    /// Width.
    pub width: Millimetres,
    /// Height.
    pub height: Millimetres,
    /// Thickness.
    pub thickness: BoardThickness,
    /// Surface finish.
    pub finish: SurfaceFinish,
    /// Solder-mask colour.
    pub mask: SolderMask,
}

impl BoardSpec {
    /// The board's area in square millimetres (at most 500 × 500 = 250,000).
    pub fn area_mm2(&self) -> u32 {
        u32::from(self.width.get()) * u32::from(self.height.get())
    }
}

#[cfg(test)]
mod tests {
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
}
