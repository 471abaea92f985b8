//! [`SecurityEvent`]: what happened to a person's access, as logged, stored and shown to them.

choice! {
    /// What happened: kept in `security_events` (as its text), written in the log, and shown
    /// to the person concerned in "Mon compte".
    SecurityEvent {
        /// Logged in with the right password.
        LoginSucceeded = "login_succeeded",
        /// A wrong password for this person's address.
        LoginFailed = "login_failed",
        /// Too many attempts: the answer was 429.
        LimitReached = "limit_reached",
        /// A second factor (TOTP) was set up.
        TwoFactorEnrolled = "two_factor_enrolled",
        /// A wrong second-factor code.
        TwoFactorFailed = "two_factor_failed",
        /// A recovery code stood in for the second factor (one fewer left).
        RecoveryCodeUsed = "recovery_code_used",
        /// The second factor was turned off.
        TwoFactorDisabled = "two_factor_disabled",
        /// A holder required (or stopped requiring) a second factor of every member.
        TwoFactorRequirementChanged = "two_factor_requirement_changed",
        /// A staff session ended on its own: idle too long, or at the end of its lifetime.
        SessionExpired = "session_expired",
        /// A password reset link was asked for this person.
        ResetRequested = "reset_requested",
        /// A reset link set a new password.
        ResetUsed = "reset_used",
        /// The password was changed (or the first one chosen).
        PasswordChanged = "password_changed",
        /// A change of address was asked (a link went to the new one).
        EmailChangeRequested = "email_change_requested",
        /// The new address was confirmed and is the person's now.
        EmailChanged = "email_changed",
        /// Logged out.
        LoggedOut = "logged_out",
        /// The person ended their other sessions.
        OtherSessionsEnded = "other_sessions_ended",
        /// A member of staff acted in the back-office.
        StaffAction = "staff_action",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_reads_back_from_its_text() {
        for kind in SecurityEvent::ALL {
            assert_eq!(SecurityEvent::parse(kind.as_str()), Ok(kind));
            assert!(kind.as_str().len() <= 64, "the column's limit");
        }
    }
}
