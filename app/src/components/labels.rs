//! How the board's parameters, the lead times, the file kinds and the countries read in each
//! language: the projects', orders' and back-office's pages show them.
use crate::i18n::*;
use shared::{
    list::PaymentState, BoardThickness, CountryCode, FileKind, LeadTime, Service, SolderMask,
    SurfaceFinish,
};

/// A person's name, or what stands for someone no longer in the account.
pub fn person_or_former(locale: Locale, name: Option<&str>) -> String {
    match name {
        Some(name) if !name.trim().is_empty() => name.to_string(),
        _ => td_string!(locale, projects.former_member).to_string(),
    }
}

pub fn service_text(locale: Locale, service: Service) -> &'static str {
    match service {
        Service::Fabrication => td_string!(locale, projects.service_fabrication),
        Service::Assembly => td_string!(locale, projects.service_assembly),
        Service::FabricationAndAssembly => {
            td_string!(locale, projects.service_fabrication_assembly)
        }
    }
}

/// "1,6 mm" in French, "1.6 mm" in English.
pub fn thickness_text(locale: Locale, thickness: BoardThickness) -> String {
    let millimetres = thickness.as_str();
    match locale {
        Locale::fr => format!("{} mm", millimetres.replace('.', ",")),
        Locale::en => format!("{millimetres} mm"),
    }
}

pub fn finish_text(locale: Locale, finish: SurfaceFinish) -> &'static str {
    match finish {
        SurfaceFinish::Hasl => td_string!(locale, projects.finish_hasl),
        SurfaceFinish::LeadFreeHasl => td_string!(locale, projects.finish_lead_free_hasl),
        SurfaceFinish::Enig => td_string!(locale, projects.finish_enig),
        SurfaceFinish::Osp => td_string!(locale, projects.finish_osp),
        SurfaceFinish::ImmersionSilver => td_string!(locale, projects.finish_immersion_silver),
    }
}

pub fn mask_text(locale: Locale, mask: SolderMask) -> &'static str {
    match mask {
        SolderMask::Green => td_string!(locale, projects.mask_green),
        SolderMask::Black => td_string!(locale, projects.mask_black),
        SolderMask::Blue => td_string!(locale, projects.mask_blue),
        SolderMask::Red => td_string!(locale, projects.mask_red),
        SolderMask::White => td_string!(locale, projects.mask_white),
        SolderMask::Yellow => td_string!(locale, projects.mask_yellow),
    }
}

pub fn lead_time_text(locale: Locale, lead_time: LeadTime) -> &'static str {
    match lead_time {
        LeadTime::Standard => td_string!(locale, projects.lead_standard),
        LeadTime::Express => td_string!(locale, projects.lead_express),
    }
}

/// "10 000" (with a narrow no-break space) in French, "10,000" in English.
pub fn whole_number(locale: Locale, value: u32) -> String {
    let digits = value.to_string();
    let separator = match locale {
        Locale::fr => "\u{202f}",
        Locale::en => ",",
    };
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push_str(separator);
        }
        grouped.push(digit);
    }
    grouped
}

/// "1 working day", "5 working days": the plural form of the language.
pub fn working_days_text(locale: Locale, days: u8) -> String {
    let count = u32::from(days);
    td_string!(locale, projects.working_days, count = count).to_string()
}

/// What a contact message is about, in words.
pub fn contact_subject_text(locale: Locale, subject: shared::ContactSubject) -> &'static str {
    use shared::ContactSubject;
    match subject {
        ContactSubject::Quote => td_string!(locale, contact_page.subject_quote),
        ContactSubject::Order => td_string!(locale, contact_page.subject_order),
        ContactSubject::Files => td_string!(locale, contact_page.subject_files),
        ContactSubject::Account => td_string!(locale, contact_page.subject_account),
        ContactSubject::Other => td_string!(locale, contact_page.subject_other),
    }
}

pub fn file_kind_text(locale: Locale, kind: FileKind) -> &'static str {
    match kind {
        FileKind::Gerber => td_string!(locale, projects.file_gerber),
        FileKind::Bom => td_string!(locale, projects.file_bom),
        FileKind::PickAndPlace => td_string!(locale, projects.file_pick_and_place),
    }
}

/// What a kind accepts, as the person reads it beside the control.
pub fn file_hint_text(locale: Locale, kind: FileKind) -> &'static str {
    match kind {
        FileKind::Gerber => td_string!(locale, projects.file_gerber_hint),
        FileKind::Bom => td_string!(locale, projects.file_bom_hint),
        FileKind::PickAndPlace => td_string!(locale, projects.file_pick_and_place_hint),
    }
}

/// "850 Ko", "1,4 Mo" / "850 KB", "1.4 MB".
pub fn file_size_text(locale: Locale, bytes: i64) -> String {
    const KIB: i64 = 1024;
    const MIB: i64 = 1024 * 1024;
    let decimal = |value: String| match locale {
        Locale::fr => value.replace('.', ","),
        Locale::en => value,
    };
    if bytes < KIB {
        td_string!(locale, projects.size_bytes, value = bytes).to_string()
    } else if bytes < MIB {
        let value = (bytes + KIB / 2) / KIB;
        td_string!(locale, projects.size_kb, value = value).to_string()
    } else {
        let value = decimal(format!("{:.1}", bytes as f64 / MIB as f64));
        td_string!(locale, projects.size_mb, value = value).to_string()
    }
}

pub fn country_text(locale: Locale, country: CountryCode) -> &'static str {
    match country {
        CountryCode::Fr => td_string!(locale, projects.country_fr),
        CountryCode::Be => td_string!(locale, projects.country_be),
        CountryCode::Lu => td_string!(locale, projects.country_lu),
        CountryCode::Ch => td_string!(locale, projects.country_ch),
        CountryCode::De => td_string!(locale, projects.country_de),
        CountryCode::Es => td_string!(locale, projects.country_es),
        CountryCode::It => td_string!(locale, projects.country_it),
        CountryCode::Nl => td_string!(locale, projects.country_nl),
        CountryCode::Pt => td_string!(locale, projects.country_pt),
        CountryCode::At => td_string!(locale, projects.country_at),
        CountryCode::Ie => td_string!(locale, projects.country_ie),
        CountryCode::Gb => td_string!(locale, projects.country_gb),
        CountryCode::Mc => td_string!(locale, projects.country_mc),
    }
}

// ---- Orders: the customers' and the back-office's pages ---------------------------------------

/// An order's progress step, as the customer reads it.
pub fn status_text(locale: Locale, status: shared::OrderStatus) -> &'static str {
    use shared::OrderStatus;
    match status {
        OrderStatus::Received => td_string!(locale, orders.status_received),
        OrderStatus::FileCheck => td_string!(locale, orders.status_file_check),
        OrderStatus::InProduction => td_string!(locale, orders.status_in_production),
        OrderStatus::Shipped => td_string!(locale, orders.status_shipped),
        OrderStatus::Delivered => td_string!(locale, orders.status_delivered),
        OrderStatus::Cancelled => td_string!(locale, orders.status_cancelled),
    }
}

pub fn payment_method_text(locale: Locale, method: shared::PaymentMethod) -> &'static str {
    use shared::PaymentMethod;
    match method {
        PaymentMethod::BankTransfer => td_string!(locale, orders.method_bank_transfer),
        PaymentMethod::OnAccount => td_string!(locale, orders.method_on_account),
    }
}

/// Who placed an order, and for whom when it answers a purchase request.
pub fn placed_by_text(
    locale: Locale,
    placed_by: Option<&str>,
    requested_by: Option<&str>,
) -> String {
    let by = person_or_former(locale, placed_by);
    match requested_by {
        Some(requester) => td_string!(
            locale,
            orders.placed_by_for,
            name = by,
            requester = requester
        )
        .to_string(),
        None => by,
    }
}

/// A kind of document, as its lists name it.
pub fn document_kind_text(locale: Locale, kind: shared::DocumentKind) -> &'static str {
    match kind {
        shared::DocumentKind::Quote => td_string!(locale, documents.kind_quote),
        shared::DocumentKind::ProForma => td_string!(locale, documents.kind_pro_forma),
        shared::DocumentKind::Invoice => td_string!(locale, documents.kind_invoice),
        shared::DocumentKind::CreditNote => td_string!(locale, documents.kind_credit_note),
    }
}

/// Where an order's payment stands, in words (lists and their filters).
pub fn payment_state_text(locale: Locale, state: PaymentState) -> &'static str {
    match state {
        PaymentState::Paid => td_string!(locale, orders.payment_paid),
        PaymentState::Awaiting => td_string!(locale, orders.payment_awaiting),
        PaymentState::OnAccount => td_string!(locale, orders.payment_on_account),
        PaymentState::NotDue => td_string!(locale, orders.payment_none),
    }
}

/// Where a purchase request stands, in words (its card and the requests' filter).
pub fn request_status_text(locale: Locale, status: shared::PurchaseRequestStatus) -> &'static str {
    use shared::PurchaseRequestStatus::*;
    match status {
        Pending => td_string!(locale, orders.request_pending),
        Approved => td_string!(locale, orders.request_approved),
        Declined => td_string!(locale, orders.request_declined),
        Cancelled => td_string!(locale, orders.request_cancelled),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_plural_form_of_each_language() {
        assert_eq!(working_days_text(Locale::fr, 1), "1 jour ouvré");
        assert_eq!(working_days_text(Locale::fr, 5), "5 jours ouvrés");
        assert_eq!(working_days_text(Locale::en, 1), "1 working day");
        assert_eq!(working_days_text(Locale::en, 5), "5 working days");
        // French counts 0 as singular, English as plural.
        assert_eq!(
            td_string!(Locale::fr, account.pending_requests, count = 0u32).to_string(),
            "0 demande en attente"
        );
        assert_eq!(
            td_string!(Locale::en, account.pending_requests, count = 0u32).to_string(),
            "0 pending requests"
        );
    }
}
