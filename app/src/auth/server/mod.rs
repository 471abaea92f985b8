//! What the auth server functions do, on the server only.
mod access;
mod activity;
mod address;
mod me;
mod password;

pub use access::{log_in, look_up_visitor, sign_up};
pub use activity::{end_other_sessions, log_out, my_activity};
pub use address::{change_email, confirm_email, resend_verification, verify_email};
pub use me::{set_language, set_time_zone, switch_account, update_profile, who_am_i};
pub use password::{
    change_password, choose_first_password, request_password_reset, reset_password,
};
