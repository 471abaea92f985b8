//! The rules about data, written once and used by both the browser (WASM) and the server.
//!
//! Every type here parses its input instead of validating it after the fact: a value of the
//! type is valid by construction.
