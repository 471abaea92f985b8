//! Dates and prices as people write them in the page's language.
use crate::i18n::{I18nLocaleTrait, Locale};

fn at(unix: i64) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::from_unix_timestamp(unix).ok()
}

/// A date: "27/11/2026" in French, "27 November 2026" in English (UTC).
pub fn date(locale: Locale, unix: i64) -> String {
    let Some(at) = at(unix) else {
        return String::new();
    };
    let date = at.date();
    match locale {
        Locale::fr => format!(
            "{:02}/{:02}/{}",
            date.day(),
            u8::from(date.month()),
            date.year()
        ),
        Locale::en => format!("{} {} {}", date.day(), date.month(), date.year()),
    }
}

/// A date and time to the minute (UTC): "27/11/2026 14:05", "27 November 2026, 14:05 UTC".
pub fn date_time(locale: Locale, unix: i64) -> String {
    let Some(moment) = at(unix) else {
        return String::new();
    };
    let day = date(locale, unix);
    match locale {
        Locale::fr => format!("{day} {:02}:{:02} UTC", moment.hour(), moment.minute()),
        Locale::en => format!("{day}, {:02}:{:02} UTC", moment.hour(), moment.minute()),
    }
}

/// An amount in euros: "1 234,56 €" or "€1,234.56".
pub fn money(locale: Locale, cents: i64) -> String {
    shared::Money::from_cents(cents).format(locale.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_each_language() {
        // 2026-11-27 14:05:09 UTC
        let unix = 1_795_788_309;
        assert_eq!(date(Locale::fr, unix), "27/11/2026");
        assert_eq!(date(Locale::en, unix), "27 November 2026");
        assert_eq!(date_time(Locale::fr, unix), "27/11/2026 14:05 UTC");
        assert_eq!(date_time(Locale::en, unix), "27 November 2026, 14:05 UTC");
    }
}
