//! Where a person goes back to after logging in (`/login?next=…`): a path of this site only,
//! never another site's address (an open redirect would let a link that looks like ours send
//! people elsewhere once logged in).

/// Longest return path kept: a project's board in the query fits well within it.
const MAX_CHARS: usize = 2_000;

/// `next` when it is a path of this site (`/…`, not `//host` nor `/\host`, which browsers read
/// as another host), without control characters, at most 2,000 characters; `None` otherwise.
pub fn same_site_path(next: &str) -> Option<&str> {
    let same_site = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && next.chars().count() <= MAX_CHARS
        && !next.chars().any(char::is_control);
    same_site.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site_are_kept() {
        for kept in [
            "/account",
            "/account/projects/new?service=assembly&layers=4",
            "/",
        ] {
            assert_eq!(same_site_path(kept), Some(kept));
        }
        for refused in [
            "",
            "account",
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "/account\n/x",
            "javascript:alert(1)",
        ] {
            assert_eq!(same_site_path(refused), None, "{refused:?}");
        }
        assert_eq!(same_site_path(&format!("/{}", "a".repeat(2_000))), None);
    }
}
