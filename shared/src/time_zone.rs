//! The time zones a person may choose: dates and times are shown in theirs.
//!
//! A list rather than every IANA name: each zone's rules are compiled into the program (jiff's
//! `tz::get!`), so the browser and the server show the same time without a time zone database
//! on either side, and the browser downloads only these few rules.

use jiff::{
    tz::{self, TimeZone},
    Timestamp,
};

choice! {
    /// A time zone by its IANA name: the EU, the French overseas territories, and the places
    /// customers of a French manufacturer most often work from.
    TimeZoneName {
        /// France (metropolitan).
        EuropeParis = "Europe/Paris",
        /// United Kingdom.
        EuropeLondon = "Europe/London",
        /// Ireland.
        EuropeDublin = "Europe/Dublin",
        /// Portugal.
        EuropeLisbon = "Europe/Lisbon",
        /// Spain.
        EuropeMadrid = "Europe/Madrid",
        /// Belgium.
        EuropeBrussels = "Europe/Brussels",
        /// Luxembourg.
        EuropeLuxembourg = "Europe/Luxembourg",
        /// The Netherlands.
        EuropeAmsterdam = "Europe/Amsterdam",
        /// Germany.
        EuropeBerlin = "Europe/Berlin",
        /// Switzerland.
        EuropeZurich = "Europe/Zurich",
        /// Italy.
        EuropeRome = "Europe/Rome",
        /// Austria.
        EuropeVienna = "Europe/Vienna",
        /// Poland.
        EuropeWarsaw = "Europe/Warsaw",
        /// Czechia.
        EuropePrague = "Europe/Prague",
        /// Sweden.
        EuropeStockholm = "Europe/Stockholm",
        /// Finland.
        EuropeHelsinki = "Europe/Helsinki",
        /// Greece.
        EuropeAthens = "Europe/Athens",
        /// Romania.
        EuropeBucharest = "Europe/Bucharest",
        /// Türkiye.
        EuropeIstanbul = "Europe/Istanbul",
        /// Morocco.
        AfricaCasablanca = "Africa/Casablanca",
        /// Algeria.
        AfricaAlgiers = "Africa/Algiers",
        /// Tunisia.
        AfricaTunis = "Africa/Tunis",
        /// Eastern Canada.
        AmericaMontreal = "America/Toronto",
        /// US Eastern.
        AmericaNewYork = "America/New_York",
        /// US Central.
        AmericaChicago = "America/Chicago",
        /// US Mountain.
        AmericaDenver = "America/Denver",
        /// US Pacific.
        AmericaLosAngeles = "America/Los_Angeles",
        /// Brazil (São Paulo).
        AmericaSaoPaulo = "America/Sao_Paulo",
        /// Martinique, Guadeloupe.
        AmericaMartinique = "America/Martinique",
        /// French Guiana.
        AmericaCayenne = "America/Cayenne",
        /// La Réunion.
        IndianReunion = "Indian/Reunion",
        /// Mayotte.
        IndianMayotte = "Indian/Mayotte",
        /// New Caledonia.
        PacificNoumea = "Pacific/Noumea",
        /// French Polynesia (Tahiti).
        PacificTahiti = "Pacific/Tahiti",
        /// United Arab Emirates.
        AsiaDubai = "Asia/Dubai",
        /// India.
        AsiaKolkata = "Asia/Kolkata",
        /// Singapore.
        AsiaSingapore = "Asia/Singapore",
        /// China.
        AsiaShanghai = "Asia/Shanghai",
        /// Japan.
        AsiaTokyo = "Asia/Tokyo",
        /// Australia (Sydney).
        AustraliaSydney = "Australia/Sydney",
        /// Coordinated Universal Time.
        Utc = "UTC",
    }
}

impl Default for TimeZoneName {
    /// Metropolitan France's, the manufacturer's and most customers'.
    fn default() -> Self {
        TimeZoneName::EuropeParis
    }
}

/// A moment as a person in one time zone reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalMoment {
    /// The year, e.g. 2026.
    pub year: i16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
    /// The hour, 0 to 23.
    pub hour: u8,
    /// The minute, 0 to 59.
    pub minute: u8,
    /// The zone's abbreviation at that moment ("CET", "CEST"), or its offset ("+04").
    pub abbreviation: &'static str,
}

impl TimeZoneName {
    /// The zone's rules (daylight saving time included).
    pub fn zone(self) -> TimeZone {
        match self {
            TimeZoneName::EuropeParis => tz::get!("Europe/Paris"),
            TimeZoneName::EuropeLondon => tz::get!("Europe/London"),
            TimeZoneName::EuropeDublin => tz::get!("Europe/Dublin"),
            TimeZoneName::EuropeLisbon => tz::get!("Europe/Lisbon"),
            TimeZoneName::EuropeMadrid => tz::get!("Europe/Madrid"),
            TimeZoneName::EuropeBrussels => tz::get!("Europe/Brussels"),
            TimeZoneName::EuropeLuxembourg => tz::get!("Europe/Luxembourg"),
            TimeZoneName::EuropeAmsterdam => tz::get!("Europe/Amsterdam"),
            TimeZoneName::EuropeBerlin => tz::get!("Europe/Berlin"),
            TimeZoneName::EuropeZurich => tz::get!("Europe/Zurich"),
            TimeZoneName::EuropeRome => tz::get!("Europe/Rome"),
            TimeZoneName::EuropeVienna => tz::get!("Europe/Vienna"),
            TimeZoneName::EuropeWarsaw => tz::get!("Europe/Warsaw"),
            TimeZoneName::EuropePrague => tz::get!("Europe/Prague"),
            TimeZoneName::EuropeStockholm => tz::get!("Europe/Stockholm"),
            TimeZoneName::EuropeHelsinki => tz::get!("Europe/Helsinki"),
            TimeZoneName::EuropeAthens => tz::get!("Europe/Athens"),
            TimeZoneName::EuropeBucharest => tz::get!("Europe/Bucharest"),
            TimeZoneName::EuropeIstanbul => tz::get!("Europe/Istanbul"),
            TimeZoneName::AfricaCasablanca => tz::get!("Africa/Casablanca"),
            TimeZoneName::AfricaAlgiers => tz::get!("Africa/Algiers"),
            TimeZoneName::AfricaTunis => tz::get!("Africa/Tunis"),
            TimeZoneName::AmericaMontreal => tz::get!("America/Toronto"),
            TimeZoneName::AmericaNewYork => tz::get!("America/New_York"),
            TimeZoneName::AmericaChicago => tz::get!("America/Chicago"),
            TimeZoneName::AmericaDenver => tz::get!("America/Denver"),
            TimeZoneName::AmericaLosAngeles => tz::get!("America/Los_Angeles"),
            TimeZoneName::AmericaSaoPaulo => tz::get!("America/Sao_Paulo"),
            TimeZoneName::AmericaMartinique => tz::get!("America/Martinique"),
            TimeZoneName::AmericaCayenne => tz::get!("America/Cayenne"),
            TimeZoneName::IndianReunion => tz::get!("Indian/Reunion"),
            TimeZoneName::IndianMayotte => tz::get!("Indian/Mayotte"),
            TimeZoneName::PacificNoumea => tz::get!("Pacific/Noumea"),
            TimeZoneName::PacificTahiti => tz::get!("Pacific/Tahiti"),
            TimeZoneName::AsiaDubai => tz::get!("Asia/Dubai"),
            TimeZoneName::AsiaKolkata => tz::get!("Asia/Kolkata"),
            TimeZoneName::AsiaSingapore => tz::get!("Asia/Singapore"),
            TimeZoneName::AsiaShanghai => tz::get!("Asia/Shanghai"),
            TimeZoneName::AsiaTokyo => tz::get!("Asia/Tokyo"),
            TimeZoneName::AustraliaSydney => tz::get!("Australia/Sydney"),
            TimeZoneName::Utc => tz::get!("UTC"),
        }
    }

    /// `unix` (seconds since 1970 UTC) on this zone's clocks; `None` out of range.
    pub fn local(self, unix: i64) -> Option<LocalMoment> {
        let zoned = self.zone().to_datetime(Timestamp::from_second(unix).ok()?);
        let abbreviation = abbreviation(self, unix);
        Some(LocalMoment {
            year: zoned.year(),
            month: u8::try_from(zoned.month()).ok()?,
            day: u8::try_from(zoned.day()).ok()?,
            hour: u8::try_from(zoned.hour()).ok()?,
            minute: u8::try_from(zoned.minute()).ok()?,
            abbreviation,
        })
    }
}

/// The zone's abbreviation at `unix`, kept as a static text (the few this list uses).
fn abbreviation(zone: TimeZoneName, unix: i64) -> &'static str {
    let Ok(timestamp) = Timestamp::from_second(unix) else {
        return "";
    };
    let rules = zone.zone();
    let info = rules.to_offset_info(timestamp);
    let text = info.abbreviation();
    KNOWN_ABBREVIATIONS
        .iter()
        .copied()
        .find(|known| *known == text)
        .unwrap_or("")
}

/// Abbreviations worth showing; a zone whose rules give only an offset ("+04") shows none and
/// the page names the zone instead.
const KNOWN_ABBREVIATIONS: [&str; 16] = [
    "CET", "CEST", "GMT", "BST", "IST", "WET", "WEST", "EET", "EEST", "EST", "EDT", "CST", "CDT",
    "PST", "PDT", "UTC",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_in_winter_and_in_summer() {
        // 2026-01-15 12:00 UTC: 13:00 in Paris (CET).
        let winter = TimeZoneName::EuropeParis.local(1_768_478_400).unwrap();
        assert_eq!(
            (winter.day, winter.month, winter.hour, winter.minute),
            (15, 1, 13, 0)
        );
        assert_eq!(winter.abbreviation, "CET");
        // 2026-07-15 12:00 UTC: 14:00 in Paris (CEST).
        let summer = TimeZoneName::EuropeParis.local(1_784_116_800).unwrap();
        assert_eq!((summer.hour, summer.abbreviation), (14, "CEST"));
    }

    #[test]
    fn another_zone_and_a_date_line() {
        // 2026-11-27 23:30 UTC is already the 28th in Tokyo, and still the 27th in New York.
        let unix = 1_795_822_200;
        let tokyo = TimeZoneName::AsiaTokyo.local(unix).unwrap();
        assert_eq!((tokyo.day, tokyo.hour, tokyo.minute), (28, 8, 30));
        let new_york = TimeZoneName::AmericaNewYork.local(unix).unwrap();
        assert_eq!(
            (new_york.day, new_york.hour, new_york.abbreviation),
            (27, 18, "EST")
        );
    }

    #[test]
    fn every_zone_has_rules_and_a_stable_name() {
        for zone in TimeZoneName::ALL {
            assert!(zone.local(0).is_some(), "{zone:?}");
            assert_eq!(TimeZoneName::parse(zone.as_str()), Ok(zone));
        }
        assert_eq!(TimeZoneName::default().as_str(), "Europe/Paris");
        assert!(TimeZoneName::parse("Mars/Olympus").is_err());
    }
}
