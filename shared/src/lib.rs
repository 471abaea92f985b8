//! The rules about data, written once and used by both the browser (WASM) and the server.
//!
//! Every type here parses its input instead of validating it after the fact: a value of the
//! type is valid by construction.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// Conversions shared by the text newtypes: `AsRef<str>` (through `as_str`), `FromStr` and
/// `TryFrom<String>` (through `parse`, which serde's `try_from` uses) and `From<_> for String`
/// (serde's `into`). Written once so that no type can skip `parse` on some path.
macro_rules! text_newtype_conversions {
    ($type:ty) => {
        impl AsRef<str> for $type {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::str::FromStr for $type {
            type Err = $crate::FieldError;

            fn from_str(input: &str) -> Result<Self, Self::Err> {
                Self::parse(input)
            }
        }

        impl TryFrom<String> for $type {
            type Error = $crate::FieldError;

            fn try_from(input: String) -> Result<Self, Self::Error> {
                Self::parse(&input)
            }
        }

        impl From<$type> for String {
            fn from(value: $type) -> String {
                value.0
            }
        }
    };
}

/// `Display` for a text newtype: its text as stored.
macro_rules! display_as_str {
    ($($type:ty),+) => {
        $(impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        })+
    };
}

/// A closed list of values, each with one stable text used everywhere (forms, database, API):
/// `ALL` in the order forms show them, `as_str`, and `parse`, which answers `Required` for
/// nothing and `InvalidChoice` for anything else than an option. Serde uses the same text, and
/// so does the database (with the `sqlx` feature: stored as `text`, read back exactly).
///
/// `parse` compares exactly: the texts are codes a form sends back, not words people type.
/// Written `choice! { case_insensitive Name { .. } }`, it also reads the text in another case
/// (country codes, which people do type).
macro_rules! choice {
    ($(#[$meta:meta])* case_insensitive $name:ident { $($body:tt)+ }) => {
        choice!(@define eq_ignore_ascii_case, $(#[$meta])* $name { $($body)+ });
    };
    ($(#[$meta:meta])* $name:ident { $($body:tt)+ }) => {
        choice!(@define eq, $(#[$meta])* $name { $($body)+ });
    };
    (@define $compare:ident, $(#[$meta:meta])* $name:ident {
        $($(#[$variant_meta:meta])* $variant:ident = $text:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(type_name = "text"))]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                #[serde(rename = $text)]
                #[cfg_attr(feature = "sqlx", sqlx(rename = $text))]
                $variant
            ),+
        }

        impl $name {
            /// Every option, in the order forms offer them.
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            /// The option's stable text.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Reads an option's text (surrounding spaces ignored).
            pub fn parse(input: &str) -> Result<Self, $crate::FieldError> {
                let input = input.trim();
                if input.is_empty() {
                    return Err($crate::FieldError::Required);
                }
                Self::ALL
                    .into_iter()
                    .find(|option| option.as_str().$compare(input))
                    .ok_or($crate::FieldError::InvalidChoice)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::FieldError;

            fn from_str(input: &str) -> Result<Self, Self::Err> {
                Self::parse(input)
            }
        }
    };
}

mod address_label;
mod company_name;
mod contact;
mod delivery_address;
mod document;
mod email;
mod error;
mod files;
mod label;
pub mod list;
mod membership;
mod order;
mod password;
mod password_strength;
mod person_name;
mod phone_number;
mod pricing;
mod project;
mod return_path;
mod security;
mod siret;
pub mod terms;
mod time_zone;
mod vat_number;

pub use address_label::AddressLabel;
pub use company_name::CompanyName;
pub use contact::{ContactMessage, ContactSubject};
pub use delivery_address::{
    check_postal_code_for_country, AddressLine, CountryCode, DeliveryAddress, PostalCode,
};
pub use document::DocumentKind;
pub use email::Email;
pub use error::{FieldError, UnknownFieldErrorCode};
pub use files::{safe_file_name, FileKind, MAX_FILE_BYTES};
pub use membership::{
    AccountReference, MembershipAction, MembershipStatus, Permissions, RequestKind, RequestStatus,
    Role,
};
pub use order::{
    OrderEventStep, OrderStatus, PaymentMethod, PurchaseOrderReference, PurchaseRequestStatus,
    Reason, TrackingNumber,
};
pub use password::{check_confirmation, check_personal, Password, MIN_PERSONAL_PART_CHARS};
pub use password_strength::{password_strength, PasswordStrength};
pub use person_name::PersonName;
pub use phone_number::PhoneNumber;
pub use pricing::{quote, working_days, LeadTime, Money, Quote, VAT_PERCENT};
pub use project::{
    BoardSpec, BoardThickness, LayerCount, Millimetres, ProjectName, ProjectNotes, Quantity,
    Service, SolderMask, SurfaceFinish,
};
pub use return_path::same_site_path;
pub use security::SecurityEvent;
pub use siret::Siret;
pub use time_zone::{LocalMoment, TimeZoneName};
pub use vat_number::VatNumber;
