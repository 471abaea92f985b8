//! What the two-factor server functions answer.
use serde::{Deserialize, Serialize};

/// Where the person stands with two-factor authentication.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    pub enabled: bool,
    /// It cannot be turned off: staff must have it, or a holder requires it.
    pub mandatory: bool,
    /// Recovery codes not used yet.
    pub recovery_codes_left: i64,
    /// For the holder of the active account: whether every member must have it.
    pub holder_requires: Option<bool>,
}

/// What an authenticator app needs, shown once while enrolling: never sent again afterwards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// The shared secret in base32, for typing it into the app.
    pub secret: String,
    /// The `otpauth://` address the QR code holds.
    pub otpauth_url: String,
    /// The QR code, as a `data:image/png;base64,…` address.
    pub qr_code: String,
}
