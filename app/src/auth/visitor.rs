//! Who the header shows as logged in: small enough to come with the page as text, with no
//! resource and no JSON in the main WASM.
use super::types::Me;
use std::{fmt, str::FromStr};

/// Nobody, a customer (their account area), or the manufacturer's staff (the back-office).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Visitor {
    #[default]
    Anonymous,
    Customer,
    Staff,
}

impl Visitor {
    pub fn of(me: Option<&Me>) -> Self {
        match me {
            None => Self::Anonymous,
            Some(me) if me.staff => Self::Staff,
            Some(_) => Self::Customer,
        }
    }

    /// The visitor the server looked up for the request being rendered
    /// (`auth::server::look_up_visitor`); nobody outside a request.
    pub fn of_request() -> Self {
        #[cfg(feature = "ssr")]
        {
            use leptos::prelude::use_context;
            use_context::<axum::http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<Self>().copied())
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        Self::default()
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Anonymous => "anonymous",
            Self::Customer => "customer",
            Self::Staff => "staff",
        }
    }
}

/// The page's hydration data carries the visitor as this text (`SharedValue::new_str`).
impl fmt::Display for Visitor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Visitor {
    type Err = UnknownVisitor;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [Self::Anonymous, Self::Customer, Self::Staff]
            .into_iter()
            .find(|visitor| visitor.as_str() == text)
            .ok_or(UnknownVisitor)
    }
}

#[derive(Debug)]
pub struct UnknownVisitor;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visitor_reads_back_what_it_writes() {
        for visitor in [Visitor::Anonymous, Visitor::Customer, Visitor::Staff] {
            assert_eq!(visitor.to_string().parse::<Visitor>().unwrap(), visitor);
        }
        assert!("admin".parse::<Visitor>().is_err());
    }
}
