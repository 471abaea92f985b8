//! Dates and prices as people write them in the page's language, dates and times in the
//! person's time zone (Europe/Paris for visitors who are not logged in).
use crate::i18n::{I18nLocaleTrait, Locale};
use leptos::prelude::*;
use shared::{LocalMoment, TimeZoneName};
use std::{fmt, str::FromStr};

/// The time zone of the page's dates: the logged-in person's, looked up by the server before
/// the render (`auth::server::look_up_visitor`) and carried to the browser with the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageTimeZone(pub TimeZoneName);

impl PageTimeZone {
    /// Gives the pages the zone of the request being rendered, as a signal that a change of
    /// the person's zone updates ([`use_time_zone`]).
    pub fn provide() -> RwSignal<PageTimeZone> {
        let zone = SharedValue::new_str(Self::of_request).into_inner();
        let signal = RwSignal::new(zone);
        provide_context(signal);
        signal
    }

    fn of_request() -> Self {
        #[cfg(feature = "ssr")]
        {
            use_context::<axum::http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<PageTimeZone>().copied())
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        Self::default()
    }
}

/// The page's hydration data carries the zone as its IANA name.
impl fmt::Display for PageTimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl FromStr for PageTimeZone {
    type Err = shared::FieldError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        TimeZoneName::parse(text).map(Self)
    }
}

/// The page's time zone signal (a default one outside a page, e.g. in unit tests).
pub fn use_time_zone() -> RwSignal<PageTimeZone> {
    use_context::<RwSignal<PageTimeZone>>()
        .unwrap_or_else(|| RwSignal::new(PageTimeZone::default()))
}

/// `unix` on the clocks of the page's time zone (a reactive read: a change of zone rewrites it).
fn local(unix: i64) -> Option<(TimeZoneName, LocalMoment)> {
    let zone = use_time_zone().get().0;
    zone.local(unix).map(|moment| (zone, moment))
}

/// A date: "27/11/2026" in French, "27 November 2026" in English.
pub fn date(locale: Locale, unix: i64) -> String {
    local(unix)
        .map(|(_, moment)| date_of(locale, &moment))
        .unwrap_or_default()
}

/// A date and time to the minute, with the zone: "27/11/2026 15:05 CET",
/// "27 November 2026, 15:05 CET" (the zone's name when it has no usual abbreviation).
pub fn date_time(locale: Locale, unix: i64) -> String {
    local(unix)
        .map(|(zone, moment)| date_time_of(locale, zone, &moment))
        .unwrap_or_default()
}

fn date_of(locale: Locale, moment: &LocalMoment) -> String {
    match locale {
        Locale::fr => format!("{:02}/{:02}/{}", moment.day, moment.month, moment.year),
        Locale::en => format!(
            "{} {} {}",
            moment.day,
            MONTHS[usize::from(moment.month.clamp(1, 12)) - 1],
            moment.year
        ),
    }
}

fn date_time_of(locale: Locale, zone: TimeZoneName, moment: &LocalMoment) -> String {
    let day = date_of(locale, moment);
    let zone = if moment.abbreviation.is_empty() {
        zone.as_str()
    } else {
        moment.abbreviation
    };
    let (hour, minute) = (moment.hour, moment.minute);
    match locale {
        Locale::fr => format!("{day} {hour:02}:{minute:02} {zone}"),
        Locale::en => format!("{day}, {hour:02}:{minute:02} {zone}"),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `text` as the value of an address's query parameter: everything but letters, digits and
/// `-._/` percent-encoded (a same-site path stays readable in `?next=/account/...`).
pub fn query_value(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'/') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// An amount in euros: "1 234,56 €" or "€1,234.56".
pub fn money(locale: Locale, cents: i64) -> String {
    shared::Money::from_cents(cents).format(locale.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_zone(zone: TimeZoneName, unix: i64) -> LocalMoment {
        zone.local(unix).unwrap()
    }

    #[test]
    fn dates_in_each_language_and_zone() {
        // 2026-11-27 14:05:09 UTC: 15:05 in Paris (CET), 23:05 in Tokyo.
        let unix = 1_795_788_309;
        let paris = in_zone(TimeZoneName::EuropeParis, unix);
        assert_eq!(date_of(Locale::fr, &paris), "27/11/2026");
        assert_eq!(date_of(Locale::en, &paris), "27 November 2026");
        assert_eq!(
            date_time_of(Locale::fr, TimeZoneName::EuropeParis, &paris),
            "27/11/2026 15:05 CET"
        );
        assert_eq!(
            date_time_of(Locale::en, TimeZoneName::EuropeParis, &paris),
            "27 November 2026, 15:05 CET"
        );
        let tokyo = in_zone(TimeZoneName::AsiaTokyo, unix);
        assert_eq!(
            date_time_of(Locale::en, TimeZoneName::AsiaTokyo, &tokyo),
            "27 November 2026, 23:05 Asia/Tokyo"
        );
    }

    #[test]
    fn the_default_zone_is_paris_outside_a_page() {
        let owner = Owner::new();
        owner.with(|| {
            // 2026-07-15 12:00 UTC: 14:00 in Paris, summer time.
            assert_eq!(
                date_time(Locale::fr, 1_784_116_800),
                "15/07/2026 14:00 CEST"
            );
        });
    }

    #[test]
    fn the_zone_reads_back_what_it_writes() {
        for zone in TimeZoneName::ALL {
            let page = PageTimeZone(zone);
            assert_eq!(page.to_string().parse::<PageTimeZone>().unwrap(), page);
        }
    }
}
