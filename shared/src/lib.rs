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

mod company_name;
mod email;
mod error;
mod label;
mod membership;
mod password;
mod password_strength;
mod person_name;
mod phone_number;
mod siret;

pub use company_name::CompanyName;
pub use email::Email;
pub use error::{FieldError, UnknownFieldErrorCode};
pub use membership::{AccountReference, Permissions, Role};
pub use password::{check_confirmation, Password};
pub use password_strength::{password_strength, PasswordStrength};
pub use person_name::PersonName;
pub use phone_number::PhoneNumber;
pub use siret::Siret;
