//! [`password_strength`]: a hint shown while the user types a new password.

/// How hard a password looks to guess. Only a hint for the form: what is enforced is
/// [`crate::Password::parse`] and, on the server, the list of common passwords.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PasswordStrength {
    /// Too short or too repetitive.
    Weak,
    /// Acceptable.
    Fair,
    /// Long or varied.
    Good,
    /// Long and varied.
    Strong,
}

impl PasswordStrength {
    /// The snake_case code the UI translates.
    pub fn code(self) -> &'static str {
        match self {
            PasswordStrength::Weak => "weak",
            PasswordStrength::Fair => "fair",
            PasswordStrength::Good => "good",
            PasswordStrength::Strong => "strong",
        }
    }
}

/// Estimates the strength of `candidate`, cheaply enough to run on every keystroke.
///
/// Scoring: under 12 characters is Weak. Otherwise, characters that continue a run of the
/// same step (`aaa`, `123`, `cba`: a 3rd character or more) are not counted; if fewer than 12
/// characters remain it is Weak. Then score = length points (12+: 1, 16+: 2, 20+: 3, 24+: 4)
/// plus one per character class beyond the first (lowercase, uppercase, digit, other):
/// 0-1 Weak, 2-3 Fair, 4-5 Good, 6+ Strong.
pub fn password_strength(candidate: &str) -> PasswordStrength {
    let chars: Vec<char> = candidate.chars().collect();
    if chars.len() < 12 {
        return PasswordStrength::Weak;
    }

    let step = |i: usize| i64::from(u32::from(chars[i])) - i64::from(u32::from(chars[i - 1]));
    let in_run = |i: usize| i >= 2 && step(i) == step(i - 1) && step(i).abs() <= 1;
    let counted = (0..chars.len()).filter(|&i| !in_run(i)).count();
    if counted < 12 {
        return PasswordStrength::Weak;
    }

    let length_points = match counted {
        0..=15 => 1,
        16..=19 => 2,
        20..=23 => 3,
        _ => 4,
    };
    let classes = [
        chars.iter().any(|c| c.is_lowercase()),
        chars.iter().any(|c| c.is_uppercase()),
        chars.iter().any(|c| c.is_ascii_digit()),
        chars
            .iter()
            .any(|c| !c.is_lowercase() && !c.is_uppercase() && !c.is_ascii_digit()),
    ]
    .into_iter()
    .filter(|&present| present)
    .count();

    match length_points + classes - 1 {
        0..=1 => PasswordStrength::Weak,
        2..=3 => PasswordStrength::Fair,
        4..=5 => PasswordStrength::Good,
        _ => PasswordStrength::Strong,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PasswordStrength::*;

    #[test]
    fn codes() {
        assert_eq!(Weak.code(), "weak");
        assert_eq!(Fair.code(), "fair");
        assert_eq!(Good.code(), "good");
        assert_eq!(Strong.code(), "strong");
    }

    #[test]
    fn table() {
        let cases = [
            ("", Weak),
            ("a", Weak),
            // Under 12 characters is always Weak, however varied.
            ("Xq7#mP2!vL9", Weak),
            ("aaaaaaaaaaaa", Weak),
            ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Weak),
            ("abcdefghijkl", Weak),
            ("123456789012", Weak),
            ("zyxwvutsrqpo", Weak),
            ("AAAAAAAAAAAA1!", Weak),
            ("Password1234", Weak),
            ("monchatnoir2", Fair),
            ("correcthorsebattery", Fair),
            ("MonChatNoir2024", Fair),
            ("MonChatNoir2024!", Good),
            ("correct horse battery staple", Good),
            ("Correct horse battery staple", Strong),
            ("qT7#vL2!pX9@mR4$wK8&", Strong),
            ("Ux4%kQ9!zR2#", Good),
        ];
        for (candidate, expected) in cases {
            assert_eq!(password_strength(candidate), expected, "{candidate:?}");
        }
    }

    #[test]
    fn grows_with_length_and_variety() {
        let steps = [
            "aaaaaaaaaaaa",
            "monchatnoirs",
            "monchatnoirsurletoit",
            "MonChatNoirSurLeToit",
            "MonChatNoirSurLeToit7!",
            "Mon chat noir dort sur le toit, 7 jours sur 7!",
        ];
        let strengths: Vec<_> = steps.iter().map(|s| password_strength(s)).collect();
        for pair in strengths.windows(2) {
            assert!(pair[0] <= pair[1], "{steps:?} -> {strengths:?}");
        }
        assert_eq!(strengths.first(), Some(&Weak));
        assert_eq!(strengths.last(), Some(&Strong));
    }

    #[test]
    fn runs_and_sequences_are_discounted() {
        // The same varied start, padded with a run or with more varied text.
        assert_eq!(password_strength("Xq7#mP2!aaaaaaaaaaaa"), Weak);
        assert_eq!(password_strength("Xq7#mP2!abcdefghijkl"), Weak);
        assert_eq!(password_strength("Xq7#mP2!vL9$wK4&nR6@"), Strong);
        // Two repeats are normal text, not a run.
        assert_eq!(password_strength("bookkeeper99"), Fair);
    }

    #[test]
    fn deterministic() {
        for candidate in ["", "Xq7#mP2!vL9$wK4&nR6@", "correct horse battery staple"] {
            assert_eq!(password_strength(candidate), password_strength(candidate));
        }
    }
}
