//! Forms that work before the WASM arrives and without JavaScript.
//!
//! Every such form is a real `<form method="post">` whose action is its server function
//! (`/api/…`) and whose fields are named as that function's arguments. Once the page is
//! hydrated, the form's submit handler sends the same arguments as JSON and the page updates
//! in place. Before that, or without JavaScript, the browser posts the form itself: the server
//! function runs the same checks ([`JsonOrForm`] reads both bodies), and the browser is sent on
//! with `303 See Other` ([`server::answer_plain_form_posts`]) to the next page, or back to the
//! form when something is wrong. The form then shows the error and what was typed (passwords
//! and codes excepted), kept in the session for that one page ([`PlainPost`]). A success that
//! leads back to the form's page is kept the same way, with the function's answer, for the page
//! to say what was done (a company found by its SIRET, "Saved").
mod codec;
mod form;
#[cfg(feature = "ssr")]
pub mod server;

pub use codec::JsonOrForm;
pub use form::{field_name, ButtonForm, Hidden, PlainForm, PostForm, PostedBefore};

use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// A plain form post the server answered by sending the browser back to the form's page: which
/// server function, what it answered, and what was typed, for the page to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlainPost {
    /// The server function's path (`/api/auth/signup`).
    pub endpoint: String,
    /// The function's answer as JSON when it succeeded, else why it refused the form.
    pub answer: Result<String, AppError>,
    /// The fields as posted (`form[email]`), secrets left out.
    pub fields: Vec<(String, String)>,
}

impl PlainPost {
    /// The value posted under the field's full `name`.
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(posted, _)| posted == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Whether a posted field holds a secret that is never kept nor shown again: a password, its
/// confirmation, a two-factor code.
pub fn is_secret(name: &str) -> bool {
    let field = name
        .rsplit('[')
        .next()
        .unwrap_or(name)
        .trim_end_matches(']');
    field.contains("password") || field == "confirmation" || field == "code"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_codes_are_secrets_and_nothing_else() {
        for secret in [
            "form[password]",
            "form[confirmation]",
            "password",
            "form[current_password]",
            "code",
        ] {
            assert!(is_secret(secret), "{secret}");
        }
        for field in [
            "form[email]",
            "email",
            "form[permissions][can_buy]",
            "coded",
        ] {
            assert!(!is_secret(field), "{field}");
        }
    }
}
