//! Orders: their progress, how they are paid, and the words around them (where they go:
//! [`crate::DeliveryAddress`]).

use crate::label::{parse_label_up_to, parse_text};
use crate::FieldError;

choice! {
    /// Where an order is in the workshop.
    OrderStatus {
        /// Commande reçue.
        Received = "received",
        /// Vérification des fichiers.
        FileCheck = "file_check",
        /// En production.
        InProduction = "in_production",
        /// Expédiée.
        Shipped = "shipped",
        /// Livrée.
        Delivered = "delivered",
        /// Annulée.
        Cancelled = "cancelled",
    }
}

impl OrderStatus {
    /// The step after this one, if any.
    pub fn next(self) -> Option<OrderStatus> {
        match self {
            OrderStatus::Received => Some(OrderStatus::FileCheck),
            OrderStatus::FileCheck => Some(OrderStatus::InProduction),
            OrderStatus::InProduction => Some(OrderStatus::Shipped),
            OrderStatus::Shipped => Some(OrderStatus::Delivered),
            OrderStatus::Delivered | OrderStatus::Cancelled => None,
        }
    }

    /// Whether the order is still under way.
    pub fn is_open(self) -> bool {
        !matches!(self, OrderStatus::Delivered | OrderStatus::Cancelled)
    }

    /// Whether the customer may still cancel the order themselves: before production starts
    /// (staff may cancel later, until shipping: [`OrderStatus::can_cancel`]).
    pub fn customer_can_cancel(self) -> bool {
        matches!(self, OrderStatus::Received | OrderStatus::FileCheck)
    }

    /// Whether the order may still be cancelled (not once it left the workshop).
    pub fn can_cancel(self) -> bool {
        matches!(
            self,
            OrderStatus::Received | OrderStatus::FileCheck | OrderStatus::InProduction
        )
    }
}

choice! {
    /// A line of an order's timeline: each status reached, the payment received, and the
    /// payment method chosen.
    OrderEventStep {
        /// The order was placed.
        Received = "received",
        /// The payment arrived (recorded by staff).
        Paid = "paid",
        /// The files are being checked.
        FileCheck = "file_check",
        /// In production.
        InProduction = "in_production",
        /// Shipped, with a tracking number.
        Shipped = "shipped",
        /// Delivered.
        Delivered = "delivered",
        /// Cancelled, with a reason.
        Cancelled = "cancelled",
        /// A buyer chose how to pay.
        PaymentMethod = "payment_method",
    }
}

impl From<OrderStatus> for OrderEventStep {
    /// The timeline's line for reaching `status`.
    fn from(status: OrderStatus) -> Self {
        match status {
            OrderStatus::Received => OrderEventStep::Received,
            OrderStatus::FileCheck => OrderEventStep::FileCheck,
            OrderStatus::InProduction => OrderEventStep::InProduction,
            OrderStatus::Shipped => OrderEventStep::Shipped,
            OrderStatus::Delivered => OrderEventStep::Delivered,
            OrderStatus::Cancelled => OrderEventStep::Cancelled,
        }
    }
}

choice! {
    /// How an order is paid.
    PaymentMethod {
        /// A bank transfer quoting the order's reference, before production.
        BankTransfer = "bank_transfer",
        /// On invoice at 30 days, when the manufacturer allows it for the customer.
        OnAccount = "on_account",
    }
}

choice! {
    /// What became of a purchase request.
    PurchaseRequestStatus {
        /// Waiting for a buyer.
        Pending = "pending",
        /// A buyer placed the order.
        Approved = "approved",
        /// A buyer declined it.
        Declined = "declined",
        /// The requester withdrew it.
        Cancelled = "cancelled",
    }
}

/// The customer's purchase-order reference, printed on the invoice for their accounting: one
/// line, up to 50 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PurchaseOrderReference(String);

impl PurchaseOrderReference {
    /// The longest reference accepted.
    pub const MAX_CHARS: usize = 50;

    /// Reads a reference that must be there: `Required`, `TooLong` or `ControlCharacters`.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        parse_label_up_to(input, Self::MAX_CHARS).map(Self)
    }

    /// Reads the form's optional field: nothing typed (or only spaces) means no reference.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, FieldError> {
        if input.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(input).map(Some)
        }
    }

    /// The reference, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_newtype_conversions!(PurchaseOrderReference);

/// A carrier's tracking number: 4 to 40 ASCII letters, digits, spaces or hyphens, trimmed.
///
/// Strict, because it ends up in a link to the carrier's site and in e-mails.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TrackingNumber(String);

impl TrackingNumber {
    /// Reads a tracking number typed by staff: `Required` for nothing, `InvalidTrackingNumber`
    /// for anything else than the above.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let number = input.trim();
        if number.is_empty() {
            return Err(FieldError::Required);
        }
        let allowed = number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
        // Only ASCII is allowed, so the length in bytes is the length in characters.
        if !allowed || !(4..=40).contains(&number.len()) {
            return Err(FieldError::InvalidTrackingNumber);
        }
        Ok(Self(number.to_owned()))
    }

    /// The number, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_newtype_conversions!(TrackingNumber);

/// A few words for someone (why an order is cancelled, why a request is declined): up to 500
/// characters, several lines allowed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reason(String);

impl Reason {
    /// The longest message accepted.
    pub const MAX_CHARS: usize = 500;

    /// Reads a message that must say something: `Required` for nothing (or only spaces),
    /// `TooLong` above 500 characters, `ControlCharacters` for control characters other than
    /// line breaks and tabs.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let text = parse_text(input, Self::MAX_CHARS)?;
        if text.is_empty() {
            return Err(FieldError::Required);
        }
        Ok(Self(text))
    }

    /// Reads a message that may be left empty (same rules; nothing gives `None`).
    pub fn parse_optional(input: &str) -> Result<Option<Self>, FieldError> {
        let text = parse_text(input, Self::MAX_CHARS)?;
        Ok((!text.is_empty()).then_some(Self(text)))
    }

    /// The message, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_newtype_conversions!(Reason);

display_as_str!(PurchaseOrderReference, TrackingNumber, Reason);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_have_stable_texts() {
        let statuses = [
            (OrderStatus::Received, "received"),
            (OrderStatus::FileCheck, "file_check"),
            (OrderStatus::InProduction, "in_production"),
            (OrderStatus::Shipped, "shipped"),
            (OrderStatus::Delivered, "delivered"),
            (OrderStatus::Cancelled, "cancelled"),
        ];
        assert_eq!(OrderStatus::ALL, statuses.map(|(status, _)| status));
        for (status, text) in statuses {
            assert_eq!(status.as_str(), text);
            assert_eq!(OrderStatus::parse(text), Ok(status));
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{text}\"")
            );
        }
        let methods = [
            (PaymentMethod::BankTransfer, "bank_transfer"),
            (PaymentMethod::OnAccount, "on_account"),
        ];
        assert_eq!(PaymentMethod::ALL, methods.map(|(method, _)| method));
        for (method, text) in methods {
            assert_eq!(method.as_str(), text);
            assert_eq!(PaymentMethod::parse(text), Ok(method));
            assert_eq!(
                serde_json::to_string(&method).unwrap(),
                format!("\"{text}\"")
            );
        }
        let requests = [
            (PurchaseRequestStatus::Pending, "pending"),
            (PurchaseRequestStatus::Approved, "approved"),
            (PurchaseRequestStatus::Declined, "declined"),
            (PurchaseRequestStatus::Cancelled, "cancelled"),
        ];
        assert_eq!(
            PurchaseRequestStatus::ALL,
            requests.map(|(status, _)| status)
        );
        for (status, text) in requests {
            assert_eq!(status.as_str(), text);
            assert_eq!(PurchaseRequestStatus::parse(text), Ok(status));
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{text}\"")
            );
        }
        assert_eq!(OrderStatus::parse(""), Err(FieldError::Required));
        assert_eq!(
            OrderStatus::parse("Shipped"),
            Err(FieldError::InvalidChoice)
        );
        assert_eq!(PaymentMethod::parse("card"), Err(FieldError::InvalidChoice));
        assert_eq!(
            PurchaseRequestStatus::parse("refused"),
            Err(FieldError::InvalidChoice)
        );
    }

    #[test]
    fn an_order_moves_forward_one_step_at_a_time() {
        use OrderStatus::*;
        // (status, next, is_open, can_cancel)
        let cases = [
            (Received, Some(FileCheck), true, true),
            (FileCheck, Some(InProduction), true, true),
            (InProduction, Some(Shipped), true, true),
            (Shipped, Some(Delivered), true, false),
            (Delivered, None, false, false),
            (Cancelled, None, false, false),
        ];
        assert_eq!(cases.len(), OrderStatus::ALL.len());
        for (status, next, is_open, can_cancel) in cases {
            assert_eq!(status.next(), next, "{status:?}");
            assert_eq!(status.is_open(), is_open, "{status:?}");
            assert_eq!(status.can_cancel(), can_cancel, "{status:?}");
        }
    }

    #[test]
    fn purchase_order_references() {
        let max = "x".repeat(50);
        let over = "x".repeat(51);
        let cases: &[(&str, Result<Option<&str>, FieldError>)] = &[
            ("", Ok(None)),
            ("  ", Ok(None)),
            (" PO-2024/0117 ", Ok(Some("PO-2024/0117"))),
            (&max, Ok(Some(&max))),
            (&over, Err(FieldError::TooLong)),
            ("PO\t17", Err(FieldError::ControlCharacters)),
        ];
        for (input, expected) in cases {
            let parsed = PurchaseOrderReference::parse_optional(input);
            assert_eq!(
                parsed
                    .as_ref()
                    .map(|r| r.as_ref().map(PurchaseOrderReference::as_str))
                    .map_err(|e| *e),
                *expected,
                "{input:?}"
            );
        }
        assert_eq!(PurchaseOrderReference::parse(""), Err(FieldError::Required));
    }

    #[test]
    fn tracking_numbers() {
        let cases: &[(&str, Result<&str, FieldError>)] = &[
            ("6A12345678901", Ok("6A12345678901")),
            (" 1Z999AA10123456784 ", Ok("1Z999AA10123456784")),
            ("JD01 4600 0033 2401 1234", Ok("JD01 4600 0033 2401 1234")),
            ("AB-1", Ok("AB-1")),
            (&"9".repeat(40), Ok(&"9".repeat(40))),
            ("", Err(FieldError::Required)),
            ("abc", Err(FieldError::InvalidTrackingNumber)),
            (&"9".repeat(41), Err(FieldError::InvalidTrackingNumber)),
            ("<script>", Err(FieldError::InvalidTrackingNumber)),
            ("12345/678", Err(FieldError::InvalidTrackingNumber)),
            ("1234\n5678", Err(FieldError::InvalidTrackingNumber)),
            ("ÉÉÉÉ", Err(FieldError::InvalidTrackingNumber)),
        ];
        for (input, expected) in cases {
            assert_eq!(
                TrackingNumber::parse(input)
                    .as_ref()
                    .map(TrackingNumber::as_str)
                    .map_err(|e| *e),
                *expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn reasons() {
        let max = "é".repeat(500);
        let over = "é".repeat(501);
        let cases: &[(&str, Result<Option<&str>, FieldError>)] = &[
            ("", Ok(None)),
            (" \n ", Ok(None)),
            ("Fichiers\r\nincomplets ", Ok(Some("Fichiers\nincomplets"))),
            (&max, Ok(Some(&max))),
            (&over, Err(FieldError::TooLong)),
            ("a\u{0}b", Err(FieldError::ControlCharacters)),
        ];
        for (input, expected) in cases {
            let optional = Reason::parse_optional(input);
            assert_eq!(
                optional
                    .as_ref()
                    .map(|r| r.as_ref().map(Reason::as_str))
                    .map_err(|e| *e),
                *expected,
                "{input:?}"
            );
            // `parse` is the same, except that nothing is refused.
            let required = Reason::parse(input);
            let expected = match expected {
                Ok(None) => Err(FieldError::Required),
                Ok(Some(text)) => Ok(*text),
                Err(error) => Err(*error),
            };
            assert_eq!(
                required.as_ref().map(Reason::as_str).map_err(|e| *e),
                expected,
                "{input:?}"
            );
        }
        assert!(serde_json::from_str::<Reason>("\"\"").is_err());
    }
}
