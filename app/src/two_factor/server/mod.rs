//! What two-factor authentication does, on the server only.
mod codes;
mod enrol;
mod login;

pub use enrol::{confirm_enrolment, disable, set_requirement, start_enrolment, status};
pub use login::{log_in_with_code, verify};
