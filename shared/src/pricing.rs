//! The price of a project: one function, [`quote`], run by the browser for the instant quote and
//! by the server, whose result is the one ordered. Integer arithmetic only (amounts in cents,
//! rates in hundredths of a cent), so that WASM and the server give the same cents.
//!
//! # The price list (net of VAT)
//!
//! **Fabrication**, by layer count:
//!
//! | layers              | 1      | 2      | 4      | 6      | 8      | 10     | 12     |
//! |---------------------|--------|--------|--------|--------|--------|--------|--------|
//! | set-up, per order   | 25 €   | 30 €   | 60 €   | 110 €  | 160 €  | 220 €  | 290 €  |
//! | per board, per cm²  | 0.04 € | 0.05 € | 0.10 € | 0.16 € | 0.22 € | 0.29 € | 0.36 € |
//!
//! - a board's area is rounded up to the cm², and counts at least 10 cm² (the smallest place a
//!   board takes on a production panel, routing included);
//! - surcharges, added together, on the per-board price (not on the set-up):
//!
//! | option                          | surcharge |
//! |---------------------------------|-----------|
//! | ENIG finish                     | +20 %     |
//! | immersion silver finish         | +15 %     |
//! | HASL, lead-free HASL, OSP       | —         |
//! | a solder mask other than green  | +10 %     |
//! | a thickness other than 1.6 mm   | +10 %     |
//!
//! **Assembly** (placing and soldering the components; the components themselves are not in
//! this price): 150 € set-up per order (stencil, machine programming), then 8 € per board plus
//! 0.10 € per cm² of board (same area rule as above).
//!
//! **Fabrication + assembly**: the sum of both prices.
//!
//! **Quantity discounts** apply to each board by its rank in the order, not to the whole order,
//! so that more boards never cost less in total:
//!
//! | boards     | price of the board |
//! |------------|--------------------|
//! | 1–10       | 100 %              |
//! | 11–50      | 85 %               |
//! | 51–200     | 70 %               |
//! | 201 and up | 55 %               |
//!
//! Each part (fabrication, assembly) is rounded up to the cent, then:
//!
//! - **express**: the standard net price + 50 %, rounded up to the cent;
//! - **VAT**: [`VAT_PERCENT`] % of the net price, rounded half up to the cent;
//! - **per board**: the net price divided by the quantity, rounded up to the cent (shown, never
//!   charged: the net price is what is ordered).
//!
//! **Working days** until shipping:
//!
//! | service                | standard | express |
//! |------------------------|----------|---------|
//! | fabrication            | 5        | 2       |
//! | assembly               | 5        | 3       |
//! | fabrication + assembly | 5 + 5    | 2 + 3   |

use crate::{BoardSpec, BoardThickness, Quantity, Service, SolderMask, SurfaceFinish};

choice! {
    /// How fast the boards are made.
    #[derive(Default)]
    LeadTime {
        /// The usual lead time.
        #[default]
        Standard = "standard",
        /// Faster and dearer: the order goes before the others in the workshop.
        Express = "express",
    }
}

/// French VAT, in percent: the rate the portal's customers are invoiced at.
pub const VAT_PERCENT: i64 = 20;

/// An amount of euros, in cents: integers, so that sums and the browser's and the server's
/// quotes agree to the cent. Serialized as the number of cents.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    /// An amount of `cents`.
    pub fn from_cents(cents: i64) -> Self {
        Self(cents)
    }

    /// The amount in cents.
    pub fn cents(self) -> i64 {
        self.0
    }

    /// The amount as written in `locale`: "1 234,56 €" in French ("fr", or a French locale such
    /// as "fr-BE"), "€1,234.56" otherwise.
    ///
    /// French separates thousands with a narrow no-break space (U+202F) and puts a no-break
    /// space (U+00A0) before the euro sign, so that an amount is never split across two lines.
    pub fn format(self, locale: &str) -> String {
        let language = locale.split(['-', '_']).next().unwrap_or_default();
        let french = language.eq_ignore_ascii_case("fr");
        let sign = if self.0 < 0 { "-" } else { "" };
        let cents = self.0.unsigned_abs();
        let euros = (cents / 100).to_string();
        let separator = if french { '\u{202f}' } else { ',' };
        let mut grouped = String::with_capacity(euros.len() * 2);
        for (i, digit) in euros.chars().enumerate() {
            if i > 0 && (euros.len() - i).is_multiple_of(3) {
                grouped.push(separator);
            }
            grouped.push(digit);
        }
        let fraction = cents % 100;
        if french {
            format!("{sign}{grouped},{fraction:02}\u{a0}€")
        } else {
            format!("{sign}€{grouped}.{fraction:02}")
        }
    }
}

/// A project's price for a quantity and a lead time.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Quote {
    /// Net price per board: the net total divided by the quantity, rounded up.
    pub unit_net: Money,
    /// Net total.
    pub net: Money,
    /// VAT on the net total.
    pub vat: Money,
    /// What the customer pays: net plus VAT.
    pub total: Money,
    /// Working days until shipping.
    pub working_days: u8,
}

/// Rates are in hundredths of a cent: a price per cm² needs them once surcharged and
/// discounted. Each part is rounded up to the cent only once, at the end.
const UNITS_PER_CENT: i64 = 100;
/// A board counts at least this many cm².
const MIN_AREA_CM2: i64 = 10;
/// Quantity discounts: boards up to this rank (inclusive) are priced at this percentage.
const TIERS: [(u32, i64); 4] = [(10, 100), (50, 85), (200, 70), (u32::MAX, 55)];
/// Assembly set-up, in cents.
const ASSEMBLY_SETUP_CENTS: i64 = 15_000;
/// Assembly per board, in cents.
const ASSEMBLY_BOARD_CENTS: i64 = 800;
/// Assembly per cm² of board, in cents.
const ASSEMBLY_CM2_CENTS: i64 = 10;
/// Express: the standard price times this percentage.
const EXPRESS_PERCENT: i64 = 150;

/// Fabrication set-up and price per cm², in cents, by layer count.
fn fabrication_rates(layers: u8) -> (i64, i64) {
    match layers {
        1 => (2_500, 4),
        2 => (3_000, 5),
        4 => (6_000, 10),
        6 => (11_000, 16),
        8 => (16_000, 22),
        10 => (22_000, 29),
        // 12, the only other count a `LayerCount` holds.
        _ => (29_000, 36),
    }
}

/// The surcharge on a fabricated board, in percent.
fn surcharge_percent(board: &BoardSpec) -> i64 {
    let finish = match board.finish {
        SurfaceFinish::Enig => 20,
        SurfaceFinish::ImmersionSilver => 15,
        SurfaceFinish::Hasl | SurfaceFinish::LeadFreeHasl | SurfaceFinish::Osp => 0,
    };
    let mask = if board.mask == SolderMask::Green {
        0
    } else {
        10
    };
    let thickness = if board.thickness == BoardThickness::Mm1_6 {
        0
    } else {
        10
    };
    finish + mask + thickness
}

/// The price of `quantity` boards at `unit` each, each board at the discount of its rank.
///
/// Each tier's share only grows with the quantity, so the sum never decreases.
fn tiered(unit: i64, quantity: u32) -> i64 {
    let mut total = 0;
    let mut priced = 0;
    for (up_to, percent) in TIERS {
        if priced >= quantity {
            break;
        }
        let in_tier = quantity.min(up_to) - priced;
        total += unit * i64::from(in_tier) * percent / 100;
        priced += in_tier;
    }
    total
}

/// `value / divisor` rounded up, for positive numbers.
fn div_ceil(value: i64, divisor: i64) -> i64 {
    (value + divisor - 1) / divisor
}

/// The VAT on `net` cents, rounded half up to the cent.
fn vat_on(net: i64) -> i64 {
    (net * VAT_PERCENT + 50) / 100
}

/// The standard net price of the fabrication, in cents.
fn fabrication_cents(board: &BoardSpec, area_cm2: i64, quantity: u32) -> i64 {
    let (setup, rate) = fabrication_rates(board.layers.get());
    let unit = area_cm2 * rate * UNITS_PER_CENT * (100 + surcharge_percent(board)) / 100;
    setup + div_ceil(tiered(unit, quantity), UNITS_PER_CENT)
}

/// The standard net price of the assembly, in cents.
fn assembly_cents(area_cm2: i64, quantity: u32) -> i64 {
    let unit = (ASSEMBLY_BOARD_CENTS + area_cm2 * ASSEMBLY_CM2_CENTS) * UNITS_PER_CENT;
    ASSEMBLY_SETUP_CENTS + div_ceil(tiered(unit, quantity), UNITS_PER_CENT)
}

/// The price of `quantity` boards of `board` for `service`, made in `lead_time` (see the
/// module's price list). Every amount is strictly positive.
pub fn quote(
    service: Service,
    board: &BoardSpec,
    quantity: Quantity,
    lead_time: LeadTime,
) -> Quote {
    let area_cm2 = div_ceil(i64::from(board.area_mm2()), 100).max(MIN_AREA_CM2);
    let count = quantity.get();
    let standard = match service {
        Service::Fabrication => fabrication_cents(board, area_cm2, count),
        Service::Assembly => assembly_cents(area_cm2, count),
        Service::FabricationAndAssembly => {
            fabrication_cents(board, area_cm2, count) + assembly_cents(area_cm2, count)
        }
    };
    let net = match lead_time {
        LeadTime::Standard => standard,
        LeadTime::Express => div_ceil(standard * EXPRESS_PERCENT, 100),
    };
    let vat = vat_on(net);
    Quote {
        unit_net: Money(div_ceil(net, i64::from(count))),
        net: Money(net),
        vat: Money(vat),
        total: Money(net + vat),
        working_days: working_days(service, lead_time),
    }
}

/// Working days until shipping for `service` made in `lead_time` (see the module's table): the
/// quote's and the services page's.
pub fn working_days(service: Service, lead_time: LeadTime) -> u8 {
    let (fabrication, assembly) = match lead_time {
        LeadTime::Standard => (5, 5),
        LeadTime::Express => (2, 3),
    };
    match service {
        Service::Fabrication => fabrication,
        Service::Assembly => assembly,
        Service::FabricationAndAssembly => fabrication + assembly,
    }
}

#[cfg(test)]
mod tests;
