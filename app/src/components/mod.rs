//! Building blocks shared by the pages.
pub mod address;
pub mod controls;
pub mod errors;
pub mod form;
pub mod format;
pub mod labels;
pub mod list;
pub mod text;
