//! The documents' server side: lists, quotes and the PDF's download.
pub mod download;
pub mod list;
pub mod quote;
