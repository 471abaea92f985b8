//! What brotli's window costs and saves on the portal's own pages: the measurement behind
//! `server::compression::BROTLI_WINDOW_BITS`. Run by hand, it prints its figures:
//! `cargo nextest run -p server --run-ignored only -E 'test(brotli_window)' --no-capture`.
use crate::helpers::{spawn_app, TestApp};
use brotli::enc::{BrotliAlloc, BrotliEncoderParams, StandardAlloc};
use brotli::Allocator;
use serde_json::json;
use std::{
    cell::Cell,
    rc::Rc,
    time::{Duration, Instant},
};

/// The brotli crate's own allocator, counting the bytes it is asked for (all of them zeroed).
#[derive(Clone, Default)]
struct Counting(Rc<Cell<usize>>);

impl<T: Clone + Default> Allocator<T> for Counting {
    type AllocatedMemory = <StandardAlloc as Allocator<T>>::AllocatedMemory;

    fn alloc_cell(&mut self, len: usize) -> Self::AllocatedMemory {
        self.0.set(self.0.get() + len * size_of::<T>());
        StandardAlloc::default().alloc_cell(len)
    }

    fn free_cell(&mut self, data: Self::AllocatedMemory) {
        StandardAlloc::default().free_cell(data)
    }
}

impl BrotliAlloc for Counting {}

/// Bytes allocated and compressed size of `html` at quality 4 with a window of 2^`window_bits`.
fn compress(html: &[u8], window_bits: i32) -> (usize, usize) {
    let params = BrotliEncoderParams {
        quality: 4,
        lgwin: window_bits,
        ..BrotliEncoderParams::default()
    };
    let allocated = Counting::default();
    let mut compressed = Vec::new();
    brotli::BrotliCompressCustomAlloc(
        &mut &html[..],
        &mut compressed,
        &mut [0; 4096],
        &mut [0; 4096],
        &params,
        allocated.clone(),
    )
    .unwrap();
    (allocated.0.get(), compressed.len())
}

/// Adds collaborators `first..=last` to the only account, as bench/src/fixtures.rs does.
async fn add_collaborators(app: &TestApp, first: i32, last: i32) {
    sqlx::query(
        "WITH holder AS (SELECT m.account_id, m.user_id, u.password_hash
                         FROM memberships m JOIN users u ON u.id = m.user_id
                         WHERE m.role = 'holder'),
              people AS (
             INSERT INTO users (id, email, password_hash, first_name, last_name, phone)
             SELECT gen_random_uuid(), 'c' || n || '@acme.fr', holder.password_hash,
                    'Paul', 'Martin-' || n, '+33612' || lpad(n::text, 6, '0')
             FROM generate_series($1, $2) n, holder
             RETURNING id)
         INSERT INTO memberships (account_id, user_id, role, can_buy, can_see_all_orders, status,
                                  added_by)
         SELECT holder.account_id, people.id, 'collaborator', true, false, 'active', holder.user_id
         FROM people, holder",
    )
    .bind(first)
    .bind(last)
    .execute(&app.pool)
    .await
    .unwrap();
}

/// Prints, for each window, the compressed size, the bytes allocated and the fastest of 20
/// compressions (a debug build: brotli's own code unoptimised, so the window's share is
/// smaller here than in the release server).
fn measure(name: &str, html: &str) {
    println!("{name}: {} bytes of HTML", html.len());
    for window_bits in [16, 17, 18, 22] {
        let mut fastest = Duration::MAX;
        let mut measured = (0, 0);
        for _ in 0..20 {
            let start = Instant::now();
            measured = compress(html.as_bytes(), window_bits);
            fastest = fastest.min(start.elapsed());
        }
        let (allocated, size) = measured;
        println!("  lgwin {window_bits}: {size} bytes, {allocated} bytes allocated, {fastest:?}");
    }
}

#[tokio::test]
#[ignore = "a measurement, printed: run it by hand"]
async fn brotli_window_sizes_measured() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    for path in [
        "/",
        "/terms",
        "/faq",
        "/resources/collaborator-space",
        "/account",
    ] {
        measure(path, &app.page(&app.client, path).await);
    }
    // The collaborators page with 20 of them (about 40 KB), then with the 50 of `make profile`.
    for (first, last) in [(1, 20), (21, 50)] {
        add_collaborators(&app, first, last).await;
        let html = app.page(&app.client, "/account/collaborators").await;
        measure(&format!("/account/collaborators ({last})"), &html);
    }
}
