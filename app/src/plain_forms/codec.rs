//! The encoding of the server functions that forms call: JSON from the hydrated page (and from
//! any other client), the browser's own `application/x-www-form-urlencoded` from a form posted
//! before the WASM runs or without JavaScript. Both land in the same server function, which
//! parses and checks what it receives either way.
use leptos::server_fn::{
    codec::{JsonEncoding, Post},
    Bytes, ContentType, Decodes, Encodes, Format, FormatType,
};
use serde::{de::DeserializeOwned, Serialize};

/// Sends JSON; receives JSON or a plain form's fields.
pub struct JsonOrFormEncoding;

/// The `input` of a server function that a form calls:
/// `#[server(prefix = "/api", endpoint = "…", input = JsonOrForm)]`.
pub type JsonOrForm = Post<JsonOrFormEncoding>;

impl ContentType for JsonOrFormEncoding {
    const CONTENT_TYPE: &'static str = JsonEncoding::CONTENT_TYPE;
}

impl FormatType for JsonOrFormEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonOrFormEncoding {
    type Error = <JsonEncoding as Encodes<T>>::Error;

    fn encode(value: &T) -> Result<Bytes, Self::Error> {
        JsonEncoding::encode(value)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonOrFormEncoding {
    type Error = String;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        #[cfg(feature = "ssr")]
        if !is_json(&bytes) {
            return fields(&bytes);
        }
        JsonEncoding::decode(bytes).map_err(|error| error.to_string())
    }
}

/// Whether a body is JSON: the arguments are an object, and a form's body never holds a
/// literal `{` (browsers percent-encode it).
#[cfg(feature = "ssr")]
fn is_json(body: &[u8]) -> bool {
    body.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{')
}

/// A form's fields, named as the server function's arguments (`form[email]`, `project_id`).
/// serde_qs is what server_fn itself reads forms with; non-strict, it reads the brackets that
/// browsers percent-encode.
#[cfg(feature = "ssr")]
fn fields<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    serde_qs::Config::new(5, false)
        .deserialize_bytes(body)
        .map_err(|error| error.to_string())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Permissions {
        #[serde(default)]
        can_buy: bool,
        #[serde(default)]
        sees_all_orders: bool,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Form {
        name: String,
        quantity: u32,
        permissions: Permissions,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Arguments {
        form: Form,
        locale: String,
    }

    #[test]
    fn a_plain_form_and_json_give_the_same_arguments() {
        let posted = Bytes::from_static(
            b"form%5Bname%5D=Carte+m%C3%A8re+%26+co&form%5Bquantity%5D=25\
              &form%5Bpermissions%5D%5Bcan_buy%5D=true&locale=en",
        );
        let sent = Bytes::from(
            r#" {"form":{"name":"Carte mère & co","quantity":25,"permissions":{"can_buy":true}},"locale":"en"}"#,
        );
        let from_form: Arguments = JsonOrFormEncoding::decode(posted).unwrap();
        let from_json: Arguments = JsonOrFormEncoding::decode(sent).unwrap();
        assert_eq!(from_form, from_json);
        assert_eq!(from_form.form.name, "Carte mère & co");
        assert!(from_form.form.permissions.can_buy);
        assert!(!from_form.form.permissions.sees_all_orders);
    }

    #[test]
    fn what_does_not_fit_the_arguments_is_refused() {
        let missing: Result<Arguments, _> =
            JsonOrFormEncoding::decode(Bytes::from_static(b"locale=en"));
        assert!(missing.is_err());
        let not_a_number: Result<Arguments, _> = JsonOrFormEncoding::decode(Bytes::from_static(
            b"form[name]=a&form[quantity]=ten&locale=fr",
        ));
        assert!(not_a_number.is_err());
    }
}
