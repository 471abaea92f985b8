//! A PCB project's parameters: what to make, how many, and the board's specification.
//!
//! What the workshop can make is written here once: the form offers these options, the
//! browser's instant quote and the server's price read them, and nothing else gets stored.

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

display_as_str!(ProjectName);

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

display_as_str!(ProjectNotes);

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
mod tests;
